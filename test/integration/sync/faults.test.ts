// Fault matrix: every sandbox fault kind, alone and mixed, against the real ZignSec adapter
// and sync worker. Each verification must end in the state the retry policy prescribes, with every
// capture still stored and no provider step repeated (the sandbox counts repeats).
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createZignSecAdapter } from '../../../main/providers/zignsec/adapter';
import { startZignSecSandbox, type ZignSecSandbox } from '../../../main/sandbox/zignsec/server';
import type { FaultPlanInput } from '../../../main/sandbox/faults';
import type { Store } from '../../../main/store/store';
import { ZignSecConfigFor } from './support/zignsec';
import { startHarness, waitUntil, type Harness } from './support/harness';
import { queueIdCard, syntheticJpeg } from './support/jpeg';
import { key, tempDir } from '../store/support';

let t: ReturnType<typeof tempDir>;
let sandbox: ZignSecSandbox;
let apiKey: string;
let h: Harness | null;
let jpeg: Buffer;

const FINAL = ['accepted', 'declined', 'failed'];
const settled = (store: Store, id: string) => [...FINAL, 'needs_attention'].includes(store.getVerification(id)!.state);

beforeAll(async () => {
  jpeg = await syntheticJpeg(800, 560, 3);
});
beforeEach(async () => {
  t = tempDir('kiosk-faults-');
  apiKey = randomUUID();
  sandbox = await startZignSecSandbox({ apiKey, analysisDelayMs: 30, faults: true });
  h = null;
});
afterEach(async () => {
  await h?.stop();
  await sandbox.close();
  t.cleanup();
});

async function runWith(plan: FaultPlanInput, count = 2): Promise<{ ids: string[]; store: Store }> {
  sandbox.setFaults(plan);
  const config = { ...ZignSecConfigFor(sandbox.url, apiKey), requestTimeoutMs: 700 };
  h = startHarness({
    dataDir: t.dir,
    key: key(),
    adapter: createZignSecAdapter(config, { pollMinMs: 20, pollMaxMs: 80 }),
    circuit: { failureThreshold: 4, openMs: 50, maxOpenMs: 200 },
    autoStart: false,
  });
  const ids = Array.from({ length: count }, () => queueIdCard(h!.store, jpeg));
  h.worker.start();
  return { ids, store: h.store };
}

function expectNothingLostNothingRepeated(store: Store, ids: string[]): void {
  for (const id of ids) {
    const caps = store.db.prepare('SELECT jpeg FROM captures WHERE verification_id = ?').all(id) as Array<{ jpeg: Buffer }>;
    expect(caps).toHaveLength(2);
    for (const c of caps) expect(c.jpeg.equals(jpeg)).toBe(true);
  }
  const repeats = Object.entries(sandbox.stats()).filter(([k, n]) => k.startsWith('repeat.') && n > 0 && k !== 'repeat.createSession');
  expect(repeats).toEqual([]);
  expect(store.audit.verifyAudit().ok).toBe(true);
}

const retryableCases: Array<[string, FaultPlanInput]> = [
  ['latency', { seed: 1, rules: [{ route: '*', kind: 'latency', latencyMs: 40 }] }],
  ['5xx', { seed: 2, rules: [{ route: '*', kind: 'error', status: 502, probability: 0.4, times: 6 }] }],
  ['429 with Retry-After', { seed: 3, rules: [{ route: 'addDocument', kind: 'throttle', retryAfterSec: 0, times: 2 }, { route: 'createSession', kind: 'throttle', retryAfterSec: 1, times: 1 }] }],
  ['connection reset mid-upload', { seed: 4, rules: [{ route: 'addDocument', kind: 'reset', times: 2 }] }],
  ['reset after the work (lost reply)', { seed: 5, rules: [{ route: 'addDocument', kind: 'reset', after: true, times: 2 }, { route: 'startAnalysis', kind: 'reset', after: true, times: 1 }] }],
  ['timeout', { seed: 6, rules: [{ route: 'analysisStatus', kind: 'timeout', times: 1 }, { route: 'addDocument', kind: 'timeout', times: 1 }] }],
  ['truncated JSON', { seed: 7, rules: [{ route: 'analysisStatus', kind: 'truncate', times: 2 }, { route: 'addDocument', kind: 'truncate', times: 1 }] }],
  ['unexpected extra fields', { seed: 8, rules: [{ route: '*', kind: 'extra_fields' }] }],
  [
    'mixed, seeded',
    {
      seed: 9,
      rules: [
        { route: '*', kind: 'latency', latencyMs: 15, probability: 0.3 },
        { route: '*', kind: 'error', probability: 0.1, times: 4 },
        { route: '*', kind: 'throttle', retryAfterSec: 0, probability: 0.1, times: 4 },
        { route: 'addDocument', kind: 'reset', probability: 0.2, times: 2 },
        { route: '*', kind: 'reset', after: true, probability: 0.1, times: 3 },
        { route: 'analysisStatus', kind: 'truncate', probability: 0.2, times: 2 },
        { route: '*', kind: 'extra_fields', probability: 0.3 },
      ],
    },
  ],
];

describe('fault matrix', () => {
  for (const [name, plan] of retryableCases) {
    it(`${name}: every verification reaches a final state`, async () => {
      const { ids, store } = await runWith(plan, 3);
      await waitUntil('all settled', () => ids.every((id) => settled(store, id)), 60_000);
      for (const id of ids) expect(FINAL).toContain(store.getVerification(id)!.state);
      expectNothingLostNothingRepeated(store, ids);
      // The faults really struck: failures were retried (latency and extra fields need no retry).
      const retries = store.audit.list().filter((r) => r.action === 'retry_scheduled').length;
      if (name === 'latency' || name === 'unexpected extra fields') expect(retries).toBe(0);
      else expect(retries).toBeGreaterThan(0);
    });
  }

  it('missing fields (schema drift): needs_attention with the raw body kept', async () => {
    const { ids, store } = await runWith({ seed: 10, rules: [{ route: 'createSession', kind: 'missing_fields', fields: ['session_id'], times: 1 }] }, 1);
    await waitUntil('settled', () => settled(store, ids[0]!));
    const v = store.getVerification(ids[0]!)!;
    expect(v.state).toBe('needs_attention');
    expect(v.sync.lastError).toBeTruthy();
    const raw = store.db.prepare('SELECT raw_response FROM verifications WHERE id = ?').get(ids[0]!) as { raw_response: string | null };
    expect(raw.raw_response).toContain('provider_folder_id');
    expectNothingLostNothingRepeated(store, ids);
  });

  it('401: pauses the provider with an alert, burns no retries, resumes on supervisor action', async () => {
    const { ids, store } = await runWith({ seed: 11, rules: [{ route: 'addDocument', kind: 'unauthorized', times: 1 }] }, 2);
    await waitUntil('paused', () => store.pausedProviders().length === 1);
    expect(store.openAlerts()[0]).toMatchObject({ kind: 'provider_auth', provider: 'zignsec' });
    expect(h!.worker.providerStatus().find((p) => p.id === 'zignsec')!.paused).toBe(true);
    for (const id of ids) expect(store.getVerification(id)!.sync.attempts).toBe(0);
    h!.worker.resumeProvider('zignsec', 'supervisor:test');
    await waitUntil('all settled', () => ids.every((id) => settled(store, id)), 60_000);
    for (const id of ids) expect(FINAL).toContain(store.getVerification(id)!.state);
    expectNothingLostNothingRepeated(store, ids);
  });
});
