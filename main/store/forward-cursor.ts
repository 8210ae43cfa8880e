// Where audit forwarding to one SIEM destination stands: the last row the collector is known to
// hold (seq + hash, which doubles as a second anchor of the audit chain's head outside this file),
// the rows after it in order, and how many wait. The cursor only moves forward.
import { storedAuditRow, type AuditDbRow, type StoredAuditRow } from './audit';
import type { Db } from './db';

export interface ForwardedHead {
  seq: number;
  hash: string;
  /** When the collector confirmed it (epoch ms). */
  at: number;
}

export class AuditForwardCursor {
  private readonly getStmt;
  private readonly advanceStmt;
  private readonly headStmt;
  private readonly rowsStmt;
  private readonly firstAfterStmt;

  constructor(
    db: Db,
    readonly destination: string,
  ) {
    this.getStmt = db.prepare<[string], { seq: number; hash: string; forwarded_at: number }>('SELECT seq, hash, forwarded_at FROM audit_forward_cursor WHERE destination = ?');
    this.advanceStmt = db.prepare<[string, number, string, number]>(
      `INSERT INTO audit_forward_cursor (destination, seq, hash, forwarded_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (destination) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, forwarded_at = excluded.forwarded_at
       WHERE excluded.seq > audit_forward_cursor.seq`,
    );
    // max(seq) of an INTEGER PRIMARY KEY is one b-tree descent, whatever the length of the log.
    this.headStmt = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM audit_log');
    this.rowsStmt = db.prepare<[number, number], AuditDbRow>(
      'SELECT seq, at, actor, action, verification_id, detail, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    this.firstAfterStmt = db.prepare<[number], { at: string }>('SELECT at FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1');
  }

  /** The last row the collector confirmed, or null when nothing was forwarded to this destination yet. */
  head(): ForwardedHead | null {
    const r = this.getStmt.get(this.destination);
    return r ? { seq: r.seq, hash: r.hash, at: r.forwarded_at } : null;
  }

  /** Moves the cursor to `seq` (never backwards: a late or repeated confirmation changes nothing). */
  advance(seq: number, hash: string, at: number): void {
    this.advanceStmt.run(this.destination, seq, hash, at);
  }

  /** Sequence number of the newest audit row (0 for an empty log). */
  logHead(): number {
    return this.headStmt.get()?.seq ?? 0;
  }

  /** Rows not forwarded yet. */
  backlog(): number {
    return Math.max(0, this.logHead() - (this.head()?.seq ?? 0));
  }

  /** When the oldest row not forwarded yet was written (ISO), or null when nothing waits. */
  oldestWaitingAt(): string | null {
    return this.firstAfterStmt.get(this.head()?.seq ?? 0)?.at ?? null;
  }

  /** Up to `limit` rows after `seq`, oldest first. */
  rowsAfter(seq: number, limit: number): StoredAuditRow[] {
    return this.rowsStmt.all(seq, limit).map(storedAuditRow);
  }
}

/**
 * Every destination's confirmed head, read straight from the store (no forwarder needed): what the
 * bank's collectors are known to hold of the audit chain, for checks at start-up against rollback.
 */
export function forwardedHeads(db: Db): Array<ForwardedHead & { destination: string }> {
  return db
    .prepare<[], { destination: string; seq: number; hash: string; forwarded_at: number }>('SELECT destination, seq, hash, forwarded_at FROM audit_forward_cursor ORDER BY destination')
    .all()
    .map((r) => ({ destination: r.destination, seq: r.seq, hash: r.hash, at: r.forwarded_at }));
}
