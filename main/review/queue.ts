// The supervisor's queue: every verification, newest first, under filters (state, provider, teller,
// date range, or the "needs a decision" view) and a search by document number or holder name (the
// provider's, or the kiosk's own MRZ reading while the provider has not answered). Keyset paging on (created_at, seq)
// with an index per filter (migration 004), and an FTS5 prefix search, so a page costs the same
// at 100,000 verifications as at 100 (see test/bench/review-paging.ts).
import type Database from 'better-sqlite3-multiple-ciphers';
import type { DocumentType, ProviderId, VerificationState } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import type { Db } from '../store/db';

/** States a supervisor decides on; pending states join them once stuck. */
export const DECISION_STATES = ['declined', 'failed', 'needs_attention'] as const;
export const PENDING_STATES = ['queued', 'submitting', 'awaiting_result'] as const;
/** A pending verification with no change for this long is stuck and needs a decision. */
export const STUCK_AFTER_MS = 60 * 60_000;

export interface QueueFilter {
  state?: VerificationState;
  /** needs_decision: DECISION_STATES not overridden, and PENDING_STATES unchanged for STUCK_AFTER_MS. */
  view?: 'needs_decision' | 'all';
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
  identitySource: 'provider' | 'kiosk' | null;
  stuck: boolean;
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
  has_outcome: number;
};

const COLS = `seq, id, created_at, updated_at, finished_at, state, provider, document_type, teller, document_number, holder_name,
  attempts, last_error, next_attempt_at, override_decision, images_purged_at, outcome IS NOT NULL AS has_outcome`;

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

const badCursor = () => new KioskError('bad_request', kioskMessage('list_position'));

function parseCursor(cursor: string | undefined): { at: number; seq: number } | null {
  if (cursor === undefined) return null;
  const m = /^(\d{1,15}):(\d{1,15})$/.exec(cursor);
  if (!m) throw badCursor();
  return { at: Number(m[1]), seq: Number(m[2]) };
}

function parseInstant(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new KioskError('bad_request', kioskMessage('review_date_invalid'));
  return ms;
}

export class ReviewQueue {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  list(filter: QueueFilter): { items: QueueRow[]; nextCursor: string | null } {
    const limit = Math.max(1, Math.min(200, Math.floor(filter.limit)));
    if (filter.view === 'needs_decision' && !filter.state && ftsQuery(filter.search) === null) return this.needsDecision(filter, limit);
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
    const from = parseInstant(filter.from);
    const to = parseInstant(filter.to);
    if (from !== null) {
      where.push('created_at >= ?');
      args.push(from);
    }
    if (to !== null) {
      where.push('created_at < ?');
      args.push(to);
    }
    const words = ftsQuery(filter.search);
    if (words !== null) return this.search(words, filter, limit);
    const cursor = parseCursor(filter.cursor);
    if (cursor) {
      where.push('(created_at, seq) < (?, ?)');
      args.push(cursor.at, cursor.seq);
    }
    const sql = `SELECT ${COLS} FROM verifications ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, seq DESC LIMIT ?`;
    const rows = this.q<Row>(sql).all(...args, limit + 1) as Row[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const stuckBefore = this.now() - STUCK_AFTER_MS;
    return { items: page.map((r) => toQueueRow(r, stuckBefore)), nextCursor: rows.length > limit && last ? `${last.created_at}:${last.seq}` : null };
  }

