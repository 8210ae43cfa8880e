// The audit log's hash chain on a real encrypted store file: how rows link, what list() returns,
// that a row commits or vanishes with its transaction, and the exact verdict for each kind of
// tampering (a changed row, a broken link, a missing row).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, rowHash } from '../../../main/store/audit';
import type { Store } from '../../../main/store/store';
import { key, openStore, tempDir } from './support';

const T0 = Date.parse('2026-04-01T08:00:00.000Z');
let t: ReturnType<typeof tempDir>;
let s: Store;
let now = T0;

beforeEach(() => {
  t = tempDir();
  now = T0;
  s = openStore(t.dir, key(), () => now);
});
afterEach(() => {
  s.close();
  t.cleanup();
});

/** The rows appended by this test (the store may audit its own opening first). */
const baseSeq = () => (s.audit.list().at(-1)?.seq ?? 0);
const unlock = () => s.db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');

describe('audit chain', () => {
  it('each row links to the one before, from the genesis hash, with the hash of its own content', () => {
    const start = baseSeq();
    const before = start === 0 ? GENESIS_HASH : s.audit.list().at(-1)!.hash;
    const a = s.audit.append({ actor: 'teller', action: 'verification_created', verificationId: 'v-1', detail: { b: 2, a: 1 } });
    now += 1_500;
    const b = s.audit.append({ actor: 'system', action: 'started', detail: {} });
    expect(a).toMatchObject({ seq: start + 1, at: new Date(T0).toISOString(), prevHash: before, verificationId: 'v-1', detail: { b: 2, a: 1 } });
    expect(b).toMatchObject({ seq: start + 2, at: new Date(T0 + 1_500).toISOString(), prevHash: a.hash, verificationId: null });
    expect(a.hash).toBe(rowHash({ seq: a.seq, at: a.at, actor: 'teller', action: 'verification_created', verificationId: 'v-1', detail: '{"a":1,"b":2}' }, before));
    expect(b.hash).toBe(rowHash({ seq: b.seq, at: b.at, actor: 'system', action: 'started', verificationId: null, detail: '{}' }, a.hash));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.audit.list({ afterSeq: start })).toEqual([a, { ...b, detail: {} }]);
    expect(s.audit.verifyAudit()).toEqual({ ok: true, count: start + 2 });
  });

  it('an empty chain checks out with no rows', () => {
    unlock();
    s.db.exec('DELETE FROM audit_log');
    expect(s.audit.verifyAudit()).toEqual({ ok: true, count: 0 });
    const first = s.audit.append({ actor: 'system', action: 'x', detail: {} });
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(s.audit.verifyAudit()).toEqual({ ok: true, count: 1 });
  });

  it('list() filters by verification, continues after a seq, and pages (1000 by default)', () => {
    const start = baseSeq();
    s.db.transaction(() => {
      for (let i = 0; i < 1_005; i++) s.audit.append({ actor: 'sync', action: `step:${i}`, verificationId: i % 2 === 0 ? 'even' : 'odd', detail: { i } });
    })();
    expect(s.audit.list({ afterSeq: start })).toHaveLength(1_000);
    expect(s.audit.list({ afterSeq: start + 1_000 }).map((r) => r.action)).toEqual(['step:1000', 'step:1001', 'step:1002', 'step:1003', 'step:1004']);
    expect(s.audit.list({ afterSeq: start, limit: 3 }).map((r) => r.seq)).toEqual([start + 1, start + 2, start + 3]);
    const odd = s.audit.list({ verificationId: 'odd' });
    expect(odd).toHaveLength(502);
    expect(odd.every((r) => r.verificationId === 'odd')).toBe(true);
    expect(s.audit.list({ verificationId: 'odd', limit: 2 }).map((r) => r.detail)).toEqual([{ i: 1 }, { i: 3 }]);
    expect(s.audit.list({ verificationId: 'even', afterSeq: start + 1_000 }).map((r) => r.detail)).toEqual([{ i: 1000 }, { i: 1002 }, { i: 1004 }]);
    expect(s.audit.list({ verificationId: 'odd' }).length).toBeLessThanOrEqual(1_000);
    expect(s.audit.list({ verificationId: 'nobody' })).toEqual([]);
  });

  it('a row appended inside a transaction that fails is gone with it; on its own it commits at once', () => {
    const start = baseSeq();
    expect(() =>
      s.db.transaction(() => {
        s.audit.append({ actor: 'teller', action: 'doomed', detail: {} });
        throw new Error('the change failed');
      })(),
    ).toThrow('the change failed');
    expect(s.audit.list({ afterSeq: start })).toEqual([]);
    const row = s.audit.append({ actor: 'teller', action: 'kept', detail: {} });
    expect(row.seq).toBe(start + 1);
    expect(s.db.inTransaction).toBe(false);
    expect(s.audit.list({ afterSeq: start }).map((r) => r.action)).toEqual(['kept']);
  });

  describe('tampering', () => {
    function chainOf(n: number): number {
      const start = baseSeq();
      for (let i = 1; i <= n; i++) s.audit.append({ actor: 'teller', action: `a${i}`, detail: { i } });
      unlock();
      return start;
    }

    it('a row whose content was edited: reported at that row', () => {
      const start = chainOf(4);
      s.db.prepare(`UPDATE audit_log SET actor = 'mallory' WHERE seq = ?`).run(start + 3);
      expect(s.audit.verifyAudit()).toEqual({ ok: false, brokenAt: start + 3, reason: `row ${start + 3} was changed after it was written (its hash does not match its content)` });
    });

    for (const column of ['at', 'action', 'verification_id', 'detail'] as const) {
      it(`a changed ${column} breaks the row's hash`, () => {
        const start = chainOf(2);
        s.db.prepare(`UPDATE audit_log SET ${column} = ? WHERE seq = ?`).run(column === 'detail' ? '{"i":9}' : 'forged', start + 2);
        expect(s.audit.verifyAudit()).toMatchObject({ ok: false, brokenAt: start + 2 });
      });
    }

    it('a row re-hashed after editing: reported at the next row, whose link no longer matches', () => {
      const start = chainOf(3);
      const row = s.db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(start + 2) as { at: string; actor: string; action: string; verification_id: string | null; prev_hash: string };
      const detail = '{"i":99}';
      const forged = rowHash({ seq: start + 2, at: row.at, actor: row.actor, action: row.action, verificationId: row.verification_id, detail }, row.prev_hash);
      s.db.prepare('UPDATE audit_log SET detail = ?, hash = ? WHERE seq = ?').run(detail, forged, start + 2);
      expect(s.audit.verifyAudit()).toEqual({ ok: false, brokenAt: start + 3, reason: `row ${start + 3} does not link to the hash of row ${start + 2}` });
    });

    it('a deleted row: reported as missing, naming the row found next', () => {
      const start = chainOf(4);
      s.db.prepare('DELETE FROM audit_log WHERE seq = ?').run(start + 2);
      expect(s.audit.verifyAudit()).toEqual({ ok: false, brokenAt: start + 2, reason: `row ${start + 2} is missing (next row found is ${start + 3})` });
    });
  });
});
