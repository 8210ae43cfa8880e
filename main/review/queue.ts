// The supervisor's queue: every verification, newest first, under filters (state, provider, teller,
// date range) and a search by document number or holder name. Keyset paging on (created_at, seq)
// with an index per filter (migration 004), and an FTS5 prefix search, so a page costs the same
// at 100,000 verifications as at 100 (see test/bench/review-paging.ts).
import type Database from 'better-sqlite3-multiple-ciphers';
import type { DocumentType, ProviderId, VerificationState } from '../../shared/domain';
import { KioskError } from '../errors';
import type { Db } from '../store/db';

export interface QueueFilter {
  state?: VerificationState;
  provider?: ProviderId;
  teller?: string;
  /** ISO instants; `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  search?: string;
  limit: number;
  cursor?: string;
}

export interface QueueRow {
  id: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  state: VerificationState;
  provider: ProviderId;
  documentType: DocumentType;
  teller: string | null;
  documentNumber: string | null;
  holderName: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  overridden: boolean;
  imagesPurged: boolean;
}

type Row = {
  seq: number;
  id: string;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  state: VerificationState;
  provider: ProviderId;
  document_type: DocumentType;
  teller: string | null;
  document_number: string | null;
  holder_name: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  override_decision: string | null;
  images_purged_at: number | null;
};

const COLS = `seq, id, created_at, updated_at, finished_at, state, provider, document_type, teller, document_number, holder_name,
  attempts, last_error, next_attempt_at, override_decision, images_purged_at`;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * Turns what a supervisor typed into an FTS5 query: each word becomes a quoted prefix term, all must
 * match. Quoting means no FTS syntax (NEAR, *, ^, column filters) can be injected. null = no search.
 */
export function ftsQuery(search: string | undefined): string | null {
  if (!search) return null;
  const words = search
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => w.slice(0, 64));
  if (!words.length) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

const badCursor = () => new KioskError('bad_request', 'The list position is not valid. Go back to the first page and try again.');

function parseCursor(cursor: string | undefined): { at: number; seq: number } | null {
  if (cursor === undefined) return null;
  const m = /^(\d{1,15}):(\d{1,15})$/.exec(cursor);
  if (!m) throw badCursor();
  return { at: Number(m[1]), seq: Number(m[2]) };
}

function parseInstant(value: string | undefined, what: string): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new KioskError('bad_request', `The ${what} date is not valid. Pick the date again.`);
  return ms;
}

export class ReviewQueue {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Db) {}

  list(filter: QueueFilter): { items: QueueRow[]; nextCursor: string | null } {
    const limit = Math.max(1, Math.min(200, Math.floor(filter.limit)));
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.state) {
      where.push('state = ?');
      args.push(filter.state);
    }
    if (filter.provider) {
      where.push('provider = ?');
      args.push(filter.provider);
    }
    if (filter.teller) {
      where.push('teller = ?');
      args.push(filter.teller);
    }
    const from = parseInstant(filter.from, 'start');
    const to = parseInstant(filter.to, 'end');
    if (from !== null) {
      where.push('created_at >= ?');
      args.push(from);
    }
    if (to !== null) {
      where.push('created_at < ?');
      args.push(to);
    }
    const match = ftsQuery(filter.search);
    if (match !== null) return this.search(match, where, args, filter.cursor, limit);
    const cursor = parseCursor(filter.cursor);
    if (cursor) {
      where.push('(created_at, seq) < (?, ?)');
      args.push(cursor.at, cursor.seq);
    }
    const sql = `SELECT ${COLS} FROM verifications ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, seq DESC LIMIT ?`;
    const rows = this.q<Row>(sql).all(...args, limit + 1) as Row[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toQueueRow), nextCursor: rows.length > limit && last ? `${last.created_at}:${last.seq}` : null };
  }

  /**
   * Search results come newest first by insertion order (seq), walking the FTS index backwards by
   * rowid: a common surname matching thousands of rows still reads only as many as the page needs,
   * where sorting every match by created_at would not. Cursor: `s<seq>`.
   */
  private search(match: string, where: string[], args: unknown[], cursorText: string | undefined, limit: number): { items: QueueRow[]; nextCursor: string | null } {
    let before = Number.MAX_SAFE_INTEGER;
    if (cursorText !== undefined) {
      const m = /^s(\d{1,15})$/.exec(cursorText);
      if (!m) throw badCursor();
      before = Number(m[1]);
    }
    const cols = COLS.split(',').map((c) => `v.${c.trim()}`).join(', ');
    const filters = where.map((w) => `v.${w}`);
    const sql = `SELECT ${cols} FROM verification_search s JOIN verifications v ON v.seq = s.rowid
      WHERE verification_search MATCH ? AND s.rowid < ? ${filters.length ? `AND ${filters.join(' AND ')}` : ''}
      ORDER BY s.rowid DESC LIMIT ?`;
    const rows = this.q<Row>(sql).all(match, before, ...args, limit + 1) as Row[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toQueueRow), nextCursor: rows.length > limit && last ? `s${last.seq}` : null };
  }

  /** Tellers seen in the store, for the filter's choices. */
  tellers(): string[] {
    return (this.q<{ teller: string }>('SELECT DISTINCT teller FROM verifications WHERE teller IS NOT NULL ORDER BY teller LIMIT 200').all() as { teller: string }[]).map(
      (r) => r.teller,
    );
  }

  row(id: string): QueueRow | null {
    const r = this.q<Row>(`SELECT ${COLS} FROM verifications WHERE id = ?`).get(id) as Row | undefined;
    return r ? toQueueRow(r) : null;
  }

  private q<R>(sql: string): Database.Statement<unknown[], R> {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st as Database.Statement<unknown[], R>;
  }
}

function toQueueRow(r: Row): QueueRow {
  return {
    id: r.id,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    finishedAt: iso(r.finished_at),
    state: r.state,
    provider: r.provider,
    documentType: r.document_type,
    teller: r.teller,
    documentNumber: r.document_number,
    holderName: r.holder_name,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: iso(r.next_attempt_at),
    overridden: r.override_decision !== null,
    imagesPurged: r.images_purged_at !== null,
  };
}
