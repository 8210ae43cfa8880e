// Persistence of precheck results in the captures table's `precheck` JSON column (migration 005).
// Kept here rather than in store.ts: the outbox code never needs to know about prechecks, and the
// review screen reads them through the precheck service.
import type { Db } from '../store/db';
import { CapturePrecheck } from '../../shared/precheck';
import type { CaptureSide } from '../../shared/domain';

export interface StoredPrecheck {
  captureId: string;
  side: CaptureSide;
  precheck: CapturePrecheck | null;
}

export function createPrecheckStore(db: Db) {
  const update = db.prepare<[string, string]>('UPDATE captures SET precheck = ? WHERE id = ?');
  const byVerification = db.prepare<[string], { id: string; side: CaptureSide; precheck: string | null }>(
    'SELECT id, side, precheck FROM captures WHERE verification_id = ?',
  );
  const jpegOf = db.prepare<[string], { jpeg: Buffer | null }>('SELECT jpeg FROM captures WHERE id = ?');

  const parse = (json: string | null): CapturePrecheck | null => {
    if (!json) return null;
    // A row written by an older or newer kiosk that does not fit today's schema reads as "not checked".
    const parsed = CapturePrecheck.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  };

  return {
    /** Stores the precheck of a capture. No-op when the capture was replaced (retaken) meanwhile. */
    save(captureId: string, precheck: CapturePrecheck): boolean {
      // The gate is computed for the whole verification when read, never stored with one capture.
      const { gate: _gate, ...stored } = precheck;
      return update.run(JSON.stringify(stored), captureId).changes === 1;
    },
    list(verificationId: string): StoredPrecheck[] {
      return byVerification.all(verificationId).map((r) => ({ captureId: r.id, side: r.side, precheck: parse(r.precheck) }));
    },
    /** The captured image (null once purged), to check a capture that has no precheck yet. */
    jpeg(captureId: string): Buffer | null {
      return jpegOf.get(captureId)?.jpeg ?? null;
    },
  };
}

export type PrecheckStore = ReturnType<typeof createPrecheckStore>;
