// Verifications left "being scanned": the teller's screen resets after `teller.idleTimeoutMinutes`
// without a touch and cancels the verification it showed, but a screen that never got to do so (a
// closed browser, a crashed renderer, a kiosk restarted mid-scan) leaves it in the capturing state for
// ever. One untouched (no capture added) for the idle timeout plus a grace is cancelled by the kiosk
// itself, audited as actor "system" with the reason, so the queue shows only live work.
import type { Store } from '../store/store';

/**
 * Beyond the idle timeout: the screen's own reset (and its cancel call) gets this long to land
 * first, and a teller who keeps the screen awake without adding a capture is given some slack.
 */
export const STALE_CAPTURING_GRACE_MS = 5 * 60_000;

/** How long a capturing verification may go without a change before it is stale. */
export function staleCapturingAfterMs(idleTimeoutMinutes: number): number {
  return Math.round(idleTimeoutMinutes * 60_000) + STALE_CAPTURING_GRACE_MS;
}

/** Cancels every capturing verification unchanged for `afterMs`; returns their ids. */
export function cancelStaleCapturing(store: Store, now: number, afterMs: number, limit = 200): string[] {
  const before = now - afterMs;
  const ids = store.db
    .prepare<[number, number], { id: string }>(`SELECT id FROM verifications WHERE state = 'capturing' AND updated_at < ? ORDER BY created_at LIMIT ?`)
    .all(before, limit)
    .map((r) => r.id);
  const minutes = Math.round((afterMs / 60_000) * 10) / 10;
  const done: string[] = [];
  for (const id of ids) {
    store.db.transaction(() => {
      // Re-checked inside the transaction: a capture added meanwhile keeps the verification.
      const still = store.db.prepare<[string, number], { id: string }>(`SELECT id FROM verifications WHERE id = ? AND state = 'capturing' AND updated_at < ?`).get(id, before);
      if (!still) return;
      store.cancelVerification(id, 'system', `stale: still being scanned ${minutes} minutes after the last change (the teller's screen had reset)`);
      done.push(id);
    })();
  }
  return done;
}
