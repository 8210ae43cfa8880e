// What the sync worker records when a provider step fails, each case against the mini provider over
// real HTTP on loopback and ONE real encrypted store for the whole file (a new worker per case; each
// case ends with its verifications final or cancelled, so the next worker finds nothing of it due).
// The retry waits are long (10 minutes at the cap), so every case looks at the one failure it caused:
// the count, the error, the time of the next try (backoff with pinned jitter, or the provider's
// Retry-After), whether it is an outage wait, what the failure says about the provider (circuit,
// reachability, a hold for all its verifications, a pause), the counters of possible duplicates and
// session restarts, and a store that cannot record a step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KioskEvents } from '../../../main/events';
import type { LogLevel } from '../../../main/log';
import { ProviderError, type ProviderAdapter } from '../../../main/providers/provider';
import type { Store } from '../../../main/store/store';
import { backoffDelay } from '../../../main/sync/retry';
import { METRIC_MAYBE_DUPLICATE, METRIC_SESSION_RESTARTS, STORE_FAILURE_MESSAGE, SyncWorker } from '../../../main/sync/worker';
import type { ProviderId, QueueCounts } from '../../../shared/domain';
import { key, openStore, tempDir } from '../store/support';
import { FAST_SYNC, isFinal, queueVerification, waitUntil } from './support/harness';
import { createMiniAdapter } from './support/mini-adapter';
import { startMiniProvider, type MiniProvider } from './support/mini-provider';

const WAIT = 600_000;
const JITTER = 0.75;
let t: ReturnType<typeof tempDir>;
let store: Store;
let provider: MiniProvider;

beforeAll(async () => {
  t = tempDir('kiosk-worker-failures-');
  store = openStore(t.dir, key());
  provider = await startMiniProvider();
});
// A case that failed half-way leaves its worker and verifications: ended here, before the next case.
afterEach(async () => {
  for (const r of runs.splice(0)) await r.worker.stop();
  for (const v of store.listVerifications({ limit: 1000 }).items) if (['queued', 'submitting', 'awaiting_result', 'needs_attention'].includes(v.state)) store.cancelVerification(v.id, 'test', 'case over');
  if (store.pausedProviders().length) store.resumeProvider('zignsec', 'test');
});
afterAll(async () => {
  store.close();
  await provider.close();
  t.cleanup();
});

interface Run {
  worker: SyncWorker;
  logs: Array<{ level: LogLevel; message: string }>;
  /** verificationUpdated events: id, state, attempts, last error. */
  updates: Array<{ id: string; state: string; attempts: number; lastError: string | null }>;
  /** queueChanged events (the queue summary), in order. */
  queue: QueueCounts[];
}
const runs: Run[] = [];

/** A worker on the shared store (stopped after the case). */
function run(
  adapter: ProviderAdapter = createMiniAdapter(provider.url, provider.apiKey),
  sync: Partial<typeof FAST_SYNC> = {},
  failureThreshold = 1,
  openMs = 60_000,
  now?: () => number,
): Run {
  const logs: Run['logs'] = [];
  const updates: Run['updates'] = [];
  const queue: Run['queue'] = [];
  const events = new KioskEvents();
  events.on('queueChanged', (q) => queue.push(q));
  events.on('verificationUpdated', (v) => updates.push({ id: v.id, state: v.state, attempts: v.sync.attempts, lastError: v.sync.lastError }));
  const worker = new SyncWorker({
    store,
    adapters: new Map<ProviderId, ProviderAdapter>([[adapter.id, adapter]]),
    events,
    config: { ...FAST_SYNC, concurrency: 1, backoffBaseMs: WAIT, backoffCapMs: WAIT, ...sync },
    random: () => JITTER,
    circuit: { failureThreshold, openMs, maxOpenMs: 60_000 },
    log: (level, message) => logs.push({ level, message }),
    ...(now ? { now } : {}),
  });
  const r = { worker, logs, updates, queue };
  runs.push(r);
  return r;
}

type Row = { state: string; attempts: number; last_error: string | null; next_attempt_at: number | null; outage_wait: number; progress: string; raw_response: string | null };
const row = (id: string): Row =>
  store.db.prepare<[string], Row>('SELECT state, attempts, last_error, next_attempt_at, outage_wait, progress, raw_response FROM verifications WHERE id = ?').get(id)!;
