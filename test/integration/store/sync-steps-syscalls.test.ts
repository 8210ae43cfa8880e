// Which provider steps are committed with an fsync of the WAL (main/store/sync-steps.ts, record), seen
// as the system calls the commit makes on the test's own thread (strace attached to this process,
// test/helpers/syscall-trace.ts): a status poll marked `durable: false` commits without one, every
// other step (progress with side effects, a final result) with one. Only a power cut shows the
// difference otherwise. One store for all cases; the anchor keeper's and other background syncs run
// on other threads and are left out by thread id (the test runs on the process's main thread).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepResult } from '../../../main/providers/provider';
import type { Store } from '../../../main/store/store';
import type { Outcome } from '../../../shared/domain';
import { SYNCS, syscallTraceUnavailable, traceSyscalls } from '../../helpers/syscall-trace';
import { captureInput, key, openStore, outcomeOf, progressStep, tempDir } from './support';

const unavailable = syscallTraceUnavailable();
if (unavailable) console.warn(`sync-steps-syscalls: skipped, ${unavailable}`);

let t: ReturnType<typeof tempDir>;
let s: Store;
const clock = Date.parse('2026-12-07T09:00:00Z');
beforeAll(() => {
  t = tempDir('kiosk-steps-syscalls-');
  s = openStore(t.dir, key(), () => clock);
});
afterAll(() => {
  s.close();
  t.cleanup();
});

function queued(): string {
  const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
  s.putCapture(captureInput(v.id, 'front'));
  s.submitVerification(v.id, ['front']);
  return v.id;
}

const progress = progressStep;

const outcome: Outcome = outcomeOf('accepted', clock);

/** How many syncs of the WAL this thread made while `result` was recorded. */
async function walSyncsOf(result: StepResult): Promise<number> {
  const id = queued();
  const wal = join(t.dir, 'kiosk.db-wal');
  const { value, calls } = await traceSyscalls(SYNCS, () => s.recordStep(id, result));
  expect(value).toBe(true);
  return calls.filter((c) => c.tid === process.pid && c.fdPaths[0] === wal).length;
}

describe.skipIf(unavailable !== null)('record: which steps sync the WAL', () => {
  it('the store is in WAL mode, its file where the test looks', () => {
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.name).toBe(join(t.dir, 'kiosk.db'));
  });

  it('a status poll (durable: false) commits without an fsync', async () => {
    expect(await walSyncsOf(progress({ step: 'status_polled', durable: false, state: 'awaiting_result' }))).toBe(0);
  });

  it('a progress step (durable by default, and durable: true) commits with one', async () => {
    expect(await walSyncsOf(progress())).toBeGreaterThan(0);
    expect(await walSyncsOf(progress({ step: 'front_uploaded', durable: true }))).toBeGreaterThan(0);
  });

  it('a final result commits with one, even one carrying durable: false (only progress may skip it)', async () => {
    const final = { kind: 'final', step: 'result_fetched', progress: { sessionId: 'S-1' }, outcome, raw: {}, durable: false } as StepResult;
    expect(await walSyncsOf(final)).toBeGreaterThan(0);
  });
});
