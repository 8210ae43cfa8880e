// Checks the database BEFORE it is opened for writing, on a read-only connection, so a damaged file is
// never treated as a new install and never written to (no checkpoint into it, no WAL reset, no
// migration). Refused, with a sentence naming the file and what to do:
// - a database that is missing or empty (0 bytes) while its WAL or its anchor shows there was data;
// - a truncated file (not a whole number of pages);
// - a file the key opens but whose pages fail quick_check (AEGIS tags, b-tree structure);
// - a database whose audit chain is behind its anchor (rolled back: old copy, lost or damaged WAL),
//   or has a different row where the anchor's head was; unless a supervisor accepts it;
// - likewise a database behind the head the bank's log server confirmed (forwarded-anchor.ts), which
//   is reported together with the anchor's verdict.
import { existsSync, statSync } from 'node:fs';
import { type Anchor, type AuditHead, anchorFile, readAnchor } from './anchor';
import { GENESIS_HASH } from './audit';
import { applyCipher, type Db, withReadOnlyFile } from './db';
import { checkWal } from './wal-check';
import { type ForwardedMark, forwardedAnchorFile, furthestMark, readForwardedAnchor } from './forwarded-anchor';

/** The database file (or what lies beside it) is damaged; nothing was changed. */
export class StoreDamagedError extends Error {
  constructor(
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreDamagedError';
  }
}

/** The database is behind its anchor: audit rows (and the changes they record) are missing. */
export class StoreRolledBackError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly missingRows: number,
    /** The anchor file's head (null: no anchor, the log server's mark found it). */
    readonly anchor: Anchor | null,
    readonly head: AuditHead,
    /** What the bank's log server confirmed it holds (null: not forwarding, or not behind it). */
    readonly forwarded: ForwardedMark | null = null,
  ) {
    super(message);
    this.name = 'StoreRolledBackError';
  }
}

const WHAT_TO_DO = 'Nothing was changed or copied over it. Restore it from the backup (start the kiosk with --restore-from <backup file>) or call support.';

function size(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}

/** True when `dataDir`'s database, its WAL or its anchor holds anything: a key must not be minted then. */
export function storeDataPresent(dbFile: string): boolean {
  return size(dbFile) > 0 || size(`${dbFile}-wal`) > 0 || existsSync(anchorFile(dbFile)) || existsSync(`${anchorFile(dbFile)}.prev`);
}

export type PreflightResult =
  /** Nothing there yet: a new install. */
  | { kind: 'new' }
  /** The key does not open the file: left to openDatabase, whose key check names the cause before anything is written. */
  | { kind: 'key_refused' }
  | { kind: 'ok'; head: AuditHead; anchor: Anchor | null }
  | { kind: 'rolled_back'; head: AuditHead; anchor: Anchor | null; forwarded: ForwardedMark | null; missingRows: number; error: StoreRolledBackError };

export function rolledBackSentence(file: string, missing: number, head: AuditHead, anchor: Anchor | null, forwarded: ForwardedMark | null = null): string {
  const since = head.at ?? 'the start of the record';
  const anchorSays = anchor ? `the anchor written ${anchor.writtenAt} records ${anchor.seq} rows` : 'there is no anchor file';
  const siemSays = forwarded
    ? `; the bank's log server ${forwarded.destination} confirmed ${forwarded.seq} rows at ${forwarded.confirmedAt}${anchor && anchor.seq >= forwarded.seq ? '' : ', so the rows are missing here although the bank has them'}`
    : '';
  return (
    `The kiosk database ${file} was rolled back: ${missing} audit row(s) missing since ${since} ` +
    `(${anchorSays}${siemSays}; the database holds ${head.seq}). ` +
    `Verifications accepted after that time may be lost or may run again at the provider. ${WHAT_TO_DO} ` +
    `A supervisor can accept the loss (it is recorded in the audit) with --accept-rollback <supervisor name>.`
  );
}

/** Reads the audit head of an open connection. */
export function auditHead(db: Db): AuditHead {
  const row = db.prepare<[], { seq: number; hash: string; at: string }>('SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1').get();
  return row ? { seq: row.seq, hash: row.hash, at: row.at } : { seq: 0, hash: GENESIS_HASH, at: null };
}

/**
 * Opens `file` read-only with `key`, runs `check` on it, closes it and removes the empty companions
 * (-wal, -shm) that opening a WAL-mode file creates, so a refused file is left as it was found.
 */
export function withReadOnly<T>(file: string, key: Buffer, check: (db: Db) => T): T {
  return withReadOnlyFile(file, (db) => applyCipher(db, key), check);
}

/** quick_check's verdict ('ok' or the first problems) on an open connection; a page that fails to decrypt throws. */
export function quickCheck(db: Db, mode: 'quick_check' | 'integrity_check' = 'quick_check'): string {
  const rows = db.pragma(`${mode}(20)`) as Array<Record<string, string>>;
  const lines = rows.map((r) => Object.values(r)[0]);
  return lines.length === 1 && lines[0] === 'ok' ? 'ok' : lines.join('; ');
}