const counter = (name: string): number => store.counters()[name] ?? 0;
const status = (w: SyncWorker) => w.providerStatus().find((p) => p.id === 'zignsec')!;
const firstDelay = backoffDelay(0, { baseMs: WAIT, capMs: WAIT }, () => JITTER);

/** A worker whose circuit (threshold 1, open 300 ms) one 503 opened and which is now half open. */
async function halfOpenAfterA503(adapter?: ProviderAdapter): Promise<Run> {
  provider.fault('create_session', { kind: 'status', status: 503 }, 1);
  const r = run(adapter, {}, 1, 300);
  const a = queueVerification(store, ['front']);
  r.worker.start();
  await waitUntil('a refused with a 503', () => row(a).attempts === 1);
  await waitUntil('half open', () => status(r.worker).circuit === 'half_open');
  return r;
}

/** The verification goes through (the half-open trial) and its success closes the circuit. */
async function expectAcceptedAndClosed(r: Run, id: string): Promise<void> {
  await waitUntil(`${id} final`, () => isFinal(store, id));
  expect(row(id).state).toBe('accepted');
  expect(status(r.worker).circuit).toBe('closed');
}

/** The store refuses to record the retry of `ids`, as a full disk would; returns what undoes it. */
function failRetryRecording(...ids: string[]): () => void {
  const recordRetry = store.recordRetry.bind(store);
  store.recordRetry = (vid, ...rest) => {
    if (ids.includes(vid)) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    recordRetry(vid, ...rest);
  };
  return () => {
    store.recordRetry = recordRetry;
  };
}

