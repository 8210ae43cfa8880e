// The edges of the ZignSec adapter's reconciliation, over real HTTP against the emulator: which
// failed calls prove the call never arrived (429, no connection: sent again, not counted) and which
// do not (a 5xx: listed first, then counted); what the listing before a repeated upload does when it
// is refused for the credentials, for an unknown session, or answers in a shape it cannot read, and
// that a throttled listing keeps its Retry-After; an analysis start this process armed goes out
// without a status check, a start refused before any work is started again without counting, a
// status that says an analysis is under way while none (or only a NotRequested one) is listed leads
// to a counted new start with a notice, and when two analyses are listed the newest is taken.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KioskConfigSchema, type ZignSecConfig } from '../../../main/config';
import { undiciTransport, type HttpTransport } from '../../../main/providers/http-transport';
import type { ProviderAdapter, ProviderError, ProviderProgress } from '../../../main/providers/provider';
import { createZignSecAdapter } from '../../../main/providers/zignsec/adapter';
import { ZignSecClient } from '../../../main/providers/zignsec/client';
import type { FaultRuleInput } from '../../../main/sandbox/faults';
import { startZignSecSandbox, type ZignSecSandbox } from '../../../main/sandbox/zignsec/server';
import { drive, makeJob, noCtx, specimenImage } from './helpers';

const API_KEY = 'reconcile-key-abcdef';
let sandbox: ZignSecSandbox;
let jpeg: Buffer;

const config = (over: Record<string, unknown> = {}): ZignSecConfig =>
  KioskConfigSchema.parse({ dataDir: '/tmp/unused', providers: { zignsec: { apiKey: API_KEY, baseUrl: sandbox.url, ...over } } }).providers.zignsec;
const faults = async (rules: FaultRuleInput[]) => {
  const res = await fetch(`${sandbox.url}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sandbox-control': sandbox.controlToken! }, body: JSON.stringify({ seed: 1, rules }) });
  expect(res.status).toBe(200);
};
const stats = async (): Promise<Record<string, number>> => (await fetch(`${sandbox.url}/__control/stats`, { headers: { 'x-sandbox-control': sandbox.controlToken! } })).json() as Promise<Record<string, number>>;
const delta = (after: Record<string, number>, before: Record<string, number>, key: string) => (after[key] ?? 0) - (before[key] ?? 0);
const job = (v: string) =>
  makeJob(v, 'id_card', [
    { id: `${v}-front`, side: 'front', image: jpeg },
    { id: `${v}-back`, side: 'back', image: jpeg },
  ]);
type Progress = { sessionId?: string; possibleDuplicates: number; reconciled: string[]; analysisId?: number };
const prog = (p: ProviderProgress) => p as unknown as Progress;

/** Steps `adapter` until a step named `until` (inclusive); returns the progress after it. */
async function stepUntil(adapter: ProviderAdapter, v: string, until: string, progress: ProviderProgress = {}): Promise<ProviderProgress> {
  for (let i = 0; i < 20; i++) {
    const r = await adapter.step(job(v), progress, noCtx());
    progress = r.progress;
    if (r.step === until) return progress;
  }
  throw new Error(`no step ${until}`);
}

beforeAll(async () => {
  sandbox = await startZignSecSandbox({ apiKey: API_KEY, analysisDelayMs: 30, faults: true });
  jpeg = await specimenImage();
});
afterEach(() => faults([]));
afterAll(() => sandbox.close());

describe('a failed upload: proof it never arrived, or not', () => {
  it('throttled (429, refused before any work): sent again without a listing and without counting a duplicate', async () => {
    const v = 'ver-upload-429';
    await faults([{ route: 'addDocument', kind: 'throttle', retryAfterSec: 0, times: 1 }]);
    const before = await stats();
    const { final, steps, errors } = await drive(createZignSecAdapter(config(), { pollMinMs: 10 }), job(v));
    expect(errors.map((e) => e.details.status)).toEqual([429]);
    expect(final.outcome.decision).toBe('accepted');
    expect(steps.filter((s) => s.startsWith('upload_intent'))).toEqual([]);
    expect(prog(final.progress)).toMatchObject({ possibleDuplicates: 0, reconciled: [] });
    const after = await stats();
    expect(delta(after, before, 'addDocument')).toBe(2);
  });

  it('refused before a connection opened: sent again without a listing and without counting a duplicate', async () => {
    const v = 'ver-upload-refused';
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    // The first upload goes to a port nothing listens on (a real ECONNREFUSED); everything else to the emulator.
    let redirected = 0;
    const transport: HttpTransport = (url, req) => {
      if (req.method === 'POST' && url.includes('/documents') && redirected++ === 0) return undiciTransport(url.replace(sandbox.url, `http://127.0.0.1:${closed}`), req);
      return undiciTransport(url, req);
    };
    const { final, steps, errors } = await drive(createZignSecAdapter(config(), { pollMinMs: 10, transport }), job(v));
    expect(redirected).toBeGreaterThan(1);
    expect(errors).toHaveLength(1);
    expect(final.outcome.decision).toBe('accepted');
    expect(steps.filter((s) => s.startsWith('upload_intent'))).toEqual([]);
    expect(prog(final.progress)).toMatchObject({ possibleDuplicates: 0, reconciled: [] });
  });

  it('a 5xx before any work is no such proof: listed first, not found, then counted and sent again', async () => {
    const v = 'ver-upload-503';
    await faults([{ route: 'addDocument', kind: 'error', times: 1 }]);
    const { final, steps } = await drive(createZignSecAdapter(config(), { pollMinMs: 10 }), job(v));
    expect(final.outcome.decision).toBe('accepted');
    expect(steps).toContain(`upload_intent:${v}-front`);
    expect(prog(final.progress).possibleDuplicates).toBe(1);
  });
});