/** Checks `file` before the writable open. Throws StoreDamagedError / StoreKeyError, returns a rollback for the caller to refuse or accept. */
export function preflight(file: string, key: Buffer): PreflightResult {
  const dbSize = size(file);
  const walSize = size(`${file}-wal`);
  const anchor = readAnchor(file, key);
  const forwarded = readForwardedAnchor(file, key);
  const mark = furthestMark(forwarded);
  if (dbSize <= 0) {
    if (walSize > 0) {
      throw new StoreDamagedError(`The kiosk database ${file} is ${dbSize === 0 ? 'empty (0 bytes)' : 'missing'} but its write-ahead log ${file}-wal holds ${walSize} bytes of data. ${WHAT_TO_DO}`, file);
    }
    if (anchor.kind !== 'none') {
      throw new StoreDamagedError(`The kiosk database ${file} is ${dbSize === 0 ? 'empty (0 bytes)' : 'missing'} but its anchor ${anchorFile(file)} shows it held data. ${WHAT_TO_DO}`, file);
    }
    if (mark) {
      throw new StoreDamagedError(
        `The kiosk database ${file} is ${dbSize === 0 ? 'empty (0 bytes)' : 'missing'} but ${forwardedAnchorFile(file)} shows the bank's log server received ${mark.seq} of its audit rows. ${WHAT_TO_DO}`,
        file,
      );
    }
    return { kind: 'new' };
  }
  const wal = checkWal(`${file}-wal`);
  if (!wal.ok) {
    throw new StoreDamagedError(`The kiosk database's write-ahead log ${file}-wal is damaged (${wal.reason}); committed changes after that point would be silently dropped. ${WHAT_TO_DO}`, file);
  }
  if (dbSize % 512 !== 0) {
    throw new StoreDamagedError(`The kiosk database ${file} is truncated or damaged (${dbSize} bytes is not a whole number of pages). ${WHAT_TO_DO}`, file);
  }
  const anchorSeq = anchor.kind === 'ok' ? anchor.anchor.seq : 0;
  const result = withReadOnly(file, key, (db) => {
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (e) {
      // The key does not open it: openDatabase tells a wrong key from the pre-release format, before it writes anything.
      if ((e as { code?: string }).code === 'SQLITE_NOTADB') return null;
      throw damaged(file, e);
    }
    try {
      const verdict = quickCheck(db);
      const hasAudit = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get() !== undefined;
      const hashAt = (seq: number) => (hasAudit && seq > 0 ? (db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?').get(seq)?.hash ?? null) : null);
      return { verdict, hashAtAnchor: hashAt(anchorSeq), hashAtMark: hashAt(mark?.seq ?? 0), head: hasAudit ? auditHead(db) : { seq: 0, hash: GENESIS_HASH, at: null } };
    } catch (e) {
      throw damaged(file, e);
    }
  });
  if (!result) return { kind: 'key_refused' };
  const { head, verdict, hashAtAnchor, hashAtMark } = result;
  if (verdict !== 'ok') {
    throw new StoreDamagedError(`The kiosk database ${file} is damaged (SQLite's check found: ${verdict.slice(0, 300)}). ${WHAT_TO_DO}`, file);
  }
  if (anchor.kind === 'invalid') {
    throw new StoreDamagedError(`The kiosk database's anchor ${anchor.file} does not carry a valid seal for this database's key (edited, damaged or from another kiosk). ${WHAT_TO_DO}`, file);
  }
  if (forwarded.kind === 'invalid') {
    throw new StoreDamagedError(`The record of what the bank's log server received, ${forwarded.file}, does not carry a valid seal for this database's key (edited, damaged or from another kiosk). ${WHAT_TO_DO}`, file);
  }
  const a = anchor.kind === 'ok' ? anchor.anchor : null;
  const rolledBack = (missing: number, sentence: string): PreflightResult => ({
    kind: 'rolled_back',
    head,
    anchor: a,
    forwarded: mark,
    missingRows: missing,
    error: new StoreRolledBackError(sentence, file, missing, a, head, mark),
  });
  const missing = Math.max(0, (a?.seq ?? 0) - head.seq, (mark?.seq ?? 0) - head.seq);
  if (missing > 0) return rolledBack(missing, rolledBackSentence(file, missing, head, a, mark));
  if (a && a.seq > 0 && hashAtAnchor !== a.hash) {
    return rolledBack(
      0,
      `The kiosk database ${file} does not hold the audit row its anchor records (row ${a.seq} differs from the one anchored ${a.writtenAt}): it was replaced by another copy. ${WHAT_TO_DO}`,
    );
  }
  if (mark && hashAtMark !== mark.hash) {
    return rolledBack(
      0,
      `The kiosk database ${file} does not hold the audit row the bank's log server ${mark.destination} confirmed at ${mark.confirmedAt} (row ${mark.seq} differs): it was replaced by another copy. ${WHAT_TO_DO}`,
    );
  }
  return { kind: 'ok', head, anchor: a };
}

function damaged(file: string, e: unknown): StoreDamagedError {
  const detail = e instanceof Error ? e.message : String(e);
  return new StoreDamagedError(`The kiosk database ${file} is damaged (${detail}). ${WHAT_TO_DO}`, file, { cause: e });
}
