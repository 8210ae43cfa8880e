// Live encrypted backup of the outbox into `backup.dir` (a second disk or a mounted share): a
// consistent online copy every `everyMinutes` and at clean shutdown, the last `keep` kept, each with
// its own anchor (anchor.ts) recording the audit head it holds.
//
// The copy is SQLite's `VACUUM INTO` on a read connection of its own, in a worker thread: a WAL
// reader, so teller and sync commits go on meanwhile, and the main thread does none of the copying.
// WHY not better-sqlite3's db.backup() (the step-wise backup API): it opens its target without a
// key, and SQLite3 Multiple Ciphers refuses to copy an encrypted database into it ("backup is not
// supported with incompatible source and target databases"), while VACUUM INTO writes the copy with
// the source's cipher and key (checked: the copy holds no plaintext and opens with the kiosk's key).
// The copy is written as a temp file, quick_check'ed on a connection of its own, fsynced, then
// renamed into place, and the directory fsynced.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type AuditHead, anchorFile, writeAnchorSync } from './anchor';
import { CIPHER_PRAGMAS, openWorkerConnection } from './db';
import { fsyncFile } from './fsync';

export const BACKUP_PREFIX = 'kiosk-';
export const BACKUP_SUFFIX = '.db';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.modulePath);
${openWorkerConnection.toString()}
let src = null;
let copy = null;
try {
  src = openWorkerConnection(Database, workerData.file, workerData.keyHex, workerData.cipherPragmas);
  src.prepare('VACUUM INTO ?').run(workerData.tmp);
  src.close();
  src = null;
  copy = openWorkerConnection(Database, workerData.tmp, workerData.keyHex, workerData.cipherPragmas);
  const check = copy.pragma('quick_check(5)').map((r) => Object.values(r)[0]).join('; ');
  const head = copy.prepare('SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1').get() || null;
  copy.close();
  copy = null;
  const fd = fs.openSync(workerData.tmp, 'r+');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  parentPort.postMessage({ kind: 'done', check, head });
} catch (e) {
  if (src) try { src.close(); } catch {}
  if (copy) try { copy.close(); } catch {}
  parentPort.postMessage({ kind: 'failed', message: String(e && e.message || e), code: e && e.code || null });
}
`;

export interface BackupResult {
  file: string;
  head: AuditHead;
  bytes: number;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** Backups in `dir`, oldest first (their names sort by time). */
export function listBackups(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // not there (share not mounted) or not a folder
  }
  return names
    .filter((f) => f.startsWith(BACKUP_PREFIX) && f.endsWith(BACKUP_SUFFIX))
    .sort()
    .map((f) => join(dir, f));
}

/** A name in `dir` no backup has yet, and its temp file (a stale one from a failed run removed). */
function newBackupTarget(dir: string, now: () => number): { target: string; tmp: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let name = `${BACKUP_PREFIX}${stamp(now())}${BACKUP_SUFFIX}`;
  for (let i = 1; existsSync(join(dir, name)); i++) name = `${BACKUP_PREFIX}${stamp(now())}-${i}${BACKUP_SUFFIX}`;
  const target = join(dir, name);
  const tmp = `${target}.tmp`;
  if (existsSync(tmp)) unlinkSync(tmp);
  return { target, tmp };
}

/** Renames the checked, fsynced copy into place, writes its anchor (the audit head it holds) and removes the oldest backups beyond `keep`. */
function putInPlace(
  tmp: string,
  target: string,
  row: { seq: number; hash: string; at: string } | null,
  options: { key: Buffer; dir: string; keep: number; now: () => number },
): BackupResult {
  const { key, dir, keep, now } = options;
  const head: AuditHead = row ? { seq: row.seq, hash: row.hash, at: row.at } : { seq: 0, hash: '0'.repeat(64), at: null };
  renameSync(tmp, target);
  writeAnchorSync(target, key, { ...head, writtenAt: new Date(now()).toISOString() });
  for (const old of listBackups(dir).slice(0, Math.max(0, listBackups(dir).length - keep))) removeBackup(old);
  return { file: target, head, bytes: statSync(target).size };
}

/** One backup of `file` into `dir` (worker thread), with its anchor; the oldest beyond `keep` are removed. */
export function backupOnce(options: { file: string; key: Buffer; dir: string; keep: number; now: () => number }): Promise<BackupResult> {
  const { file, key, dir, keep, now } = options;
  const { target, tmp } = newBackupTarget(dir, now);
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
  return new Promise<BackupResult>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, tmp, keyHex: key.toString('hex'), cipherPragmas: CIPHER_PRAGMAS, modulePath } });
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      try {
        if (existsSync(tmp)) unlinkSync(tmp);
      } catch {
        // left for the next run to replace
      }
      reject(e);
    };
    worker.on('message', (m: { kind: string; message?: string; code?: string | null; check?: string; head?: { seq: number; hash: string; at: string } | null }) => {
      if (m.kind === 'failed') {
        fail(Object.assign(new Error(m.message ?? 'backup failed'), { code: m.code ?? undefined }));
        return;
      }
      if (m.check !== 'ok') {
        fail(new Error(`the backup copy did not pass SQLite's check (${m.check ?? '?'})`));
        return;
      }
      try {
        const result = putInPlace(tmp, target, m.head ?? null, { key, dir, keep, now });
        settled = true;
        resolve(result);
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
      }
    });
    worker.on('error', (e) => fail(e));
    worker.on('exit', (code) => fail(new Error(`backup worker exited with ${code}`)));
  });
}

