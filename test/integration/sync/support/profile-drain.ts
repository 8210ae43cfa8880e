// Ad-hoc: drain N verifications through the sandbox (used to profile the worker; not a test).
import { randomUUID } from 'node:crypto';
import { createZignSecAdapter } from '../../../../main/providers/zignsec/adapter';
import { startZignSecSandbox } from '../../../../main/sandbox/zignsec/server';
import { ZignSecConfigFor } from './zignsec';
import { startHarness, waitUntil } from './harness';
import { syntheticJpeg } from './jpeg';
import { key, tempDir } from '../../store/support';

const n = Number(process.argv[2] ?? 300);
const t = tempDir('kiosk-prof-', '/dev/shm');
const jpeg = await syntheticJpeg(480, 330, 5);
const apiKey = randomUUID();
const sandbox = await startZignSecSandbox({ apiKey, analysisDelayMs: 0 });
const h = startHarness({ dataDir: t.dir, key: key(), adapter: createZignSecAdapter(ZignSecConfigFor(sandbox.url, apiKey), { pollMinMs: 20, pollMaxMs: 60 }), sync: { concurrency: 8 }, autoStart: false });
for (let i = 0; i < n; i++) {
  const v = h.store.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
  h.store.putCapture({ verificationId: v.id, side: 'front', deviceId: 'x', jpeg, preview: null, width: 480, height: 330, quality: null });
  h.store.submitVerification(v.id, ['front']);
}
const t0 = performance.now();
h.worker.start();
await waitUntil('drained', () => h.store.queueCounts().waiting + h.store.queueCounts().inFlight === 0, 600_000);
console.log(`${n} drained in ${Math.round(performance.now() - t0)} ms`);
await h.stop();
await sandbox.close();
t.cleanup();