describe('the listing before a repeated upload', () => {
  it('refused for the credentials: stops with auth, nothing uploaded', async () => {
    const v = 'ver-list-auth';
    const progress = await stepUntil(createZignSecAdapter(config()), v, 'session_created');
    const before = await stats();
    // A restarted kiosk whose key was changed meanwhile: it did not arm the upload, so it lists first.
    const wrongKey = createZignSecAdapter(config({ apiKey: 'another-key-123456' }));
    await expect(wrongKey.step(job(v), progress, noCtx())).rejects.toMatchObject({ kind: 'auth' });
    expect(delta(await stats(), before, 'addDocument')).toBe(0);
  });

  it('for a session ZignSec no longer knows: stops with gone, nothing uploaded', async () => {
    const v = 'ver-list-gone';
    const progress = await stepUntil(createZignSecAdapter(config()), v, 'session_created');
    const before = await stats();
    const unknown = { ...progress, sessionId: '00000000-0000-4000-8000-000000000000' } as ProviderProgress;
    await expect(createZignSecAdapter(config()).step(job(v), unknown, noCtx())).rejects.toMatchObject({ kind: 'gone' });
    expect(delta(await stats(), before, 'addDocument')).toBe(0);
  });

  it('answering in a shape it cannot read: no proof either way, so the upload is counted, then sent', async () => {
    const v = 'ver-list-schema';
    const progress = await stepUntil(createZignSecAdapter(config()), v, 'session_created');
    await faults([{ route: 'getAnalyses', kind: 'missing_fields', times: 1 }]);
    const r = await createZignSecAdapter(config()).step(job(v), progress, noCtx());
    expect(r.step).toBe(`upload_intent:${v}-front`);
    expect(prog(r.progress).possibleDuplicates).toBe(1);
  });

  it('throttled: a retryable wait that keeps the status and the Retry-After', async () => {
    const v = 'ver-list-throttled';
    const progress = await stepUntil(createZignSecAdapter(config()), v, 'session_created');
    await faults([{ route: 'getAnalyses', kind: 'throttle', retryAfterSec: 7, times: 1 }]);
    const e = (await createZignSecAdapter(config())
      .step(job(v), progress, noCtx())
      .then(
        () => null,
        (x: unknown) => x,
      )) as ProviderError;
    expect(e).toMatchObject({ kind: 'retryable', message: expect.stringMatching(/could not list the documents/) });
    expect(e.details).toMatchObject({ status: 429, retryAfterMs: 7000 });
  });
});

