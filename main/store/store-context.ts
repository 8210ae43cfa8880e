// What every part of the store shares: the one database connection, the clock, the audit log and a
// cache of prepared statements. The concern modules (verifications, sync steps, provider state,
// retention, …) each take this object, so they prepare each statement once for the whole store and
// write their audit rows into the same hash chain inside their own transactions.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { AuditLog } from './audit';
import type { Db } from './db';

export class StoreContext {
  /** Prepared statements by SQL text: preparing is the costliest part of a small query on an encrypted file. */
  private readonly statements = new Map<string, unknown>();

  constructor(
    readonly db: Db,
    readonly now: () => number,
    readonly audit: AuditLog,
  ) {}

  /** The prepared statement for `sql`, prepared on first use and reused after. */
  q<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let st = this.statements.get(sql) as Database.Statement<P, R> | undefined;
    if (!st) {
      st = this.db.prepare<P, R>(sql);
      this.statements.set(sql, st);
    }
    return st;
  }
}
