// What the sync worker writes to the outbox: each completed provider step (durably, or by group
// commit sharing one WAL sync), retries and outage waits, a verification needing a supervisor, a
// provider session restarted, and a verification handed to another provider. Each is one
// transaction together with its audit row. A failure keeps its English (`last_error`, for logs and
// support) and, when given, the same failure as the screen's sentence (`last_error_sentence`, a
// catalogue key with parameters as JSON); the two are set and cleared together.
import type { ProviderId, VerificationState } from '../../shared/domain';
import type { KioskMessage } from '../../shared/kiosk-message';
import type { StepResult } from '../providers/provider';
import type { LastSync } from './last-sync';
import { transition } from './state-transition';
import type { StoreContext } from './store-context';
import { iso, PROGRESS_WITHOUT_IMAGES, SYNC_STATES } from './verification-rows';
import { WalSync } from './wal-sync';

/** Alert kind for a billable provider call repeated without proof the first did nothing (StepResult.notice). */
export const ALERT_POSSIBLE_DUPLICATE = 'possible_duplicate';

export class SyncSteps {
  /** Relaxed (fsync-free) commits are only safe in WAL mode; openDatabase always sets it, this checks. */
  private readonly walMode: boolean;
  private readonly walSync: WalSync;

  constructor(
    private readonly ctx: StoreContext,
    private readonly lastSync: LastSync,
  ) {
    this.walMode = ctx.db.pragma('journal_mode', { simple: true }) === 'wal';
    this.walSync = new WalSync(ctx.db);
  }

  /**
   * Persists one completed provider step and its audit row in ONE transaction. Returns false when
   * the verification left the sync states meanwhile (e.g. cancelled); the progress is still kept so
   * nothing the provider already has is forgotten.
   *
   * A step the adapter marks `durable: false` (a status poll: no side effect at the provider)
   * commits with synchronous=NORMAL: in WAL mode still atomic and never corrupting, it only skips
   * the fsync, so a power cut may lose that step and it simply runs again. The next durable commit's
   * fsync covers it anyway (the WAL is one sequential log). Every other step stays FULL.
   */
  record(id: string, result: StepResult): boolean {
    if (result.kind !== 'progress' || result.durable !== false || !this.walMode) return this.commitStep(id, result);
    return this.commitWithoutFsync(id, result);
  }

  /**
   * The sync worker's form of `record`: the same one transaction, committed (and visible) when
   * this returns; `onDisk` resolves once the step is on disk, exactly as durable as a
   * synchronous=FULL commit, but the sync runs on the thread pool and is SHARED (group commit, see
   * wal-sync.ts): the step commits without a sync and `onDisk` waits for one fdatasync of the WAL
   * that started after this commit. Every step committed meanwhile by other verifications rides on
   * the same sync. The caller must not start the next provider step before `onDisk` resolves. A
   * `durable: false` step is on disk "at once", as in `record`. `onDisk` rejects when the sync fails.
   */
  recordGroupCommit(id: string, result: StepResult): { live: boolean; onDisk: Promise<void> } {
    if (!this.walMode) return { live: this.commitStep(id, result), onDisk: Promise.resolve() };
    const live = this.commitWithoutFsync(id, result);
    if (result.kind === 'progress' && result.durable === false) return { live, onDisk: Promise.resolve() };
    return { live, onDisk: this.walSync.afterCommits() };
  }

  /**
   * A retryable failure: count it, remember why, and when to try again. Not a state change.
   * `outage`: no connection could be opened, so the wait ends early when the provider answers
   * again (releaseOutageWaits; see retry.ts).
   */
  recordRetry(id: string, error: string, nextAttemptAt: number, outage: boolean, sentence?: KioskMessage): void {
    const { ctx } = this;
    ctx.db.transaction(() => {
      ctx
        .q(
          `UPDATE verifications SET attempts = attempts + 1, last_error = ?, last_error_sentence = ?, next_attempt_at = ?, outage_wait = ?, updated_at = ? WHERE id = ? AND state IN ('queued','submitting','awaiting_result')`,
        )
        .run(error, sentenceJson(sentence), nextAttemptAt, outage ? 1 : 0, ctx.now(), id);
      ctx.audit.append({
        actor: 'sync',
        action: 'retry_scheduled',
        verificationId: id,
        detail: { error, ...(sentence ? { sentence } : {}), nextAttemptAt: iso(nextAttemptAt), ...(outage ? { outage: true } : {}) },
      });
    })();
  }

