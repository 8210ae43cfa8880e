// Verifications left "being scanned": the teller's screen resets after at most two minutes without
// use (renderer/src/app/settings.ts), and the abandoned verification would otherwise stay in the
// capturing state for ever. One untouched (no capture added) for STALE_CAPTURING_MS is cancelled by
// the kiosk itself, audited as actor "system" with the reason, so the queue shows only live work.
import type { Store } from '../store/store';

/** Far beyond the teller's idle reset, so a teller still handling a document is never cut off. */
export const STALE_CAPTURING_MS = 30 * 60_000;

/** Cancels every stale capturing verification; returns their ids. */
export function cancelStaleCapturing(store: Store, now: number, limit = 200): string[] {
  const before = now - STALE_CAPTURING_MS;
  const ids = store.db
    .prepare<[number, number], { id: string }>(`SELECT id FROM verifications WHERE state = 'capturing' AND updated_at < ? ORDER BY created_at LIMIT ?`)
    .all(before, limit)
    .map((r) => r.id);
  const done: string[] = [];
  for (const id of ids) {
    store.db.transaction(() => {
      // Re-checked inside the transaction: a capture added meanwhile keeps the verification.
      const still = store.db.prepare<[string, number], { id: string }>(`SELECT id FROM verifications WHERE id = ? AND state = 'capturing' AND updated_at < ?`).get(id, before);
      if (!still) return;
      store.cancelVerification(id, 'system', `stale: still being scanned ${Math.round(STALE_CAPTURING_MS / 60_000)} minutes after the last change (the teller's screen had reset)`);
      done.push(id);
    })();
  }
  return done;
}
