// Supervisor PINs while the kiosk is stopped on its database: the database cannot be written (nothing
// is written before a supervisor confirms), so the roster and the lockout state are read READ-ONLY from
// the refused database when it still opens, else from the newest backup that opens, and copied into
// an in-memory database. The kiosk's one SupervisorAuth (auth.ts) then runs on it unchanged: the same
// PIN check, one at a time, the same lockout after five wrong PINs, four-eyes by a second PIN. Its
// audit rows (logins, wrong PINs, lockouts) stay in memory and go into the audit row of the action.
import Database from 'better-sqlite3-multiple-ciphers';
import type { KioskConfig } from '../config';
import { AuditLog, type AuditRow } from '../store/audit';
import { listBackups } from '../store/backup';
import { migrate, type Db } from '../store/db';
import { withReadOnly } from '../store/open-checks';
import { SupervisorAuth } from '../review/auth';

type RosterRow = { name: string; pin_hash: string; source: string; created_at: number; created_by: string };
type Copied = { roster: RosterRow[]; failures: number; lockedUntil: number | null; lockouts: string | null; from: string };

function readRoster(file: string, key: Buffer): Copied | null {
  try {
    return withReadOnly(file, key, (db) => {
      const roster = db.prepare<[], RosterRow>('SELECT name, pin_hash, source, created_at, created_by FROM supervisors').all();
      const auth = db.prepare<[], { failures: number; locked_until: number | null }>('SELECT failures, locked_until FROM review_auth WHERE id = 1').get();
      const lockouts = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'supervisor_lockouts'").get()?.value ?? null;
      return { roster, failures: auth?.failures ?? 0, lockedUntil: auth?.locked_until ?? null, lockouts, from: file };
    });
  } catch {
    return null; // damaged, or not a kiosk database this key opens
  }
}

export interface RecoveryAuth {
  auth: SupervisorAuth;
  /** Where the roster came from (the refused database, a backup, or only the configuration). */
  rosterFrom: string;
  /** The audit rows of the recovery session so far (logins, wrong PINs, lockouts), oldest first. */
  sessionAudit(): AuditRow[];
  close(): void;
}

export function createRecoveryAuth(o: {
  dbFile: string;
  key: Buffer;
  config: Pick<KioskConfig, 'review' | 'backup'>;
  now: () => number;
  scryptParams?: { N: number; r: number; p: number };
}): RecoveryAuth {
  const sources = [o.dbFile, ...(o.config.backup.dir ? listBackups(o.config.backup.dir).reverse() : [])];
  let copied: Copied | null = null;
  for (const file of sources) {
    copied = readRoster(file, o.key);
    if (copied && copied.roster.length) break;
  }
  const db: Db = new Database(':memory:');
  migrate(db);
  if (copied) {
    const insert = db.prepare('INSERT INTO supervisors (name, pin_hash, source, created_at, created_by) VALUES (?, ?, ?, ?, ?)');
    for (const r of copied.roster) insert.run(r.name, r.pin_hash, r.source, r.created_at, r.created_by);
    db.prepare('INSERT OR REPLACE INTO review_auth (id, failures, locked_until) VALUES (1, ?, ?)').run(copied.failures, copied.lockedUntil);
    if (copied.lockouts !== null) db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('supervisor_lockouts', ?)").run(copied.lockouts);
  }
  const audit = new AuditLog(db, o.now);
  const auth = new SupervisorAuth({
    db,
    audit,
    now: o.now,
    lockoutMs: o.config.review.lockoutMinutes * 60_000,
    idleMs: o.config.review.idleLogoutMinutes * 60_000,
    configRoster: o.config.review.supervisors,
    ...(o.scryptParams ? { scryptParams: o.scryptParams } : {}),
  });
  return {
    auth,
    rosterFrom: copied?.roster.length ? copied.from : 'configuration',
    sessionAudit: () => audit.list({ limit: 10_000 }).filter((r) => r.action !== 'supervisor_roster_from_config'),
    close: () => db.close(),
  };
}
