// Append-only, hash-chained audit log: every state change and supervisor action, who/what/when/why.
// Each row's hash = sha256(prev_hash + canonical JSON of the row), so editing, deleting or inserting a
// row anywhere breaks every link after it; verifyAudit reports the first broken one.
import { hash } from 'node:crypto';
import type { Db } from './db';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  /** Who: 'teller', 'supervisor:<name>', 'sync', 'retention', 'system'. */
  actor: string;
  /** What: e.g. 'verification_created', 'capture_added', 'state_changed', 'step:session_created'. */
  action: string;
  verificationId?: string | null;
  /** Why / details. Never images, never secrets. */
  detail: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  verificationId: string | null;
  detail: unknown;
  prevHash: string;
  hash: string;
}

export type AuditVerdict = { ok: true; count: number } | { ok: false; brokenAt: number; reason: string };

/** JSON with object keys sorted at every depth, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * sha256(prevHash + canonical JSON of the row). The row's shape is fixed, so its canonical JSON is
 * written out in sorted key order here instead of through canonicalJson (the same bytes, which a
 * test checks), and hashed in one call: a row is appended with every sync step, and the generic
 * path (entries, sort, a Hash object per row) was most of the append's cost while draining.
 */
export function rowHash(row: { seq: number; at: string; actor: string; action: string; verificationId: string | null; detail: string }, prevHash: string): string {
  const j = JSON.stringify;
  const body = `{"action":${j(row.action)},"actor":${j(row.actor)},"at":${j(row.at)},"detail":${j(row.detail)},"seq":${j(row.seq)},"verificationId":${j(row.verificationId)}}`;
  return hash('sha256', prevHash + body, 'hex');
}

/** An audit row as stored: `detail` is the canonical JSON string the row's hash covers. */
export type StoredAuditRow = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  verificationId: string | null;
  detail: string;
  prevHash: string;
  hash: string;
};

/** An audit_log row as SQLite returns it. */
export type AuditDbRow = { seq: number; at: string; actor: string; action: string; verification_id: string | null; detail: string; prev_hash: string; hash: string };

/** A row read from audit_log, with `detail` kept as the exact hashed text (so its hash can be recomputed). */
export function storedAuditRow(r: AuditDbRow): StoredAuditRow {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    verificationId: r.verification_id,
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export class AuditLog {
  private readonly lastStmt;
  private readonly insertStmt;
  /** Called after every append (the anchor writer schedules itself from it). */
  onAppend: (() => void) | null = null;
  /** The head recorded outside the database (anchor.ts): verifyAudit also reports rows missing from the end against it. */
  anchoredHead: (() => { seq: number; hash: string; writtenAt: string } | null) | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.lastStmt = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(
      'INSERT INTO audit_log (seq, at, actor, action, verification_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /**
   * Appends one row. Call it inside the transaction of the change it records (better-sqlite3
   * transactions nest), so the change and its audit row commit or vanish together.
   */
  append(entry: AuditEntry): AuditRow {
    // Inside the caller's transaction already (the usual case): no savepoint of its own needed, a
    // throw rolls the whole change back. Alone: its own transaction.
    const row = this.db.inTransaction ? this.appendNow(entry) : this.db.transaction(() => this.appendNow(entry))();
    this.onAppend?.();
    return row;
  }

  private appendNow(entry: AuditEntry): AuditRow {
    const last = this.lastStmt.get();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const at = new Date(this.now()).toISOString();
    const detail = canonicalJson(entry.detail);
    const verificationId = entry.verificationId ?? null;
    const hash = rowHash({ seq, at, actor: entry.actor, action: entry.action, verificationId, detail }, prevHash);
    this.insertStmt.run(seq, at, entry.actor, entry.action, verificationId, detail, prevHash, hash);
    return { seq, at, actor: entry.actor, action: entry.action, verificationId, detail: entry.detail, prevHash, hash };
  }

  /** Walks the whole chain; reports the first row whose link or content does not check out. */
  verifyAudit(): AuditVerdict {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    const anchor = this.anchoredHead?.() ?? null;
    for (const r of this.db.prepare<[], AuditDbRow>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      if (r.seq !== expectedSeq) {
        return { ok: false, brokenAt: expectedSeq, reason: `row ${expectedSeq} is missing (next row found is ${r.seq})` };
      }
      if (r.prev_hash !== prevHash) {
        return { ok: false, brokenAt: r.seq, reason: `row ${r.seq} does not link to the hash of row ${r.seq - 1}` };
      }
      const expected = rowHash({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, verificationId: r.verification_id, detail: r.detail }, r.prev_hash);
      if (expected !== r.hash) {
        return { ok: false, brokenAt: r.seq, reason: `row ${r.seq} was changed after it was written (its hash does not match its content)` };
      }
      if (anchor && r.seq === anchor.seq && r.hash !== anchor.hash) {
        return { ok: false, brokenAt: r.seq, reason: `row ${r.seq} is not the row the anchor written ${anchor.writtenAt} records (the database was replaced by another copy)` };
      }
      prevHash = r.hash;
      expectedSeq++;
      count++;
    }
    if (anchor && anchor.seq > count) {
      return { ok: false, brokenAt: count + 1, reason: `${anchor.seq - count} row(s) missing from the end: the anchor written ${anchor.writtenAt} records ${anchor.seq} rows, the database holds ${count}` };
    }
    return { ok: true, count };
  }

  /** Rows for one verification (or all, newest last), for supervisor views and tests. */
  list(options: { verificationId?: string; afterSeq?: number; limit?: number } = {}): AuditRow[] {
    const rows = options.verificationId
      ? this.db
          .prepare<[string, number, number], AuditDbRow>('SELECT * FROM audit_log WHERE verification_id = ? AND seq > ? ORDER BY seq LIMIT ?')
          .all(options.verificationId, options.afterSeq ?? 0, options.limit ?? 1000)
      : this.db.prepare<[number, number], AuditDbRow>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(options.afterSeq ?? 0, options.limit ?? 1000);
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      verificationId: r.verification_id,
      detail: JSON.parse(r.detail) as unknown,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }
}
