// The sync worker with the real ZignSec adapter against the ZignSec v3 sandbox over loopback HTTP.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createZignSecAdapter } from '../../../main/providers/zignsec/adapter';
import { startZignSecSandbox, type ZignSecSandbox } from '../../../main/sandbox/zignsec/server';
import { ZignSecConfigFor } from './support/zignsec';
import { isFinal, startHarness, waitUntil, type Harness } from './support/harness';
import { queueIdCard, syntheticJpeg } from './support/jpeg';
import { key, tempDir } from '../store/support';

let t: ReturnType<typeof tempDir>;
let sandbox: ZignSecSandbox;
let apiKey: string;
let h: Harness | null;
let jpeg: Buffer;
const k = key();

const repeats = (stats: Record<string, number>) => Object.entries(stats).filter(([name, n]) => name.startsWith('repeat.') && n > 0);

beforeAll(async () => {
  jpeg = await syntheticJpeg();
});
beforeEach(async () => {
  t = tempDir('kiosk-zs-');
  apiKey = randomUUID();
  sandbox = await startZignSecSandbox({ apiKey, analysisDelayMs: 50, faults: true });
  h = null;
});
afterEach(async () => {
  await h?.stop();
  await sandbox.close();
  t.cleanup();
});

const adapter = () => createZignSecAdapter(ZignSecConfigFor(sandbox.url, apiKey), { pollMinMs: 20, pollMaxMs: 100 });

describe('sync worker + ZignSec adapter + ZignSec sandbox', () => {
  it('drives a verification to a final state and stores the outcome with the raw response', async () => {
    h = startHarness({ dataDir: t.dir, key: k, adapter: adapter(), autoStart: false });
    const id = queueIdCard(h.store, jpeg);
    h.worker.start();
    await waitUntil('final', () => isFinal(h!.store, id));
    const v = h.store.getVerification(id)!;
    expect(['accepted', 'declined', 'failed']).toContain(v.state);
    expect(v.outcome?.provider).toBe('zignsec');
    expect(v.outcome?.decision).toBe(v.state);
    const raw = h.store.db.prepare('SELECT raw_response FROM verifications WHERE id = ?').get(id) as { raw_response: string };
    expect(raw.raw_response.length).toBeGreaterThan(10);
    const stats = sandbox.stats();
    expect(stats).toMatchObject({ createSession: 1, addDocument: 2, startAnalysis: 1 });
    expect(repeats(stats)).toEqual([]);
    expect(h.updates.some((u) => u.id === id && u.sync.bytesTotal !== null && u.sync.bytesSent === u.sync.bytesTotal)).toBe(true);
    expect(h.store.audit.verifyAudit().ok).toBe(true);
  });

  it('restarted after every single step, it still finishes without repeating a provider step', async () => {
    h = startHarness({ dataDir: t.dir, key: k, adapter: adapter(), autoStart: false, progressEventMs: 0 });
    const id = queueIdCard(h.store, jpeg);
    let restarts = 0;
    while (!isFinal(h.store, id)) {
      const current = h;
      let stopping: Promise<void> | null = null;
      const stepsBefore = current.store.audit.list({ verificationId: id }).length;
      current.events.on('verificationUpdated', (v) => {
        // Stop as soon as one more step has been committed (bytes events carry no new step). Not
        // after an intent re-armed on resumption (same action again: the adapter persists its
        // possible-duplicate count before repeating a call): stopping there every time would
        // restart forever without ever letting the call itself run.
        if (v.id !== id || stopping) return;
        const rows = current.store.audit.list({ verificationId: id });
        if (rows.length > stepsBefore && rows.at(-1)!.action !== rows[stepsBefore - 1]?.action) stopping = current.stop();
      });
      current.worker.start();
      await waitUntil('one step committed', () => stopping !== null || isFinal(current.store, id));
      await stopping;
      restarts++;
      h = startHarness({ dataDir: t.dir, key: k, adapter: adapter(), autoStart: false, progressEventMs: 0 });
      expect(restarts).toBeLessThan(60);
    }
    expect(restarts).toBeGreaterThanOrEqual(6); // create-session intent + session + 2 uploads + analysis + result (+ polls)
    const stats = sandbox.stats();
    expect(stats).toMatchObject({ createSession: 1, addDocument: 2, startAnalysis: 1 });
    expect(repeats(stats)).toEqual([]);
  });

  it('a lost upload reply is reconciled by reference instead of uploading again', async () => {
    sandbox.setFaults({ seed: 7, rules: [{ route: 'addDocument', kind: 'reset', after: true, times: 1 }] });
    h = startHarness({ dataDir: t.dir, key: k, adapter: adapter(), autoStart: false });
    const id = queueIdCard(h.store, jpeg);
    h.worker.start();
    await waitUntil('final', () => isFinal(h!.store, id));
    const stats = sandbox.stats();
    expect(stats.addDocument).toBe(2);
    expect(repeats(stats)).toEqual([]);
    expect(h.store.audit.list({ verificationId: id }).some((r) => r.action === 'retry_scheduled')).toBe(true);
  });
});