describe('a failed step', () => {
  it('a 5xx is retried after the backoff: counted, its error kept, no outage, counted as maybe delivered; the circuit opens', async () => {
    provider.fault('create_session', { kind: 'status', status: 503 }, 1);
    const r = run();
    const id = queueVerification(store, ['front']);
    const duplicates = counter(METRIC_MAYBE_DUPLICATE);
    const before = Date.now();
    r.worker.start();
    await waitUntil('retry recorded', () => row(id).attempts === 1);
    const after = Date.now();
    const v = row(id);
    expect(v).toMatchObject({ state: 'queued', last_error: 'The provider answered 503.', outage_wait: 0 });
    expect(v.next_attempt_at! - firstDelay).toBeGreaterThanOrEqual(before);
    expect(v.next_attempt_at! - firstDelay).toBeLessThanOrEqual(after);
    expect(counter(METRIC_MAYBE_DUPLICATE)).toBe(duplicates + 1);
    expect(status(r.worker)).toMatchObject({ circuit: 'open', reachable: true });
    // The screen is told of the retry as recorded.
    await waitUntil('retry shown', () => r.updates.some((u) => u.id === id && u.attempts === 1));
    expect(r.updates.find((u) => u.id === id && u.attempts === 1)).toMatchObject({ state: 'queued', lastError: 'The provider answered 503.' });
    // A 503 without Retry-After sets no pace for the provider, and an answer is no sign of an outage.
    expect(r.logs.some((l) => /Retry-After|unreachable/.test(l.message))).toBe(false);
  });

  it('a 429 with Retry-After waits as long as asked and holds the provider for every verification, not counted as delivered', async () => {
    provider.fault('create_session', { kind: 'status', status: 429, retryAfterSeconds: 900 }, 1);
    const r = run(undefined, { backoffBaseMs: 1_000, backoffCapMs: WAIT + 500 }, 2);
    const a = queueVerification(store, ['front']);
    const duplicates = counter(METRIC_MAYBE_DUPLICATE);
    const before = Date.now();
    r.worker.start();
    await waitUntil('retry recorded', () => row(a).attempts === 1);
    expect(row(a).next_attempt_at! - 900_000).toBeGreaterThanOrEqual(before);
    expect(row(a)).toMatchObject({ last_error: 'The provider answered 429.', outage_wait: 0 });
    expect(counter(METRIC_MAYBE_DUPLICATE)).toBe(duplicates);
    // The provider's own pace, capped like any backoff: the rest of its queue waits up to the cap.
    expect(r.logs).toContainEqual({ level: 'warn', message: 'provider zignsec asked the kiosk to wait 601 s (Retry-After)' });
    // A 429 is an answer: the provider is reachable, and one refusal under the threshold of 2 keeps the circuit closed.
    // So only the hold keeps b back.
    expect(status(r.worker)).toMatchObject({ reachable: true, circuit: 'closed' });
    const b = queueVerification(store, ['front']);
    const arrivals = provider.arrivals.length;
    r.worker.kick();
    await new Promise((res) => setTimeout(res, 150)); // ten ticks of 15 ms
    expect(provider.arrivals.length).toBe(arrivals);
    expect(row(b)).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('no connection at all is an outage wait: not delivered, the provider marked unreachable', async () => {
    const closed = await startMiniProvider();
    const url = closed.url;
    await closed.close();
    const r = run(createMiniAdapter(url, 'k'), {}, 5);
    const id = queueVerification(store, ['front']);
    const duplicates = counter(METRIC_MAYBE_DUPLICATE);
    r.worker.start();
    await waitUntil('retry recorded', () => row(id).attempts === 1);
    expect(row(id)).toMatchObject({ outage_wait: 1, state: 'queued' });
    expect(row(id).last_error).toMatch(/could not be reached/);
    expect(counter(METRIC_MAYBE_DUPLICATE)).toBe(duplicates);
    expect(status(r.worker)).toMatchObject({ reachable: false, circuit: 'closed' });
    expect(r.logs).toContainEqual({ level: 'warn', message: 'provider zignsec looks unreachable' });
  });

  it('a reply lost after the provider did the work is retried and counted as maybe delivered', async () => {
    provider.fault('create_session', { kind: 'after_processing_reset' }, 1);
    const r = run();
    const id = queueVerification(store, ['front']);
    const duplicates = counter(METRIC_MAYBE_DUPLICATE);
    r.worker.start();
    await waitUntil('retry recorded', () => row(id).attempts === 1);
    expect(row(id).outage_wait).toBe(0);
    expect(counter(METRIC_MAYBE_DUPLICATE)).toBe(duplicates + 1);
  });

  it('a refusal of the request goes to a supervisor with the raw body; the provider answered, so its circuit stays closed', async () => {
    provider.fault('create_session', { kind: 'status', status: 400, body: '{"errors":[{"code":"bad"}]}' }, 1);
    const r = run(undefined, {}, 1);
    const id = queueVerification(store, ['front']);
    r.worker.start();
    await waitUntil('needs attention', () => row(id).state === 'needs_attention');
    // The raw body as the provider sent it (the mini provider sends this text as a JSON string).
    expect(row(id).attempts).toBe(0);
    expect(JSON.parse(row(id).raw_response!)).toBe('{"errors":[{"code":"bad"}]}');
    expect(row(id).last_error).toMatch(/refused the request/);
    await waitUntil('shown', () => r.updates.some((u) => u.id === id && u.state === 'needs_attention'));
    expect(status(r.worker).circuit).toBe('closed');
  });

  it('a step the kiosk stops itself goes to a supervisor and leaves the circuit as it was', async () => {
    const mini = createMiniAdapter(provider.url, provider.apiKey);
    const adapter: ProviderAdapter = { ...mini, step: () => Promise.reject(new ProviderError('invalid', 'The front was not captured.', { local: true })) };
    const r = run(adapter, {}, 1);
    const id = queueVerification(store, ['front']);
    r.worker.start();
    await waitUntil('needs attention', () => row(id).state === 'needs_attention');
    expect(row(id).last_error).toBe('The front was not captured.');
    expect(status(r.worker).circuit).toBe('closed');
  });

  it('rejected credentials pause the provider, note why on the verification and burn no attempt', async () => {
    const r = run(createMiniAdapter(provider.url, 'wrong-key'));
    const id = queueVerification(store, ['front']);
    r.worker.start();
    await waitUntil('paused', () => store.pausedProviders().length === 1);
    await waitUntil('noted', () => row(id).last_error !== null);
    expect(row(id)).toMatchObject({ state: 'queued', attempts: 0, last_error: 'The provider rejected the API key.' });
    expect(status(r.worker)).toMatchObject({ paused: true, circuit: 'closed' });
    expect(r.logs).toContainEqual({ level: 'error', message: 'provider zignsec paused: credentials rejected' });
  });

  it('a lost session starts again from a fresh session, counted, and finishes', async () => {
    provider.fault('status', { kind: 'status', status: 404 }, 1);
    const r = run(undefined, { backoffBaseMs: 10, backoffCapMs: 80 });
    const id = queueVerification(store, ['front']);
    const restarts = counter(METRIC_SESSION_RESTARTS);
    const creates = provider.counts.create_session ?? 0;
    r.worker.start();
    await waitUntil('final', () => isFinal(store, id));
    expect(counter(METRIC_SESSION_RESTARTS)).toBe(restarts + 1);
    expect(provider.counts.create_session).toBe(creates + 2);
    expect(store.audit.list({ verificationId: id }).some((a) => a.action === 'state_changed' && (a.detail as { restart?: boolean }).restart === true)).toBe(true);
    expect(status(r.worker).circuit).toBe('closed');
  });

  it('an error that is not a provider error is retried with its message kept', async () => {
    const mini = createMiniAdapter(provider.url, provider.apiKey);
    const r = run({ ...mini, step: () => Promise.reject(new TypeError('x is undefined')) });
    const id = queueVerification(store, ['front']);
    r.worker.start();
    await waitUntil('retry recorded', () => row(id).attempts === 1);
    expect(row(id).last_error).toBe('Unexpected sync error: x is undefined');
  });
});

describe('a failure that makes the verification due again at once', () => {
  it('is taken up before a younger verification the worker had already read ahead', async () => {
    // One slot, no backoff, no tick to fall back on: a's 503 makes it due now; b was read with it.
    provider.fault('create_session', { kind: 'status', status: 503 }, 1);
    const r = run(undefined, { concurrency: 1, tickMs: 600_000, backoffBaseMs: 0, backoffCapMs: 0 }, 5);
    const a = queueVerification(store, ['front']);
    const b = queueVerification(store, ['front']);
    const created = provider.createdFor.length;
    r.worker.start();
    await waitUntil('both final', () => isFinal(store, a) && isFinal(store, b));
    expect(row(a)).toMatchObject({ state: 'accepted', attempts: 0 });
    expect(provider.createdFor.slice(created)).toEqual([a, b]);
  });
});

describe('what a failure tells the circuit', () => {
  // Threshold 2: a 5xx, then another verification's failure, then a third verification's 5xx. An
  // answer from the provider in between resets the count (the circuit stays closed); a step the
  // kiosk stopped itself says nothing about the provider (the second 5xx opens it).
  const threeInARow = async (middle: 'refused by the provider' | 'stopped by the kiosk') => {
    const mini = createMiniAdapter(provider.url, provider.apiKey);
    let stopped = '';
    const adapter: ProviderAdapter = {
      ...mini,
      step: (job, progress, ctx) =>
        job.verificationId === stopped ? Promise.reject(new ProviderError('invalid', 'The front was not captured.', { local: true })) : mini.step(job, progress, ctx),
    };
    const r = run(adapter, {}, 2);
    const [a, b, c] = [queueVerification(store, ['front']), queueVerification(store, ['front']), queueVerification(store, ['front'])];
    provider.fault('create_session', { kind: 'status', status: 503 }, 1);
    if (middle === 'stopped by the kiosk') stopped = b;
    else provider.fault('create_session', { kind: 'status', status: 400, body: 'no' }, 1);
    provider.fault('create_session', { kind: 'status', status: 503 }, 1);
    r.worker.start();
    await waitUntil('all three failed once', () => row(a).attempts === 1 && row(b).state === 'needs_attention' && row(c).attempts === 1);
    return status(r.worker).circuit;
  };

  it('a refusal by the provider in between resets the count of failures in a row', async () => {
    expect(await threeInARow('refused by the provider')).toBe('closed');
  });

  it('a step the kiosk stopped itself in between does not', async () => {
    expect(await threeInARow('stopped by the kiosk')).toBe('open');
  });
});

describe('an answer after an outage', () => {
  // Two verifications at once: a's call finds no connection (the provider is marked unreachable and a
  // waits out the outage) while b's call is out at the provider, held there until then; b's answer,
  // a failure of its own, is still an answer: the provider is reachable again and a's wait ends.
  const outageWhileOut = async (route: 'create_session' | 'status', failureThreshold: number) => {
    const closed = await startMiniProvider();
    const unreachable = createMiniAdapter(closed.url, 'k');
    await closed.close();
    const mini = createMiniAdapter(provider.url, provider.apiKey);
    const held = provider.hold(route);
    let cutOff = '';
    const adapter: ProviderAdapter = {
      ...mini,
      step: async (job, progress, ctx) => {
        if (job.verificationId !== cutOff) return mini.step(job, progress, ctx);
        cutOff = '';
        await held.reached;
        return unreachable.step(job, progress, ctx);
      },
    };
    const r = run(adapter, { concurrency: 2 }, failureThreshold);
    const b = queueVerification(store, ['front']);
    const a = queueVerification(store, ['front']);
    cutOff = a;
    r.worker.start();
    await waitUntil('a waits out the outage', () => row(a).outage_wait === 1);
    expect(status(r.worker).reachable).toBe(false);
    return { r, a, b, release: held.release };
  };
  const ended = 'verification(s) waiting out an outage of zignsec are due now: it answered';

  it('a 5xx ends the outage: reachable again, and the verification that met it is sent at once', async () => {
    const { r, a, b, release } = await outageWhileOut('create_session', 5);
    provider.fault('create_session', { kind: 'status', status: 503 }, 1);
    release();
    await waitUntil('b refused with a 503', () => row(b).attempts === 1);
    expect(status(r.worker)).toMatchObject({ reachable: true, circuit: 'closed' });
    expect(row(b)).toMatchObject({ last_error: 'The provider answered 503.', outage_wait: 0 });
    // a's 10-minute outage wait is over: it goes now and finishes.
    await waitUntil('a final', () => isFinal(store, a));
    expect(row(a).state).toBe('accepted');
    expect(r.logs).toContainEqual({ level: 'info', message: `1 ${ended}` });
  });

  it('a refusal of the request ends the outage: reachable again, b to a supervisor, a sent at once', async () => {
    const { r, a, b, release } = await outageWhileOut('create_session', 5);
    provider.fault('create_session', { kind: 'status', status: 400, body: 'no' }, 1);
    release();
    await waitUntil('b needs attention', () => row(b).state === 'needs_attention');
    expect(status(r.worker)).toMatchObject({ reachable: true, circuit: 'closed' });
    await waitUntil('a final', () => isFinal(store, a));
    expect(row(a).state).toBe('accepted');
    expect(r.logs).toContainEqual({ level: 'info', message: `1 ${ended}` });
  });

  it('rejected credentials end the outage too: reachable, the wait over, the provider paused', async () => {
    const { r, a, b, release } = await outageWhileOut('create_session', 5);
    provider.fault('create_session', { kind: 'status', status: 401 }, 1);
    release();
    await waitUntil('paused', () => store.pausedProviders().length === 1);
    expect(status(r.worker)).toMatchObject({ reachable: true, paused: true });
    expect(r.logs).toContainEqual({ level: 'info', message: `1 ${ended}` });
    // a is due now rather than in 10 minutes, and waits for a supervisor like b.
    expect(row(a)).toMatchObject({ state: 'queued', outage_wait: 0 });
    expect(row(a).next_attempt_at ?? 0).toBeLessThanOrEqual(Date.now());
    expect(row(b)).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('a lost session ends the outage and closes the circuit the outage opened: both finish', async () => {
    const { r, a, b, release } = await outageWhileOut('status', 1);
    expect(status(r.worker).circuit).toBe('open'); // threshold 1: the failed connection opened it
    const restarts = counter(METRIC_SESSION_RESTARTS);
    provider.fault('status', { kind: 'status', status: 404 }, 1);
    release();
    await waitUntil('b restarted', () => counter(METRIC_SESSION_RESTARTS) === restarts + 1);
    // The 404 is the provider's answer: the circuit closes (open for 60 s otherwise) and it is reachable.
    expect(status(r.worker)).toMatchObject({ reachable: true, circuit: 'closed' });
    expect(r.logs).toContainEqual({ level: 'info', message: `1 ${ended}` });
    await waitUntil('both final', () => isFinal(store, a) && isFinal(store, b));
    expect([row(a).state, row(b).state]).toEqual(['accepted', 'accepted']);
  });
});

describe('a failure that was the half-open circuit trial', () => {
  it('rejected credentials free the trial: once resumed, the provider is tried again and the verification finishes', async () => {
    provider.fault('create_session', { kind: 'status', status: 503 }, 1);
    // Open for 1 s: long enough to still see it open after the retry is recorded on a loaded machine (300 ms was not).
    const r = run(undefined, {}, 1, 1_000);
    const a = queueVerification(store, ['front']);
    r.worker.start();
    await waitUntil('a refused with a 503', () => row(a).attempts === 1);
    expect(status(r.worker).circuit).toBe('open');
    await waitUntil('half open', () => status(r.worker).circuit === 'half_open');
    provider.fault('create_session', { kind: 'status', status: 401 }, 1);
    const b = queueVerification(store, ['front']);
    r.worker.kick();
    await waitUntil('paused by the trial', () => store.pausedProviders().length === 1);
    // Nothing learnt about the provider's health: still half open, waiting for a trial.
    expect(status(r.worker).circuit).toBe('half_open');
    r.worker.resumeProvider('zignsec', 'test');
    await expectAcceptedAndClosed(r, b);
  });

  it('a step the kiosk stops itself frees the trial: the next verification is tried and closes the circuit', async () => {
    const mini = createMiniAdapter(provider.url, provider.apiKey);
    let stopped = '';
    const adapter: ProviderAdapter = {
      ...mini,
      step: (job, progress, ctx) =>
        job.verificationId === stopped ? Promise.reject(new ProviderError('invalid', 'The front was not captured.', { local: true })) : mini.step(job, progress, ctx),
    };
    const r = await halfOpenAfterA503(adapter);
    const b = queueVerification(store, ['front']);
    stopped = b;
    r.worker.kick();
    await waitUntil('b needs attention', () => row(b).state === 'needs_attention');
    // Nothing learnt about the provider: still half open, the trial free for the next one.
    expect(status(r.worker).circuit).toBe('half_open');
    const c = queueVerification(store, ['front']);
    r.worker.kick();
    await expectAcceptedAndClosed(r, c);
  });
});

describe('the queue summary', () => {
  it('is sent after a failure: a step the kiosk stopped shows as needing attention at once', async () => {
    const mini = createMiniAdapter(provider.url, provider.apiKey);
    const r = run({ ...mini, step: () => Promise.reject(new ProviderError('invalid', 'The front was not captured.', { local: true })) });
    const id = queueVerification(store, ['front']);
    r.worker.start();
    await waitUntil('needs attention', () => row(id).state === 'needs_attention');
    // The failure is the worker's only news (no step succeeded, the provider never answered).
    await waitUntil('summary sent', () => r.queue.length > 0);
    expect(r.queue.at(-1)).toMatchObject({ needsAttention: 1, inFlight: 0 });
  });
});

describe('a shutdown while a step is out', () => {
  it('records nothing for the step it cut off: no retry, no error, no failure against the provider', async () => {
    const held = provider.hold('create_session');
    const r = run(undefined, {}, 1);
    const id = queueVerification(store, ['front']);
    const audits = store.audit.list({ verificationId: id }).length;
    r.worker.start();
    await held.reached;
    await r.worker.stop();
    held.release();
    expect(row(id)).toMatchObject({ state: 'queued', attempts: 0, last_error: null, next_attempt_at: null, outage_wait: 0 });
    expect(store.audit.list({ verificationId: id })).toHaveLength(audits);
    expect(status(r.worker).circuit).toBe('closed');
  });

  it('a half-open trial it cut off is freed: after a restart the provider is tried again', async () => {
    const r = await halfOpenAfterA503();
    const held = provider.hold('create_session');
    const b = queueVerification(store, ['front']);
    r.worker.kick();
    await held.reached; // b's call is the trial
    await r.worker.stop();
    held.release();
    expect(row(b)).toMatchObject({ state: 'queued', attempts: 0, last_error: null });
    expect(status(r.worker).circuit).toBe('half_open');
    r.worker.start();
    await expectAcceptedAndClosed(r, b);
  });
});

describe('Retry-After', () => {
  it('a refusal that asks for no longer than the hold already running leaves it as it is', async () => {
    // A clock the test moves: three verifications refused one after the other at the same moment.
    const clock = { now: Date.now() };
    const mini = createMiniAdapter(provider.url, provider.apiKey);
    const order: string[] = [];
    const adapter: ProviderAdapter = {
      ...mini,
      step: async (job, progress, ctx) => {
        const i = order.indexOf(job.verificationId);
        if (i > 0) await waitUntil('the one before refused', () => row(order[i - 1]!).attempts === 1);
        return mini.step(job, progress, ctx);
      },
    };
    const r = run(adapter, { concurrency: 3, backoffBaseMs: 1_000, backoffCapMs: WAIT + 500 }, 5, 60_000, () => clock.now);
    order.push(queueVerification(store, ['front']), queueVerification(store, ['front']), queueVerification(store, ['front']));
    provider.fault('create_session', { kind: 'status', status: 429, retryAfterSeconds: 900 }, 2);
    provider.fault('create_session', { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
    r.worker.start();
    await waitUntil('all three refused', () => order.every((id) => row(id).attempts === 1));
    // The first set the hold (900 s capped to 601 s); the second asked for as long, the third for 1 s: one hold.
    expect(r.logs.filter((l) => /Retry-After/.test(l.message))).toEqual([{ level: 'warn', message: 'provider zignsec asked the kiosk to wait 601 s (Retry-After)' }]);
    expect(row(order[2]!).next_attempt_at).toBe(clock.now + 1_000);
    // Five seconds on, the provider is still held: the third is not sent although its own wait is over, nor a new one.
    clock.now += 5_000;
    const d = queueVerification(store, ['front']);
    const arrivals = provider.arrivals.length;
    r.worker.kick();
    await new Promise((res) => setTimeout(res, 150)); // ten ticks of 15 ms
    expect(provider.arrivals.length).toBe(arrivals);
    expect(row(d)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(row(order[2]!).attempts).toBe(1);
  });

  it('when the hold ends the rest of the queue goes on at once, without waiting for the next tick', async () => {
    provider.fault('create_session', { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
    const r = run(undefined, { tickMs: 600_000, backoffBaseMs: 1_000, backoffCapMs: WAIT }, 5);
    const a = queueVerification(store, ['front']);
    r.worker.start();
    await waitUntil('a refused', () => row(a).attempts === 1);
    const b = queueVerification(store, ['front']);
    r.worker.kick(); // b is due, the provider held for a second
    await new Promise((res) => setTimeout(res, 100));
    expect(row(b)).toMatchObject({ state: 'queued', attempts: 0 });
    await waitUntil('b final', () => isFinal(store, b), 15_000);
    expect(row(b).state).toBe('accepted');
  });
});

describe('a store that cannot record', () => {
  it('a step the store cannot record holds the verification for the backoff and says so, without calling the provider again', async () => {
    const r = run(undefined, { backoffBaseMs: 2_100, backoffCapMs: WAIT });
    const id = queueVerification(store, ['front']);
    const record = store.recordStepGroupCommit.bind(store);
    let refused = 0;
    store.recordStepGroupCommit = (vid, result) => {
      if (vid === id && refused === 0) {
        refused++;
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      }
      return record(vid, result);
    };
    try {
      const creates = provider.counts.create_session ?? 0;
      const before = Date.now();
      r.worker.start();
      await waitUntil('the failure is on the verification', () => row(id).last_error === STORE_FAILURE_MESSAGE);
      const after = Date.now();
      // The wait is the backoff after one store failure (3.15 s with this jitter), never under the base.
      const held = Math.max(2_100, backoffDelay(1, { baseMs: 2_100, capMs: WAIT }, () => JITTER));
      expect(held).toBe(3_150);
      expect(row(id).next_attempt_at! - held).toBeGreaterThanOrEqual(before);
      expect(row(id).next_attempt_at! - held).toBeLessThanOrEqual(after);
      expect(row(id)).toMatchObject({ attempts: 1, outage_wait: 0 });
      expect(r.logs).toContainEqual({ level: 'error', message: `sync of ${id}: the kiosk could not save its progress; trying again in 4 s` });
      await new Promise((res) => setTimeout(res, 150));
      expect(provider.counts.create_session ?? 0).toBe(creates + 1);
      // The provider did answer: it stays usable.
      expect(status(r.worker)).toMatchObject({ circuit: 'closed', reachable: true });
    } finally {
      store.recordStepGroupCommit = record;
    }
  });

  it('a failure whose retry the store cannot record either is held in memory: the provider is not called again meanwhile', async () => {
    provider.fault('create_session', { kind: 'status', status: 503 }, 1);
    // Circuit threshold 5: the one 503 leaves it closed, so only the hold keeps the provider from being called.
    const r = run(undefined, { backoffBaseMs: 2_100, backoffCapMs: WAIT }, 5);
    const id = queueVerification(store, ['front']);
    const restoreRetries = failRetryRecording(id);
    try {
      const creates = provider.arrivals.filter((a) => a.name === 'create_session').length;
      r.worker.start();
      await waitUntil('held', () => r.logs.some((l) => l.level === 'error' && l.message.startsWith(`sync of ${id}:`)));
      expect(r.logs).toContainEqual({ level: 'error', message: `sync of ${id}: the kiosk could not save its progress; trying again in 4 s` });
      // Nothing is recorded, yet the verification is not sent again every tick (15 ms) while held.
      await new Promise((res) => setTimeout(res, 200));
      expect(provider.arrivals.filter((a) => a.name === 'create_session')).toHaveLength(creates + 1);
      expect(row(id)).toMatchObject({ attempts: 0, last_error: null, state: 'queued' });
      expect(status(r.worker).circuit).toBe('closed');
    } finally {
      restoreRetries();
    }
  });

  it('when the hold ends the verification is sent again at once, without waiting for the next tick, and finishes', async () => {
    provider.fault('create_session', { kind: 'status', status: 503 }, 1);
    const r = run(undefined, { tickMs: 600_000, backoffBaseMs: 200, backoffCapMs: WAIT }, 5);
    const id = queueVerification(store, ['front']);
    const restoreRetries = failRetryRecording(id);
    try {
      r.worker.start();
      // Held in memory for 300 ms (the base of 200 ms with this jitter); nothing else wakes the worker.
      await waitUntil('final', () => isFinal(store, id), 15_000);
      expect(row(id).state).toBe('accepted');
      expect(r.logs).toContainEqual({ level: 'error', message: `sync of ${id}: the kiosk could not save its progress; trying again in 1 s` });
      expect(r.logs).toContainEqual({ level: 'info', message: `sync of ${id}: the store records steps again` });
    } finally {
      restoreRetries();
    }
  });

  it('verifications held in memory do not fill the read-ahead: a younger one due meanwhile is sent', async () => {
    // Eight failures whose retries the store cannot record: all eight stay due in the store, held
    // in memory for ten minutes, and eight is what the worker reads ahead. Threshold 20: the circuit stays closed.
    provider.fault('create_session', { kind: 'status', status: 503 }, 8);
    const r = run(undefined, { concurrency: 2, backoffBaseMs: WAIT, backoffCapMs: WAIT }, 20);
    const held = new Set(Array.from({ length: 8 }, () => queueVerification(store, ['front'])));
    const restoreRetries = failRetryRecording(...held);
    try {
      r.worker.start();
      await waitUntil('all eight held', () => r.logs.filter((l) => l.level === 'error' && l.message.includes('could not save its progress')).length === 8);
      const young = queueVerification(store, ['front']);
      r.worker.kick();
      await waitUntil('the younger one final', () => isFinal(store, young), 15_000);
      expect(row(young).state).toBe('accepted');
      expect([...held].map((id) => row(id))).toEqual([...held].map(() => expect.objectContaining({ state: 'queued', attempts: 0, last_error: null })));
      expect(status(r.worker).circuit).toBe('closed');
    } finally {
      restoreRetries();
    }
  });
});
