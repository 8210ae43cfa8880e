// Damaged, rolled-back and lost database files: real store files written by a real process that is
// SIGKILLed, then damaged the way a failing disk or an operator would. Each case checks that the
// kiosk refuses to open (or reports exactly what is missing) and that the files it refused are left
// byte for byte as they were.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { readAnchor } from '../../../main/store/anchor';
import { AuditLog } from '../../../main/store/audit';
import { listBackups } from '../../../main/store/backup';
import { DB_FILE, KEY_FILE, loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { auditHead, StoreDamagedError, StoreRolledBackError, withReadOnly } from '../../../main/store/open-checks';
import { restoreFromBackup } from '../../../main/store/restore';
import { checkWal } from '../../../main/store/wal-check';
import { Store } from '../../../main/store/store';
import { StoreKeyError } from '../../../main/store/db';
import { tempDir } from './support';

const CHILD = join(import.meta.dirname, 'damage-child.ts');
const cleanups: Array<() => void> = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
  for (const c of cleanups.splice(0)) c();
});

function dir(): string {
  const d = tempDir('kiosk-damage-');
  cleanups.push(d.cleanup);
  return d.dir;
}

interface ChildRun {
  lines: Array<{ id: string; seq: number }>;
  backups: Array<{ backup: string; seq: number }>;
  head: number;
}

/** Runs damage-child.ts until READY, then SIGKILLs it. */
async function runAndKill(dataDir: string, count: number, options: object = {}): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(count), JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const run: ChildRun = { lines: [], backups: [], head: -1 };
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('READY ')) {
      run.head = Number(line.slice(6));
      break;
    }
    const m = JSON.parse(line) as { id?: string; seq: number; backup?: string; backupError?: string };
    if (m.backupError) throw new Error(`backup failed: ${m.backupError}`);
    if (m.backup) run.backups.push({ backup: m.backup, seq: m.seq });
    else run.lines.push({ id: m.id!, seq: m.seq });
  }
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(child.pid!, 'SIGKILL');
  await exited;
  expect(run.head).toBeGreaterThan(0);
  return run;
}

const sha = (f: string) => (existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : 'absent');
function hashes(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of [DB_FILE, `${DB_FILE}-wal`, KEY_FILE, `${DB_FILE}.anchor`]) out[f] = sha(join(dataDir, f));
  return out;
}

/** The audit head a copy of these files holds (read-only, on a copy: the originals stay untouched). */
function headOfCopy(dataDir: string, files: string[]): number {
  const copy = dir();
  for (const f of files) if (existsSync(join(dataDir, f))) copyFileSync(join(dataDir, f), join(copy, f));
  return withReadOnly(join(copy, DB_FILE), loadOrCreateKeyFile(dataDir), (db) => {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'audit_log'").get();
    return has ? auditHead(db).seq : 0;
  });
}

/** After a clean close: the helper threads' connections are closed (the last one removes the WAL). */
// The store's background connections (checkpointer, upload thread) close after close() returns and
// the last one removes the WAL and shm files; on a loaded machine that can take several seconds.
async function settled(dataDir: string): Promise<void> {
  for (let i = 0; i < 600 && (existsSync(join(dataDir, `${DB_FILE}-wal`)) || existsSync(join(dataDir, `${DB_FILE}-shm`))); i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 200));
}

/** A store of 20 verifications with a 16 KB capture each, closed cleanly: everything checkpointed into the main file. */
async function closedStoreWithCaptures(dataDir: string): Promise<void> {
  const s = Store.open({ dataDir, key: loadOrCreateKeyFile(dataDir) });
  for (let i = 0; i < 20; i++) {
    const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    const jpeg = Buffer.alloc(16_384, i);
    s.putCapture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner', jpeg, preview: jpeg.subarray(0, 64), width: 640, height: 480, quality: null });
  }
  s.close();
  await settled(dataDir);
}

function openError(dataDir: string): unknown {
  try {
    Store.open({ dataDir, key: loadOrCreateKeyFile(dataDir) }).close();
  } catch (e) {
    return e;
  }
  return null;
}

