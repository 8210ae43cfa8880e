// When the audit anchor is written (main/store/anchor-keeper.ts), driven directly on a real encrypted
// database with its real audit log, without a Store around it: so each case is milliseconds, and the
// keeper's choices are seen one by one. What is observed: the anchor file on disk (readAnchor), how many
// anchors were written (the keeper reads its clock exactly once per anchor it writes, and the clock
// given here counts the reads), the errors it reports, and the descriptors the process holds on the WAL
// (/proc/self/fd). The clock can also act at the moment a write starts (close the keeper or the
// database, append rows): that is how "while a write is on its way" is reached without timing guesses.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Anchor, anchorFile, encodeAnchor, readAnchor } from '../../../main/store/anchor';
import { AnchorKeeper } from '../../../main/store/anchor-keeper';
import { AuditLog } from '../../../main/store/audit';
import { type Db, openDatabase } from '../../../main/store/db';
import { auditHead } from '../../../main/store/open-checks';
import { tempDir } from './support';

const START = Date.parse('2026-12-07T08:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

interface Rig {
  dir: string;
  /** The database file (the keeper's anchor is `<file>.anchor` unless `anchorAt` moved it). */
  file: string;
  /** The file the keeper was given. */
  keeperFile: string;
  key: Buffer;
  db: Db;
  audit: AuditLog;
  keeper: AnchorKeeper;
  errors: Error[];
  /** Every value the keeper's clock returned, in order: one per anchor written. */
  clockReads: number[];
  /** Runs once, inside the next clock read (the moment the keeper builds the anchor it is about to write). */
  onNextClockRead: (() => void) | null;
  append(n?: number): void;
  onDisk(): Anchor | null;
  walDescriptors(): number;
}

const rigs: Array<{ rig: Rig; cleanup(): void }> = [];
afterEach(async () => {
  for (const { rig, cleanup } of rigs.splice(0)) {
    rig.keeper.close(null);
    await rig.keeper.idle();
    if (rig.db.open) rig.db.close();
    cleanup();
  }
});

/** A fresh database with a keeper, wired as the store wires it (every append schedules a write), without writeNow. */
function rig(options: { anchorAt?: (dir: string) => string; wired?: boolean; onError?: boolean } = {}): Rig {
  const t = tempDir('kiosk-anchor-keeper-');
  const file = join(t.dir, 'kiosk.db');
  const keeperFile = options.anchorAt ? options.anchorAt(t.dir) : file;
  const key = randomBytes(32);
  const db = openDatabase(file, key);
  let auditClock = START;
  const audit = new AuditLog(db, () => (auditClock += 10));
  const r = {
    dir: t.dir,
    file,
    keeperFile,
    key,
    db,
    audit,
    errors: [] as Error[],
    clockReads: [] as number[],
    onNextClockRead: null as (() => void) | null,
  } as Rig;
  const clock = (): number => {
    const value = START + 60_000 * (r.clockReads.length + 1);
    r.clockReads.push(value);
    const hook = r.onNextClockRead;
    r.onNextClockRead = null;
    hook?.();
    return value;
  };
  r.keeper = options.onError === false ? new AnchorKeeper(db, keeperFile, key, clock) : new AnchorKeeper(db, keeperFile, key, clock, (e) => r.errors.push(e));
  if (options.wired !== false) audit.onAppend = () => r.keeper.schedule();
  let n = 0;
  r.append = (count = 1) => {
    for (let i = 0; i < count; i++) audit.append({ actor: 'system', action: 'test_event', detail: { n: ++n } });
  };
  r.onDisk = () => {
    const read = readAnchor(keeperFile, key);
    return read.kind === 'ok' ? read.anchor : null;
  };
  const wal = `${file}-wal`;
  r.walDescriptors = () =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === wal;
      } catch {
        return false; // the descriptor readdir itself used, closed by now
      }
    }).length;
  rigs.push({ rig: r, cleanup: t.cleanup });
  return r;
}

const headOf = (r: Rig) => auditHead(r.db);
const turn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
/**
 * Appends a forged row carrying the hash of the row before it: a head with one more row and the same
 * hash. No real chain has one (each row's hash covers its seq); it shows that the keeper compares the
 * count too, and does not lean on the hash function for it.
 */
const forgeRowWithSameHash = (r: Rig): void => {
  const last = auditHead(r.db);
  r.db
    .prepare('INSERT INTO audit_log (seq, at, actor, action, verification_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)')
    .run(last.seq + 1, iso(START + 5_000), 'system', 'test_event', '{}', last.hash, last.hash);
};
/** An anchor as the keeper writes it: the head and the clock value it read. */
const expected = (head: { seq: number; hash: string; at: string | null }, clockValue: number): Anchor => ({ ...head, writtenAt: iso(clockValue) });

