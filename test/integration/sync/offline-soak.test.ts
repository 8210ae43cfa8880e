// Offline soak: with the provider unreachable, 2,000 verifications queue up across several
// kiosk restarts; when the network returns they all complete, oldest first, none sent twice.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createZignSecAdapter } from '../../../main/providers/zignsec/adapter';
import { startZignSecSandbox, type ZignSecSandbox } from '../../../main/sandbox/zignsec/server';
import type { Store } from '../../../main/store/store';
import { ZignSecConfigFor } from './support/zignsec';
import { startHarness, waitUntil, type Harness } from './support/harness';
import { syntheticJpeg } from './support/jpeg';
import { key, tempDir } from '../store/support';

const TOTAL = Number(process.env.SOAK_TOTAL ?? 2000);
const RESTARTS = 3;

let t: ReturnType<typeof tempDir>;
let sandbox: ZignSecSandbox | null;
let h: Harness | null;
let jpeg: Buffer;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function queuePassport(store: Store): string {
  const v = store.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
  store.putCapture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner', jpeg, preview: null, width: 480, height: 330, quality: null });
  store.submitVerification(v.id, ['front']);
  return v.id;
}

beforeAll(async () => {
  jpeg = await syntheticJpeg(480, 330, 5);
});
beforeEach(() => {
  // This test is about queue logic at volume (ordering, connectivity, no repeats), not durability (the
  // crash test covers that on the real disk): on tmpfs when there is one, so ~20,000 fsyncs of
  // synchronous=FULL commits do not turn it into a disk benchmark.
  t = tempDir('kiosk-soak-', existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
  sandbox = null;
  h = null;
});
afterEach(async () => {
  await h?.stop();
  await sandbox?.close();
  t.cleanup();
});

describe('offline soak', () => {
  it(`queues ${TOTAL} verifications offline across ${RESTARTS} restarts, then completes them all oldest first, none twice`, async () => {
    const port = await freePort();
    const apiKey = randomUUID();
    const k = key();
    const adapter = () => createZignSecAdapter({ ...ZignSecConfigFor(`http://127.0.0.1:${port}`, apiKey), requestTimeoutMs: 5_000 }, { pollMinMs: 20, pollMaxMs: 60 });
    const sync = { concurrency: 8, backoffBaseMs: 50, backoffCapMs: 400 };
    const ids: string[] = [];
    for (let run = 0; run < RESTARTS; run++) {
      h = startHarness({ dataDir: t.dir, key: k, adapter: adapter(), sync });
      const batch = Math.ceil(TOTAL / RESTARTS);
      for (let i = 0; i < batch && ids.length < TOTAL; i++) ids.push(queuePassport(h.store));
      h.worker.kick();
      await waitUntil('worker notices it is offline', () => h!.worker.online() === false);
      const q = h.store.queueCounts();
      expect(q.waiting + q.inFlight).toBe(ids.length);
      expect(q.oldestWaitingAt).not.toBeNull();
      await h.stop();
      h = null;
    }

    // The network returns.
    sandbox = await startZignSecSandbox({ apiKey, analysisDelayMs: 0, port });
    h = startHarness({ dataDir: t.dir, key: k, adapter: adapter(), sync, progressEventMs: 0 });
    // The order sessions were created in: first event showing the step (upload progress repeats it).
    const sessionOrder: string[] = [];
    const sessionSeen = new Set<string>();
    h.events.on('verificationUpdated', (v) => {
      if (v.sync.step === 'session_created' && !sessionSeen.has(v.id)) {
        sessionSeen.add(v.id);
        sessionOrder.push(v.id);
      }
    });
    const rssBefore = process.memoryUsage().rss;
    await waitUntil('all final', () => h!.store.queueCounts().waiting + h!.store.queueCounts().inFlight === 0, 600_000);
    console.log(`offline soak: ${TOTAL} drained, rss growth ${Math.round((process.memoryUsage().rss - rssBefore) / 1e6)} MB, stats ${JSON.stringify(sandbox.stats())}`);

    const states = h.store.db.prepare('SELECT state, count(*) AS n FROM verifications GROUP BY state').all() as Array<{ state: string; n: number }>;
    expect(states.filter((s) => !['accepted', 'declined', 'failed'].includes(s.state))).toEqual([]);
    expect(states.reduce((a, s) => a + s.n, 0)).toBe(TOTAL);
    const stats = sandbox.stats();
    expect(stats.createSession).toBe(TOTAL);
    expect(stats.addDocument).toBe(TOTAL);
    expect(stats.startAnalysis).toBe(TOTAL);
    expect(Object.entries(stats).filter(([name, n]) => name.startsWith('repeat.') && n > 0)).toEqual([]);
    // Oldest first: with 8 in flight, no verification gets its session much before an older one.
    // Eight calls in flight answer in any order (a jump of up to 7; measured: 6). Before outage waits
    // ended at start and on the provider's return (Store.releaseOutageWaits), the oldest verifications,
    // which met the outage last, served out their backoff while younger ones went: jumps of 16-20.
    const created = new Map(ids.map((id, i) => [id, i]));
    const worstJump = Math.max(...sessionOrder.map((id, rank) => Math.abs(created.get(id)! - rank)));
    console.log(`offline soak: worst jump ahead of an older verification ${worstJump} places`);
    expect(sessionOrder.length).toBe(TOTAL);
    expect(worstJump).toBeLessThanOrEqual(12);
    expect(h.store.audit.verifyAudit().ok).toBe(true);
  }, 900_000);
});
