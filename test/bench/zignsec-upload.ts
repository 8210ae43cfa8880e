// Figures for the ZignSec path (printed, not asserted): upload throughput of our client (FormData
// encoded, streamed with progress) vs a plain fetch of the same multipart body to the same sandbox,
// and the wall time of a whole passport verification through the adapter with no analysis delay.
// Run: npx tsx test/bench/zignsec-upload.ts
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { KioskConfigSchema } from '../../main/config';
import { createZignSecAdapter } from '../../main/providers/zignsec/adapter';
import { ZignSecClient } from '../../main/providers/zignsec/client';
import { startZignSecSandbox } from '../../main/sandbox/zignsec/server';
import { drive, makeJob } from '../integration/zignsec/helpers';
import { median } from './timing';

const KEY = 'bench-key';
const N = 100;

async function main(): Promise<void> {
  const sb = await startZignSecSandbox({ apiKey: KEY, analysisDelayMs: 0 });
  // ~400 KB JPEG of noise (incompressible, like a real 1080p capture).
  const jpeg = await sharp(randomBytes(1200 * 800 * 3), { raw: { width: 1200, height: 800, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
  const client = new ZignSecClient({ apiKey: KEY, baseUrl: sb.url, timeoutMs: 30_000 });
  const { session_id } = await client.createSession({});

  // Interleaved, per-upload medians: the machine is shared, so a sequential A-then-B run mostly measures noise.
  const ours: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < N; i++) {
    let t0 = performance.now();
    await client.addDocument({ sessionId: session_id, documentType: 'Passport', reference: `c${i}`, jpeg, onBytes: () => undefined });
    ours.push(performance.now() - t0);
    t0 = performance.now();
    const form = new FormData();
    form.append('document', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), `b${i}.jpg`);
    const res = await fetch(`${sb.url}/v3/eid/scanningsessions/${session_id}/documents?documentType=Passport&reference=b${i}`, { method: 'POST', body: form, headers: { authorization: KEY } });
    await res.arrayBuffer();
    plain.push(performance.now() - t0);
  }
  const mbps = (ms: number) => (jpeg.length / 1e6 / (ms / 1000)).toFixed(1);
  console.log(
    `upload ${N} × ${(jpeg.length / 1024).toFixed(0)} KB (medians): client ${median(ours).toFixed(1)} ms (${mbps(median(ours))} MB/s), ` +
      `plain fetch ${median(plain).toFixed(1)} ms (${mbps(median(plain))} MB/s), client/plain throughput ${(median(plain) / median(ours)).toFixed(2)}×`,
  );

  let t: number;
  const cfg = KioskConfigSchema.parse({ dataDir: '/tmp/unused', providers: { zignsec: { apiKey: KEY, baseUrl: sb.url } } }).providers.zignsec;
  const adapter = createZignSecAdapter(cfg, { pollMinMs: 1 });
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    await drive(adapter, makeJob(`bench-${i}`, 'passport', [{ id: `bench-${i}-f`, side: 'front', image: jpeg }]), { maxWaitMs: 0 });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`passport verification end to end (adapter steps, sandbox, 0 ms analysis): median ${times[10]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`);
  await sb.close();
}

await main();