describe('current()', () => {
  it('is null with no anchor file, the anchor once written, and null for a file sealed with another key', () => {
    const r = rig();
    expect(r.keeper.current()).toBeNull();
    r.keeper.writeNow();
    expect(r.keeper.current()).toEqual(expected(headOf(r), r.clockReads[0]!));
    writeFileSync(anchorFile(r.file), encodeAnchor(randomBytes(32), expected(headOf(r), START)));
    writeFileSync(`${anchorFile(r.file)}.prev`, encodeAnchor(randomBytes(32), expected(headOf(r), START)));
    expect(r.keeper.current()).toBeNull();
  });
});

describe('writeNow()', () => {
  it('writes the current head at once, stamped with the clock, and leaves no descriptor open', () => {
    const r = rig({ wired: false });
    r.append(3);
    const before = r.walDescriptors();
    expect(before).toBeGreaterThan(0); // SQLite's own
    r.keeper.writeNow();
    const head = headOf(r);
    expect(head.seq).toBe(3);
    expect(r.onDisk()).toEqual(expected(head, r.clockReads[0]!));
    expect(r.clockReads).toHaveLength(1);
    expect(r.walDescriptors()).toBe(before);
  });

  it('an empty chain is anchored as seq 0 (a database with no rows yet)', () => {
    const r = rig();
    r.keeper.writeNow();
    expect(r.onDisk()).toEqual(expected({ seq: 0, hash: '0'.repeat(64), at: null }, r.clockReads[0]!));
  });

  it('records what it wrote: a schedule with no new rows writes nothing', async () => {
    const r = rig();
    r.append(2);
    await r.keeper.idle();
    r.keeper.writeNow();
    const text = readFileSync(anchorFile(r.file), 'utf8');
    const reads = r.clockReads.length;
    r.keeper.schedule();
    await r.keeper.idle();
    expect(r.clockReads).toHaveLength(reads);
    expect(readFileSync(anchorFile(r.file), 'utf8')).toBe(text);
    expect(r.errors).toEqual([]);
  });
});

describe('writes behind the commits', () => {
  it('appends of one turn are covered by ONE write, of the last head, once idle() resolves', async () => {
    const r = rig();
    r.keeper.writeNow();
    const first = r.onDisk();
    r.append(3);
    expect(r.onDisk()).toEqual(first); // nothing written on the commit path itself
    await r.keeper.idle();
    const head = headOf(r);
    expect(head.seq).toBe(3);
    expect(r.clockReads).toHaveLength(2);
    expect(r.onDisk()).toEqual(expected(head, r.clockReads[1]!));
    // the anchor it replaced is kept beside it
    expect(readAnchor(r.file, r.key)).toMatchObject({ kind: 'ok', from: 'current' });
    expect(readFileSync(`${anchorFile(r.file)}.prev`, 'utf8')).toContain(`"seq":0`);
    expect(r.errors).toEqual([]);
    expect(r.keeper.lastError).toBeNull();
  });

  it('appends made while a write is on its way are covered by one next write', async () => {
    const r = rig();
    r.keeper.writeNow();
    r.append(1);
    // The keeper has read head 1 and is building its anchor: three more rows land now.
    r.onNextClockRead = () => r.append(3);
    await r.keeper.idle();
    const head = headOf(r);
    expect(head.seq).toBe(4);
    expect(r.clockReads).toHaveLength(3); // writeNow, head 1, head 4
    expect(r.onDisk()).toEqual(expected(head, r.clockReads[2]!));
    expect(readFileSync(`${anchorFile(r.file)}.prev`, 'utf8')).toContain(`"seq":1,`);
  });

  it('a later burst is written too (the writer starts again after it went idle)', async () => {
    const r = rig();
    r.keeper.writeNow();
    r.append(1);
    await r.keeper.idle();
    expect(r.onDisk()?.seq).toBe(1);
    r.append(2);
    await r.keeper.idle();
    expect(r.onDisk()).toEqual(expected(headOf(r), r.clockReads.at(-1)!));
    expect(r.onDisk()?.seq).toBe(3);
    expect(r.clockReads).toHaveLength(3);
  });

  it('a head already written is not written again', async () => {
    const r = rig();
    r.keeper.writeNow();
    r.append(2);
    await r.keeper.idle();
    const text = readFileSync(anchorFile(r.file), 'utf8');
    const prev = readFileSync(`${anchorFile(r.file)}.prev`, 'utf8');
    r.keeper.schedule();
    r.keeper.schedule();
    await r.keeper.idle();
    expect(r.clockReads).toHaveLength(2);
    expect(readFileSync(anchorFile(r.file), 'utf8')).toBe(text);
    expect(readFileSync(`${anchorFile(r.file)}.prev`, 'utf8')).toBe(prev);
  });

  it('a keeper that has written nothing yet writes the head it finds', async () => {
    const r = rig();
    r.append(2);
    await r.keeper.idle();
    expect(r.errors).toEqual([]);
    expect(r.onDisk()).toEqual(expected(headOf(r), r.clockReads[0]!));
    expect(r.clockReads).toHaveLength(1);
  });

  it('the head is its hash as well as its count: the same count with another last row is written', async () => {
    const r = rig();
    r.append(2);
    r.keeper.writeNow();
    const before = r.onDisk()!;
    // The append-only trigger forbids this in the kiosk; here the last row is replaced to give a head
    // of the same length with another hash (what a rewritten end of the chain would look like).
    r.db.exec('DROP TRIGGER audit_log_no_delete');
    r.db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    r.append(1);
    await r.keeper.idle();
    const head = headOf(r);
    expect(head.seq).toBe(before.seq);
    expect(head.hash).not.toBe(before.hash);
    expect(r.onDisk()).toEqual(expected(head, r.clockReads.at(-1)!));
    expect(r.clockReads).toHaveLength(2);
  });

  it('the head is its count as well as its hash: one more row with the same hash is written', async () => {
    const r = rig();
    r.append(2);
    r.keeper.writeNow();
    const before = r.onDisk()!;
    forgeRowWithSameHash(r);
    r.keeper.schedule();
    await r.keeper.idle();
    const head = headOf(r);
    expect(head).toMatchObject({ seq: before.seq + 1, hash: before.hash });
    expect(r.onDisk()).toEqual(expected(head, r.clockReads.at(-1)!));
    expect(r.clockReads).toHaveLength(2);
  });

  it('syncs the WAL through its own descriptor before it writes, and close() lets that descriptor go', async () => {
    const r = rig();
    r.keeper.writeNow();
    const sqliteOnly = r.walDescriptors();
    r.append(1);
    await r.keeper.idle();
    expect(r.onDisk()?.seq).toBe(1);
    expect(r.walDescriptors()).toBe(sqliteOnly + 1);
    r.keeper.close(null);
    expect(r.walDescriptors()).toBe(sqliteOnly);
  });
});

