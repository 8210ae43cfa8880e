// Benchmark (issue 3): drain N queued verifications (3 captures of ~400 KB each) through the sync
// worker to the ZignSec sandbox, vs. a baseline in the same run: a plain HTTP client uploading the
// same bytes to the same server (create session + 3 multipart uploads per verification, same
// concurrency, no store, no analysis). Goals: ≥ 0.8× the baseline throughput; resident memory growth
// ≤ 50 MB during the drain. The sandbox runs in a child process so its memory is not ours.
//   npx tsx test/bench/sync-drain.ts [verifications] [concurrency]     (BENCH_JUDGE=default: see _sync-sandbox-child.ts)
//
// INVESTIGATION (2026-11-22, 2 cores shared with other builds: the baselines alone swung 41-113 MB/s
// between runs, so compare the worker only with the baseline of the same run):
//
//   run                                                        | uploads-only | full protocol | worker    | ratio (uploads / full)
//   -----------------------------------------------------------+--------------+---------------+-----------+-----------------------
//   1000, c=4, sandbox's default judge, before                 |  64.8 MB/s   |   6.1 MB/s    |  4.1 MB/s | 0.06× / 0.66×
//   300,  c=4, header-only judge, before (old code, A/B run 1) |  75.5        |  68.7         | 19.5      | 0.26× / 0.28×
//   300,  c=4, header-only judge, before (A/B run 2)           |  55.3        |  63.1         | 19.4      | 0.35× / 0.31×
//   300,  c=4, after, A/B run 1 / run 2                        | 113.0 / 105.4|  73.5 / 53.1  | 16.6/22.7 | 0.15/0.22× / 0.23/0.43×
//   300,  c=2 / c=4 / c=8, after                               | 50.1/96.0/99.1 | 47.0/75.7/92.4 | 19.4/23.9/18.3 | 0.39/0.25/0.19× / 0.41/0.32/0.20×
//   300,  c=4, commit + fsync on the thread pool before the next step (not kept) | 74.1 / 88.2 | | 17.8 / 21.7 | 0.24 / 0.25×
//   300,  c=4, same code with the commit's own fsync (kept)    |  73.2 / 96.9 |               | 19.7 / 17.6 | 0.27 / 0.18×
//
// What the numbers say:
// - The 0.04-0.06× was the sandbox, not the outbox: its default judge decodes every uploaded image
//   (~90 ms of CPU per 1.4 MP JPEG) and the adapter asks for selfie analysis too (3 images), all on
//   the kiosk's own two cores. Even a plain client doing the full protocol only reached 6.1 MB/s.
//   The real ZignSec analyses on its own servers, so the headline run uses a header-only judge
//   (_sync-sandbox-child.ts), and the full-protocol baseline now asks for the same analysis types.
// - Poll backoff was not a cause here (the bench already passes pollMinMs 20; slots are freed while
//   a verification waits, and the worker now wakes exactly when a waiting one is due).
// - With the sandbox out of the way the main thread is saturated (CPU profile of the drain phase:
//   idle < 20%). Per verification: ~12 small commits (each also paying SQLCipher page crypto; a
//   step in an unchanged state now writes 5 WAL pages instead of 10: 0.49 → 0.24 ms), reading the
//   three images back through SQLCipher (~2-3 ms per 400 KB: HMAC-SHA512 + software AES), sharp
//   metadata, ~8 HTTP calls and GC of the image copies the client makes (FormData + Response).
//   The uploads-only client does 4 calls and no decryption, so ≥ 0.8× is out of reach while the
//   image bytes are decrypted on the event loop; the next lever would be reading them on the
//   checkpointer's worker thread (needs an async SyncJob.load) and one copy fewer in the client.
// - Concurrency 4 drained fastest here (2: 19.4, 4: 23.9, 8: 18.3 MB/s); the config default stays 2
//   (a kiosk on a branch line is bandwidth-bound, not CPU-bound; 4 is a config change away).
// - Memory growth stayed 4-36 MB (goal ≤ 50 MB).
//
// RESULT (final code, 1000 verifications, c=4, header-only judge): uploads-only 85.0 MB/s, full
// protocol 96.6 MB/s, worker 24.2 MB/s: 0.28× / 0.25×; resident memory growth 32.9 MB.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { KioskEvents } from '../../main/events';
import { createZignSecAdapter } from '../../main/providers/zignsec/adapter';
import type { ProviderAdapter } from '../../main/providers/provider';
import { Store } from '../../main/store/store';
import { SyncWorker } from '../../main/sync/worker';
import type { ProviderId } from '../../shared/domain';