describe('starting the analysis', () => {
  it('a start this process armed goes out without a status check first', async () => {
    const v = 'ver-start-armed';
    const adapter = createZignSecAdapter(config(), { pollMinMs: 10 });
    const progress = await stepUntil(adapter, v, `document_uploaded:${v}-back`);
    const before = await stats();
    const r = await adapter.step(job(v), progress, noCtx());
    expect(r.step).toBe('analysis_started');
    const after = await stats();
    expect(delta(after, before, 'startAnalysis')).toBe(1);
    expect(delta(after, before, 'analysisStatus')).toBe(0);
    expect(delta(after, before, 'getAnalyses')).toBe(0);
  });

  it('a start refused with a 5xx before any work: the status shows none started, so it is started again, not counted', async () => {
    const v = 'ver-start-503';
    await faults([{ route: 'startAnalysis', kind: 'error', times: 1 }]);
    const before = await stats();
    const { final, steps } = await drive(createZignSecAdapter(config(), { pollMinMs: 10 }), job(v));
    expect(final.outcome.decision).toBe('accepted');
    expect(steps.filter((s) => s.startsWith('start_analysis_intent'))).toEqual([]);
    expect(prog(final.progress)).toMatchObject({ possibleDuplicates: 0, reconciled: [] });
    const after = await stats();
    expect(delta(after, before, 'fault.startAnalysis:error')).toBe(1); // the refused start
    expect(delta(after, before, 'startAnalysis')).toBe(1); // the one that started it
  });

  it('the status says an analysis is under way but none is listed: started again, counted first, with a notice for the teller', async () => {
    // ZignSec's status model names no analysis, so a status other than NotRequested is no proof ours
    // was started. The emulator's status always matches its list; the one status reply after the
    // refused start is rewritten in transit to Processing, as a status that lags or leads the list would read.
    const v = 'ver-start-status-only';
    await faults([{ route: 'startAnalysis', kind: 'error', times: 1 }]);
    let rewritten = 0;
    let startRefused = false;
    const transport: HttpTransport = async (url, req) => {
      const reply = await undiciTransport(url, req);
      if (req.method === 'POST' && url.includes('/analyses?') && reply.status >= 500) startRefused = true;
      let body: string;
      if (startRefused && rewritten === 0 && url.endsWith('/analysisStatus')) {
        body = JSON.stringify({ ...(JSON.parse(await reply.text()) as object), total_process_state: 'Processing' });
      } else if (startRefused && rewritten === 1 && req.method === 'GET' && url.endsWith('/analyses')) {
        // The list then shows an entry that was never started (NotRequested): not ours either.
        body = JSON.stringify({ ...(JSON.parse(await reply.text()) as object), analysis_details: [{ analysis_id: 999, total_process_state: 'NotRequested' }] });
      } else return reply;
      rewritten++;
      return { status: reply.status, header: (n) => reply.header(n), text: async () => body, bytes: async () => Buffer.from(body), discard: async () => {} };
    };
    const notices: string[] = [];
    const { final, steps } = await drive(createZignSecAdapter(config(), { pollMinMs: 10, transport }), job(v), {
      onStep: (r) => r.kind === 'progress' && r.notice !== undefined && notices.push(r.notice),
    });
    expect(rewritten).toBe(2);
    expect(steps).toContain('start_analysis_intent');
    expect(notices).toEqual([expect.stringMatching(/may already be analysing this verification/)]);
    expect(final.outcome.decision).toBe('accepted');
    expect(prog(final.progress)).toMatchObject({ possibleDuplicates: 1, reconciled: [] });
  });

  it('two analyses listed after a lost start reply: the newest is taken', async () => {
    const v = 'ver-start-two';
    const adapter = createZignSecAdapter(config(), { pollMinMs: 10 });
    let progress = await stepUntil(adapter, v, `document_uploaded:${v}-back`);
    await faults([{ route: 'startAnalysis', kind: 'reset', after: true, times: 1 }]);
    await expect(adapter.step(job(v), progress, noCtx())).rejects.toMatchObject({ kind: 'retryable' });
    await faults([]);
    // Another start reaches ZignSec meanwhile (an operator, or another kiosk process): two analyses.
    const second = await new ZignSecClient({ apiKey: API_KEY, baseUrl: sandbox.url, timeoutMs: 5000 }).startAnalysis(prog(progress).sessionId!, ['document']);
    const r = await adapter.step(job(v), progress, noCtx());
    progress = r.progress;
    expect(r.step).toBe('analysis_started');
    expect(prog(progress).analysisId).toBe(second.analysis_id);
    expect(prog(progress).reconciled).toEqual(['start_analysis:found']);
  });
});
