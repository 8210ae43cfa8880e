// The outbox's writes, column by column, on ONE real encrypted store file opened once for the file
// (each case makes its own verifications): the guarded state change (which columns each option
// sets, what it refuses), the step commit (final, progress, same state, late, notice, last sync),
// retries and outage waits (which marks a release ends and which it only clears), the hand-over to
// another provider and the blocked note. Opening the store once keeps each case to a few queries,
// so mutation testing (build/stryker/modules.mjs, `store-steps`) can run them for every mutant.
import { readdirSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../../main/errors';
import type { Store } from '../../../main/store/store';
import type { Outcome, ProviderId } from '../../../shared/domain';
import { captureInput, key, openStore, outcomeOf, progressStep, tempDir } from './support';

const DAY = 86_400_000;
let t: ReturnType<typeof tempDir>;
let clock: number;
let s: Store;

beforeAll(() => {
  t = tempDir();
  clock = Date.parse('2026-11-23T09:00:00Z');
  s = openStore(t.dir, key(), () => clock);
});
afterAll(() => {
  s.close();
  t.cleanup();
});
// Every case starts a day after the last one, so no case sees another's times as recent.
beforeEach(() => {
  clock += DAY;
});

type Row = {
  state: string;
  provider: string;
  progress: string;
  step: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  outage_wait: number;
  finished_at: number | null;
  updated_at: number;
  raw_response: string | null;
  outcome: string | null;
};

function row(id: string): Row {
  return s.db
    .prepare<[string], Row>(
      'SELECT state, provider, progress, step, attempts, last_error, next_attempt_at, outage_wait, finished_at, updated_at, raw_response, outcome FROM verifications WHERE id = ?',
    )
    .get(id)!;
}

function queued(provider: ProviderId = 'zignsec'): string {
  const v = s.createVerification({ documentType: 'passport', provider, locale: 'en' });
  s.putCapture(captureInput(v.id, 'front'));
  s.submitVerification(v.id, ['front']);
  return v.id;
}

function needsAttention(): string {
  const id = queued();
  s.recordNeedsAttention(id, 'The provider refused the document', '{"error":"bad"}');
  return id;
}

const auditOf = (id: string, action?: string) =>
  s.audit
    .list()
    .filter((r) => r.verificationId === id && (action === undefined || r.action === action))
    .map((r) => ({ actor: r.actor, action: r.action, detail: r.detail }));

const progress = progressStep;

const outcome = (decision: Outcome['decision']): Outcome =>
  outcomeOf(decision, clock, [
    { code: 'document_expired', field: null, message: 'The document has expired.' },
    { code: 'face_mismatch', field: null, message: 'The faces differ.' },
  ]);

function thrown(fn: () => unknown): KioskError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KioskError);
    return e as KioskError;
  }
  throw new Error('expected a KioskError');
}

