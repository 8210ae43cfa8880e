// What the sync worker writes to the outbox, on a real encrypted store file: a final step settles the
// verification (decision, outcome, finished, nothing more due); a progress step moves it on and
// schedules the next poll; a step that comes back after a cancel keeps the provider's progress but
// never revives the verification; retries count and wait; a supervisor case, a restarted session and
// a hand-over to another provider each change exactly what they say, with their audit row; and the
// guarded state change refuses a verification in the wrong state without writing anything.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../../main/errors';
import type { StepResult } from '../../../main/providers/provider';
import type { Store } from '../../../main/store/store';
import type { Outcome } from '../../../shared/domain';
import { captureInput, key, openStore, tempDir } from './support';

const T0 = Date.parse('2026-11-23T09:00:00Z');
let t: ReturnType<typeof tempDir>;
let clock: number;
let s: Store;

beforeEach(() => {
  t = tempDir();
  clock = T0;
  s = openStore(t.dir, key(), () => clock);
});
afterEach(() => {
  s.close();
  t.cleanup();
});

function queued(provider: 'zignsec' | 'zoloz' = 'zignsec'): string {
  const v = s.createVerification({ documentType: 'passport', provider, locale: 'en' });
  s.putCapture(captureInput(v.id, 'front'));
  s.submitVerification(v.id, ['front']);
  return v.id;
}

function row(id: string) {
  return s.db
    .prepare<[string], { state: string; provider: string; progress: string; step: string | null; attempts: number; last_error: string | null; next_attempt_at: number | null; finished_at: number | null; raw_response: string | null; outcome: string | null }>(
      'SELECT state, provider, progress, step, attempts, last_error, next_attempt_at, finished_at, raw_response, outcome FROM verifications WHERE id = ?',
    )
    .get(id)!;
}

const auditOf = (id: string, action?: string) => s.audit.list().filter((r) => r.verificationId === id && (action === undefined || r.action === action));

const NO_IDENTITY = { firstName: null, lastName: null, fullName: null, dateOfBirth: null, age: null, sex: null, nationality: null, issuingState: null, documentNumber: null, personalNumber: null, expiryDate: null, expired: null };

function decided(decision: Outcome['decision']): Outcome {
  return {
    decision,
    provider: 'zignsec',
    reasons: decision === 'declined' ? [{ code: 'document_expired', field: null, message: 'The document has expired.' }] : [],
    identity: NO_IDENTITY,
    fields: [],
    selfieSimilarity: null,
    portrait: null,
    decidedAt: new Date(T0).toISOString(),
  };
}

const progressStep = (over: Partial<Extract<StepResult, { kind: 'progress' }>> = {}): StepResult => ({
  kind: 'progress',
  step: 'session_created',
  progress: { sessionId: 'ZZSESSION-1' },
  state: 'submitting',
  ...over,
});

function expectConflict(fn: () => unknown, messagePart: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(KioskError);
  expect((caught as KioskError).code).toBe('conflict');
  expect((caught as KioskError).userMessage).toMatch(messagePart);
}

describe('a final step', () => {
  it('settles the verification: decision, outcome and raw reply kept, finished now, attempts and error cleared, nothing more due', () => {
    const id = queued();
    s.recordRetry(id, 'The provider answered 503', clock + 60_000, false);
    clock += 120_000;
    const live = s.recordStep(id, { kind: 'final', step: 'result_read', progress: { sessionId: 'ZZSESSION-1', done: true }, outcome: decided('declined'), raw: { status: 'Declined' } });
    expect(live).toBe(true);
    const r = row(id);
    expect(r).toMatchObject({ state: 'declined', step: 'result_read', attempts: 0, last_error: null, next_attempt_at: null, finished_at: clock });
    expect(JSON.parse(r.outcome!)).toMatchObject({ decision: 'declined' });
    expect(JSON.parse(r.raw_response!)).toEqual({ status: 'Declined' });
    expect(JSON.parse(r.progress)).toEqual({ sessionId: 'ZZSESSION-1', done: true });
    expect(s.isSyncing(id)).toBe(false);
    expect(s.dueForSync(clock + 86_400_000, 10, new Set())).toEqual([]);
    expect(auditOf(id, 'step:result_read').map((a) => a.detail)).toEqual([{ from: 'queued', to: 'declined', reasons: ['document_expired'] }]);
    expect(s.audit.verifyAudit().ok).toBe(true);
  });

  it('a final step with no raw reply keeps null, not the text "undefined"', () => {
    const id = queued();
    s.recordStep(id, { kind: 'final', step: 'result_read', progress: {}, outcome: decided('accepted'), raw: undefined });
    expect(row(id).raw_response).toBe('null');
    expect(row(id).state).toBe('accepted');
  });

  it('its finish time starts the image retention clock: purged after the retention, not before', () => {
    const id = queued();
    s.recordStep(id, { kind: 'final', step: 'result_read', progress: {}, outcome: decided('accepted'), raw: null });
    expect(s.purgeExpiredImages(clock + 30 * 86_400_000, 30)).toMatchObject({ verifications: 0 });
    expect(s.purgeExpiredImages(clock + 30 * 86_400_000 + 1, 30)).toMatchObject({ verifications: 1, captures: 1 });
  });
});

