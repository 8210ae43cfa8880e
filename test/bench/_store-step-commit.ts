// (Underscore: an investigation, not part of `npm run bench`.) CPU cost of one sync-step commit
// (Store.recordStepGroupCommit without waiting for the disk) per page size, and of the worker's
// per-step reads (syncTask, getVerification), on a store holding `count` queued verifications.
//   npx tsx test/bench/_store-step-commit.ts [count] [page sizes, comma-separated]
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../main/store/db';
import { DB_FILE } from '../../main/store/keyfile';
import { MIGRATIONS } from '../../main/store/migrations';
import { Store } from '../../main/store/store';

const count = Number(process.argv[2] ?? 300);
const sizes = (process.argv[3] ?? '4096,8192,16384,65536').split(',').map(Number);
const jpeg = randomBytes(400_000);
const dir = mkdtempSync(join(tmpdir(), 'kiosk-step-commit-'));
try {
  for (const ps of sizes) {
    const d = join(dir, String(ps));
    mkdirSync(d);
    const key = randomBytes(32);
    openDatabase(join(d, DB_FILE), key, MIGRATIONS, ps).close();
    const store = Store.open({ dataDir: d, key });
    const ids: string[] = [];
    store.db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const v = store.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
        for (const side of ['front', 'back', 'selfie'] as const)
          store.putCapture({ verificationId: v.id, side, deviceId: 'b', jpeg, preview: null, width: 1, height: 1, quality: null });
        store.submitVerification(v.id, ['front', 'back', 'selfie']);
        ids.push(v.id);
      }
    })();
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const progress = { sessionId: 'x'.repeat(36), documents: {} as Record<string, number>, polls: 0, possibleDuplicates: 0, reconciled: [] };
    const pending: Promise<void>[] = [];
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let steps = 0;
    for (let round = 0; round < 8; round++) {
      for (const id of ids) {
        store.syncTask(id);
        const r = store.recordStepGroupCommit(id, { kind: 'progress', step: `document_uploaded:${round}`, progress: { ...progress, polls: round }, state: round < 4 ? 'submitting' : 'awaiting_result' });
        pending.push(r.onDisk);
        store.getVerification(id);
        steps++;
      }
      await Promise.all(pending.splice(0));
    }
    const u = process.cpuUsage(c0);
    const wal = store.sizeBytes();
    store.close();
    console.log(`page ${String(ps).padStart(5)}: ${((u.user + u.system) / 1000 / steps).toFixed(3)} ms CPU per step (syncTask + commit + getVerification), wall ${((performance.now() - t0) / steps).toFixed(3)} ms, store ${(wal / 1e6).toFixed(0)} MB`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}
