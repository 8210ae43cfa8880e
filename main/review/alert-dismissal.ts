// Alerts that name something only a person can settle: a provider step that may have run twice
// (possible_duplicate: was the customer's data sent to the provider twice?) and a delete at the
// provider that failed (provider_delete_failed: the provider's support must delete it by hand). The
// kiosk cannot see when either is done, so a supervisor dismisses them, with a reason and their PIN
// entered again (a session left open is not enough); the dismissal and its reason are audited with
// the alert's own words. Other alerts are acknowledged (service.ts) or clear with their cause.
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import { ALERT_PROVIDER_DELETE_FAILED } from '../store/provider-data-deletes';
import { ALERT_POSSIBLE_DUPLICATE } from '../store/sync-steps';
import type { Store } from '../store/store';
import { cleanReason } from './actions';
import { actorOf, type SupervisorAuth } from './auth';

/** Stored alert kinds that need a reason and the PIN to be dismissed. */
export const DISMISSED_WITH_REASON: readonly string[] = [ALERT_POSSIBLE_DUPLICATE, ALERT_PROVIDER_DELETE_FAILED];

export type DismissResult = { status: 'dismissed' } | { status: 'wrong_pin'; attemptsLeft: number } | { status: 'locked'; lockedUntil: string };

type AlertRow = { kind: string; provider: string | null; verification_id: string | null; message: string };

const NOT_OPEN = kioskMessage('alert_not_dismissable');

/** `id` is the screen's alert id (`store-<n>`). */
export async function dismissAlert(o: { store: Store; auth: SupervisorAuth; now: () => number }, name: string, id: string, reason: string, pin: string): Promise<DismissResult> {
  const why = cleanReason(reason);
  const alertId = Number(id.slice('store-'.length));
  const db = o.store.db;
  const read = () => db.prepare<[number], AlertRow>('SELECT kind, provider, verification_id, message FROM alerts WHERE id = ? AND resolved_at IS NULL').get(alertId);
  const first = read();
  if (!first || !DISMISSED_WITH_REASON.includes(first.kind)) throw new KioskError('conflict', NOT_OPEN);
  const check = await o.auth.reconfirm(pin, name);
  if (!check.ok) {
    o.store.audit.append({ actor: actorOf(name), action: 'alert_dismiss_refused', verificationId: first.verification_id, detail: { alert: alertId, kind: first.kind, reason: check.reason } });
    return check.reason === 'locked' ? { status: 'locked', lockedUntil: check.lockedUntil } : { status: 'wrong_pin', attemptsLeft: check.attemptsLeft };
  }
  db.transaction(() => {
    // Read again inside the transaction: another supervisor may have dismissed it during the PIN check.
    const row = read();
    if (!row) throw new KioskError('conflict', NOT_OPEN);
    db.prepare('UPDATE alerts SET resolved_at = ?, resolved_by = ? WHERE id = ?').run(o.now(), actorOf(name), alertId);
    o.store.audit.append({
      actor: actorOf(name),
      action: 'alert_dismissed',
      verificationId: row.verification_id,
      detail: { alert: alertId, kind: row.kind, provider: row.provider, reason: why, alertMessage: row.message },
    });
  })();
  return { status: 'dismissed' };
}
