// What the teller waits for after a capture: MRZ read + face check, warm, on scanner pages and
// webcam-like frames; and the same while the training sandbox keeps the shared reader busy (the teller's
// lane goes first). Run: npx tsx test/bench/precheck-capture.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Store } from '../../main/store/store';
import { createMrzReader } from '../../main/precheck/mrz-ocr';
import { createLanedReader } from '../../main/precheck/reader-lanes';
import { createFaceChecker } from '../../main/precheck/face';
import { createPrecheckService } from '../../main/precheck/service';
import { generateSpecimen } from '../../main/capture/specimen/generate';
import { specimenSpecFor } from '../../main/capture/specimen/device';
import { renderWebcamFrame } from '../../main/capture/specimen/webcam';

const N = Number(process.env.N ?? 10);
const dir = mkdtempSync(join(tmpdir(), 'bench-precheck-'));
const store = Store.open({ dataDir: dir, key: randomBytes(32), backgroundCheckpoint: false });
const t = Date.now();
const reader = createLanedReader(createMrzReader());
const face = createFaceChecker();
await face.ready;
await reader.lane('precheck').read((await generateSpecimen(specimenSpecFor('passport', 'front', 1))).jpeg);
console.log(`start-up (OCR engine + face model, warm): ${Date.now() - t} ms`);
const service = createPrecheckService({ db: store.db, audit: store.audit, reader: reader.lane('precheck'), face, policy: () => ({ onExpired: 'block', onUnreadable: 'allow_with_reason' }) });

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
async function run(label: string, camera: boolean, background = false): Promise<void> {
  const times: number[] = [];
  let accepted = 0;
  let busy = 0;
  const sandbox = reader.lane('sandbox');
  for (let i = 0; i < N; i++) {
    const spec = specimenSpecFor('passport', 'front', 100 + i, camera ? { dpi: 220 } : {});
    let jpeg = (await generateSpecimen(spec)).jpeg;
    if (camera) jpeg = (await renderWebcamFrame(jpeg, { seed: i, rotationDeg: 2, blurSigma: 0.6, noise: 4 })).jpeg;
    // Background load: three sandbox reads queued just before the teller's capture.
    const load = background ? [sandbox.read(jpeg), sandbox.read(jpeg), sandbox.read(jpeg)] : [];
    busy += load.length;
    const v = store.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    const cap = store.putCapture({ verificationId: v.id, side: 'front', deviceId: 'bench', jpeg, preview: jpeg, width: 1, height: 1, quality: null });
    const t0 = Date.now();
    const p = await service.checkCapture({ documentType: 'passport', side: 'front', captureId: cap.id, jpeg, verificationId: v.id });
    times.push(Date.now() - t0);
    if (p?.mrz?.status === 'accepted') accepted++;
    await Promise.all(load);
  }
  console.log(`${label.padEnd(46)} n=${N} accepted ${accepted}/${N}  median ${pct(times, 0.5)} ms  p95 ${pct(times, 0.95)} ms${background ? `  (with ${busy} sandbox reads competing)` : ''}`);
}
await run('passport data page, scanner 300 dpi', false);
await run('passport data page, webcam-like frame', true);
await run('scanner, sandbox judging at the same time', false, true);
await reader.close();
await face.close();
store.close();
rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