  /**
   * The provider answers again: every verification of it waiting out an outage (recordRetry with
   * `outage`) is due now, so the queue resumes oldest first. Its attempt count stays, so a further
   * failure backs off further. Marks left on rows that have stepped since (attempts back to 0) or
   * gone final are cleared without touching their schedule (a poll's wait is the provider's pace).
   * Returns how many waits ended; one audit row records the release when any did.
   */
  releaseOutageWaits(provider: ProviderId): number {
    const { ctx } = this;
    return ctx.db.transaction(() => {
      const now = ctx.now();
      const released = ctx
        .q<[string, number], { n: number }>(
          `SELECT count(*) AS n FROM verifications INDEXED BY verifications_outage_wait
            WHERE outage_wait = 1 AND provider = ? AND attempts > 0 AND next_attempt_at > ? AND state IN ('queued','submitting','awaiting_result')`,
        )
        .get(provider, now)!.n;
      ctx
        .q(
          `UPDATE verifications INDEXED BY verifications_outage_wait
            SET outage_wait = 0,
                next_attempt_at = CASE WHEN attempts > 0 AND state IN ('queued','submitting','awaiting_result') THEN NULL ELSE next_attempt_at END
          WHERE outage_wait = 1 AND provider = ?`,
        )
        .run(provider);
      if (released) ctx.audit.append({ actor: 'sync', action: 'outage_waits_released', verificationId: null, detail: { provider, verifications: released } });
      return released;
    })();
  }

  /** A provider failure a supervisor must look at (validation error, schema drift): keep the raw body. */
  recordNeedsAttention(id: string, error: string, rawBody: string | null, sentence?: KioskMessage): void {
    transition(this.ctx, id, SYNC_STATES, 'needs_attention', 'sync', { error, ...(sentence ? { sentence } : {}) }, { lastError: error, lastErrorSentence: sentence ?? null, raw: rawBody });
  }

  /** The provider lost our session: start again from a fresh session (audited). */
  restartProviderSession(id: string, reason: string, sentence?: KioskMessage): void {
    transition(this.ctx, id, SYNC_STATES, 'queued', 'sync', { reason, ...(sentence ? { sentence } : {}), restart: true }, { resetProgress: true, lastError: reason, lastErrorSentence: sentence ?? null });
  }

  /**
   * Failover / routing by country: hands a verification that `from` has not started on (the caller
   * checked) to provider `to`, with fresh progress, in one transaction with its audit row.
   * Returns false when it is no longer waiting at `from` (another step got there first).
   */
  reassignProvider(id: string, from: ProviderId, to: ProviderId, reason: string, action: 'provider_failover' | 'provider_routed'): boolean {
    const { ctx } = this;
    return ctx.db.transaction(() => {
      const changed = ctx
        .q(
          `UPDATE verifications SET provider = ?, progress = '{}', step = NULL, attempts = 0, last_error = NULL, last_error_sentence = NULL, next_attempt_at = NULL, updated_at = ?
         WHERE id = ? AND provider = ? AND state IN ('queued', 'submitting')`,
        )
        .run(to, ctx.now(), id, from).changes;
      if (changed) ctx.audit.append({ actor: action === 'provider_routed' ? 'kiosk' : 'sync', action, verificationId: id, detail: { from, to, reason } });
      return changed > 0;
    })();
  }

  /** Records why a verification is not stepping without counting an attempt (e.g. provider paused). */
  noteBlocked(id: string, error: string, sentence?: KioskMessage): void {
    this.ctx.q('UPDATE verifications SET last_error = ?, last_error_sentence = ?, updated_at = ? WHERE id = ?').run(error, sentenceJson(sentence), this.ctx.now(), id);
  }

