import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMiniAdapter } from './support/mini-adapter';
import { startMiniProvider, type MiniProvider } from './support/mini-provider';
import { isFinal, queueVerification, startHarness, waitUntil, type Harness } from './support/harness';
import { key, tempDir } from '../store/support';
import { METRIC_SESSION_RESTARTS, SyncWorker } from '../../../main/sync/worker';
import { KioskEvents } from '../../../main/events';
import { FAST_SYNC } from './support/harness';
import { ProviderError, type ProviderAdapter } from '../../../main/providers/provider';

let t: ReturnType<typeof tempDir>;
let provider: MiniProvider;
let h: Harness | null;
const k = key();

beforeEach(async () => {
  t = tempDir('kiosk-sync-');
  provider = await startMiniProvider();
  h = null;
});
afterEach(async () => {
  await h?.stop();
  await provider.close();
  t.cleanup();
});

describe('sync worker against a real loopback provider', () => {
  it('drives a verification to its final state, one persisted step at a time', async () => {
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false });
    const id = queueVerification(h.store, ['front', 'back'], 50_000);
    h.worker.start();
    await waitUntil('final state', () => isFinal(h!.store, id));
    const v = h.store.getVerification(id)!;
    expect(v.state).toBe('accepted');
    expect(v.outcome?.identity.lastName).toBe('ZZMINISURNAME');
    expect(v.sync).toMatchObject({ attempts: 0, lastError: null, step: 'result_fetched' });
    const raw = h.store.db.prepare('SELECT raw_response FROM verifications WHERE id = ?').get(id) as { raw_response: string };
    expect(JSON.parse(raw.raw_response)).toMatchObject({ decision: 'accepted', documents: 2 });
    expect(provider.counts).toMatchObject({ create_session: 1, add_document: 2, start_analysis: 1, result: 1 });
    // each step has its audit row, in order, and the chain verifies
    const steps = h.store.audit.list({ verificationId: id }).map((r) => r.action).filter((a) => a.startsWith('step:'));
    expect(steps).toEqual(['step:session_created', 'step:document_uploaded', 'step:document_uploaded', 'step:analysis_started', 'step:result_fetched']);
    expect(h.store.audit.verifyAudit().ok).toBe(true);
    // events: the states the screen saw, byte progress during uploads, queue summary at the end
    const states = [...new Set(h.updates.filter((u) => u.id === id).map((u) => u.state))];
    expect(states).toEqual(['submitting', 'awaiting_result', 'accepted']);
    expect(h.updates.some((u) => u.sync.bytesTotal === 50_000 && u.sync.bytesSent === 50_000)).toBe(true);
    await waitUntil('queue summary shows the drained queue', () => h!.queues.at(-1)?.inFlight === 0 && h!.queues.at(-1)?.waiting === 0);
    expect(h.queues.at(-1)!.lastSyncAt).not.toBeNull();
    expect(h.worker.providerStatus().find((p) => p.id === 'zignsec')).toMatchObject({ configured: true, reachable: true, circuit: 'closed', paused: false });
  });

  it('resumes after a restart at the next step without repeating a finished one', async () => {
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false, progressEventMs: 0 });
    const id = queueVerification(h.store, ['front', 'back']);
    let stopping: Promise<void> | null = null;
    const first = h;
    h.events.on('verificationUpdated', (v) => {
      // Stop the kiosk right after the FIRST upload was committed (before the second starts).
      if (v.id === id && v.sync.step === 'document_uploaded' && !stopping) stopping = first.stop();
    });
    h.worker.start();
    await waitUntil('stopped after first upload', () => stopping !== null);
    await stopping;
    h = null;
    expect(provider.counts).toEqual({ create_session: 1, add_document: 1 });

    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey) });
    expect(h.store.getVerification(id)!.state).toBe('submitting');
    await waitUntil('final state after restart', () => isFinal(h!.store, id));
    expect(provider.counts).toMatchObject({ create_session: 1, add_document: 2, start_analysis: 1, result: 1 });
    const session = [...provider.sessions.values()][0]!;
    expect(session.relayState).toBe(id);
    expect(session.documents.size).toBe(2);
  });

  it('retries 5xx/429 with backoff, shows attempts and last error, and honours Retry-After', async () => {
    provider.fault('create_session', { kind: 'status', status: 503 }, 2);
    provider.fault('add_document', { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false });
    const id = queueVerification(h.store, ['front']);
    h.worker.start();
    await waitUntil('first retry recorded', () => (h!.store.getVerification(id)!.sync.attempts ?? 0) >= 1);
    const retrying = h.store.getVerification(id)!;
    expect(retrying.sync.lastError).toMatch(/503/);
    expect(retrying.sync.nextAttemptAt).not.toBeNull();
    await waitUntil('429 recorded', () => /429/.test(h!.store.getVerification(id)!.sync.lastError ?? ''));
    const after429 = h.store.getVerification(id)!;
    // Retry-After: 1 s is far later than any jittered backoff here (cap 80 ms). The audit row's
    // clock is read a moment after the retry time was computed, hence the small allowance.
    const retryAudit = h.store.audit.list({ verificationId: id }).filter((r) => r.action === 'retry_scheduled').at(-1)!;
    expect(Date.parse(after429.sync.nextAttemptAt!) - Date.parse(retryAudit.at)).toBeGreaterThanOrEqual(950);
    await waitUntil('final', () => isFinal(h!.store, id));
    expect(h.store.getVerification(id)!.state).toBe('accepted');
    expect(provider.counts).toMatchObject({ create_session: 1, add_document: 1 });
  });

  it('sends a validation error to needs_attention with the provider message and raw body', async () => {
    provider.fault('add_document', { kind: 'status', status: 400, body: '{"errors":[{"code":"bad_document","description":"blurry"}]}' });
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false });
    const id = queueVerification(h.store, ['front']);
    h.worker.start();
    await waitUntil('needs attention', () => h!.store.getVerification(id)!.state === 'needs_attention');
    const v = h.store.getVerification(id)!;
    expect(v.sync.lastError).toMatch(/blurry/);
    const raw = h.store.db.prepare('SELECT raw_response FROM verifications WHERE id = ?').get(id) as { raw_response: string };
    expect(raw.raw_response).toContain('bad_document');
    expect(h.store.queueCounts().needsAttention).toBe(1);
    // a supervisor retries it: progress kept, the session is not created again
    h.store.retryVerification(id, 'supervisor:alice', 'image checked');
    h.worker.kick();
    await waitUntil('final after supervisor retry', () => isFinal(h!.store, id));
    expect(provider.counts.create_session).toBe(1);
  });

  it('pauses the provider on an auth failure, raises an alert, and resumes when a supervisor says so', async () => {
    const wrong = createMiniAdapter(provider.url, 'wrong-key');
    h = startHarness({ dataDir: t.dir, key: k, adapter: wrong, autoStart: false });
    const a = queueVerification(h.store, ['front']);
    const b = queueVerification(h.store, ['front']);
    h.worker.start();
    await waitUntil('paused', () => h!.store.pausedProviders().length === 1);
    await h.stop();
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey) });
    // The pause survives the restart: nothing is sent with the fixed key until a supervisor resumes.
    expect(h.worker.providerStatus().find((p) => p.id === 'zignsec')!.paused).toBe(true);
    expect(h.store.openAlerts()).toHaveLength(1);
    expect(h.store.openAlerts()[0]!.message).toMatch(/rejected the kiosk's credentials/);
    expect(h.store.getVerification(a)!.sync.attempts).toBe(0); // no retries burned
    expect(h.store.getVerification(a)!.sync.lastError).toMatch(/rejected/);
    expect(provider.counts.create_session ?? 0).toBe(0);
    h.worker.resumeProvider('zignsec', 'supervisor:alice');
    await waitUntil('both final', () => isFinal(h!.store, a) && isFinal(h!.store, b));
    expect(h.store.openAlerts()).toHaveLength(0);
    expect(h.store.audit.list().map((r) => r.action)).toEqual(expect.arrayContaining(['provider_paused', 'provider_resumed']));
  });

  it('restarts from a fresh session when the provider lost the session', async () => {
    provider.fault('status', { kind: 'status', status: 404 });
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false });
    const id = queueVerification(h.store, ['front']);
    h.worker.start();
    await waitUntil('final', () => isFinal(h!.store, id));
    expect(provider.counts.create_session).toBe(2);
    expect(h.store.counters()[METRIC_SESSION_RESTARTS]).toBe(1);
  });

  it('waits quietly while the provider is unreachable and resumes by itself when it returns', async () => {
    const port = provider.port;
    const apiKey = provider.apiKey;
    await provider.close();
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(`http://127.0.0.1:${port}`, apiKey), autoStart: false });
    const ids = [queueVerification(h.store, ['front']), queueVerification(h.store, ['front']), queueVerification(h.store, ['front'])];
    h.worker.start();
    await waitUntil('offline', () => h!.worker.online() === false);
    // let several probe rounds pass
    await new Promise((r) => setTimeout(r, 300));
    const attempts = ids.map((id) => h!.store.getVerification(id)!.sync.attempts);
    expect(attempts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2); // only the calls that discovered the outage
    expect(h.store.queueCounts().waiting).toBe(3);
    provider = await startMiniProvider({ port, apiKey });
    await waitUntil('all final', () => ids.every((id) => isFinal(h!.store, id)));
    expect(h.worker.online()).toBe(true);
    expect(provider.createdFor).toEqual(ids); // oldest first
  });

  // Every retry in these two waits ~10 minutes (the backoff at its cap): a wait that did not end
  // early would outlast waitUntil's limit.
  const outageOptions = (port: number, apiKey: string, random: () => number) => ({
    dataDir: t.dir,
    key: k,
    adapter: createMiniAdapter(`http://127.0.0.1:${port}`, apiKey),
    sync: { concurrency: 1, backoffBaseMs: 600_000, backoffCapMs: 600_000 },
    random,
    autoStart: false,
  });

  it('a restart ends the waits an outage caused: the oldest verification meets the network first, and goes first when it is back', async () => {
    const { port, apiKey } = provider;
    await provider.close();
    h = startHarness(outageOptions(port, apiKey, () => 0.99));
    const ids = [queueVerification(h.store, ['front']), queueVerification(h.store, ['front']), queueVerification(h.store, ['front'])];
    for (const attempts of [1, 2]) {
      h.worker.start();
      await waitUntil('offline', () => h!.worker.online() === false);
      const oldest = h.store.getVerification(ids[0]!)!;
      expect(oldest.sync.attempts).toBe(attempts); // the same oldest one, not the next in line
      expect(Date.parse(oldest.sync.nextAttemptAt!) - Date.now()).toBeGreaterThan(500_000);
      expect(ids.slice(1).map((id) => h!.store.getVerification(id)!.sync.attempts)).toEqual([0, 0]);
      await h.stop();
      h = startHarness(outageOptions(port, apiKey, () => 0.99));
    }
    provider = await startMiniProvider({ port, apiKey });
    h.worker.start();
    await waitUntil('all final', () => ids.every((id) => isFinal(h!.store, id)));
    expect(provider.createdFor).toEqual(ids);
    // One release per start that found a wait to end.
    const released = h.store.audit.list().filter((r) => r.action === 'outage_waits_released');
    expect(released.map((r) => r.detail)).toEqual([
      { provider: 'zignsec', verifications: 1 },
      { provider: 'zignsec', verifications: 1 },
    ]);
    expect(h.store.audit.verifyAudit().ok).toBe(true);
  });

  it('a probe that finds the provider back ends the waits the outage caused at once', async () => {
    const { port, apiKey } = provider;
    await provider.close();
    // The retry waits ~10 minutes; the probe schedule draws next and comes after ~3 s.
    let draws = 0;
    h = startHarness(outageOptions(port, apiKey, () => (draws++ === 0 ? 0.99 : 0.005)));
    const id = queueVerification(h.store, ['front']);
    h.worker.start();
    await waitUntil('offline', () => h!.worker.online() === false);
    expect(Date.parse(h.store.getVerification(id)!.sync.nextAttemptAt!) - Date.now()).toBeGreaterThan(500_000);
    provider = await startMiniProvider({ port, apiKey });
    await waitUntil('final', () => isFinal(h!.store, id));
    expect(h.store.getVerification(id)!.state).toBe('accepted');
    expect(h.store.audit.list().filter((r) => r.action === 'outage_waits_released').map((r) => r.detail)).toEqual([{ provider: 'zignsec', verifications: 1 }]);
  });

  it('opens the circuit after repeated failures and closes it after a successful trial', async () => {
    provider.fault('create_session', { kind: 'status', status: 500 }, 3);
    h = startHarness({
      dataDir: t.dir,
      key: k,
      adapter: createMiniAdapter(provider.url, provider.apiKey),
      circuit: { failureThreshold: 3, openMs: 200, maxOpenMs: 400 },
      autoStart: false,
    });
    const id = queueVerification(h.store, ['front']);
    const circuits: string[] = [];
    h.events.on('queueChanged', () => circuits.push(h!.worker.providerStatus()[0]!.circuit));
    h.worker.start();
    await waitUntil('final', () => isFinal(h!.store, id));
    expect(circuits).toContain('open');
    expect(h.worker.providerStatus()[0]!.circuit).toBe('closed');
    expect(h.store.getVerification(id)!.state).toBe('accepted');
  });

  it('works oldest first with bounded concurrency', async () => {
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), sync: { concurrency: 2 }, autoStart: false });
    const ids = Array.from({ length: 8 }, () => queueVerification(h!.store, ['front'], 100_000));
    h.worker.start();
    await waitUntil('all final', () => ids.every((id) => isFinal(h!.store, id)));
    expect(provider.maxConcurrent()).toBeLessThanOrEqual(2);
    expect(provider.createdFor.slice(0, 2).sort()).toEqual(ids.slice(0, 2).sort());
    expect(provider.createdFor.indexOf(ids[7]!)).toBeGreaterThanOrEqual(6);
    expect(provider.counts.create_session).toBe(8);
  });

  it('a verification waiting for its WAL sync holds no slot: another one steps meanwhile, and it resumes afterwards', async () => {
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), sync: { concurrency: 1 }, autoStart: false });
    const ids = [queueVerification(h.store, ['front']), queueVerification(h.store, ['front'])];
    // The first verification's first durable step stays "on its way to the disk" until released.
    const store = h.store;
    const commit = store.recordStepGroupCommit.bind(store);
    let release!: () => void;
    const disk = new Promise<void>((r) => (release = r));
    let held = 0;
    store.recordStepGroupCommit = (id, result) => {
      const r = commit(id, result);
      if (id !== ids[0] || held++) return r;
      return { live: r.live, onDisk: r.onDisk.then(() => disk) };
    };
    h.worker.start();
    await waitUntil('the second verification finished while the first waited for its disk', () => isFinal(store, ids[1]!));
    expect(isFinal(store, ids[0]!)).toBe(false);
    expect(provider.createdFor).toEqual([ids[0], ids[1]]);
    expect(provider.counts.add_document).toBe(1); // only the second's: the first sent nothing after its held step
    release();
    await waitUntil('the first finished after its disk wait', () => isFinal(store, ids[0]!));
    expect(provider.maxConcurrent()).toBe(1);
    expect(provider.counts).toMatchObject({ create_session: 2, add_document: 2 });
  });

  it('coalesces progress events within a state, but shows every state, each finished upload and the final outcome', async () => {
    // Three uploads on loopback commit their steps within milliseconds: a coalescing window far
    // longer than the whole run leaves one event per state change plus the "image all sent" ones.
    const run = async (progressEventMs: number) => {
      const dir = tempDir('kiosk-sync-events-');
      const hh = startHarness({ dataDir: dir.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false, progressEventMs });
      try {
        const id = queueVerification(hh.store, ['front', 'back', 'selfie'], 20_000);
        hh.worker.start();
        await waitUntil('final', () => isFinal(hh.store, id));
        await waitUntil('final event', () => hh.updates.some((u) => u.id === id && u.state === 'accepted'));
        const mine = hh.updates.filter((u) => u.id === id);
        const steps = hh.store.audit.list({ verificationId: id }).filter((r) => r.action.startsWith('step:')).length;
        return { mine, steps };
      } finally {
        await hh.stop();
        dir.cleanup();
      }
    };
    const every = await run(0);
    const coalesced = await run(10_000);
    for (const { mine } of [every, coalesced]) {
      expect([...new Set(mine.map((u) => u.state))]).toEqual(['submitting', 'awaiting_result', 'accepted']);
      expect(mine.filter((u) => u.sync.bytesTotal !== null && u.sync.bytesSent === u.sync.bytesTotal)).toHaveLength(3);
      expect(mine.at(-1)!.state).toBe('accepted');
    }
    // Without coalescing every committed step has its event; with it, the steps inside a state do not.
    expect(every.mine.filter((u) => u.sync.bytesTotal === null).length).toBeGreaterThanOrEqual(every.steps);
    expect(coalesced.mine.filter((u) => u.sync.bytesTotal === null).length).toBeLessThan(coalesced.steps);
  });

  it('runs the retention purge for final verifications when configured', async () => {
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false });
    const id = queueVerification(h.store, ['front']);
    h.worker.start();
    await waitUntil('final', () => isFinal(h!.store, id));
    await new Promise((r) => setTimeout(r, 5)); // finished strictly before "now"
    const purger = new SyncWorker({ store: h.store, adapters: new Map(), events: new KioskEvents(), config: FAST_SYNC, retention: { imageDays: 0 } });
    expect(purger.purgeImages()).toEqual({ verifications: 1, captures: 1 });
    expect(h.store.getVerification(id, { previews: true })!.captures[0]!.preview).toBeNull();
  });
});

