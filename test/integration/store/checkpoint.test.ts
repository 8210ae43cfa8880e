// The background checkpointer (main/store/checkpointer.ts): checkpoints leave the commit path, the
// data still reaches the main database file, stays encrypted and intact, and without the worker the
// store falls back to SQLite's inline checkpoints.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INLINE_AUTOCHECKPOINT_PAGES, SAFETY_AUTOCHECKPOINT_PAGES } from '../../../main/store/checkpointer';
import { DB_FILE } from '../../../main/store/keyfile';
import { Store } from '../../../main/store/store';
import { captureInput, key, markedJpeg, tempDir } from './support';
import { outcome } from '../review/support';

let t: ReturnType<typeof tempDir>;
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

async function waitUntil(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('background checkpoints', () => {
  it('copy committed pages into the database file without an inline checkpoint, encrypted and intact', async () => {
    const k = key();
    const s = Store.open({ dataDir: t.dir, key: k, checkpointAfterBytes: 1_000_000 });
    await waitUntil('checkpointer ready', () => s.checkpointsInBackground);
    expect(s.db.pragma('wal_autocheckpoint', { simple: true })).toBe(SAFETY_AUTOCHECKPOINT_PAGES);
    const file = join(t.dir, DB_FILE);
    const before = statSync(file).size;
    const v = s.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
    const sides = ['front', 'back', 'selfie'] as const;
    const images = sides.map((side) => markedJpeg(`CKPT-${side}`, 1_000_000));
    sides.forEach((side, i) => s.putCapture(captureInput(v.id, side, images[i])));
    s.submitVerification(v.id, [...sides]);
    // 3 MB is far below the writer's own auto-checkpoint bound, so only the worker can move it.
    await waitUntil('pages checkpointed into the main file', () => statSync(file).size >= before + 3_000_000);
    expect(readFileSync(file).includes(Buffer.from('CKPT-front'))).toBe(false);
    s.close();

    const again = Store.open({ dataDir: t.dir, key: k, backgroundCheckpoint: false });
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const task = again.syncTask(v.id)!;
    expect(task.job.captures.map((c) => c.load().equals(images[sides.indexOf(c.side)]!))).toEqual([true, true, true]);
    again.close();
  });

  it('leaves the WAL alone until enough waits there, so commits at a counter do not each restart it', async () => {
    const s = Store.open({ dataDir: t.dir, key: key(), checkpointAfterBytes: 4_000_000 });
    await waitUntil('checkpointer ready', () => s.checkpointsInBackground);
    const file = join(t.dir, DB_FILE);
    const queue = (marker: string, bytes: number) => {
      const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
      s.putCapture(captureInput(v.id, 'front', markedJpeg(marker, bytes)));
    };
    const before = statSync(file).size;
    // The new file's WAL already holds the schema (~0.8 MB): 2.5 MB more stays below the 4 MB mark.
    queue('SMALL', 2_500_000);
    // Six rounds of the worker: below its 4 MB mark, so the main file has not grown.
    await new Promise((r) => setTimeout(r, 600));
    expect(statSync(file).size).toBeLessThan(before + 1_000_000);
    queue('MORE', 2_500_000);
    await waitUntil('checkpointed once 5 MB wait', () => statSync(file).size >= before + 5_000_000);
    s.close();
  });

  it('keeps SQLite inline checkpoints when background checkpoints are off', () => {
    const s = Store.open({ dataDir: t.dir, key: key(), backgroundCheckpoint: false });
    expect(s.checkpointsInBackground).toBe(false);
    expect(s.db.pragma('wal_autocheckpoint', { simple: true })).toBe(INLINE_AUTOCHECKPOINT_PAGES);
    s.close();
  });

  it('reports the queue size on disk', () => {
    const s = Store.open({ dataDir: t.dir, key: key() });
    const empty = s.queueCounts().bytes!;
    expect(empty).toBeGreaterThan(0);
    const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    s.putCapture(captureInput(v.id, 'front', markedJpeg('SIZE', 500_000)));
    expect(s.queueCounts().bytes).toBe(s.sizeBytes());
    expect(s.queueCounts().bytes!).toBeGreaterThan(empty + 500_000);
    s.close();
  });
});

describe('sync step commits', () => {
  const progressStep = (n: number, opts: { waitMs?: number; durable?: false } = {}) =>
    ({ kind: 'progress', step: `poll:${n}`, progress: { n }, state: 'submitting', ...opts }) as const;

  it('commits a durable: false step atomically (visible to another connection) and goes back to synchronous=FULL', () => {
    const k = key();
    const s = Store.open({ dataDir: t.dir, key: k });
    const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    s.putCapture(captureInput(v.id, 'front'));
    s.submitVerification(v.id, ['front']);
    expect(s.recordStep(v.id, progressStep(1, { durable: false }))).toBe(true);
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2); // FULL again for everything else
    const other = Store.open({ dataDir: t.dir, key: k, backgroundCheckpoint: false });
    expect(other.getVerification(v.id)!.sync.step).toBe('poll:1');
    expect(other.syncTask(v.id)!.progress).toEqual({ n: 1 });
    other.close();
    s.close();
  });

  it('group commit: a step is committed and visible at once, and on disk when onDisk resolves', async () => {
    const k = key();
    const s = Store.open({ dataDir: t.dir, key: k });
    const ids = Array.from({ length: 12 }, () => {
      const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
      s.putCapture(captureInput(v.id, 'front'));
      s.submitVerification(v.id, ['front']);
      return v.id;
    });
    const other = Store.open({ dataDir: t.dir, key: k, backgroundCheckpoint: false });
    const pending = ids.map((id, i) => {
      const r = s.recordStepGroupCommit(id, progressStep(i, i % 3 === 0 ? { durable: false } : {}));
      expect(r.live).toBe(true);
      // Committed before the sync: another connection already reads it.
      expect(other.syncTask(id)!.progress).toEqual({ n: i });
      return r.onDisk;
    });
    await Promise.all(pending);
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2); // FULL again for everything else
    other.close();
    // A step of a verification that left the sync states is kept but reported as not live.
    s.cancelVerification(ids[0]!, 'supervisor:test', 'test');
    const late = s.recordStepGroupCommit(ids[0]!, progressStep(99));
    expect(late.live).toBe(false);
    // Closing while a sync is pending still settles it (the close checkpoints and syncs the WAL).
    s.close();
    await expect(late.onDisk).resolves.toBeUndefined();
    const again = Store.open({ dataDir: t.dir, key: k });
    expect(ids.map((id) => (again.syncTask(id)?.progress as { n?: number } | undefined)?.n)).toEqual([undefined, ...ids.slice(1).map((_, i) => i + 1)]);
    expect(again.audit.verifyAudit().ok).toBe(true);
    again.close();
  });

  it('keeps next attempt time and state right when only the progress changes', () => {
    let clock = 1_000_000;
    const s = Store.open({ dataDir: t.dir, key: key(), now: () => clock });
    const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    s.putCapture(captureInput(v.id, 'front'));
    s.submitVerification(v.id, ['front']);
    s.recordStep(v.id, progressStep(1));
    expect(s.getVerification(v.id)!.state).toBe('submitting');
    s.recordStep(v.id, progressStep(2, { waitMs: 500 }));
    expect(s.getVerification(v.id)!.sync.nextAttemptAt).toBe(new Date(clock + 500).toISOString());
    expect(s.dueForSync(clock, 5, new Set())).toEqual([]);
    clock += 1_000;
    expect(s.dueForSync(clock, 5, new Set()).map((d) => d.id)).toEqual([v.id]);
    s.recordStep(v.id, progressStep(3));
    s.recordStep(v.id, progressStep(4, { durable: false }));
    const after = s.getVerification(v.id)!;
    expect(after.sync).toMatchObject({ step: 'poll:4', nextAttemptAt: null });
    expect(s.listVerifications({ state: 'submitting', limit: 5 }).items.map((x) => x.id)).toEqual([v.id]);
    expect(s.audit.list({ verificationId: v.id }).filter((r) => r.action.startsWith('step:')).length).toBe(4);
    expect(s.audit.verifyAudit().ok).toBe(true);
    s.close();
  });

  it('hands out due verifications oldest first across the three sync states, honouring wait times, exclusions and skipped providers', () => {
    let clock = 5_000_000;
    const s = Store.open({ dataDir: t.dir, key: key(), now: () => clock });
    const queue = (provider: 'zignsec' | 'zoloz' = 'zignsec') => {
      const v = s.createVerification({ documentType: 'passport', provider, locale: 'en' });
      s.putCapture(captureInput(v.id, 'front'));
      s.submitVerification(v.id, ['front']);
      return v.id;
    };
    const ids = Array.from({ length: 9 }, (_, i) => queue(i === 4 ? 'zoloz' : 'zignsec'));
    // Mixed states, in an order that differs from the age order:
    s.recordStep(ids[7]!, progressStep(1)); // submitting, due now
    s.recordStep(ids[2]!, { ...progressStep(1), state: 'awaiting_result', waitMs: 1_000 }); // waiting until +1 s
    s.recordStep(ids[5]!, { ...progressStep(1), state: 'awaiting_result' }); // awaiting, due now
    s.recordRetry(ids[0]!, 'network', clock + 5_000); // backing off until +5 s
    s.recordStep(ids[8]!, { kind: 'final', step: 'result', progress: {}, outcome: outcome('accepted', { lastName: 'ZZDONE' }), raw: null }); // final: never due
    const due = (limit: number, exclude: string[] = [], skip: string[] = []) => s.dueForSync(clock, limit, new Set(exclude), skip).map((d) => ids.indexOf(d.id));
    expect(due(20)).toEqual([1, 3, 4, 5, 6, 7]);
    expect(due(3)).toEqual([1, 3, 4]);
    expect(due(3, [ids[1]!, ids[3]!])).toEqual([4, 5, 6]);
    expect(due(20, [], ['zoloz'])).toEqual([1, 3, 5, 6, 7]);
    clock += 1_000;
    expect(due(20)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    clock += 4_000;
    expect(due(2)).toEqual([0, 1]);
    s.close();
  });

  it('shows the last successful sync at once, and stores it with a step only when a verification finishes or every few seconds', () => {
    let clock = 10_000_000;
    const k = key();
    const at = (ms: number) => new Date(ms).toISOString();
    let s = Store.open({ dataDir: t.dir, key: k, now: () => clock });
    const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    s.putCapture(captureInput(v.id, 'front'));
    s.submitVerification(v.id, ['front']);
    expect(s.queueCounts().lastSyncAt).toBeNull();
    s.recordStep(v.id, progressStep(1)); // nothing stored yet: stored now
    const first = clock;
    clock += 1_000;
    s.recordStep(v.id, progressStep(2)); // 1 s later: shown, not stored
    expect(s.queueCounts().lastSyncAt).toBe(at(clock));
    s.close();
    s = Store.open({ dataDir: t.dir, key: k, now: () => clock });
    expect(s.queueCounts().lastSyncAt).toBe(at(first));
    clock += 5_000;
    s.recordStep(v.id, progressStep(3)); // the stored one is 6 s old: stored
    const third = clock;
    s.close();
    s = Store.open({ dataDir: t.dir, key: k, now: () => clock });
    expect(s.queueCounts().lastSyncAt).toBe(at(third));
    clock += 10;
    s.recordStep(v.id, { kind: 'final', step: 'result', progress: {}, outcome: outcome('accepted', { lastName: 'ZZDONE' }), raw: null }); // final: stored
    s.close();
    s = Store.open({ dataDir: t.dir, key: k, now: () => clock });
    expect(s.queueCounts().lastSyncAt).toBe(at(clock));
    s.close();
  });
});