function removeBackup(file: string): void {
  for (const f of [file, anchorFile(file), `${anchorFile(file)}.prev`]) {
    try {
      unlinkSync(f);
    } catch {
      // already gone
    }
  }
}

export interface BackupSchedulerOptions {
  file: string;
  key: Buffer;
  dir: string;
  everyMs: number;
  keep: number;
  now: () => number;
  /** A backup failed (raise an alert), or succeeded again after failing (resolve it). */
  onResult: (outcome: { ok: true; result: BackupResult } | { ok: false; error: Error }) => void;
}

/** Runs backupOnce every `everyMs` (never two at once). */
export class BackupScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly o: BackupSchedulerOptions) {
    // Copies a killed kiosk left half-written (never renamed into place, so never listed as backups).
    try {
      for (const f of existsSync(o.dir) ? readdirSync(o.dir) : []) {
        if (f.startsWith(BACKUP_PREFIX) && f.endsWith(`${BACKUP_SUFFIX}.tmp`)) unlinkSync(join(o.dir, f));
      }
    } catch {
      // the share is not there or not writable: the first backup reports it
    }
    this.timer = setInterval(() => void this.runNow(), o.everyMs);
    this.timer.unref();
  }

  /** One backup now unless one is running (then that one's promise). */
  runNow(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.running ??= Promise.resolve()
      .then(() => backupOnce({ file: this.o.file, key: this.o.key, dir: this.o.dir, keep: this.o.keep, now: this.o.now }))
      .then(
        (result) => this.o.onResult({ ok: true, result }),
        (error: Error) => this.o.onResult({ ok: false, error }),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Stops the schedule; waits for a backup in progress. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

export function backupName(file: string): string {
  return basename(file);
}

/** The same copy made on the caller's own connection, synchronously: the last backup at clean shutdown. */
export function backupSyncOnConnection(db: import('./db').Db, options: { key: Buffer; dir: string; keep: number; now: () => number }): BackupResult {
  const { key, dir, keep, now } = options;
  const { target, tmp } = newBackupTarget(dir, now);
  const row = db.prepare<[], { seq: number; hash: string; at: string }>('SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1').get();
  db.prepare('VACUUM INTO ?').run(tmp);
  fsyncFile(tmp);
  return putInPlace(tmp, target, row ?? null, { key, dir, keep, now });
}
