import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Store } from '../../main/store/store';
const store = Store.open({ dataDir: mkdtempSync(join(tmpdir(), 'step-')), key: randomBytes(32) });
const ids: string[] = [];
for (let i = 0; i < 200; i++) {
  const v = store.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
  store.putCapture({ verificationId: v.id, side: 'front', deviceId: 'b', jpeg: randomBytes(400_000), preview: null, width: 1, height: 1, quality: null });
  store.submitVerification(v.id, ['front']); ids.push(v.id);
}
await new Promise((r) => setTimeout(r, 300));
const prog = { sessionId: 'abc', documents: { a: 1, b: 2 }, polls: 0, possibleDuplicates: 0, reconciled: [] };
for (const durable of [true, false, true, false]) {
  const t = performance.now();
  for (let i = 0; i < 400; i++) store.recordStep(ids[i % 200]!, { kind: 'progress', step: 'poll', progress: { ...prog, polls: i }, state: 'awaiting_result', ...(durable ? {} : { durable: false }) });
  console.log('durable', durable, ((performance.now() - t) / 400).toFixed(3), 'ms per recordStep');
}
const t = performance.now(); for (let i = 0; i < 400; i++) store.syncTask(ids[i % 200]!); console.log('syncTask', ((performance.now() - t) / 400).toFixed(3));
const t2 = performance.now(); for (let i = 0; i < 400; i++) store.getVerification(ids[i % 200]!); console.log('getVerification', ((performance.now() - t2) / 400).toFixed(3));
const t3 = performance.now(); for (let i = 0; i < 400; i++) store.syncTask(ids[i % 200]!)!.job.captures[0]!.load(); console.log('syncTask+load 400KB', ((performance.now() - t3) / 400).toFixed(3));
store.close();