describe('sync worker: what a failure says about the provider, and failures of the store itself', () => {
  it('holds every verification of a provider that answered 429 with Retry-After, not only the refused one', async () => {
    provider.fault('create_session', { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false, sync: { concurrency: 1, backoffCapMs: 5_000 } });
    const a = queueVerification(h.store, ['front']);
    const b = queueVerification(h.store, ['front']);
    h.worker.start();
    await waitUntil('both final', () => isFinal(h!.store, a) && isFinal(h!.store, b));
    const creates = provider.arrivals.filter((r) => r.name === 'create_session');
    expect(creates).toHaveLength(3); // a refused, then b and a
    // b was not the one refused, yet it waited for the provider's second too (without the hold it
    // went at once, milliseconds after the 429).
    expect(creates[1]!.at - creates[0]!.at).toBeGreaterThanOrEqual(900);
    expect(h.store.getVerification(a)!.state).toBe('accepted');
    expect(h.store.getVerification(b)!.state).toBe('accepted');
  });

  it('a step the kiosk refuses itself does not close a half-open circuit', async () => {
    provider.fault('create_session', { kind: 'status', status: 500 }, 1);
    const mini = createMiniAdapter(provider.url, provider.apiKey);
    let refusesLocally = '';
    const adapter: ProviderAdapter = {
      ...mini,
      step: (job, progress, ctx) =>
        job.verificationId === refusesLocally
          ? Promise.reject(new ProviderError('invalid', 'The front of the document was not captured. Capture it, then submit again.', { local: true }))
          : mini.step(job, progress, ctx),
    };
    h = startHarness({
      dataDir: t.dir,
      key: k,
      adapter,
      autoStart: false,
      // a's retry comes at 2 s (jitter pinned to its ceiling), long after the circuit half-opens at 300 ms
      sync: { concurrency: 1, backoffBaseMs: 2_000, backoffCapMs: 2_000 },
      random: () => 0.999,
      circuit: { failureThreshold: 1, openMs: 300, maxOpenMs: 1_000 },
    });
    const a = queueVerification(h.store, ['front']);
    h.worker.start();
    await waitUntil('a refused with a 500', () => (h!.store.getVerification(a)!.sync.attempts ?? 0) >= 1);
    expect(h.worker.providerStatus()[0]!.circuit).toBe('open');
    const b = queueVerification(h.store, ['front']);
    refusesLocally = b;
    h.worker.kick();
    await waitUntil('b took the trial and was stopped by the kiosk', () => h!.store.getVerification(b)!.state === 'needs_attention');
    // Nothing was learnt about the provider: still waiting for a real trial (it closed here before).
    expect(h.worker.providerStatus()[0]!.circuit).toBe('half_open');
    expect(h.store.getVerification(b)!.sync.lastError).toMatch(/front of the document/);
    await waitUntil('a final', () => isFinal(h!.store, a));
    expect(h.store.getVerification(a)!.state).toBe('accepted');
    expect(h.worker.providerStatus()[0]!.circuit).toBe('closed');
  });

  it('sends nothing more for a verification a supervisor cancelled between two of its steps', async () => {
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false, progressEventMs: 0 });
    const id = queueVerification(h.store, ['front', 'back']);
    const store = h.store;
    h.events.on('verificationUpdated', (v) => {
      // The session step is committed; the worker now waits for the disk and a slot before uploading.
      if (v.id === id && v.sync.step === 'session_created' && v.state === 'submitting') store.cancelVerification(id, 'supervisor:s1', 'customer withdrew consent');
    });
    h.worker.start();
    await waitUntil('cancelled', () => h!.store.getVerification(id)!.state === 'cancelled');
    await waitUntil('worker idle', () => h!.worker.inFlightIds().length === 0);
    await new Promise((r) => setTimeout(r, 100)); // a few ticks (15 ms) for anything still to go out
    expect(provider.arrivals.map((a) => a.name)).toEqual(['create_session']);
  });

  it('backs off when the store cannot record a step, instead of repeating the provider call every tick', async () => {
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false, sync: { backoffBaseMs: 400, backoffCapMs: 400 } });
    const id = queueVerification(h.store, ['front']);
    // The disk fills up just as the provider's answer to create session comes back.
    const record = h.store.recordStepGroupCommit.bind(h.store);
    let failures = 0;
    h.store.recordStepGroupCommit = (vid, result) => {
      if (result.step === 'session_created' && failures < 1) {
        failures++;
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      }
      return record(vid, result);
    };
    h.worker.start();
    await waitUntil('the store failure is shown on the verification', () => /could not save/.test(h!.store.getVerification(id)!.sync.lastError ?? ''));
    expect(h.store.getVerification(id)!.sync.nextAttemptAt).not.toBeNull();
    await waitUntil('final', () => isFinal(h!.store, id));
    expect(h.store.getVerification(id)!.state).toBe('accepted');
    const creates = provider.arrivals.filter((r) => r.name === 'create_session');
    // One session whose id could not be saved, then one after the wait (ticks are every 15 ms here).
    expect(creates).toHaveLength(2);
    expect(creates[1]!.at - creates[0]!.at).toBeGreaterThanOrEqual(350);
  });
});
