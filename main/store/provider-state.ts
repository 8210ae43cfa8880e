// Providers paused after rejecting the kiosk's credentials, and the alerts a supervisor resolves:
// pausing raises an alert and resuming resolves it, each in one transaction with its audit row.
import type { ProviderId } from '../../shared/domain';
import type { StoreContext } from './store-context';
import { iso } from './verification-rows';

export interface Alert {
  id: number;
  at: string;
  kind: string;
  provider: string | null;
  verificationId: string | null;
  message: string;
}

export class ProviderState {
  constructor(private readonly ctx: StoreContext) {}

  /** Pauses syncing to `provider` and raises a credentials alert; a provider already paused is left as it is. */
  pause(provider: ProviderId, reason: string, verificationId: string | null): void {
    const { ctx } = this;
    const now = ctx.now();
    ctx.db.transaction(() => {
      const already = ctx.q<[string], { paused: number }>('SELECT paused FROM provider_state WHERE provider = ?').get(provider);
      if (already?.paused) return;
      ctx
        .q(
          `INSERT INTO provider_state (provider, paused, paused_reason, paused_at) VALUES (?, 1, ?, ?)
           ON CONFLICT(provider) DO UPDATE SET paused = 1, paused_reason = excluded.paused_reason, paused_at = excluded.paused_at`,
        )
        .run(provider, reason, now);
      ctx
        .q('INSERT INTO alerts (at, kind, provider, verification_id, message) VALUES (?, ?, ?, ?, ?)')
        .run(
          now,
          'provider_auth',
          provider,
          verificationId,
          `The ${provider} provider rejected the kiosk's credentials; syncing to it is paused until a supervisor checks the credentials and resumes it. (${reason})`,
        );
      ctx.audit.append({ actor: 'sync', action: 'provider_paused', verificationId, detail: { provider, reason } });
    })();
  }

  /** A supervisor resumes syncing to `provider`; its open credentials alerts are resolved by them. */
  resume(provider: ProviderId, actor: string): void {
    const { ctx } = this;
    const now = ctx.now();
    ctx.db.transaction(() => {
      ctx.q('UPDATE provider_state SET paused = 0, paused_reason = NULL WHERE provider = ?').run(provider);
      ctx.q(`UPDATE alerts SET resolved_at = ?, resolved_by = ? WHERE provider = ? AND kind = 'provider_auth' AND resolved_at IS NULL`).run(now, actor, provider);
      ctx.audit.append({ actor, action: 'provider_resumed', detail: { provider } });
    })();
  }

  paused(): Array<{ provider: ProviderId; reason: string | null }> {
    return this.ctx
      .q<[], { provider: ProviderId; paused_reason: string | null }>('SELECT provider, paused_reason FROM provider_state WHERE paused = 1')
      .all()
      .map((r) => ({ provider: r.provider, reason: r.paused_reason }));
  }

  openAlerts(): Alert[] {
    return this.ctx
      .q<[], { id: number; at: number; kind: string; provider: string | null; verification_id: string | null; message: string }>(
        'SELECT * FROM alerts WHERE resolved_at IS NULL ORDER BY id',
      )
      .all()
      .map((r) => ({ id: r.id, at: iso(r.at)!, kind: r.kind, provider: r.provider, verificationId: r.verification_id, message: r.message }));
  }
}
