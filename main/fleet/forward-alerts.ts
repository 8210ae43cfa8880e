// Supervisor alerts of audit forwarding, in the store's alerts table (the supervisor's health view
// lists the open ones): one open alert per kind at a time, resolved by the forwarder itself once the
// cause is gone. Raising and resolving are audited, so the SIEM learns about its own outage.
import type { AuditLog } from '../store/audit';
import type { Db } from '../store/db';

export type ForwardAlertKind = 'siem_certificate' | 'siem_unreachable' | 'siem_backlog';

export const FORWARDER_ACTOR = 'siem_forwarder';

export class ForwardAlerts {
  private readonly openStmt;
  private readonly insertStmt;
  private readonly resolveStmt;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {
    this.openStmt = db.prepare<[string], { id: number }>('SELECT id FROM alerts WHERE kind = ? AND resolved_at IS NULL LIMIT 1');
    this.insertStmt = db.prepare<[number, string, string]>('INSERT INTO alerts (at, kind, provider, verification_id, message) VALUES (?, ?, NULL, NULL, ?)');
    this.resolveStmt = db.prepare<[number, string, string]>('UPDATE alerts SET resolved_at = ?, resolved_by = ? WHERE kind = ? AND resolved_at IS NULL');
  }

  isOpen(kind: ForwardAlertKind): boolean {
    return this.openStmt.get(kind) !== undefined;
  }

  /** Opens an alert of this kind unless one is open already. Returns true when it opened one. */
  raise(kind: ForwardAlertKind, message: string, detail: Record<string, unknown>): boolean {
    return this.db.transaction(() => {
      if (this.openStmt.get(kind)) return false;
      this.insertStmt.run(this.now(), kind, message);
      this.audit.append({ actor: FORWARDER_ACTOR, action: 'siem_alert_raised', detail: { kind, ...detail } });
      return true;
    })();
  }

  /** Resolves the open alert of this kind, if any. */
  resolve(kind: ForwardAlertKind): boolean {
    return this.db.transaction(() => {
      if (!this.openStmt.get(kind)) return false;
      this.resolveStmt.run(this.now(), FORWARDER_ACTOR, kind);
      this.audit.append({ actor: FORWARDER_ACTOR, action: 'siem_alert_resolved', detail: { kind } });
      return true;
    })();
  }
}