describe('a write that fails', () => {
  it('is reported (onError and lastError, the file system error itself), and the next success clears it', async () => {
    const r = rig({ anchorAt: (dir) => join(dir, 'missing', 'kiosk.db') });
    r.append(1);
    await r.keeper.idle();
    expect(r.onDisk()).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toBeInstanceOf(Error);
    expect((r.errors[0] as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(r.keeper.lastError).toBe(r.errors[0]);
    mkdirSync(join(r.dir, 'missing'));
    r.append(1);
    await r.keeper.idle();
    expect(r.keeper.lastError).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.onDisk()).toEqual(expected(headOf(r), r.clockReads.at(-1)!));
  });

  it('without an onError the failure is only kept in lastError', async () => {
    const r = rig({ anchorAt: (dir) => join(dir, 'missing', 'kiosk.db'), onError: false });
    r.append(1);
    await r.keeper.idle();
    expect((r.keeper.lastError as NodeJS.ErrnoException | null)?.code).toBe('ENOENT');
  });

  it('is not reported when the keeper was closed while it was on its way', async () => {
    const r = rig({ anchorAt: (dir) => join(dir, 'missing', 'kiosk.db') });
    r.append(1);
    r.onNextClockRead = () => r.keeper.close(null);
    await r.keeper.idle();
    expect(r.clockReads).toHaveLength(1); // the write was started
    expect(r.errors).toEqual([]);
    expect(r.keeper.lastError).toBeNull();
  });

  it('is not reported when the database was closed while it was on its way', async () => {
    const r = rig({ anchorAt: (dir) => join(dir, 'missing', 'kiosk.db') });
    r.append(1);
    r.onNextClockRead = () => r.db.close();
    await r.keeper.idle();
    expect(r.clockReads).toHaveLength(1);
    expect(r.errors).toEqual([]);
    expect(r.keeper.lastError).toBeNull();
  });
});

describe('close()', () => {
  it('writes the final head at once (synchronously) when it is not the one on disk', async () => {
    const r = rig();
    r.keeper.writeNow();
    r.append(2);
    const head = headOf(r);
    r.keeper.close(head);
    expect(r.onDisk()).toEqual(expected(head, r.clockReads.at(-1)!));
    expect(r.clockReads).toHaveLength(2);
    await r.keeper.idle();
    // the write the appends scheduled saw the keeper closed and wrote nothing more
    expect(r.clockReads).toHaveLength(2);
    expect(r.onDisk()).toEqual(expected(head, r.clockReads[1]!));
  });

  it('writes nothing when the final head is the one on disk, or when there is none', async () => {
    const r = rig();
    r.append(1);
    await r.keeper.idle();
    const text = readFileSync(anchorFile(r.file), 'utf8');
    r.keeper.close(headOf(r));
    expect(r.clockReads).toHaveLength(1);
    expect(readFileSync(anchorFile(r.file), 'utf8')).toBe(text);
    expect(existsSync(`${anchorFile(r.file)}.prev`)).toBe(false);

    const s = rig();
    s.keeper.writeNow();
    const text2 = readFileSync(anchorFile(s.file), 'utf8');
    s.append(1);
    s.keeper.close(null);
    await s.keeper.idle();
    expect(readFileSync(anchorFile(s.file), 'utf8')).toBe(text2);
    expect(s.clockReads).toHaveLength(1);
  });

  it('a final head of the same count but another hash is written', () => {
    const r = rig();
    r.append(2);
    r.keeper.writeNow();
    const before = r.onDisk()!;
    r.db.exec('DROP TRIGGER audit_log_no_delete');
    r.db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    r.audit.onAppend = null;
    r.append(1);
    const head = headOf(r);
    expect(head.seq).toBe(before.seq);
    r.keeper.close(head);
    expect(r.onDisk()).toEqual(expected(head, r.clockReads.at(-1)!));
  });

  it('a final head of one more row with the same hash is written', () => {
    const r = rig();
    r.append(2);
    r.keeper.writeNow();
    const before = r.onDisk()!;
    forgeRowWithSameHash(r);
    const head = headOf(r);
    expect(head).toMatchObject({ seq: before.seq + 1, hash: before.hash });
    r.keeper.close(head);
    expect(r.onDisk()).toEqual(expected(head, r.clockReads.at(-1)!));
    expect(r.clockReads).toHaveLength(2);
  });

  it('lands in the middle of a background write: the older head being written is dropped, the final head stays', async () => {
    const r = rig();
    r.keeper.writeNow();
    r.append(1);
    let finalHead: ReturnType<typeof headOf> | null = null;
    r.onNextClockRead = () => {
      r.append(1);
      finalHead = headOf(r);
      r.keeper.close(finalHead);
    };
    await r.keeper.idle();
    expect(finalHead).not.toBeNull();
    expect(finalHead!.seq).toBe(2);
    expect(r.onDisk()).toEqual(expected(finalHead!, r.clockReads[2]!));
    expect(readdirSync(r.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(r.errors).toEqual([]);
  });

  it('right after a commit (same turn): the scheduled write does nothing, and no WAL descriptor is opened again', async () => {
    const r = rig();
    r.keeper.writeNow();
    const sqliteOnly = r.walDescriptors();
    const text = readFileSync(anchorFile(r.file), 'utf8');
    r.append(2);
    r.keeper.close(null);
    await r.keeper.idle();
    await turn();
    expect(readFileSync(anchorFile(r.file), 'utf8')).toBe(text);
    expect(r.clockReads).toHaveLength(1);
    expect(r.walDescriptors()).toBe(sqliteOnly);
  });

  it('while the WAL is being synced for a write: that write is not started, and no WAL descriptor is left open', async () => {
    const r = rig();
    r.keeper.writeNow();
    const text = readFileSync(anchorFile(r.file), 'utf8');
    r.append(1);
    // The keeper waits one turn for the rest of the commits, then reads the head and asks for a WAL
    // sync, which is issued a turn later. This immediate runs right after the keeper's first one
    // (same turn, queued after it), so the keeper is waiting for that sync when it is closed.
    const sqliteOnly = r.walDescriptors();
    await turn();
    r.keeper.close(null);
    await r.keeper.idle();
    expect(r.clockReads).toHaveLength(1);
    // and the descriptor that sync opened is let go too (close() had already closed the keeper's own)
    expect(r.walDescriptors()).toBe(sqliteOnly);
    expect(readFileSync(anchorFile(r.file), 'utf8')).toBe(text);
    expect(readdirSync(r.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('a final write that fails is reported, not thrown, with the file system error itself', () => {
    const r = rig({ anchorAt: (dir) => join(dir, 'missing', 'kiosk.db'), wired: false });
    r.append(1);
    expect(() => r.keeper.close(headOf(r))).not.toThrow();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toBeInstanceOf(Error);
    expect((r.errors[0] as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('after close, new rows schedule nothing', async () => {
    const r = rig();
    r.keeper.writeNow();
    r.keeper.close(null);
    const text = readFileSync(anchorFile(r.file), 'utf8');
    r.append(2);
    await r.keeper.idle();
    await turn();
    expect(readFileSync(anchorFile(r.file), 'utf8')).toBe(text);
    expect(r.clockReads).toHaveLength(1);
  });
});
