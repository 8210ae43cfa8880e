// Fault injection over real HTTP: each fault kind yields the right ProviderError kind, and lost
// replies are reconciled so no provider step is done twice (the sandbox counts repeats).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KioskConfigSchema, type ZignSecConfig } from '../../../main/config';
import { ProviderError, type ProviderProgress } from '../../../main/providers/provider';
import { createZignSecAdapter } from '../../../main/providers/zignsec/adapter';
import { ZignSecClient } from '../../../main/providers/zignsec/client';
import type { FaultRuleInput } from '../../../main/sandbox/faults';
import { startZignSecSandbox, type ZignSecSandbox } from '../../../main/sandbox/zignsec/server';
import { drive, makeJob, noCtx, specimenImage } from './helpers';

const API_KEY = 'fault-key-abcdef';
let sandbox: ZignSecSandbox;
let jpeg: Buffer;

const config = (over: Record<string, unknown> = {}): ZignSecConfig =>
  KioskConfigSchema.parse({ dataDir: '/tmp/unused', providers: { zignsec: { apiKey: API_KEY, baseUrl: sandbox.url, ...over } } }).providers.zignsec;
const client = (timeoutMs = 5000) => new ZignSecClient({ apiKey: API_KEY, baseUrl: sandbox.url, timeoutMs });
const faults = async (rules: FaultRuleInput[], seed = 1) => {
  const res = await fetch(`${sandbox.url}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sandbox-control': sandbox.controlToken! }, body: JSON.stringify({ seed, rules }) });
  expect(res.status).toBe(200);
};
const httpStats = async (): Promise<Record<string, number>> => (await fetch(`${sandbox.url}/__control/stats`, { headers: { 'x-sandbox-control': sandbox.controlToken! } })).json() as Promise<Record<string, number>>;
const repeats = (s: Record<string, number>) => Object.fromEntries(Object.entries(s).filter(([k]) => k.startsWith('repeat.')));

beforeAll(async () => {
  sandbox = await startZignSecSandbox({ apiKey: API_KEY, analysisDelayMs: 30, faults: true });
  jpeg = await specimenImage();
});
afterEach(() => faults([]));
afterAll(() => sandbox.close());

async function failureOf(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

describe('each fault kind → the right ProviderError kind', () => {
  it('latency: slower, still succeeds', async () => {
    // The injected delay must show in the reply's arrival: a client that measured less than the
    // latency did not get it (an outcome check that the fault was applied, not a performance bound).
    const latencyMs = 400;
    const before = await httpStats();
    await faults([{ route: 'createSession', kind: 'latency', latencyMs, times: 1 }]);
    const started = performance.now();
    const session = await client().createSession({});
    const elapsed = performance.now() - started;
    expect(session.session_id).toBeTruthy();
    expect(elapsed).toBeGreaterThanOrEqual(latencyMs);
    const after = await httpStats();
    expect((after['fault.createSession:latency'] ?? 0) - (before['fault.createSession:latency'] ?? 0)).toBe(1);
    expect((after.createSession ?? 0) - (before.createSession ?? 0)).toBe(1); // delayed, then handled normally
  });

  it('5xx → retryable', async () => {
    await faults([{ route: 'createSession', kind: 'error', status: 502 }]);
    const e = await failureOf(client().createSession({}));
    expect([e.kind, e.details.status]).toEqual(['retryable', 502]);
  });

  it('429 → retryable with Retry-After', async () => {
    await faults([{ route: 'analysisStatus', kind: 'throttle', retryAfterSec: 4 }]);
    const s = await client().createSession({});
    const e = await failureOf(client().getAnalysisStatus(s.session_id));
    expect([e.kind, e.details.status, e.details.retryAfterMs]).toEqual(['retryable', 429, 4000]);
  });

  it('401 → auth', async () => {
    await faults([{ route: 'getAnalyses', kind: 'unauthorized' }]);
    const s = await client().createSession({});
    expect((await failureOf(client().getAnalyses(s.session_id))).kind).toBe('auth');
  });

  it('connection reset mid-upload → retryable, and nothing was stored', async () => {
    const s = await client().createSession({});
    await faults([{ route: 'addDocument', kind: 'reset' }]);
    const big = await specimenImage({ width: 3000, height: 2100 });
    expect((await failureOf(client().addDocument({ sessionId: s.session_id, documentType: 'Passport', reference: 'r', jpeg: big }))).kind).toBe('retryable');
    await faults([]);
    expect((await client().getAnalyses(s.session_id)).documents).toEqual([]);
  });

  it('timeout (no reply) → retryable', async () => {
    await faults([{ route: 'createSession', kind: 'timeout' }]);
    const e = await failureOf(client(300).createSession({}));
    expect(e.kind).toBe('retryable');
    expect(e.message).toContain('did not answer in time');
  });

  it('truncated JSON → retryable (the connection broke mid-reply)', async () => {
    await faults([{ route: 'createSession', kind: 'truncate' }]);
    expect((await failureOf(client().createSession({}))).kind).toBe('retryable');
  });

  it('unexpected extra fields → accepted and kept', async () => {
    await faults([{ route: 'createSession', kind: 'extra_fields' }]);
    const s = (await client().createSession({})) as Record<string, unknown>;
    expect(s.x_injected_flag).toBe(true);
  });

  it('missing fields → schema, raw body kept', async () => {
    await faults([{ route: 'createSession', kind: 'missing_fields', fields: ['session_id'] }]);
    const e = await failureOf(client().createSession({}));
    expect(e.kind).toBe('schema');
    expect(JSON.parse(e.details.rawBody!)).toHaveProperty('provider_folder_id');
    expect(JSON.parse(e.details.rawBody!)).not.toHaveProperty('session_id');
  });
});

describe('lost replies are reconciled, not repeated', () => {
  const job = (v: string) =>
    makeJob(v, 'id_card', [
      { id: `${v}-front`, side: 'front', image: jpeg },
      { id: `${v}-back`, side: 'back', image: jpeg },
    ]);

  it('upload and start-analysis replies lost after the work: each done once', async () => {
    const before = await httpStats();
    await faults([
      { route: 'addDocument', kind: 'reset', after: true, times: 2 },
      { route: 'startAnalysis', kind: 'error', after: true, times: 1 },
    ]);
    const adapter = createZignSecAdapter(config(), { pollMinMs: 10 });
    const { final, errors } = await drive(adapter, job('ver-lost'));
    expect(errors.map((e) => e.kind)).toEqual(['retryable', 'retryable', 'retryable']);
    expect(final.outcome.decision).toBe('accepted');
    const after = await httpStats();
    expect((after.addDocument ?? 0) - (before.addDocument ?? 0)).toBe(2);
    expect((after.startAnalysis ?? 0) - (before.startAnalysis ?? 0)).toBe(1);
    expect(repeats(after)).toEqual(repeats(before));
    expect((final.progress as { reconciled: string[] }).reconciled).toEqual(['upload:ver-lost-front:found', 'upload:ver-lost-back:found', 'start_analysis:found']);
    expect((final.progress as { possibleDuplicates: number }).possibleDuplicates).toBe(0);
  });

  it('a restart (fresh adapter, persisted progress only) before an upload reconciles before uploading', async () => {
    const v = 'ver-crash';
    const a1 = createZignSecAdapter(config(), { pollMinMs: 10 });
    let progress: ProviderProgress = {};
    // Run until the session is created (the next call is the first upload), then let the upload reach the sandbox but lose the reply.
    for (;;) {
      const r = await a1.step(job(v), progress, noCtx());
      progress = r.progress;
      if (r.step === 'session_created') break;
    }
    await faults([{ route: 'addDocument', kind: 'timeout', after: true, times: 1 }]);
    const slow = createZignSecAdapter(config({ requestTimeoutMs: 300 }), { pollMinMs: 10 });
    // `slow` did not arm the upload, so it reconciles first: nothing listed is no proof the previous
    // process did not send it, so the upload is counted in a persisted intent, then sent; the reply is lost.
    const intent = await slow.step(job(v), progress, noCtx());
    expect(intent.step).toBe(`upload_intent:${v}-front`);
    expect((intent.progress as { possibleDuplicates: number }).possibleDuplicates).toBe(1);
    progress = intent.progress;
    await expect(slow.step(job(v), progress, noCtx())).rejects.toMatchObject({ kind: 'retryable' });
    const before = await httpStats();
    // "Restart": another fresh adapter from the same persisted progress.
    const a2 = createZignSecAdapter(config(), { pollMinMs: 10 });
    const { final, steps } = await drive(a2, job(v), { progress });
    expect(steps[0]).toBe(`document_uploaded:${v}-front`); // found at ZignSec, not uploaded again
    expect(final.outcome.decision).toBe('accepted');
    const after = await httpStats();
    expect((after.addDocument ?? 0) - (before.addDocument ?? 0)).toBe(1); // only the back side
    expect(repeats(after)).toEqual(repeats(before));
    expect((final.progress as { possibleDuplicates: number }).possibleDuplicates).toBe(1); // the one unproven send, no more
  });

  for (const [name, listingFault, over] of [
    ['5xx', { kind: 'error', status: 503 }, {}],
    ['429', { kind: 'throttle', retryAfterSec: 0 }, {}],
    ['no answer in time', { kind: 'timeout' }, { requestTimeoutMs: 300 }],
  ] as const) {
    it(`upload reply lost, then listing the session's documents fails (${name}): the listing is retried, the upload is not repeated`, async () => {
      const v = `ver-list-${name.replace(/\W+/g, '-')}`;
      const before = await httpStats();
      await faults([
        { route: 'addDocument', kind: 'reset', after: true, times: 1 },
        { route: 'getAnalyses', ...listingFault, times: 2 },
      ]);
      const { final, steps, errors } = await drive(createZignSecAdapter(config(over), { pollMinMs: 10 }), job(v));
      // The lost upload reply, then the two listings that failed: each a retryable wait, none an upload.
      expect(errors.map((e) => e.kind)).toEqual(['retryable', 'retryable', 'retryable']);
      expect(errors.slice(1).map((e) => e.message)).toEqual([expect.stringMatching(/could not list the documents/), expect.stringMatching(/could not list the documents/)]);
      expect(steps.filter((s) => s.startsWith('upload_intent'))).toEqual([]);
      expect(final.outcome.decision).toBe('accepted');
      const after = await httpStats();
      expect((after.addDocument ?? 0) - (before.addDocument ?? 0)).toBe(2); // front once, back once
      const failedListings = `fault.getAnalyses:${listingFault.kind}`;
      expect((after[failedListings] ?? 0) - (before[failedListings] ?? 0)).toBe(2); // both failed listings reached the emulator
      expect((after.getAnalyses ?? 0) - (before.getAnalyses ?? 0)).toBeGreaterThanOrEqual(1); // then one that found the document
      expect(after['repeat.addDocument'] ?? 0).toBe(before['repeat.addDocument'] ?? 0);
      expect((final.progress as { reconciled: string[] }).reconciled).toContain(`upload:${v}-front:found`);
      expect((final.progress as { possibleDuplicates: number }).possibleDuplicates).toBe(0);
    });
  }

  it('a lost create-session reply is the one documented duplicate window, and it is counted', async () => {
    const before = await httpStats();
    await faults([{ route: 'createSession', kind: 'reset', after: true, times: 1 }]);
    const { final } = await drive(createZignSecAdapter(config(), { pollMinMs: 10 }), job('ver-orphan'));
    expect(final.outcome.decision).toBe('accepted');
    expect((final.progress as { possibleDuplicates: number }).possibleDuplicates).toBe(1);
    const after = await httpStats();
    expect((after['repeat.createSession'] ?? 0) - (before['repeat.createSession'] ?? 0)).toBe(1);
    expect(after['repeat.addDocument'] ?? 0).toBe(before['repeat.addDocument'] ?? 0);
  });

  it('a create session that never reached ZignSec (connection refused) is retried without counting a duplicate', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const offline = createZignSecAdapter(config({ baseUrl: `http://127.0.0.1:${closed}` }), { pollMinMs: 10 });
    const j = job('ver-refused');
    const intent = await offline.step(j, {}, noCtx());
    expect(intent.step).toBe('create_session_intent');
    const progress = JSON.parse(JSON.stringify(intent.progress)) as ProviderProgress;
    for (let attempt = 0; attempt < 3; attempt++) {
      // Each retry goes out again (refused again) instead of first recording a possible orphan session.
      await expect(offline.step(j, progress, noCtx())).rejects.toMatchObject({ kind: 'retryable' });
    }
    expect((progress as { possibleDuplicates: number }).possibleDuplicates).toBe(0);
  });

  it('mixed faults on every route (seeded): final, accepted, nothing uploaded or started twice', async () => {
    const before = await httpStats();
    await faults(
      [
        { route: '*', kind: 'latency', latencyMs: 5, probability: 0.5 },
        { route: '*', kind: 'error', probability: 0.15 },
        { route: '*', kind: 'reset', after: true, probability: 0.15 },
        { route: '*', kind: 'throttle', probability: 0.1, retryAfterSec: 0 },
        { route: '*', kind: 'truncate', probability: 0.1 },
      ],
      2026,
    );
    for (const v of ['mix-1', 'mix-2', 'mix-3']) {
      const { final } = await drive(createZignSecAdapter(config(), { pollMinMs: 10 }), job(v), { maxSteps: 400 });
      expect(final.outcome.decision).toBe('accepted');
    }
    const after = await httpStats();
    expect(after['repeat.addDocument'] ?? 0).toBe(before['repeat.addDocument'] ?? 0);
    expect(after['repeat.startAnalysis'] ?? 0).toBe(before['repeat.startAnalysis'] ?? 0);
    expect(Object.keys(after).some((k) => k.startsWith('fault.'))).toBe(true);
  });
});