  /**
   * Search results come newest first by insertion order (seq = the index's rowid). State, provider and
   * teller are tokens in the index itself (migration 006), so the words AND the filters are resolved
   * inside FTS5 and only matching rows are read; a date range becomes a rowid range (created_at grows
   * with seq) and is re-checked exactly on the rows read. Cursor: `s<seq>`.
   */
  private search(words: string, filter: QueueFilter, limit: number): { items: QueueRow[]; nextCursor: string | null } {
    let before = Number.MAX_SAFE_INTEGER;
    if (filter.cursor !== undefined) {
      const m = /^s(\d{1,15})$/.exec(filter.cursor);
      if (!m) throw badCursor();
      before = Number(m[1]);
    }
    const tags: string[] = [];
    const decisionOnly = filter.view === 'needs_decision' && !filter.state;
    if (filter.state) tags.push(`s${filter.state.replace(/_/g, '')}`);
    if (filter.provider) tags.push(`p${filter.provider}`);
    if (filter.teller !== undefined) tags.push(`t${Buffer.from(filter.teller, 'utf8').toString('hex')}`);
    const terms = [`{document_number holder_name} : (${words})`, ...tags.map((t) => `tags : "${t}"`)];
    if (decisionOnly) terms.push(`tags : (${[...DECISION_STATES, ...PENDING_STATES].map((st) => `"s${st.replace(/_/g, '')}"`).join(' OR ')})`);
    const match = terms.join(' AND ');
    const from = parseInstant(filter.from);
    const to = parseInstant(filter.to);
    let lo = 0;
    let hi = before - 1;
    if (from !== null) {
      lo = (this.q<{ seq: number }>('SELECT seq FROM verifications WHERE created_at >= ? ORDER BY created_at, seq LIMIT 1').get(from) as { seq: number } | undefined)?.seq ?? Number.MAX_SAFE_INTEGER;
    }
    if (to !== null) {
      const last = this.q<{ seq: number }>('SELECT seq FROM verifications WHERE created_at < ? ORDER BY created_at DESC, seq DESC LIMIT 1').get(to) as { seq: number } | undefined;
      hi = Math.min(hi, last?.seq ?? 0);
    }
    const cols = COLS.split(',').map((c) => `v.${c.trim()}`).join(', ');
    const sql = `SELECT ${cols} FROM verification_search s JOIN verifications v ON v.seq = s.rowid
      WHERE verification_search MATCH ? AND s.rowid BETWEEN ? AND ? AND v.created_at >= ? AND v.created_at < ?
        ${decisionOnly ? `AND v.override_decision IS NULL AND (v.state IN (${DECISION_STATES.map((x) => `'${x}'`).join(',')}) OR v.updated_at < ?)` : ''}
      ORDER BY s.rowid DESC LIMIT ?`;
    const stuckBefore = decisionOnly ? [this.now() - STUCK_AFTER_MS] : [];
    const rows = this.q<Row>(sql).all(match, lo, hi, from ?? 0, to ?? Number.MAX_SAFE_INTEGER, ...stuckBefore, limit + 1) as Row[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const stuckLine = this.now() - STUCK_AFTER_MS;
    return { items: page.map((r) => toQueueRow(r, stuckLine)), nextCursor: rows.length > limit && last ? `s${last.seq}` : null };
  }

  /**
   * The "needs a decision" view: one index seek per state on (state, created_at) and a merge, so the
   * page costs the same however many accepted verifications surround the few that need a decision.
   * Provider, teller and date filters apply inside each branch. Cursor as for the plain list.
   */
  private needsDecision(filter: QueueFilter, limit: number): { items: QueueRow[]; nextCursor: string | null } {
    const cursor = parseCursor(filter.cursor);
    const from = parseInstant(filter.from);
    const to = parseInstant(filter.to);
    const common: string[] = [];
    const commonArgs: unknown[] = [];
    if (filter.provider) {
      common.push('provider = ?');
      commonArgs.push(filter.provider);
    }
    if (filter.teller) {
      common.push('teller = ?');
      commonArgs.push(filter.teller);
    }
    if (from !== null) {
      common.push('created_at >= ?');
      commonArgs.push(from);
    }
    if (to !== null) {
      common.push('created_at < ?');
      commonArgs.push(to);
    }
    if (cursor) {
      common.push('(created_at, seq) < (?, ?)');
      commonArgs.push(cursor.at, cursor.seq);
    }
    const stuckBefore = this.now() - STUCK_AFTER_MS;
    if (filter.teller) {
      // One teller's rows are a fifth or less of the store: one walk down the (teller, created_at)
      // index beats a walk per state that skips every other teller's rows.
      const sql = `SELECT ${COLS} FROM verifications INDEXED BY verifications_review_teller WHERE ${common.join(' AND ')} AND override_decision IS NULL
        AND (state IN (${DECISION_STATES.map((x) => `'${x}'`).join(',')}) OR (state IN (${PENDING_STATES.map((x) => `'${x}'`).join(',')}) AND updated_at < ?))
        ORDER BY created_at DESC, seq DESC LIMIT ?`;
      const rows = this.q<Row>(sql).all(...commonArgs, stuckBefore, limit + 1) as Row[];
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page.map((r) => toQueueRow(r, stuckBefore)), nextCursor: rows.length > limit && last ? `${last.created_at}:${last.seq}` : null };
    }
    const branches: string[] = [];
    const args: unknown[] = [];
    for (const state of [...DECISION_STATES, ...PENDING_STATES]) {
      const pending = (PENDING_STATES as readonly string[]).includes(state);
      const where = ['state = ?', 'override_decision IS NULL', ...(pending ? ['updated_at < ?'] : []), ...common];
      branches.push(`SELECT * FROM (SELECT ${COLS} FROM verifications WHERE ${where.join(' AND ')} ORDER BY created_at DESC, seq DESC LIMIT ?)`);
      args.push(state, ...(pending ? [stuckBefore] : []), ...commonArgs, limit + 1);
    }
    const sql = `${branches.join(' UNION ALL ')} ORDER BY created_at DESC, seq DESC LIMIT ?`;
    const rows = this.q<Row>(sql).all(...args, limit + 1) as Row[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map((r) => toQueueRow(r, stuckBefore)), nextCursor: rows.length > limit && last ? `${last.created_at}:${last.seq}` : null };
  }

