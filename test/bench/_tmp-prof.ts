import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { startZignSecSandbox } from '../../main/sandbox/zignsec/server';
async function capture(seed: number): Promise<Buffer> {
  const w = 1400, h = 1000; const raw = Buffer.alloc(w * h * 3); let a = seed >>> 0;
  for (let i = 0; i < raw.length; i++) { a = (Math.imul(a, 1664525) + 1013904223) >>> 0; raw[i] = ((i / 3) % w) / 6 + (a >>> 27); }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}
const images = await Promise.all([capture(1), capture(2), capture(3)]);
const apiKey = randomUUID();
const sb = await startZignSecSandbox({ apiKey, analysisDelayMs: 0 });
const url = sb.url; const h = { authorization: apiKey };
const T: Record<string, number[]> = {};
const tm = async <X>(k: string, f: () => Promise<X>) => { const t = performance.now(); const r = await f(); (T[k] ??= []).push(performance.now() - t); return r; };
let polls = 0; let bytesAnalyses = 0;
for (let n = 0; n < 30; n++) {
  const r = await tm('create', () => fetch(`${url}/v3/eid/scanningsessions`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json())) as { session_id: string };
  const base = `${url}/v3/eid/scanningsessions/${r.session_id}`;
  for (const [i, img] of images.entries()) {
    const form = new FormData(); form.append('document', new Blob([new Uint8Array(img)], { type: 'image/jpeg' }), `b${i}.jpg`);
    await tm('upload', () => fetch(`${base}/documents?documentType=${i === 2 ? 'Selfie' : 'IdentityCard'}&reference=b${i}`, { method: 'POST', headers: h, body: form }).then((r) => r.arrayBuffer()));
  }
  await tm('start', () => fetch(`${base}/analyses`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify({ analysis_types: ['document'] }) }).then((r) => r.arrayBuffer()));
  const t0 = performance.now();
  for (;;) { polls++; const st = (await (await fetch(`${base}/analysisStatus`, { headers: h })).json()) as any; if (st.total_process_state === 'Finished' || st.total_process_state === 'Failed') break; await new Promise((res) => setTimeout(res, 20)); }
  (T.waitFinished ??= []).push(performance.now() - t0);
  const body = await tm('getAnalyses', () => fetch(`${base}/analyses`, { headers: h }).then((r) => r.arrayBuffer()));
  bytesAnalyses += body.byteLength;
}
for (const [k, v] of Object.entries(T)) console.log(k.padEnd(12), 'mean', (v.reduce((a, b) => a + b) / v.length).toFixed(1), 'ms  n', v.length);
console.log('polls', polls, 'analyses reply bytes avg', bytesAnalyses / 30);
await sb.close();
