// (Underscore: an investigation, not part of `npm run bench`.) Splits the enqueue commit of
// store-enqueue.ts into CPU (synchronous=OFF) and fsync, per page size, against write+fsync.
//   npx tsx test/bench/_store-enqueue-split.ts [iterations] [page sizes, comma-separated]
//   PACE=<ms>: pause before each round, as commits at a counter are minutes apart (the background
//   checkpointer then has copied the previous commit before the next one starts).
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../../main/store/db';
import { MIGRATIONS } from '../../main/store/migrations';
import { DB_FILE } from '../../main/store/keyfile';
import { Store } from '../../main/store/store';
import { photo1080p } from './store-enqueue';
import { median } from './timing';

const n = Number(process.argv[2] ?? 30);
const sizes = (process.argv[3] ?? '4096,16384,32768,65536').split(',').map(Number);
const jpegs = await Promise.all([photo1080p(1), photo1080p(2), photo1080p(3)]);
console.log(`captures ${jpegs.map((j) => j.length).join(' + ')} bytes`);
const preview = await sharp(jpegs[0]).resize(320).jpeg({ quality: 70 }).toBuffer();
const dir = mkdtempSync(join(tmpdir(), 'kiosk-split-'));
try {
  const stores = sizes.map((ps) => {
    const d = join(dir, String(ps));
    mkdirSync(d);
    const key = randomBytes(32);
    openDatabase(join(d, DB_FILE), key, MIGRATIONS, ps).close();
    const store = Store.open({ dataDir: d, key });
    const tx = store.db.transaction(() => {
      const v = store.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
      (['front', 'back', 'selfie'] as const).forEach((side, i) => store.putCapture({ verificationId: v.id, side, deviceId: 'b', jpeg: jpegs[i]!, preview, width: 1920, height: 1080, quality: null }));
      store.submitVerification(v.id, ['front', 'back', 'selfie']);
    });
    tx();
    return { ps, store, tx, full: [] as number[], off: [] as number[] };
  });
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    if (process.env.PACE) await new Promise((r) => setTimeout(r, Number(process.env.PACE)));
    let t = performance.now();
    const fd = openSync(join(dir, `b${i % 4}`), 'w');
    for (const j of jpegs) writeSync(fd, j);
    writeSync(fd, preview);
    fsyncSync(fd);
    closeSync(fd);
    b.push(performance.now() - t);
    for (const s of stores) {
      t = performance.now();
      s.tx();
      s.full.push(performance.now() - t);
      s.store.db.pragma('synchronous=OFF');
      t = performance.now();
      s.tx();
      s.off.push(performance.now() - t);
      s.store.db.pragma('synchronous=FULL');
    }
  }
  console.log(`baseline ${median(b).toFixed(2)} ms`);
  for (const s of stores) console.log(`${s.ps}: FULL ${median(s.full).toFixed(2)} ms (${(median(s.full) / median(b)).toFixed(2)}×), OFF ${median(s.off).toFixed(2)} ms`);
  for (const s of stores) s.store.close();
} finally {
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}
