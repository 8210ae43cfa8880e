// The queue of deletes to ask of a provider when a verification's data is purged (ZOLOZ
// privacyinfo/delete, one per transaction; migration 011). A purge queues them in its own
// transaction, so the request to the provider is as durable as the local purge; the runner
// (main/providers/zoloz/privacy-deletes.ts) sends them and records each outcome here, every one in a
// transaction with its audit row. A delete that retrying will not help raises a supervisor alert.
import type { ProviderId } from '../../shared/domain';
import type { PrivacyDeleteAnswer } from '../providers/zoloz/adapter';
import type { QueuedPrivacyDelete } from '../providers/zoloz/privacy-deletes';
import { zolozTransactionsOf } from '../providers/zoloz/transactions';
import type { ProviderProgress } from '../providers/provider';
import type { StoreContext } from './store-context';
import { iso } from './verification-rows';

/** Alerts raised for a delete the provider would not do. */
export const ALERT_PROVIDER_DELETE_FAILED = 'provider_delete_failed';

export class ProviderDataDeletes {
  constructor(private readonly ctx: StoreContext) {}

  /**
   * Inside the caller's (purge) transaction: queues a delete for each provider transaction the
   * verification's progress names. Returns how many were queued (a transaction queued before is not
   * queued again).
   */
  queueFor(verificationId: string, provider: ProviderId, progress: ProviderProgress, now: number): number {
    const refs = provider === 'zoloz' ? zolozTransactionsOf(progress) : [];
    let queued = 0;
    for (const ref of refs) {
      const added = this.ctx
        .q('INSERT OR IGNORE INTO provider_data_deletes (verification_id, provider, biz_id, transaction_id, queued_at) VALUES (?, ?, ?, ?, ?)')
        .run(verificationId, provider, ref.bizId, ref.transactionId, now).changes;
      if (added) {
        queued++;
        this.ctx.audit.append({ actor: 'kiosk', action: 'provider_delete_queued', verificationId, detail: { provider, transactionId: ref.transactionId } });
      }
    }
    return queued;
  }

  due(now: number, limit: number): QueuedPrivacyDelete[] {
    return this.ctx
      .q<[number, number], { id: number; verification_id: string; biz_id: string; transaction_id: string; attempts: number }>(
        `SELECT id, verification_id, biz_id, transaction_id, attempts FROM provider_data_deletes INDEXED BY provider_data_deletes_due
          WHERE state = 'queued' AND coalesce(next_attempt_at, 0) <= ? ORDER BY coalesce(next_attempt_at, 0), id LIMIT ?`,
      )
      .all(now, limit)
      .map((r) => ({ id: r.id, verificationId: r.verification_id, bizId: r.biz_id, transactionId: r.transaction_id, attempts: r.attempts }));
  }

  nextAt(): number | null {
    const row = this.ctx
      .q<[], { at: number | null }>(`SELECT min(coalesce(next_attempt_at, 0)) AS at FROM provider_data_deletes INDEXED BY provider_data_deletes_due WHERE state = 'queued'`)
      .get();
    return row?.at ?? null;
  }

  deleted(id: number, answer: PrivacyDeleteAnswer): void {
    this.finish(id, 'done', 'provider_data_deleted', { answer }, null);
  }

  retry(id: number, error: string, nextAttemptAt: number): void {
    const { ctx } = this;
    ctx.db.transaction(() => {
      const row = this.row(id);
      if (!row) return;
      ctx.q(`UPDATE provider_data_deletes SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND state = 'queued'`).run(error, nextAttemptAt, id);
      ctx.audit.append({
        actor: 'sync',
        action: 'provider_delete_retry',
        verificationId: row.verification_id,
        detail: { provider: row.provider, transactionId: row.transaction_id, error, nextAttemptAt: iso(nextAttemptAt) },
      });
    })();
  }

  failed(id: number, error: string, rawBody: string | null): void {
    this.finish(id, 'failed', 'provider_delete_failed', { error, ...(rawBody ? { answer: rawBody.slice(0, 2_000) } : {}) }, error);
  }

  /** Deletes of one verification, oldest first (supervisor detail, tests). */
  listFor(verificationId: string): Array<{ provider: string; transactionId: string; state: string; attempts: number; lastError: string | null; answer: unknown }> {
    return this.ctx
      .q<[string], { provider: string; transaction_id: string; state: string; attempts: number; last_error: string | null; answer: string | null }>(
        'SELECT provider, transaction_id, state, attempts, last_error, answer FROM provider_data_deletes WHERE verification_id = ? ORDER BY id',
      )
      .all(verificationId)
      .map((r) => ({ provider: r.provider, transactionId: r.transaction_id, state: r.state, attempts: r.attempts, lastError: r.last_error, answer: r.answer ? (JSON.parse(r.answer) as unknown) : null }));
  }

  private row(id: number): { verification_id: string; provider: string; transaction_id: string } | undefined {
    return this.ctx
      .q<[number], { verification_id: string; provider: string; transaction_id: string }>(
        `SELECT verification_id, provider, transaction_id FROM provider_data_deletes WHERE id = ? AND state = 'queued'`,
      )
      .get(id);
  }

  private finish(id: number, state: 'done' | 'failed', action: string, detail: Record<string, unknown>, alert: string | null): void {
    const { ctx } = this;
    const now = ctx.now();
    ctx.db.transaction(() => {
      const row = this.row(id);
      if (!row) return;
      const answer = 'answer' in detail ? JSON.stringify(detail.answer) : null;
      ctx
        .q(`UPDATE provider_data_deletes SET state = ?, answer = ?, last_error = ?, next_attempt_at = NULL, finished_at = ? WHERE id = ?`)
        .run(state, answer, state === 'failed' ? (detail.error as string) : null, now, id);
      ctx.audit.append({ actor: 'sync', action, verificationId: row.verification_id, detail: { provider: row.provider, transactionId: row.transaction_id, ...detail } });
      if (alert) {
        ctx
          .q('INSERT INTO alerts (at, kind, provider, verification_id, message) VALUES (?, ?, ?, ?, ?)')
          .run(
            now,
            ALERT_PROVIDER_DELETE_FAILED,
            row.provider,
            row.verification_id,
            `The kiosk could not have ${row.provider} delete this verification's data (transaction ${row.transaction_id}); ask ${row.provider} support to delete it. (${alert})`,
          );
      }
    })();
  }
}