describe('a progress step', () => {
  it('moves the state on, keeps progress and step, clears the retry count and error', () => {
    const id = queued();
    s.recordRetry(id, 'Could not connect', clock + 10_000, true);
    expect(s.recordStep(id, progressStep())).toBe(true);
    expect(row(id)).toMatchObject({ state: 'submitting', step: 'session_created', attempts: 0, last_error: null, next_attempt_at: null });
    expect(JSON.parse(row(id).progress)).toEqual({ sessionId: 'ZZSESSION-1' });
    expect(auditOf(id, 'step:session_created').map((a) => a.detail)).toEqual([{ from: 'queued', to: 'submitting' }]);
    // Due again at once: the next step follows without a wait.
    expect(s.dueForSync(clock, 10, new Set()).map((d) => d.id)).toEqual([id]);
  });

  it('a poll wait makes the verification due exactly waitMs later, not before', () => {
    const id = queued();
    s.recordStep(id, progressStep({ step: 'analysis_started', state: 'awaiting_result', waitMs: 5_000 }));
    expect(row(id)).toMatchObject({ state: 'awaiting_result', next_attempt_at: T0 + 5_000 });
    expect(s.dueForSync(T0 + 4_999, 10, new Set())).toEqual([]);
    expect(s.dueForSync(T0 + 5_000, 10, new Set()).map((d) => d.id)).toEqual([id]);
  });

  it('a step in the same state with the same wait still records its progress, step and a cleared error', () => {
    const id = queued();
    s.recordStep(id, progressStep({ step: 'analysis_started', state: 'awaiting_result' }));
    s.noteSyncBlocked(id, 'ZignSec is paused');
    s.recordStep(id, progressStep({ step: 'status_polled', state: 'awaiting_result', progress: { sessionId: 'ZZSESSION-1', polls: 1 } }));
    expect(row(id)).toMatchObject({ state: 'awaiting_result', step: 'status_polled', last_error: null, next_attempt_at: null });
    expect(JSON.parse(row(id).progress)).toEqual({ sessionId: 'ZZSESSION-1', polls: 1 });
  });

  it('a step in the same state after a retry wait clears the wait and the retry count', () => {
    const id = queued();
    s.recordStep(id, progressStep({ step: 'analysis_started', state: 'awaiting_result' }));
    s.recordRetry(id, 'The provider answered 503', clock + 60_000, false);
    s.recordStep(id, progressStep({ step: 'status_polled', state: 'awaiting_result' }));
    expect(row(id)).toMatchObject({ state: 'awaiting_result', attempts: 0, last_error: null, next_attempt_at: null });
  });

  it('a notice of a possible second billed call raises one supervisor alert naming the verification', () => {
    const id = queued();
    const quiet = queued();
    s.recordStep(quiet, progressStep());
    s.recordStep(id, progressStep({ step: 'upload_intent', notice: 'The upload is repeated without proof the first did nothing.' }));
    expect(s.openAlerts().map((a) => ({ kind: a.kind, provider: a.provider, verificationId: a.verificationId, message: a.message }))).toEqual([
      { kind: 'possible_duplicate', provider: 'zignsec', verificationId: id, message: 'The upload is repeated without proof the first did nothing.' },
    ]);
  });

  it('a status poll (durable: false) is committed, and later steps are fsynced again (synchronous back to FULL)', () => {
    const id = queued();
    expect(s.recordStep(id, progressStep({ step: 'status_polled', state: 'awaiting_result', durable: false }))).toBe(true);
    expect(row(id).step).toBe('status_polled');
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('updates the last successful sync shown in the queue summary', () => {
    const id = queued();
    expect(s.queueCounts().lastSyncAt).toBeNull();
    clock += 1_000;
    s.recordStep(id, progressStep());
    expect(s.queueCounts().lastSyncAt).toBe(new Date(clock).toISOString());
  });
});

describe('a step that comes back after the verification left the sync states', () => {
  it('keeps the provider progress (so its session is not forgotten) but leaves the cancelled verification cancelled', () => {
    const id = queued();
    s.cancelVerification(id, 'supervisor:Ann', 'customer left');
    const finishedAt = row(id).finished_at;
    clock += 1_000;
    expect(s.recordStep(id, progressStep({ step: 'analysis_started', state: 'awaiting_result', waitMs: 5_000 }))).toBe(false);
    expect(row(id)).toMatchObject({ state: 'cancelled', step: 'analysis_started', next_attempt_at: null, finished_at: finishedAt });
    expect(JSON.parse(row(id).progress)).toEqual({ sessionId: 'ZZSESSION-1' });
    expect(s.dueForSync(clock + 10_000, 10, new Set())).toEqual([]);
    expect(auditOf(id, 'step:analysis_started').map((a) => a.detail)).toEqual([{ from: 'cancelled', to: 'cancelled', late: true }]);
  });

  it('a late final result does not turn a cancelled verification into an accepted one', () => {
    const id = queued();
    s.cancelVerification(id, 'supervisor:Ann', 'customer left');
    expect(s.recordStep(id, { kind: 'final', step: 'result_read', progress: {}, outcome: decided('accepted'), raw: {} })).toBe(false);
    expect(row(id)).toMatchObject({ state: 'cancelled', outcome: null });
  });

  it('group commit: a live step is visible at once and on disk when onDisk resolves; a late one reports not live', async () => {
    const id = queued();
    const gone = queued();
    s.cancelVerification(gone, 'supervisor:Ann', 'customer left');
    const a = s.recordStepGroupCommit(id, progressStep());
    expect(a.live).toBe(true);
    expect(row(id).state).toBe('submitting');
    await a.onDisk;
    const b = s.recordStepGroupCommit(gone, progressStep());
    expect(b.live).toBe(false);
    await b.onDisk;
    expect(row(gone).state).toBe('cancelled');
    const poll = s.recordStepGroupCommit(id, progressStep({ step: 'status_polled', durable: false }));
    expect(poll.live).toBe(true);
    await poll.onDisk;
  });
});

describe('retries', () => {
  it('count each failure, keep the error and the time of the next try, and audit it (outage marked only when it is one)', () => {
    const id = queued();
    s.recordRetry(id, 'The provider answered 503', T0 + 60_000, false);
    s.recordRetry(id, 'Could not connect', T0 + 120_000, true);
    expect(row(id)).toMatchObject({ attempts: 2, last_error: 'Could not connect', next_attempt_at: T0 + 120_000 });
    expect(s.dueForSync(T0 + 119_999, 10, new Set())).toEqual([]);
    expect(auditOf(id, 'retry_scheduled').map((a) => a.detail)).toEqual([
      { error: 'The provider answered 503', nextAttemptAt: new Date(T0 + 60_000).toISOString() },
      { error: 'Could not connect', nextAttemptAt: new Date(T0 + 120_000).toISOString(), outage: true },
    ]);
  });

  it('leave a verification that left the sync states alone (a cancelled one is never scheduled again)', () => {
    const id = queued();
    s.cancelVerification(id, 'supervisor:Ann', 'customer left');
    s.recordRetry(id, 'Could not connect', T0 + 60_000, true);
    expect(row(id)).toMatchObject({ state: 'cancelled', attempts: 0, next_attempt_at: null });
    expect(s.releaseOutageWaits('zignsec')).toBe(0);
  });

  it('a blocked note records why without counting an attempt or moving the schedule', () => {
    const id = queued();
    s.recordRetry(id, 'The provider answered 503', T0 + 60_000, false);
    s.noteSyncBlocked(id, 'ZignSec is paused until a supervisor resumes it');
    expect(row(id)).toMatchObject({ attempts: 1, last_error: 'ZignSec is paused until a supervisor resumes it', next_attempt_at: T0 + 60_000 });
  });
});

describe('a failure a supervisor must look at', () => {
  it('moves the verification to needs attention with the error and the raw body kept, audited', () => {
    const id = queued();
    s.recordStep(id, progressStep());
    s.recordNeedsAttention(id, 'The provider refused the document type', '{"errors":[{"code":"InvalidDocumentType"}]}');
    expect(row(id)).toMatchObject({ state: 'needs_attention', last_error: 'The provider refused the document type', raw_response: '{"errors":[{"code":"InvalidDocumentType"}]}', finished_at: null });
    expect(s.isSyncing(id)).toBe(false);
    // The first state change is the submit (capturing → queued).
    expect(auditOf(id, 'state_changed').slice(1).map((a) => ({ actor: a.actor, detail: a.detail }))).toEqual([
      { actor: 'sync', detail: { from: 'submitting', to: 'needs_attention', error: 'The provider refused the document type' } },
    ]);
  });

  it('is refused for a verification no longer syncing, and nothing is written', () => {
    const id = queued();
    s.cancelVerification(id, 'supervisor:Ann', 'customer left');
    const before = s.audit.list().length;
    expectConflict(() => s.recordNeedsAttention(id, 'late failure', null), /cancelled/);
    expect(row(id)).toMatchObject({ state: 'cancelled', last_error: null });
    expect(s.audit.list().length).toBe(before);
  });

  it("a supervisor's retry queues it again with a fresh attempt count but keeps the provider progress", () => {
    const id = queued();
    s.recordStep(id, progressStep());
    s.recordRetry(id, 'The provider answered 503', T0 + 60_000, false);
    s.recordNeedsAttention(id, 'schema drift', '{}');
    s.retryVerification(id, 'supervisor:Ann', 'provider fixed');
    expect(row(id)).toMatchObject({ state: 'queued', attempts: 0, last_error: null, next_attempt_at: null, step: 'session_created', finished_at: null });
    expect(JSON.parse(row(id).progress)).toEqual({ sessionId: 'ZZSESSION-1' });
    expect(s.dueForSync(clock, 10, new Set()).map((d) => d.id)).toEqual([id]);
  });

  it('a cancel stamps the finish time and nothing more is due; an unknown verification is not found', () => {
    const id = queued();
    s.recordRetry(id, 'Could not connect', T0 + 60_000, true);
    clock += 5_000;
    s.cancelVerification(id, 'supervisor:Ann', 'customer left');
    expect(row(id)).toMatchObject({ state: 'cancelled', finished_at: clock, next_attempt_at: null });
    let caught: unknown;
    try {
      s.cancelVerification('00000000-0000-4000-8000-000000000000', 'supervisor:Ann', 'x');
    } catch (e) {
      caught = e;
    }
    expect((caught as KioskError).code).toBe('not_found');
    expectConflict(() => s.cancelVerification(id, 'supervisor:Ann', 'again'), /This verification is cancelled/);
  });
});

describe('the provider lost the session', () => {
  it('starts over from a fresh session: queued, empty progress, no step, the reason kept, due at once', () => {
    const id = queued();
    s.recordStep(id, progressStep({ step: 'analysis_started', state: 'awaiting_result', waitMs: 60_000 }));
    s.restartProviderSession(id, 'The provider no longer knows the session');
    expect(row(id)).toMatchObject({ state: 'queued', progress: '{}', step: null, next_attempt_at: null, last_error: 'The provider no longer knows the session' });
    expect(s.dueForSync(clock, 10, new Set()).map((d) => d.id)).toEqual([id]);
    expect(auditOf(id, 'state_changed').slice(1).map((a) => a.detail)).toEqual([{ from: 'awaiting_result', to: 'queued', reason: 'The provider no longer knows the session', restart: true }]);
  });
});

describe('hand-over to another provider', () => {
  it('moves a verification not started at the first provider, with fresh progress, audited by who decided', () => {
    const failover = queued('zignsec');
    const routed = queued('zignsec');
    s.recordRetry(failover, 'Could not connect', T0 + 60_000, true);
    expect(s.reassignProvider(failover, 'zignsec', 'zoloz', 'ZignSec unreachable')).toBe(true);
    expect(row(failover)).toMatchObject({ provider: 'zoloz', progress: '{}', step: null, attempts: 0, last_error: null, next_attempt_at: null });
    expect(s.reassignProvider(routed, 'zignsec', 'zoloz', 'issuing country', 'provider_routed')).toBe(true);
    const audit = (id: string) => auditOf(id).filter((a) => a.action.startsWith('provider_')).map((a) => ({ actor: a.actor, action: a.action, detail: a.detail }));
    expect(audit(failover)).toEqual([{ actor: 'sync', action: 'provider_failover', detail: { from: 'zignsec', to: 'zoloz', reason: 'ZignSec unreachable' } }]);
    expect(audit(routed)).toEqual([{ actor: 'kiosk', action: 'provider_routed', detail: { from: 'zignsec', to: 'zoloz', reason: 'issuing country' } }]);
  });

  it('refuses when the verification is no longer waiting at that provider: already moved, started, or cancelled', () => {
    const moved = queued('zoloz');
    const started = queued('zignsec');
    s.recordStep(started, progressStep({ step: 'analysis_started', state: 'awaiting_result' }));
    const cancelled = queued('zignsec');
    s.cancelVerification(cancelled, 'supervisor:Ann', 'customer left');
    expect(s.reassignProvider(moved, 'zignsec', 'zoloz', 'x')).toBe(false);
    expect(s.reassignProvider(started, 'zignsec', 'zoloz', 'x')).toBe(false);
    expect(s.reassignProvider(cancelled, 'zignsec', 'zoloz', 'x')).toBe(false);
    expect(row(started)).toMatchObject({ provider: 'zignsec', step: 'analysis_started' });
    expect(row(cancelled).provider).toBe('zignsec');
    expect(s.audit.list().filter((a) => a.action === 'provider_failover')).toEqual([]);
  });
});