const DEFAULT_CONCURRENCY = 4;
/** 'fast' (default): the sandbox judges from JPEG headers; 'default': its real image-decoding judge. */
const JUDGE = process.env.BENCH_JUDGE === 'default' ? 'default' : 'fast';

async function startSandboxChild(apiKey: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '_sync-sandbox-child.ts')], {
    env: { ...process.env, BENCH_API_KEY: apiKey, BENCH_JUDGE: JUDGE },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(d.toString());
      if (m) resolve(m[0]);
    });
    child.on('exit', (code) => reject(new Error(`sandbox child exited (${code})`)));
  });
  return { url, child };
}

async function stopChild(child: ChildProcess): Promise<void> {
  await new Promise<void>((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

/** ~400 KB camera-like JPEG. */
async function capture(seed: number): Promise<Buffer> {
  const w = 1400;
  const h = 1000;
  const raw = Buffer.alloc(w * h * 3);
  let a = seed >>> 0;
  for (let i = 0; i < raw.length; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    raw[i] = ((i / 3) % w) / 6 + (a >>> 27);
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

async function pool(n: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await job(next++);
    }),
  );
}

export interface DrainFigures {
  verifications: number;
  concurrency: number;
  judge: string;
  bytes: number;
  baselineMBps: number;
  fullProtocolMBps: number;
  workerMBps: number;
  ratioFullProtocol: number;
  ratio: number;
  rssGrowthMB: number;
}

export async function benchDrain(n = 1000, CONCURRENCY = DEFAULT_CONCURRENCY): Promise<DrainFigures> {
  const images = await Promise.all([capture(1), capture(2), capture(3)]);
  const bytes = n * images.reduce((s, b) => s + b.length, 0);
  const apiKey = randomUUID();

  // Baselines: a plain client, same server, same bytes, same concurrency. (a) uploads only, as the
  // issue defines it; (b) the whole protocol (session, uploads, start analysis, poll, results) with no
  // store, which isolates what the outbox itself costs (the sandbox's analysis is in both).
  const plainClient = async (url: string, fullProtocol: boolean): Promise<number> => {
    const t = performance.now();
    const h = { authorization: apiKey };
    await pool(n, CONCURRENCY, async () => {
      const r = await fetch(`${url}/v3/eid/scanningsessions`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: '{}' });
      const { session_id } = (await r.json()) as { session_id: string };
      const base = `${url}/v3/eid/scanningsessions/${session_id}`;
      for (const [i, img] of images.entries()) {
        const form = new FormData();
        form.append('document', new Blob([new Uint8Array(img)], { type: 'image/jpeg' }), `b${i}.jpg`);
        const type = i === 2 ? 'Selfie' : 'IdentityCard';
        const up = await fetch(`${base}/documents?documentType=${type}&reference=b${i}`, { method: 'POST', headers: h, body: form });
        if (!up.ok) throw new Error(`baseline upload failed: ${up.status} ${await up.text()}`);
        await up.arrayBuffer();
      }
      if (!fullProtocol) return;
      // The same analysis the adapter asks for (it adds selfie when a selfie was captured).
      await (await fetch(`${base}/analyses`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify({ analysis_types: ['document', 'selfie'] }) })).arrayBuffer();
      for (;;) {
        const st = (await (await fetch(`${base}/analysisStatus`, { headers: h })).json()) as { total_process_state?: string };
        if (st.total_process_state === 'Finished' || st.total_process_state === 'Failed') break;
        await new Promise((res) => setTimeout(res, 20));
      }
      await (await fetch(`${base}/analyses`, { headers: h })).arrayBuffer();
    });
    return (performance.now() - t) / 1000;
  };
  let sb = await startSandboxChild(apiKey);
  const baselineS = await plainClient(sb.url, false);
  await stopChild(sb.child);
  sb = await startSandboxChild(apiKey);
  const fullS = await plainClient(sb.url, true);
  await stopChild(sb.child);

  // The worker: same server (fresh process), everything through the encrypted outbox.
  sb = await startSandboxChild(apiKey);
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-drain-'));
  try {
    const store = Store.open({ dataDir: dir, key: randomBytes(32) });
    const enqueue = store.db.transaction(() => {
      const v = store.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
      (['front', 'back', 'selfie'] as const).forEach((side, i) =>
        store.putCapture({ verificationId: v.id, side, deviceId: 'bench', jpeg: images[i]!, preview: null, width: 1400, height: 1000, quality: null }),
      );
      store.submitVerification(v.id, ['front', 'back', 'selfie']);
    });
    for (let i = 0; i < n; i++) enqueue();
    // A real queue builds up over hours: its checkpoint backlog is long gone when the network
    // returns. Settle it here so the drain is timed alone.
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const adapter = createZignSecAdapter(
      { apiKey, baseUrl: sb.url, environment: 'test', analysisTypes: ['document'], maxImageSide: 3000, requestTimeoutMs: 30_000 },
      { pollMinMs: 20, pollMaxMs: 100 },
    );
    const worker = new SyncWorker({
      store,
      adapters: new Map<ProviderId, ProviderAdapter>([['zignsec', adapter]]),
      events: new KioskEvents(),
      config: { enabled: true, concurrency: CONCURRENCY, tickMs: 20, backoffBaseMs: 100, backoffCapMs: 2000, pollMinMs: 20, pollMaxMs: 100 },
    });
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let rssMax = rss0;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 100);
    const t1 = performance.now();
    worker.start();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        const q = store.queueCounts();
        if (q.waiting + q.inFlight === 0) {
          clearInterval(check);
          resolve();
        }
      }, 50);
    });
    const workerS = (performance.now() - t1) / 1000;
    clearInterval(sampler);
    await worker.stop();
    store.close();
    return {
      verifications: n,
      concurrency: CONCURRENCY,
      judge: JUDGE,
      bytes,
      baselineMBps: bytes / 1e6 / baselineS,
      fullProtocolMBps: bytes / 1e6 / fullS,
      ratioFullProtocol: fullS / workerS,
      workerMBps: bytes / 1e6 / workerS,
      ratio: baselineS / workerS,
      rssGrowthMB: (rssMax - rss0) / 1e6,
    };
  } finally {
    await stopChild(sb.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printDrain(f: DrainFigures): void {
  console.log(`drain: ${f.verifications} verifications × 3 captures (${(f.bytes / 1e6).toFixed(0)} MB) to the ZignSec sandbox (${f.judge} judge), concurrency ${f.concurrency}`);
  console.log(`  baseline plain HTTP client   ${f.baselineMBps.toFixed(1)} MB/s`);
  console.log(`  plain client, full protocol  ${f.fullProtocolMBps.toFixed(1)} MB/s`);
  console.log(`  sync worker (full flow)      ${f.workerMBps.toFixed(1)} MB/s   ratio ${f.ratio.toFixed(2)}× vs uploads-only (goal ≥ 0.8×), ${f.ratioFullProtocol.toFixed(2)}× vs full-protocol client`);
  console.log(`  resident memory growth       ${f.rssGrowthMB.toFixed(1)} MB (goal ≤ 50 MB)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printDrain(await benchDrain(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? DEFAULT_CONCURRENCY)));
}