const lastSyncStored = (): number | null => {
  const r = s.db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'last_sync_at'`).get();
  return r ? Number(r.value) : null;
};

describe('the guarded state change', () => {
  it('a cancel finishes the verification now and cancels its next try, keeping its attempts and error', () => {
    const id = queued();
    s.recordRetry(id, 'The provider answered 503', clock + 60_000);
    const before = row(id);
    clock += 5_000;
    s.cancelVerification(id, 'supervisor:Ann', 'customer left');
    expect(row(id)).toMatchObject({
      state: 'cancelled',
      finished_at: clock,
      updated_at: clock,
      next_attempt_at: null,
      attempts: 1,
      last_error: 'The provider answered 503',
      progress: before.progress,
      raw_response: null,
    });
    expect(auditOf(id, 'state_changed').slice(-1)).toEqual([{ actor: 'supervisor:Ann', action: 'state_changed', detail: { from: 'queued', to: 'cancelled', reason: 'customer left' } }]);
  });

  it("a supervisor's retry resets the count, the error and the wait, not the progress, and does not finish it", () => {
    const id = queued();
    s.recordStep(id, progress({ progress: { sessionId: 'S-7' }, step: 'session_created' }));
    s.recordRetry(id, 'The provider answered 500', clock + 60_000);
    s.recordNeedsAttention(id, 'Schema drift', '{"raw":1}');
    clock += 1_000;
    s.retryVerification(id, 'supervisor:Ann', 'fixed');
    expect(row(id)).toMatchObject({
      state: 'queued',
      attempts: 0,
      last_error: null,
      next_attempt_at: null,
      finished_at: null,
      updated_at: clock,
      step: 'session_created',
      raw_response: '{"raw":1}',
    });
    expect(JSON.parse(row(id).progress)).toEqual({ sessionId: 'S-7' });
  });

  it('needs attention keeps the error and the raw body, and leaves the attempts, progress and wait as they were', () => {
    const id = queued();
    s.recordStep(id, progress({ progress: { sessionId: 'S-8' } }));
    s.recordRetry(id, 'The provider answered 502', clock + 30_000);
    clock += 1_000;
    s.recordNeedsAttention(id, 'Missing field: documentNumber', '{"x":true}');
    expect(row(id)).toMatchObject({
      state: 'needs_attention',
      last_error: 'Missing field: documentNumber',
      raw_response: '{"x":true}',
      attempts: 1,
      next_attempt_at: clock - 1_000 + 30_000,
      finished_at: null,
      updated_at: clock,
      step: 'session_created',
    });
    expect(JSON.parse(row(id).progress)).toEqual({ sessionId: 'S-8' });
    expect(auditOf(id, 'state_changed').slice(-1)).toEqual([{ actor: 'sync', action: 'state_changed', detail: { from: 'submitting', to: 'needs_attention', error: 'Missing field: documentNumber' } }]);
  });

  it('needs attention with no raw body stores none', () => {
    const id = queued();
    s.recordNeedsAttention(id, 'Refused', null);
    expect(row(id).raw_response).toBeNull();
  });

  it('a session restart empties the progress and the step, is due at once, keeps the reason; the count and raw reply stay', () => {
    const id = queued();
    s.recordStep(id, progress({ progress: { sessionId: 'S-9', uploaded: ['front'] }, step: 'front_uploaded', state: 'awaiting_result', waitMs: 4_000 }));
    s.recordRetry(id, 'The provider answered 500', clock + 40_000);
    clock += 1_000;
    s.restartProviderSession(id, 'The provider lost the session');
    expect(row(id)).toMatchObject({
      state: 'queued',
      progress: '{}',
      step: null,
      next_attempt_at: null,
      last_error: 'The provider lost the session',
      attempts: 1,
      finished_at: null,
      updated_at: clock,
      raw_response: null,
    });
    expect(auditOf(id, 'state_changed').slice(-1)).toEqual([{ actor: 'sync', action: 'state_changed', detail: { from: 'awaiting_result', to: 'queued', reason: 'The provider lost the session', restart: true } }]);
  });

  it('refuses a verification in another state with a conflict naming its state, and writes nothing', () => {
    const id = needsAttention();
    const before = row(id);
    const audits = auditOf(id).length;
    clock += 1_000;
    const e = thrown(() => s.restartProviderSession(id, 'lost'));
    expect(e.code).toBe('conflict');
    expect(e.userMessage).toMatch(/needs attention/);
    expect(row(id)).toEqual(before);
    expect(auditOf(id)).toHaveLength(audits);
    // Each allowed state is allowed, each other refused: a retry only from needs attention.
    const waiting = queued();
    expect(thrown(() => s.retryVerification(waiting, 'supervisor:Ann', 'again')).code).toBe('conflict');
    expect(row(waiting).state).toBe('queued');
  });

  it('an unknown verification is not found, and nothing is written', () => {
    const audits = s.audit.list().length;
    const e = thrown(() => s.recordNeedsAttention('no-such-verification', 'x', null));
    expect(e.code).toBe('not_found');
    expect(s.audit.list()).toHaveLength(audits);
  });
});

describe('a step committed', () => {
  it('a final step settles every column and audits the decision with its reason codes', () => {
    const id = queued();
    s.recordRetry(id, 'The provider answered 503', clock + 60_000, true);
    clock += 2_000;
    expect(s.recordStep(id, { kind: 'final', step: 'result_read', progress: { sessionId: 'S-2' }, outcome: outcome('declined'), raw: { status: 'Declined' } })).toBe(true);
    const r = row(id);
    expect(r).toMatchObject({ state: 'declined', step: 'result_read', attempts: 0, last_error: null, next_attempt_at: null, finished_at: clock, updated_at: clock, raw_response: '{"status":"Declined"}' });
    expect(JSON.parse(r.progress)).toEqual({ sessionId: 'S-2' });
    expect(JSON.parse(r.outcome!).decision).toBe('declined');
    expect(auditOf(id, 'step:result_read')).toEqual([{ actor: 'sync', action: 'step:result_read', detail: { from: 'queued', to: 'declined', reasons: ['document_expired', 'face_mismatch'] } }]);
  });

  it('a progress step with a wait is due exactly then; a zero or negative wait means at once', () => {
    const id = queued();
    s.recordRetry(id, 'The provider answered 500', clock + 90_000);
    s.recordStep(id, progress({ state: 'awaiting_result', step: 'analysis_started', waitMs: 7_000 }));
    expect(row(id)).toMatchObject({ state: 'awaiting_result', step: 'analysis_started', next_attempt_at: clock + 7_000, attempts: 0, last_error: null, updated_at: clock, finished_at: null });
    expect(auditOf(id, 'step:analysis_started')).toEqual([{ actor: 'sync', action: 'step:analysis_started', detail: { from: 'queued', to: 'awaiting_result' } }]);
    clock += 1_000;
    s.recordStep(id, progress({ state: 'awaiting_result', step: 'status_polled', waitMs: 0 }));
    expect(row(id)).toMatchObject({ next_attempt_at: null, step: 'status_polled', updated_at: clock });
    s.recordStep(id, progress({ state: 'awaiting_result', step: 'status_polled', waitMs: 5_000 }));
    expect(row(id).next_attempt_at).toBe(clock + 5_000);
    s.recordStep(id, progress({ state: 'awaiting_result', step: 'status_polled', waitMs: -5 }));
    expect(row(id).next_attempt_at).toBeNull();
  });

  it('a new state with the same wait (none) changes the state; the same state with a new wait moves the wait', () => {
    const id = queued();
    s.recordStep(id, progress({ state: 'submitting' }));
    expect(row(id)).toMatchObject({ state: 'submitting', next_attempt_at: null });
    s.recordStep(id, progress({ state: 'awaiting_result', step: 'analysis_started' }));
    expect(row(id)).toMatchObject({ state: 'awaiting_result', next_attempt_at: null });
    s.recordStep(id, progress({ state: 'awaiting_result', step: 'status_polled', waitMs: 3_000 }));
    expect(row(id).next_attempt_at).toBe(clock + 3_000);
    clock += 500;
    // Same state, same due time: the progress, the step and the cleared count are still written.
    s.recordRetry(id, 'The provider answered 500', clock - 500 + 3_000);
    s.recordStep(id, progress({ state: 'awaiting_result', step: 'status_polled_again', progress: { sessionId: 'S-3', polls: 2 }, waitMs: 2_500 }));
    expect(row(id)).toMatchObject({ state: 'awaiting_result', step: 'status_polled_again', next_attempt_at: clock + 2_500, attempts: 0, last_error: null, updated_at: clock });
    expect(JSON.parse(row(id).progress)).toEqual({ sessionId: 'S-3', polls: 2 });
  });

  it('a notice raises one possible-duplicate alert naming the verification and its provider; a step without one raises none', () => {
    const id = queued('zoloz');
    const alertsOf = () => s.openAlerts().filter((a) => a.verificationId === id);
    s.recordStep(id, progress());
    expect(alertsOf()).toEqual([]);
    s.recordStep(id, progress({ step: 'analysis_started', notice: 'Started again without proof the first start did nothing' }));
    expect(alertsOf()).toMatchObject([{ kind: 'possible_duplicate', provider: 'zoloz', verificationId: id, message: 'Started again without proof the first start did nothing' }]);
  });

  it('a status poll (durable: false) is committed like any step, and the connection syncs fully again afterwards', () => {
    const id = queued();
    expect(s.recordStep(id, progress({ step: 'status_polled', durable: false, waitMs: 1_000 }))).toBe(true);
    expect(row(id)).toMatchObject({ step: 'status_polled', next_attempt_at: clock + 1_000 });
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2);
    const late = queued();
    s.cancelVerification(late, 'supervisor:Ann', 'gone');
    expect(s.recordStep(late, progress({ step: 'status_polled', durable: false }))).toBe(false);
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('the last successful sync is written at once for a final step, and for progress only when the stored one is 5 s old', () => {
    const a = queued();
    const b = queued();
    s.recordStep(a, progress());
    const first = clock;
    expect(lastSyncStored()).toBe(first);
    clock += 1_000;
    s.recordStep(a, progress({ step: 'front_uploaded' }));
    expect(lastSyncStored()).toBe(first);
    expect(s.queueCounts().lastSyncAt).toBe(new Date(clock).toISOString());
    clock += 1_000;
    s.recordStep(b, { kind: 'final', step: 'result_read', progress: {}, outcome: outcome('accepted'), raw: null });
    expect(lastSyncStored()).toBe(clock);
    expect(row(b).raw_response).toBe('null');
    // A late step is no successful sync of a live verification.
    clock += 10_000;
    s.cancelVerification(a, 'supervisor:Ann', 'gone');
    const stored = lastSyncStored();
    s.recordStep(a, progress({ step: 'late' }));
    expect(lastSyncStored()).toBe(stored);
  });

  it('a late step after a cancel and a purge keeps the progress without the images, never reviving the verification', () => {
    const id = queued('zoloz');
    s.cancelVerification(id, 'supervisor:Ann', 'customer left');
    s.db.transaction(() => s.dropImagesOf(id, clock))();
    const finishedAt = row(id).finished_at;
    clock += 1_000;
    const withImages = { transactionId: 'T-1', recognition: { requestId: 'R-1', extraImages: { faceCrop: 'AAAA' } } };
    expect(s.recordStep(id, progress({ progress: withImages, step: 'recognition_started', state: 'awaiting_result', waitMs: 3_000 }))).toBe(false);
    expect(row(id)).toMatchObject({ state: 'cancelled', step: 'recognition_started', updated_at: clock, finished_at: finishedAt, next_attempt_at: null, attempts: 0 });
    expect(JSON.parse(row(id).progress)).toEqual({ transactionId: 'T-1', recognition: { requestId: 'R-1' } });
    expect(auditOf(id, 'step:recognition_started')).toEqual([{ actor: 'sync', action: 'step:recognition_started', detail: { from: 'cancelled', to: 'cancelled', late: true } }]);
    // Not purged: the late step's progress is kept whole.
    const kept = queued('zoloz');
    s.cancelVerification(kept, 'supervisor:Ann', 'customer left');
    s.recordStep(kept, progress({ progress: withImages, step: 'recognition_started' }));
    expect(JSON.parse(row(kept).progress)).toEqual(withImages);
  });

  it('group commit: a late step is not live and its progress kept; a live one is visible before it is on disk', async () => {
    const id = queued();
    const live = s.recordStepGroupCommit(id, progress({ step: 'front_uploaded', state: 'submitting' }));
    expect(live.live).toBe(true);
    expect(row(id).step).toBe('front_uploaded');
    await live.onDisk;
    const poll = s.recordStepGroupCommit(id, progress({ step: 'status_polled', durable: false }));
    expect(poll.live).toBe(true);
    await poll.onDisk;
    s.cancelVerification(id, 'supervisor:Ann', 'gone');
    const late = s.recordStepGroupCommit(id, progress({ step: 'late_step' }));
    expect(late.live).toBe(false);
    await late.onDisk;
    expect(row(id)).toMatchObject({ state: 'cancelled', step: 'late_step' });
  });

  it('a verification that is gone is an error, not a silent success', () => {
    expect(() => s.recordStep('no-such-verification', progress())).toThrow(/no-such-verification/);
  });
});

describe('retries and outage waits', () => {
  it('a retry counts, keeps the error and the time, marks an outage only when it is one, and audits it', () => {
    const id = queued();
    s.recordRetry(id, 'Could not connect', clock + 10_000, true);
    expect(row(id)).toMatchObject({ attempts: 1, last_error: 'Could not connect', next_attempt_at: clock + 10_000, outage_wait: 1, updated_at: clock, state: 'queued' });
    clock += 1_000;
    s.recordRetry(id, 'The provider answered 503', clock + 20_000, false);
    expect(row(id)).toMatchObject({ attempts: 2, last_error: 'The provider answered 503', next_attempt_at: clock + 20_000, outage_wait: 0, updated_at: clock });
    expect(auditOf(id, 'retry_scheduled').map((a) => a.detail)).toEqual([
      { error: 'Could not connect', nextAttemptAt: new Date(clock - 1_000 + 10_000).toISOString(), outage: true },
      { error: 'The provider answered 503', nextAttemptAt: new Date(clock + 20_000).toISOString() },
    ]);
    expect(auditOf(id, 'retry_scheduled').every((a) => a.actor === 'sync')).toBe(true);
  });

  it('a retry for a verification waiting for a supervisor or cancelled changes nothing', () => {
    const waiting = needsAttention();
    const before = row(waiting);
    clock += 1_000;
    s.recordRetry(waiting, 'late failure', clock + 5_000, true);
    expect(row(waiting)).toEqual(before);
    for (const state of ['submitting', 'awaiting_result'] as const) {
      const id = queued();
      s.recordStep(id, progress({ state }));
      s.recordRetry(id, 'Could not connect', clock + 5_000, true);
      expect(row(id)).toMatchObject({ state, attempts: 1, outage_wait: 1 });
    }
  });

  it('a release ends only the outage waits of that provider still in the future, counts them and audits once', () => {
    const outage = queued();
    const serverError = queued();
    const other = queued('zoloz');
    const dueNow = queued();
    const polling = queued();
    s.recordRetry(outage, 'Could not connect', clock + 60_000, true);
    s.recordRetry(serverError, 'The provider answered 503', clock + 60_000, false);
    s.recordRetry(other, 'Could not connect', clock + 60_000, true);
    s.recordRetry(dueNow, 'Could not connect', clock, true);
    // Stepped since its outage: attempts back to 0 and the poll's own wait, which a release keeps.
    s.recordRetry(polling, 'Could not connect', clock + 60_000, true);
    s.recordStep(polling, progress({ state: 'awaiting_result', waitMs: 30_000 }));
    const auditsBefore = s.audit.list().filter((r) => r.action === 'outage_waits_released').length;

    expect(s.releaseOutageWaits('zignsec')).toBe(1);
    expect(row(outage)).toMatchObject({ next_attempt_at: null, outage_wait: 0, attempts: 1 });
    expect(row(serverError)).toMatchObject({ next_attempt_at: clock + 60_000, outage_wait: 0 });
    expect(row(other)).toMatchObject({ next_attempt_at: clock + 60_000, outage_wait: 1 });
    // Already due: not counted as released, but its mark is cleared and it stays due.
    expect(row(dueNow)).toMatchObject({ outage_wait: 0 });
    expect(row(dueNow).next_attempt_at === null || row(dueNow).next_attempt_at! <= clock).toBe(true);
    expect(row(polling)).toMatchObject({ next_attempt_at: clock + 30_000, outage_wait: 0 });
    const released = s.audit.list().filter((r) => r.action === 'outage_waits_released');
    expect(released).toHaveLength(auditsBefore + 1);
    expect(released.at(-1)).toMatchObject({ actor: 'sync', verificationId: null, detail: { provider: 'zignsec', verifications: 1 } });

    // Nothing left to end: no audit row.
    expect(s.releaseOutageWaits('zignsec')).toBe(0);
    expect(s.audit.list().filter((r) => r.action === 'outage_waits_released')).toHaveLength(auditsBefore + 1);
    expect(s.releaseOutageWaits('zoloz')).toBe(1);
    expect(row(other)).toMatchObject({ next_attempt_at: null, outage_wait: 0 });
  });

  it('a release leaves the wait of a verification that went to a supervisor, and counts two waits as two', () => {
    const a = queued();
    const b = queued();
    const moved = queued();
    for (const id of [a, b, moved]) s.recordRetry(id, 'Could not connect', clock + 60_000, true);
    s.recordNeedsAttention(moved, 'Refused', null);
    expect(s.releaseOutageWaits('zignsec')).toBe(2);
    expect(row(a).next_attempt_at).toBeNull();
    expect(row(b).next_attempt_at).toBeNull();
    expect(row(moved)).toMatchObject({ state: 'needs_attention', next_attempt_at: clock + 60_000, outage_wait: 0 });
  });

  it('a blocked note records why, with its time, without counting an attempt or moving the schedule', () => {
    const id = queued();
    s.recordRetry(id, 'The provider answered 500', clock + 9_000);
    clock += 1_000;
    s.noteSyncBlocked(id, 'ZignSec is paused: credentials rejected');
    expect(row(id)).toMatchObject({ last_error: 'ZignSec is paused: credentials rejected', attempts: 1, next_attempt_at: clock - 1_000 + 9_000, updated_at: clock, state: 'queued' });
  });
});

describe('hand-over to another provider', () => {
  it('moves a waiting verification with everything provider-specific reset, audited by who decided', () => {
    const id = queued();
    s.recordStep(id, progress({ progress: { intent: 'create' }, step: 'intent', state: 'submitting' }));
    s.recordRetry(id, 'Could not connect', clock + 60_000, true);
    clock += 1_000;
    expect(s.reassignProvider(id, 'zignsec', 'zoloz', 'ZignSec unreachable')).toBe(true);
    expect(row(id)).toMatchObject({ provider: 'zoloz', progress: '{}', step: null, attempts: 0, last_error: null, next_attempt_at: null, updated_at: clock, state: 'submitting' });
    expect(auditOf(id, 'provider_failover')).toEqual([{ actor: 'sync', action: 'provider_failover', detail: { from: 'zignsec', to: 'zoloz', reason: 'ZignSec unreachable' } }]);
    const routed = queued();
    expect(s.reassignProvider(routed, 'zignsec', 'zoloz', 'issuing country', 'provider_routed')).toBe(true);
    expect(auditOf(routed, 'provider_routed')).toEqual([{ actor: 'kiosk', action: 'provider_routed', detail: { from: 'zignsec', to: 'zoloz', reason: 'issuing country' } }]);
  });

  it('refuses, writing nothing, when it waits at another provider, has started, waits for a supervisor or is cancelled', () => {
    const atOther = queued('zoloz');
    const started = queued();
    s.recordStep(started, progress({ state: 'awaiting_result' }));
    const attention = needsAttention();
    const cancelled = queued();
    s.cancelVerification(cancelled, 'supervisor:Ann', 'gone');
    for (const id of [atOther, started, attention, cancelled]) {
      const before = row(id);
      const audits = auditOf(id).length;
      expect(s.reassignProvider(id, 'zignsec', 'zoloz', 'down')).toBe(false);
      expect(row(id)).toEqual(before);
      expect(auditOf(id)).toHaveLength(audits);
    }
  });
});

describe('the WAL sync behind a group commit', () => {
  // The group commit's sync is an fdatasync through a descriptor the store keeps on the WAL file
  // (wal-sync.ts), opened by the first sync it issues: whether that descriptor exists shows whether a
  // step waited for the disk, and closing the store must give it back.
  const walDescriptors = (dir: string): number =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir) && readlinkSync(`/proc/self/fd/${fd}`).includes('-wal');
      } catch {
        return false; // closed while listing
      }
    }).length;

  it('a status poll does not wait for a sync, a durable step does, and closing the store closes the descriptor', async () => {
    const own = tempDir();
    const store = openStore(own.dir, key(), () => clock);
    try {
      const v = store.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
      store.putCapture(captureInput(v.id, 'front'));
      store.submitVerification(v.id, ['front']);
      const before = walDescriptors(own.dir);
      const poll = store.recordStepGroupCommit(v.id, progress({ step: 'status_polled', durable: false }));
      await poll.onDisk;
      await new Promise((r) => setImmediate(r));
      expect(walDescriptors(own.dir)).toBe(before);
      const step = store.recordStepGroupCommit(v.id, progress({ step: 'front_uploaded' }));
      await step.onDisk;
      expect(walDescriptors(own.dir)).toBeGreaterThan(before);
      store.close();
      expect(walDescriptors(own.dir)).toBe(0);
    } finally {
      if (store.db.open) store.close();
      own.cleanup();
    }
  });
});