  /** Counts for the tabs, from the trigger-kept per-state counts (migration 010), plus the needs-a-decision total. */
  counts(): { needsDecision: number; byState: Record<string, number>; stuckAfterMinutes: number } {
    const byState: Record<string, number> = {};
    for (const r of this.q<{ state: string; n: number }>('SELECT state, sum(current) AS n FROM verification_state_counts GROUP BY state').all() as { state: string; n: number }[]) {
      byState[r.state] = r.n;
    }
    const stuckBefore = this.now() - STUCK_AFTER_MS;
    const overridden = this.q<{ n: number }>(
      `SELECT (SELECT count(*) FROM verifications WHERE state = 'declined' AND override_decision IS NOT NULL)
            + (SELECT count(*) FROM verifications WHERE state = 'failed' AND override_decision IS NOT NULL)
            + (SELECT count(*) FROM verifications WHERE state = 'needs_attention' AND override_decision IS NOT NULL) AS n`,
    ).get() as { n: number };
    // Waiting work is never overridden (an override leaves it accepted or declined): the index answers alone.
    const stuck = this.q<{ n: number }>(
      `SELECT (SELECT count(*) FROM verifications WHERE state = 'queued' AND updated_at < ?)
            + (SELECT count(*) FROM verifications WHERE state = 'submitting' AND updated_at < ?)
            + (SELECT count(*) FROM verifications WHERE state = 'awaiting_result' AND updated_at < ?) AS n`,
    ).get(stuckBefore, stuckBefore, stuckBefore) as { n: number };
    const decided = DECISION_STATES.reduce((n, st) => n + (byState[st] ?? 0), 0);
    return { needsDecision: decided - overridden.n + stuck.n, byState, stuckAfterMinutes: STUCK_AFTER_MS / 60_000 };
  }

  /**
   * Tellers seen in the store, for the filter's choices. A skip-scan over the teller index (one seek
   * per distinct name) instead of DISTINCT, which would read every index entry at 100,000 rows.
   */
  tellers(): string[] {
    const rows = this.q<{ name: string | null }>(
      `WITH RECURSIVE t(name, n) AS (
         SELECT min(teller), 1 FROM verifications WHERE teller IS NOT NULL
         UNION ALL
         SELECT (SELECT min(teller) FROM verifications WHERE teller > t.name), n + 1 FROM t WHERE t.name IS NOT NULL AND n < 200
       ) SELECT name FROM t WHERE name IS NOT NULL`,
    ).all() as { name: string | null }[];
    return rows.map((r) => r.name!);
  }

  row(id: string): QueueRow | null {
    const r = this.q<Row>(`SELECT ${COLS} FROM verifications WHERE id = ?`).get(id) as Row | undefined;
    return r ? toQueueRow(r, this.now() - STUCK_AFTER_MS) : null;
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

function toQueueRow(r: Row, stuckBefore: number): QueueRow {
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
    identitySource: r.has_outcome ? 'provider' : r.holder_name !== null || r.document_number !== null ? 'kiosk' : null,
    stuck: (PENDING_STATES as readonly string[]).includes(r.state) && r.updated_at < stuckBefore,
  };
}