describe('a damaged store is refused, never written', () => {
  it('a WAL deleted after a SIGKILL: refused as rolled back with the exact missing count, audit verify not ok', async () => {
    const d = dir();
    // A checkpoint after 15 verifications (as the background checkpointer makes once enough waits):
    // part of the record is in the main file, the rest only in the WAL.
    const run = await runAndKill(d, 40, { checkpointAt: 15 });
    const key = loadOrCreateKeyFile(d);
    const anchor = readAnchor(join(d, DB_FILE), key);
    expect(anchor.kind === 'ok' && anchor.anchor.seq).toBe(run.head);
    expect(headOfCopy(d, [DB_FILE, `${DB_FILE}-wal`])).toBe(run.head);
    unlinkSync(join(d, `${DB_FILE}-wal`));
    const kept = headOfCopy(d, [DB_FILE]);
    expect(kept).toBeLessThan(run.head);
    const before = hashes(d);
    const e = openError(d);
    expect(e).toBeInstanceOf(StoreRolledBackError);
    expect((e as StoreRolledBackError).missingRows).toBe(run.head - kept);
    expect((e as Error).message).toContain(`rolled back: ${run.head - kept} audit row(s) missing since`);
    expect(hashes(d)).toEqual(before);
    // The audit verification (reviewVerifyAudit's walk) compares with the anchor too.
    const verdict = withReadOnly(join(d, DB_FILE), key, (db) => {
      const log = new AuditLog(db, Date.now);
      log.anchoredHead = () => (anchor.kind === 'ok' ? anchor.anchor : null);
      return log.verifyAudit();
    });
    expect(verdict).toMatchObject({ ok: false, brokenAt: kept + 1 });
    expect(!verdict.ok && verdict.reason).toContain(`${run.head - kept} row(s) missing`);
    // A supervisor accepts it: the store opens and the acceptance is on the record with the count.
    const s = Store.open({ dataDir: d, key, acceptRollback: { actor: 'supervisor:anna', reason: 'WAL lost with the disk' } });
    try {
      const last = s.audit.list({ afterSeq: kept }).at(-1)!;
      expect(last).toMatchObject({ actor: 'supervisor:anna', action: 'rollback_accepted' });
      expect((last.detail as { missingRows: number }).missingRows).toBe(run.head - kept);
      expect(s.audit.verifyAudit().ok).toBe(true);
    } finally {
      s.close();
    }
  });

  it('a flipped byte in the middle of the WAL: refused at start, files unchanged byte for byte', async () => {
    const d = dir();
    await runAndKill(d, 30);
    const wal = join(d, `${DB_FILE}-wal`);
    const buf = readFileSync(wal);
    // The middle frame of the WAL's current generation (beyond it lie frames of an earlier one,
    // already in the main file, which SQLite ignores), a byte inside its page.
    const live = checkWal(wal);
    expect(live.ok && live.frames).toBeGreaterThan(10);
    const pageSize = buf.readUInt32BE(8);
    const at = 32 + (Math.floor((live.ok ? live.frames : 0) / 2) - 1) * (24 + pageSize) + 24 + 1000;
    buf[at] = buf[at]! ^ 0x40;
    writeFileSync(wal, buf);
    const before = hashes(d);
    const e = openError(d);
    expect(e instanceof StoreRolledBackError || e instanceof StoreDamagedError).toBe(true);
    expect(hashes(d)).toEqual(before);
  });

  it('a flipped byte in the middle of the database: refused at start, files unchanged byte for byte', async () => {
    const d = dir();
    await closedStoreWithCaptures(d);
    const file = join(d, DB_FILE);
    const buf = readFileSync(file);
    const at = Math.floor(buf.length / 2) + 100;
    buf[at] = buf[at]! ^ 0x01;
    writeFileSync(file, buf);
    const before = hashes(d);
    const e = openError(d);
    expect(e).toBeInstanceOf(StoreDamagedError);
    expect((e as Error).message).toContain(file);
    expect(hashes(d)).toEqual(before);
  });

  it('a 0-byte database beside its WAL: refused, the WAL kept, and no new key without the key file', async () => {
    const d = dir();
    await runAndKill(d, 10);
    truncateSync(join(d, DB_FILE), 0);
    const before = hashes(d);
    const e = openError(d);
    expect(e).toBeInstanceOf(StoreDamagedError);
    expect((e as Error).message).toMatch(/empty \(0 bytes\).*write-ahead log/);
    expect(hashes(d)).toEqual(before);
    unlinkSync(join(d, KEY_FILE));
    expect(() => loadOrCreateKeyFile(d)).toThrow(StoreKeyError);
    expect(existsSync(join(d, KEY_FILE))).toBe(false);
    expect(statSync(join(d, DB_FILE)).size).toBe(0);
    expect(sha(join(d, `${DB_FILE}-wal`))).toBe(before[`${DB_FILE}-wal`]);
  });

  it('a database without its key file: refused, no new key made, the file unchanged', async () => {
    const d = dir();
    Store.open({ dataDir: d, key: loadOrCreateKeyFile(d) }).close();
    unlinkSync(join(d, KEY_FILE));
    const before = hashes(d);
    expect(() => loadOrCreateKeyFile(d)).toThrow(/key file .* is missing/);
    expect(existsSync(join(d, KEY_FILE))).toBe(false);
    expect(hashes(d)).toEqual(before);
  });

  it('a truncated database: refused, nothing written', async () => {
    const d = dir();
    await closedStoreWithCaptures(d);
    const file = join(d, DB_FILE);
    const size = statSync(file).size;
    truncateSync(file, Math.floor(size / 2 / 8192) * 8192);
    const before = hashes(d);
    const e = openError(d);
    expect(e).toBeInstanceOf(StoreDamagedError);
    expect(hashes(d)).toEqual(before);
    expect(existsSync(join(d, `${DB_FILE}-wal`))).toBe(false);
    // Not a whole number of pages: refused before SQLite even opens it.
    truncateSync(file, Math.floor(size / 2 / 8192) * 8192 - 1000);
    const before2 = hashes(d);
    expect(openError(d)).toBeInstanceOf(StoreDamagedError);
    expect(hashes(d)).toEqual(before2);
  });
});

