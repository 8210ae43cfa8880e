// Figures for the ZignSec path (printed, not asserted): upload throughput and CPU of our client
// (multipart framed around the image, streamed with progress, through main/providers/http-transport.ts)
// vs a plain fetch(FormData) of the same image to the same sandbox; the same for a small JSON call
// (analysis status); and the wall time of a whole passport verification through the adapter with no
// analysis delay. CPU is this process's (the sandbox runs in it too, the same for both sides).
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

  // Interleaved, per-call medians: the machine is shared, so a sequential A-then-B run mostly measures noise.
  const timed = async (wall: number[], cpu: number[], call: () => Promise<unknown>): Promise<void> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await call();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  };
  const ours = { wall: [] as number[], cpu: [] as number[] };
  const plain = { wall: [] as number[], cpu: [] as number[] };
  for (let i = 0; i < N; i++) {
    await timed(ours.wall, ours.cpu, () => client.addDocument({ sessionId: session_id, documentType: 'Passport', reference: `c${i}`, jpeg, onBytes: () => undefined }));
    await timed(plain.wall, plain.cpu, async () => {
      const form = new FormData();
      form.append('document', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), `b${i}.jpg`);
      const res = await fetch(`${sb.url}/v3/eid/scanningsessions/${session_id}/documents?documentType=Passport&reference=b${i}`, { method: 'POST', body: form, headers: { authorization: KEY } });
      await res.arrayBuffer();
    });
  }
  const mbps = (ms: number) => (jpeg.length / 1e6 / (ms / 1000)).toFixed(1);
  console.log(
    `upload ${N} × ${(jpeg.length / 1024).toFixed(0)} KB (medians): client ${median(ours.wall).toFixed(1)} ms (${mbps(median(ours.wall))} MB/s, CPU ${median(ours.cpu).toFixed(2)} ms), ` +
      `plain fetch ${median(plain.wall).toFixed(1)} ms (${mbps(median(plain.wall))} MB/s, CPU ${median(plain.cpu).toFixed(2)} ms), client/plain throughput ${(median(plain.wall) / median(ours.wall)).toFixed(2)}×, CPU ${(median(ours.cpu) / median(plain.cpu)).toFixed(2)}×`,
  );
  const small = { ours: { wall: [] as number[], cpu: [] as number[] }, plain: { wall: [] as number[], cpu: [] as number[] } };
  for (let i = 0; i < 5 * N; i++) {
    await timed(small.ours.wall, small.ours.cpu, () => client.getAnalysisStatus(session_id));
    await timed(small.plain.wall, small.plain.cpu, async () => (await fetch(`${sb.url}/v3/eid/scanningsessions/${session_id}/analysisStatus`, { headers: { authorization: KEY } })).json());
  }
  console.log(
    `small JSON call × ${5 * N} (analysis status, medians): client ${median(small.ours.wall).toFixed(2)} ms (CPU ${median(small.ours.cpu).toFixed(2)} ms, reply checked by its schema), ` +
      `plain fetch ${median(small.plain.wall).toFixed(2)} ms (CPU ${median(small.plain.cpu).toFixed(2)} ms), client/plain CPU ${(median(small.ours.cpu) / median(small.plain.cpu)).toFixed(2)}×`,
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
