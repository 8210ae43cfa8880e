// Rollback detection: the audit chain's head (row count and last hash) kept in a small file beside
// the database, outside it. The hash chain proves rows were not edited; it cannot prove rows were not
// removed from its end, which is exactly what restoring an old copy, losing the WAL or a damaged WAL
// does. The anchor can: a database whose head is behind it has lost rows.
//
// The file is MAC'd (HMAC-SHA256) with a key derived from the database key by HKDF (every function
// here takes the database key and derives), so it can neither be forged nor edited without the key;
// written atomically (temp file, fsync, rename, directory fsync) with the previous anchor kept beside
// it (`.prev`), so a crash mid-write leaves one valid.
// It only ever records a head that is on disk: the writer reads the head, then syncs the WAL, then
// writes the file, so after any crash or power cut the database is at or ahead of its anchor.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { open as openAsync } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { writeKeepingPreviousSync } from './fsync';

export interface AuditHead {
  /** Rows in the chain (seq of the last row: the chain is numbered from 1 without gaps). */
  seq: number;
  /** Hash of the last row (GENESIS for an empty chain). */
  hash: string;
  /** Time of the last row (ISO), null for an empty chain. */
  at: string | null;
}

export interface Anchor extends AuditHead {
  /** When the anchor was written (ISO). */
  writtenAt: string;
}

export const ANCHOR_SUFFIX = '.anchor';

export function anchorFile(dbFile: string): string {
  return `${dbFile}${ANCHOR_SUFFIX}`;
}

/** HMAC key for the anchor, derived from the database key (never the database key itself). */
export function anchorKey(dbKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dbKey, Buffer.from('branch-id-kiosk audit anchor'), Buffer.from('anchor-mac-v1'), 32));
}

/**
 * Format 2: MAC'd with `anchorKey(dbKey)`. Format 1 (builds before the key was derived) was MAC'd with
 * the database key itself; it is still read, so an update does not turn every kiosk's anchor into a
 * tamper alarm, and the next anchor written replaces it with format 2.
 */
const FORMAT = 2;
const LEGACY_FORMAT = 1;

function body(a: Anchor, v: number = FORMAT): string {
  return JSON.stringify({ v, seq: a.seq, hash: a.hash, at: a.at, writtenAt: a.writtenAt });
}

function mac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

/** The file's text for anchor `a`, sealed for the database whose key is `dbKey`. */
export function encodeAnchor(dbKey: Buffer, a: Anchor): string {
  const text = body(a);
  return `${JSON.stringify({ anchor: JSON.parse(text) as unknown, mac: mac(anchorKey(dbKey), text) })}\n`;
}

/** The anchor in `text` when its MAC checks out for the database key `dbKey`; null when it is damaged, forged or for another key. */
export function decodeAnchor(dbKey: Buffer, text: string): Anchor | null {
  try {
    const parsed = JSON.parse(text) as { anchor?: Record<string, unknown>; mac?: unknown };
    const a = parsed.anchor;
    if (!a || typeof parsed.mac !== 'string' || (a.v !== FORMAT && a.v !== LEGACY_FORMAT)) return null;
    if (typeof a.seq !== 'number' || !Number.isInteger(a.seq) || a.seq < 0 || typeof a.hash !== 'string' || typeof a.writtenAt !== 'string') return null;
    if (a.at !== null && typeof a.at !== 'string') return null;
    const anchor: Anchor = { seq: a.seq, hash: a.hash, at: a.at as string | null, writtenAt: a.writtenAt };
    const key = a.v === FORMAT ? anchorKey(dbKey) : dbKey;
    const expected = Buffer.from(mac(key, body(anchor, a.v)), 'hex');
    const given = Buffer.from(parsed.mac, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected) ? anchor : null;
  } catch {
    return null;
  }
}

export type AnchorRead =
  | { kind: 'none' }
  | { kind: 'ok'; anchor: Anchor; from: 'current' | 'previous' }
  /** Files exist but none carries a valid MAC for this key (damaged, edited, or another key's). */
  | { kind: 'invalid'; file: string };

/** Reads the anchor of `dbFile`: the current one, or the previous one when a crash left the current one missing or torn. */
export function readAnchor(dbFile: string, dbKey: Buffer): AnchorRead {
  const cur = anchorFile(dbFile);
  const prev = `${cur}.prev`;
  let invalid: string | null = null;
  for (const [file, from] of [
    [cur, 'current'],
    [prev, 'previous'],
  ] as const) {
    if (!existsSync(file)) continue;
    const a = decodeAnchor(dbKey, readFileSync(file, 'utf8'));
    if (a) return { kind: 'ok', anchor: a, from };
    invalid ??= file;
  }
  return invalid ? { kind: 'invalid', file: invalid } : { kind: 'none' };
}

/** Writes the anchor synchronously (start-up, accepted rollback, restore): temp, fsync, keep previous, rename, directory fsync. */
export function writeAnchorSync(dbFile: string, dbKey: Buffer, a: Anchor): void {
  writeKeepingPreviousSync(anchorFile(dbFile), encodeAnchor(dbKey, a));
}

/** The same on the thread pool, for the writer behind the commits. */
let tmpCounter = 0;

/**
 * `stillWanted` is asked just before the new anchor replaces the current one: false (the keeper was
 * closed meanwhile and wrote the final anchor itself) drops this older one. The renames are synchronous
 * so that nothing on the main thread (the final synchronous write) can land between that answer and them;
 * the slow parts (writing and syncing the temp file, syncing the folder) stay on the thread pool.
 */
export async function writeAnchor(dbFile: string, dbKey: Buffer, a: Anchor, stillWanted: () => boolean = () => true): Promise<void> {
  const cur = anchorFile(dbFile);
  // Its own temp name: a synchronous write (shutdown) may run while this one is on its way.
  const tmp = `${cur}.tmp-${process.pid}-${++tmpCounter}`;
  const fh = await openAsync(tmp, 'w', 0o600);
  try {
    await fh.writeFile(encodeAnchor(dbKey, a));
    await fh.sync();
  } finally {
    await fh.close();
  }
  if (!stillWanted()) {
    rmSync(tmp, { force: true });
    return;
  }
  if (existsSync(cur)) renameSync(cur, `${cur}.prev`);
  renameSync(tmp, cur);
  const dir = await openAsync(dirname(cur), 'r').catch(() => null);
  if (dir) {
    await dir.sync().catch(() => {});
    await dir.close();
  }
}

/** The anchor of `dbFile` as the name an operator sees. */
export function anchorName(dbFile: string): string {
  return basename(anchorFile(dbFile));
}
