// Alerts about the store itself (a backup or anchor write that failed, a background integrity check
// that found damage), raised in the alerts table the supervisor's health view reads. One open alert
// per kind: a failure repeating every few minutes does not pile up; a later success resolves it.
import type { StoreContext } from './store-context';

export class StoreAlerts {
  constructor(private readonly ctx: StoreContext) {}

  /** Raises `kind` (e.g. 'store_backup_failed') unless one is open; audited with the message. */
  raise(kind: string, message: string): void {
    const { ctx } = this;
    ctx.db.transaction(() => {
      const open = ctx.q<[string], { id: number }>('SELECT id FROM alerts WHERE kind = ? AND resolved_at IS NULL LIMIT 1').get(kind);
      if (open) return;
      ctx.q('INSERT INTO alerts (at, kind, provider, verification_id, message) VALUES (?, ?, NULL, NULL, ?)').run(ctx.now(), kind, message);
      ctx.audit.append({ actor: 'system', action: 'alert_raised', detail: { kind, message } });
    })();
  }

  /** Resolves the open alerts of `kind` (the failing thing works again). */
  resolve(kind: string, actor = 'system'): void {
    const { ctx } = this;
    ctx.db.transaction(() => {
      const n = ctx.q('UPDATE alerts SET resolved_at = ?, resolved_by = ? WHERE kind = ? AND resolved_at IS NULL').run(ctx.now(), actor, kind).changes;
      if (n) ctx.audit.append({ actor, action: 'alert_resolved', detail: { kind } });
    })();
  }
}
