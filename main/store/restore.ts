// Restores the outbox from a backup (backup.ts): the backup is checked first (it opens with the key,
// SQLite's integrity_check passes, its audit chain verifies), then compared with the data dir's
// anchor to say exactly what it is missing. Only then are the current files moved aside (never
// deleted: `<dataDir>/damaged-<time>/`) and the backup copied in (temp file, fsync, rename). The
// anchor is left as it was, so the next start sees the missing rows and records their acceptance in
// the audit (Store.open with acceptRollback).
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Anchor, type AuditHead, readAnchor } from './anchor';
import { AuditLog } from './audit';
import { fsyncDir, fsyncFile } from './fsync';
import { DB_FILE } from './keyfile';
import { type ForwardedMark, furthestMark, readForwardedAnchor } from './forwarded-anchor';
import { auditHead, quickCheck, StoreDamagedError, withReadOnly } from './open-checks';

export interface RestoreReport {
  from: string;
  head: AuditHead;
  /** The data dir's anchor before the restore (null: none, or not valid for this key). */
  anchor: Anchor | null;
  /** What the bank's log server confirmed it holds (null: not forwarding). */
  forwarded: ForwardedMark | null;
  /** Audit rows the anchor (or the log server) records that the backup does not hold. */
  missingRows: number;
  /** Where the files that were replaced went. */
  movedAsideTo: string | null;
  sentence: string;
}

/** Checks `from` and reports what it holds against the anchor, without changing anything. */
export function inspectBackup(dataDir: string, key: Buffer, from: string): Omit<RestoreReport, 'movedAsideTo'> {
  if (!existsSync(from) || statSync(from).size === 0 || statSync(from).size % 512 !== 0) {
    throw new StoreDamagedError(`The backup ${from} is missing, empty or truncated; choose another backup file.`, from);
  }
  const { head, check, chain } = withReadOnly(from, key, (db) => {
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      const check = quickCheck(db, 'integrity_check');
      const chain = new AuditLog(db, Date.now).verifyAudit();
      return { head: auditHead(db), check, chain };
    } catch (e) {
      throw new StoreDamagedError(`The backup ${from} cannot be read with this kiosk's key or is damaged (${e instanceof Error ? e.message : String(e)}); choose another backup file.`, from, { cause: e });
    }
  });
  if (check !== 'ok') throw new StoreDamagedError(`The backup ${from} is damaged (SQLite's check found: ${check.slice(0, 300)}); choose another backup file.`, from);
  if (!chain.ok) throw new StoreDamagedError(`The backup ${from} has a broken audit chain (${chain.reason}); choose another backup file.`, from);
  const read = readAnchor(join(dataDir, DB_FILE), key);
  const anchor = read.kind === 'ok' ? read.anchor : null;
  const forwarded = furthestMark(readForwardedAnchor(join(dataDir, DB_FILE), key));
  const missingRows = Math.max(0, (anchor?.seq ?? 0) - head.seq, (forwarded?.seq ?? 0) - head.seq);
  const siem = forwarded
    ? ` The bank's log server ${forwarded.destination} confirmed ${forwarded.seq} audit rows at ${forwarded.confirmedAt}${forwarded.seq > head.seq ? `, ${forwarded.seq - head.seq} more than the backup holds` : ''}.`
    : '';
  const sentence = (anchor
    ? missingRows > 0
      ? `The backup ${from} holds ${head.seq} audit rows up to ${head.at ?? 'the start'}; it is missing ${missingRows} audit row(s) recorded after that (the anchor written ${anchor.writtenAt} records ${anchor.seq}). Verifications accepted after ${head.at ?? 'the start'} are not in it.`
      : `The backup ${from} holds ${head.seq} audit rows up to ${head.at ?? 'the start'}, everything the anchor written ${anchor.writtenAt} records (${anchor.seq}).`
    : `The backup ${from} holds ${head.seq} audit rows up to ${head.at ?? 'the start'}; there is no anchor in the data folder to compare it with.`) + siem;
  return { from, head, anchor, forwarded, missingRows, sentence };
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** Checks `from`, moves the current database files aside and puts the backup in their place. */
export function restoreFromBackup(options: { dataDir: string; key: Buffer; from: string; now?: () => number }): RestoreReport {
  const { dataDir, key, from } = options;
  const now = options.now ?? Date.now;
  const report = inspectBackup(dataDir, key, from);
  const file = join(dataDir, DB_FILE);
  const present = [file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f));
  let movedAsideTo: string | null = null;
  if (present.length) {
    movedAsideTo = join(dataDir, `damaged-${stamp(now())}`);
    mkdirSync(movedAsideTo, { recursive: true, mode: 0o700 });
    for (const f of present) renameSync(f, join(movedAsideTo, f.slice(dataDir.length + 1)));
  }
  const tmp = `${file}.restore-tmp`;
  copyFileSync(from, tmp);
  fsyncFile(tmp);
  renameSync(tmp, file);
  fsyncDir(dataDir);
  return { ...report, movedAsideTo };
}

/**
 * The start-up options `--restore-from=<file>` and `--accept-rollback=<name>` (Electron's argv; the
 * web host parses its own): restores first when asked, and returns the acceptance the store records.
 */
export function startupRecovery(argv: readonly string[], dataDir: string, key: Buffer, log: (message: string) => void): { actor: string; reason: string; restoredFrom?: string } | undefined {
  const value = (flag: string) => argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  const from = value('--restore-from');
  const name = value('--accept-rollback');
  if (from) {
    const report = restoreFromBackup({ dataDir, key, from });
    log(`Restored from ${report.from}. ${report.sentence}${report.movedAsideTo ? ` The files it replaced are in ${report.movedAsideTo}.` : ''}`);
    return { actor: `operator:${name ?? 'restore'}`, reason: `restored from ${report.from}`, restoredFrom: report.from };
  }
  return name ? { actor: `supervisor:${name}`, reason: 'accepted at start (--accept-rollback)' } : undefined;
}
