// The second anchor: the audit head the bank's log server (SIEM) confirmed it holds, kept OUTSIDE the
// database in a sealed file beside it (`kiosk.db.forwarded`). The forwarding cursor inside the database
// (forward-cursor.ts) is rolled back together with the database; this file is not. A database whose
// audit head is behind what the log server already received has lost rows the bank can still see:
// open-checks.ts refuses it as rolled back, whatever the anchor file says.
//
// One mark per destination (seq, hash, when confirmed), HMAC-SHA256 with a key derived from the
// database key by HKDF (its own label, so it is not the anchor's key), written after the collector's
// confirmation and after a sync of the WAL, so the database is at or ahead of the file after any crash.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync } from 'node:fs';
import { writeKeepingPreviousSync } from './fsync';

export interface ForwardedMark {
  /** `host:port` of the collector. */
  destination: string;
  seq: number;
  hash: string;
  /** When the collector confirmed it (ISO). */
  confirmedAt: string;
}

export const FORWARDED_SUFFIX = '.forwarded';

export function forwardedAnchorFile(dbFile: string): string {
  return `${dbFile}${FORWARDED_SUFFIX}`;
}

function sealKey(dbKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dbKey, Buffer.from('branch-id-kiosk audit anchor'), Buffer.from('forwarded-head-mac-v1'), 32));
}

const body = (marks: readonly ForwardedMark[]): string =>
  JSON.stringify({ v: 1, marks: marks.map((m) => ({ destination: m.destination, seq: m.seq, hash: m.hash, confirmedAt: m.confirmedAt })) });

const mac = (key: Buffer, text: string): string => createHmac('sha256', key).update(text).digest('hex');

function decode(key: Buffer, text: string): ForwardedMark[] | null {
  try {
    const parsed = JSON.parse(text) as { forwarded?: { v?: unknown; marks?: unknown }; mac?: unknown };
    const f = parsed.forwarded;
    if (!f || f.v !== 1 || !Array.isArray(f.marks) || typeof parsed.mac !== 'string') return null;
    const marks: ForwardedMark[] = [];
    for (const m of f.marks as Array<Record<string, unknown>>) {
      if (typeof m.destination !== 'string' || typeof m.seq !== 'number' || !Number.isInteger(m.seq) || m.seq < 1) return null;
      if (typeof m.hash !== 'string' || typeof m.confirmedAt !== 'string') return null;
      marks.push({ destination: m.destination, seq: m.seq, hash: m.hash, confirmedAt: m.confirmedAt });
    }
    const expected = Buffer.from(mac(sealKey(key), body(marks)), 'hex');
    const given = Buffer.from(parsed.mac, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected) ? marks : null;
  } catch {
    return null;
  }
}

export type ForwardedRead = { kind: 'none' } | { kind: 'ok'; marks: ForwardedMark[] } | { kind: 'invalid'; file: string };

/** The marks of `dbFile`: the current file, or the previous one when a crash left the current one missing or torn. */
export function readForwardedAnchor(dbFile: string, key: Buffer): ForwardedRead {
  const cur = forwardedAnchorFile(dbFile);
  let invalid: string | null = null;
  for (const file of [cur, `${cur}.prev`]) {
    if (!existsSync(file)) continue;
    const marks = decode(key, readFileSync(file, 'utf8'));
    if (marks) return { kind: 'ok', marks };
    invalid ??= file;
  }
  return invalid ? { kind: 'invalid', file: invalid } : { kind: 'none' };
}

/** The mark furthest ahead (the most the bank's log servers are known to hold), or null. */
export function furthestMark(read: ForwardedRead): ForwardedMark | null {
  if (read.kind !== 'ok') return null;
  return read.marks.reduce<ForwardedMark | null>((best, m) => (!best || m.seq > best.seq ? m : best), null);
}

/**
 * Records what a collector confirmed: syncs the WAL first (the rows it received are then on disk
 * here too), then writes the file with this destination's mark moved forward (never back).
 */
export function recordForwardedHead(dbFile: string, key: Buffer, mark: ForwardedMark): void {
  try {
    const fd = openSync(`${dbFile}-wal`, 'r+');
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // no WAL: everything is in the main file
  }
  const read = readForwardedAnchor(dbFile, key);
  const marks = read.kind === 'ok' ? read.marks.filter((m) => m.destination !== mark.destination) : [];
  const previous = read.kind === 'ok' ? read.marks.find((m) => m.destination === mark.destination) : undefined;
  marks.push(previous && previous.seq >= mark.seq ? previous : mark);
  marks.sort((a, b) => a.destination.localeCompare(b.destination));
  write(dbFile, key, marks);
}

function write(dbFile: string, key: Buffer, marks: readonly ForwardedMark[]): void {
  const text = body(marks);
  writeKeepingPreviousSync(forwardedAnchorFile(dbFile), `${JSON.stringify({ forwarded: JSON.parse(text) as unknown, mac: mac(sealKey(key), text) })}\n`);
}

/** After a supervisor accepted a rollback (audited with the marks): the marks start again from the accepted database. */
export function resetForwardedAnchor(dbFile: string, key: Buffer): void {
  if (readForwardedAnchor(dbFile, key).kind !== 'none') write(dbFile, key, []);
}