  close(): void {
    this.walSync.close();
  }

  private commitWithoutFsync(id: string, result: StepResult): boolean {
    this.ctx.q('PRAGMA synchronous = NORMAL').run();
    try {
      return this.commitStep(id, result);
    } finally {
      this.ctx.q('PRAGMA synchronous = FULL').run();
    }
  }

  private commitStep(id: string, result: StepResult): boolean {
    const { ctx } = this;
    const now = ctx.now();
    return ctx.db.transaction(() => {
      const row = ctx
        .q<[string], { state: VerificationState; next_attempt_at: number | null; images_purged_at: number | null }>(
          'SELECT state, next_attempt_at, images_purged_at FROM verifications WHERE id = ?',
        )
        .get(id);
      if (!row) throw new Error(`verification ${id} vanished during sync`);
      const progress = JSON.stringify(result.progress);
      const live = SYNC_STATES.includes(row.state);
      if (!live) {
        ctx.q('UPDATE verifications SET progress = ?, step = ?, updated_at = ? WHERE id = ?').run(progress, result.step, now, id);
        // Cancelled and purged while this step was out: the purge must not be undone by its reply.
        if (row.images_purged_at !== null) ctx.q(`UPDATE verifications SET progress = ${PROGRESS_WITHOUT_IMAGES} WHERE id = ?`).run(id);
        ctx.audit.append({ actor: 'sync', action: `step:${result.step}`, verificationId: id, detail: { from: row.state, to: row.state, late: true } });
        return false;
      }
      if (result.kind === 'final') {
        const to = result.outcome.decision;
        ctx
          .q(
            `UPDATE verifications SET state = ?, progress = ?, step = ?, outcome = ?, raw_response = ?, attempts = 0, last_error = NULL,
             last_error_sentence = NULL, next_attempt_at = NULL, finished_at = ?, updated_at = ? WHERE id = ?`,
          )
          .run(to, progress, result.step, JSON.stringify(result.outcome), JSON.stringify(result.raw ?? null), now, now, id);
        ctx.audit.append({
          actor: 'sync',
          action: `step:${result.step}`,
          verificationId: id,
          detail: { from: row.state, to, reasons: result.outcome.reasons.map((r) => r.code) },
        });
      } else {
        const next = result.waitMs && result.waitMs > 0 ? now + result.waitMs : null;
        // Assign state / next_attempt_at only when they change: SQLite rewrites every index holding
        // an assigned column even for an equal value, and `state` is in five indexes. A step in the
        // same state then dirties 5 pages instead of 10 (measured from the WAL's frame headers).
        if (result.state !== row.state || next !== row.next_attempt_at)
          ctx
            .q('UPDATE verifications SET state = ?, progress = ?, step = ?, attempts = 0, last_error = NULL, last_error_sentence = NULL, next_attempt_at = ?, updated_at = ? WHERE id = ?')
            .run(result.state, progress, result.step, next, now, id);
        else ctx.q('UPDATE verifications SET progress = ?, step = ?, attempts = 0, last_error = NULL, last_error_sentence = NULL, updated_at = ? WHERE id = ?').run(progress, result.step, now, id);
        ctx.audit.append({ actor: 'sync', action: `step:${result.step}`, verificationId: id, detail: { from: row.state, to: result.state } });
        // A billable call about to be repeated without proof the earlier attempt did nothing: shown to the supervisor.
        if (result.notice)
          ctx
            .q(`INSERT INTO alerts (at, kind, provider, verification_id, message) SELECT ?, '${ALERT_POSSIBLE_DUPLICATE}', provider, id, ? FROM verifications WHERE id = ?`)
            .run(now, result.notice, id);
      }
      this.lastSync.note(now, result.kind === 'final');
      return true;
    })();
  }
}

/** The sentence column's value: the key and parameters as JSON, or null. */
export const sentenceJson = (sentence: KioskMessage | null | undefined): string | null => (sentence ? JSON.stringify(sentence) : null);