describe('live encrypted backup', () => {
  it('200 verifications with backups every few seconds, the primary lost: restore holds everything older than the last backup and says exactly what is missing', async () => {
    const d = dir();
    const backupDir = join(dir(), 'share');
    mkdirSync(backupDir);
    const run = await runAndKill(d, 200, { backup: { dir: backupDir, everyMinutes: 0.03, keep: 3 }, paceMs: 40 });
    expect(run.backups.length).toBeGreaterThanOrEqual(2);
    const files = listBackups(backupDir);
    expect(files.length).toBeLessThanOrEqual(3);
    const last = files.at(-1)!;
    const lastSeq = run.backups.find((b) => b.backup === last)!.seq;
    // The backup is encrypted: no marker of the synthetic images in clear.
    expect(readFileSync(last).includes(Buffer.from('DMG-1'))).toBe(false);
    // The primary disk is lost.
    for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]) if (existsSync(join(d, f))) unlinkSync(join(d, f));
    const key = loadOrCreateKeyFile(d);
    const report = restoreFromBackup({ dataDir: d, key, from: last });
    expect(report.head.seq).toBe(lastSeq);
    expect(report.missingRows).toBe(run.head - lastSeq);
    expect(report.sentence).toContain(`missing ${run.head - lastSeq} audit row(s)`);
    const s = Store.open({ dataDir: d, key, acceptRollback: { actor: 'supervisor:anna', reason: `restored from ${last}` } });
    try {
      for (const l of run.lines) {
        // l.seq is the head after the verification's three rows (created, captured, submitted).
        if (l.seq <= lastSeq) expect(s.getVerification(l.id)?.state, l.id).toBe('queued');
        else if (l.seq - 2 > lastSeq) expect(s.getVerification(l.id), l.id).toBeNull();
        else expect(s.getVerification(l.id)?.state ?? 'absent', l.id).toBe('capturing'); // the backup fell between its commits
      }
      expect(run.lines.filter((l) => l.seq <= lastSeq).length).toBeGreaterThan(0);
      expect(s.audit.verifyAudit().ok).toBe(true);
    } finally {
      s.close();
    }
  });

  it('a backup that fails raises a supervisor alert, resolved by the next backup that works', async () => {
    const d = dir();
    const share = join(dir(), 'share');
    writeFileSync(share, 'not a folder'); // the share is not mounted: a file where the folder should be
    const outcomes: string[] = [];
    const s = Store.open({ dataDir: d, key: loadOrCreateKeyFile(d), backup: { dir: share, everyMinutes: 60, keep: 2 }, onBackup: (r) => outcomes.push(r.ok ? 'ok' : r.error.message) });
    try {
      s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
      await s.backupNow();
      expect(s.openAlerts().map((a) => a.kind)).toEqual(['store_backup_failed']);
      expect(s.openAlerts()[0]!.message).toContain(share);
      unlinkSync(share);
      mkdirSync(share);
      await s.backupNow();
      expect(s.openAlerts()).toEqual([]);
      expect(listBackups(share)).toHaveLength(1);
    } finally {
      s.close();
    }
    // Clean shutdown takes one more; two are kept.
    expect(outcomes.slice(1)).toEqual(['ok', 'ok']);
    expect(listBackups(share)).toHaveLength(2);
  });
});
