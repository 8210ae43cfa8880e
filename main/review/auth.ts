// Supervisor access: a per-kiosk roster of PIN hashes (from configuration, or set up on first run
// with the one-time setup code from the data folder), a lockout after MAX_FAILURES wrong PINs in a
// row that doubles with every further lockout up to MAX_LOCKOUT_MS (persisted, so a restart does not
// lift it; each lockout raises a supervisor alert; a successful login resets it), and
// sessions as random tokens held here in main. Every supervisor call presents its token; a session
// ends after `idleMs` without a call. Every login, failure, lockout and logout is audited.
import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../store/audit';
import type { Db } from '../store/db';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import { UNSAFE_NAME_CHARACTERS } from '../../shared/contract-supervisor';
import { DEFAULT_SCRYPT, hashPin, isValidPin, verifyPin } from './pin';

export const MAX_FAILURES = 5;
/** The longest lockout, however many lockouts came before. */
export const MAX_LOCKOUT_MS = 24 * 60 * 60_000;
/** meta key: lockouts since the last successful login (drives the doubling). */
const LOCKOUTS_KEY = 'supervisor_lockouts';

/** The lockout after `previous` lockouts since the last successful login: base, 2×base, 4×base … ≤ 24 h. */
export function lockoutDuration(baseMs: number, previous: number): number {
  return Math.min(MAX_LOCKOUT_MS, baseMs * 2 ** Math.min(previous, 30));
}

export interface SupervisorAuthOptions {
  db: Db;
  audit: AuditLog;
  now: () => number;
  lockoutMs: number;
  idleMs: number;
  /** Roster from configuration; entries are added (or their hash updated) at start-up. */
  configRoster?: ReadonlyArray<{ name: string; pinHash: string }>;
  /** scrypt cost; tests lower it. */
  scryptParams?: { N: number; r: number; p: number };
  /** Called when a session ends by inactivity (the service tells the screen). */
  onIdleLogout?: (name: string) => void;
  /** First run: the code the first supervisor must present (absent = setup refused). */
  setupCode?: { matches(code: string): boolean; consume(): void };
  /** A lockout began (the service tells the screens). */
  onLockout?: () => void;
}

export interface SupervisorSession {
  token: string;
  name: string;
  idleLogoutMs: number;
}

export type LoginResult =
  | { ok: true; session: SupervisorSession }
  | { ok: false; reason: 'wrong_pin'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; lockedUntil: string };

type AuthRow = { failures: number; locked_until: number | null };
type Live = { name: string; lastSeen: number };

export const actorOf = (name: string): string => `supervisor:${name}`;

export const sessionEnded = (): KioskError =>
  new KioskError('forbidden', kioskMessage('supervisor_session_ended'));

export class SupervisorAuth {
  private readonly sessions = new Map<string, Live>();
  private readonly params: { N: number; r: number; p: number };
  /**
   * PIN checks run one at a time. A check takes a while (scrypt), and the lockout is read before it
   * and counted after it: checks running side by side would all pass the lockout check before the
   * first failure was counted, so a burst of parallel guesses (a script against the web host) would
   * try every PIN. In a queue each check sees the count the previous one left.
   */
  private pinChecks: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: SupervisorAuthOptions) {
    this.params = o.scryptParams ?? DEFAULT_SCRYPT;
    this.seedFromConfig();
  }

  /** What the login screen needs before anyone has logged in. Names are not revealed. */
  status(): { configured: boolean; lockedUntil: string | null; attemptsLeft: number } {
    const row = this.lockState();
    const locked = row.locked_until !== null && row.locked_until > this.o.now();
    // A lockout that has run out starts a fresh count of five (recordFailure does the same).
    const failures = row.locked_until !== null && !locked ? 0 : row.failures;
    return {
      configured: this.rosterSize() > 0,
      lockedUntil: locked ? new Date(row.locked_until!).toISOString() : null,
      attemptsLeft: locked ? 0 : Math.max(0, MAX_FAILURES - failures),
    };
  }

  /**
   * First run: the very first supervisor sets their own name and PIN, presenting the one-time setup
   * code from the data folder. Refused once a roster exists. A wrong code counts like a wrong PIN.
   */
  async setupFirst(name: string, pin: string, code: string): Promise<SupervisorSession> {
    if (this.rosterSize() > 0) throw new KioskError('conflict', kioskMessage('supervisor_already_set_up'));
    const clean = cleanName(name);
    if (!isValidPin(pin)) throw new KioskError('bad_request', kioskMessage('supervisor_pin_format'));
    await this.oneAtATime(async () => {
      const locked = this.lockedUntil();
      if (locked !== null) throw new KioskError('forbidden', kioskMessage('supervisor_setup_locked', { until: new Date(locked).toISOString() }));
      if (this.o.setupCode?.matches(code)) return;
      this.o.audit.append({ actor: 'supervisor:unknown', action: 'supervisor_setup_refused', detail: { reason: 'wrong_setup_code' } });
      this.recordFailure('setup');
      throw new KioskError('forbidden', kioskMessage('supervisor_setup_code_wrong'));
    });
    const hash = await hashPin(pin, this.params);
    this.o.db.transaction(() => {
      if (this.rosterSize() > 0) throw new KioskError('conflict', kioskMessage('supervisor_already_set_up'));
      this.insertSupervisor(clean, hash, 'setup', actorOf(clean));
      this.o.audit.append({ actor: actorOf(clean), action: 'supervisor_setup', detail: { name: clean, setupCode: 'used' } });
    })();
    this.o.setupCode?.consume();
    return this.openSession(clean);
  }

  /** Is a roster set up (else the first-run screen and its setup code are needed). */
  configured(): boolean {
    return this.rosterSize() > 0;
  }

  /**
   * The PIN of the supervisor of this session, entered again at the moment of a decision. A wrong
   * PIN counts towards the lockout like a login.
   */
  reconfirm(pin: string, name: string): Promise<{ ok: true } | Exclude<LoginResult, { ok: true }>> {
    return this.oneAtATime(async (): Promise<{ ok: true } | Exclude<LoginResult, { ok: true }>> => {
      const locked = this.lockedUntil();
      if (locked !== null) return { ok: false, reason: 'locked', lockedUntil: new Date(locked).toISOString() };
      const row = isValidPin(pin) ? this.o.db.prepare<[string], { pin_hash: string }>('SELECT pin_hash FROM supervisors WHERE name = ?').get(name) : undefined;
      if (!row || !(await verifyPin(pin, row.pin_hash))) return this.recordFailure('reconfirm');
      this.o.db.prepare('UPDATE review_auth SET failures = 0, locked_until = NULL WHERE id = 1').run();
      return { ok: true };
    });
  }

  login(pin: string): Promise<LoginResult> {
    return this.oneAtATime(async (): Promise<LoginResult> => {
      const locked = this.lockedUntil();
      if (locked !== null) {
        this.o.audit.append({ actor: 'supervisor:unknown', action: 'supervisor_login_refused', detail: { reason: 'locked', lockedUntil: new Date(locked).toISOString() } });
        return { ok: false, reason: 'locked', lockedUntil: new Date(locked).toISOString() };
      }
      const name = await this.match(pin, null);
      if (name === null) return this.recordFailure('login');
      this.o.db.transaction(() => {
        this.o.db.prepare('UPDATE review_auth SET failures = 0, locked_until = NULL WHERE id = 1').run();
        this.o.db.prepare('DELETE FROM meta WHERE key = ?').run(LOCKOUTS_KEY);
      })();
      return { ok: true, session: this.openSession(name) };
    });
  }

  /**
   * Four-eyes: a second supervisor confirms by PIN. Returns their name, or the failure (wrong PINs
   * count towards the same lockout as logins). The requester's own PIN never confirms.
   */
  confirmByOther(pin: string, excludeName: string): Promise<{ ok: true; name: string } | Exclude<LoginResult, { ok: true }>> {
    return this.oneAtATime(async (): Promise<{ ok: true; name: string } | Exclude<LoginResult, { ok: true }>> => {
      const locked = this.lockedUntil();
      if (locked !== null) return { ok: false, reason: 'locked', lockedUntil: new Date(locked).toISOString() };
      const name = await this.match(pin, excludeName);
      if (name === null) return this.recordFailure('four_eyes');
      this.o.db.prepare('UPDATE review_auth SET failures = 0, locked_until = NULL WHERE id = 1').run();
      return { ok: true, name };
    });
  }

  /** The live session for `token`, refreshed; throws `forbidden` when there is none. */
  require(token: string): { name: string; actor: string } {
    this.sweep();
    const live = this.sessions.get(token);
    if (!live) throw sessionEnded();
    live.lastSeen = this.o.now();
    return { name: live.name, actor: actorOf(live.name) };
  }

  logout(token: string): void {
    const live = this.sessions.get(token);
    if (!live) return;
    this.sessions.delete(token);
    this.o.audit.append({ actor: actorOf(live.name), action: 'supervisor_logout', detail: { reason: 'requested' } });
  }

  /** A logged-in supervisor adds another (needed for the four-eyes rule). PINs must differ: login is by PIN alone. */
  async addSupervisor(by: string, name: string, pin: string): Promise<void> {
    const clean = cleanName(name);
    if (!isValidPin(pin)) throw new KioskError('bad_request', kioskMessage('supervisor_pin_format'));
    if (this.o.db.prepare('SELECT 1 FROM supervisors WHERE name = ?').get(clean)) {
      throw new KioskError('conflict', kioskMessage('supervisor_name_taken'));
    }
    // Login is by PIN alone, so a new PIN must differ from every other; saying so tells the adding
    // supervisor that someone has that PIN. Such a hit counts like a wrong PIN (and the check waits
    // its turn and honours the lockout), so the roster cannot be searched for PINs this way.
    await this.oneAtATime(async () => {
      const locked = this.lockedUntil();
      if (locked !== null) throw new KioskError('conflict', kioskMessage('supervisor_add_locked', { until: new Date(locked).toISOString() }));
      if ((await this.match(pin, null)) === null) return;
      this.recordFailure('add_supervisor');
      throw new KioskError('conflict', kioskMessage('supervisor_pin_unusable'));
    });
    const hash = await hashPin(pin, this.params);
    this.o.db.transaction(() => {
      this.insertSupervisor(clean, hash, 'added', actorOf(by));
      this.o.audit.append({ actor: actorOf(by), action: 'supervisor_added', detail: { name: clean } });
    })();
  }

  /** Ends sessions idle for longer than idleMs (audited). Called on every check and by a timer. */
  sweep(): void {
    const now = this.o.now();
    for (const [token, live] of this.sessions) {
      if (now - live.lastSeen >= this.o.idleMs) {
        this.sessions.delete(token);
        this.o.audit.append({ actor: actorOf(live.name), action: 'supervisor_logout', detail: { reason: 'idle', idleMinutes: this.o.idleMs / 60_000 } });
        this.o.onIdleLogout?.(live.name);
      }
    }
  }

  supervisorNames(): string[] {
    return this.o.db.prepare<[], { name: string }>('SELECT name FROM supervisors ORDER BY name').all().map((r) => r.name);
  }

  // ------------------------------------------------------------------ internals

  private openSession(name: string): SupervisorSession {
    const token = randomBytes(32).toString('hex');
    this.sessions.set(token, { name, lastSeen: this.o.now() });
    this.o.audit.append({ actor: actorOf(name), action: 'supervisor_login', detail: {} });
    return { token, name, idleLogoutMs: this.o.idleMs };
  }

  private oneAtATime<T>(check: () => Promise<T>): Promise<T> {
    const turn = this.pinChecks.then(check, check);
    this.pinChecks = turn.catch(() => undefined);
    return turn;
  }

  private async match(pin: string, excludeName: string | null): Promise<string | null> {
    if (!isValidPin(pin)) return null;
    const roster = this.o.db.prepare<[], { name: string; pin_hash: string }>('SELECT name, pin_hash FROM supervisors ORDER BY name').all();
    for (const s of roster) {
      if (excludeName !== null && s.name.toLowerCase() === excludeName.toLowerCase()) continue;
      if (await verifyPin(pin, s.pin_hash)) return s.name;
    }
    return null;
  }

  private recordFailure(during: 'login' | 'four_eyes' | 'add_supervisor' | 'setup' | 'reconfirm'): Exclude<LoginResult, { ok: true }> {
    const now = this.o.now();
    return this.o.db.transaction((): Exclude<LoginResult, { ok: true }> => {
      const row = this.lockState();
      // A lockout that has run out starts a fresh count.
      const before = row.locked_until !== null && row.locked_until <= now ? 0 : row.failures;
      const failures = before + 1;
      this.o.audit.append({ actor: 'supervisor:unknown', action: 'supervisor_login_failed', detail: { during, failuresInARow: failures } });
      if (failures >= MAX_FAILURES) {
        const previous = Number(this.o.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(LOCKOUTS_KEY)?.value ?? 0) || 0;
        const count = previous + 1;
        const duration = lockoutDuration(this.o.lockoutMs, previous);
        const until = now + duration;
        const untilIso = new Date(until).toISOString();
        this.o.db.prepare('UPDATE review_auth SET failures = ?, locked_until = ? WHERE id = 1').run(failures, until);
        this.o.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(LOCKOUTS_KEY, String(count));
        this.o.audit.append({
          actor: 'supervisor:unknown',
          action: 'supervisor_lockout',
          detail: { failuresInARow: failures, lockedUntil: untilIso, lockout: count, minutes: Math.round(duration / 60_000) },
        });
        this.o.db
          .prepare('INSERT INTO alerts (at, kind, provider, verification_id, message) VALUES (?, ?, NULL, NULL, ?)')
          .run(
            now,
            'supervisor_lockout',
            `Supervisor PIN entry locked (lockout ${count} since the last successful login) after ${MAX_FAILURES} wrong PINs in a row, until ${untilIso}. If no supervisor mistyped, someone may be guessing PINs.`,
          );
        queueMicrotask(() => this.o.onLockout?.());
        return { ok: false, reason: 'locked', lockedUntil: untilIso };
      }
      this.o.db.prepare('UPDATE review_auth SET failures = ?, locked_until = NULL WHERE id = 1').run(failures);
      return { ok: false, reason: 'wrong_pin', attemptsLeft: MAX_FAILURES - failures };
    })();
  }

  private lockedUntil(): number | null {
    const row = this.lockState();
    return row.locked_until !== null && row.locked_until > this.o.now() ? row.locked_until : null;
  }

  private lockState(): AuthRow {
    return this.o.db.prepare<[], AuthRow>('SELECT failures, locked_until FROM review_auth WHERE id = 1').get() ?? { failures: 0, locked_until: null };
  }

  private rosterSize(): number {
    return this.o.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM supervisors').get()!.n;
  }

  private insertSupervisor(name: string, hash: string, source: 'config' | 'setup' | 'added', by: string): void {
    this.o.db.prepare('INSERT INTO supervisors (name, pin_hash, source, created_at, created_by) VALUES (?, ?, ?, ?, ?)').run(name, hash, source, this.o.now(), by);
  }

  /** Configuration is the authority for the names it lists: added when new, hash updated when changed. */
  private seedFromConfig(): void {
    const roster = this.o.configRoster ?? [];
    if (!roster.length) return;
    this.o.db.transaction(() => {
      const changed: string[] = [];
      for (const s of roster) {
        const name = cleanName(s.name);
        const existing = this.o.db.prepare<[string], { pin_hash: string }>('SELECT pin_hash FROM supervisors WHERE name = ?').get(name);
        if (!existing) this.insertSupervisor(name, s.pinHash, 'config', 'config');
        else if (existing.pin_hash !== s.pinHash) this.o.db.prepare(`UPDATE supervisors SET pin_hash = ?, source = 'config' WHERE name = ?`).run(s.pinHash, name);
        else continue;
        changed.push(name);
      }
      if (changed.length) this.o.audit.append({ actor: 'system', action: 'supervisor_roster_from_config', detail: { names: changed } });
    })();
  }
}

function cleanName(name: string): string {
  const clean = name.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!clean || clean.length > 64) {
    throw new KioskError('bad_request', kioskMessage('supervisor_name_length'));
  }
  // Bidi, zero-width and control characters would let two different names look the same.
  if (UNSAFE_NAME_CHARACTERS.test(clean)) {
    throw new KioskError('bad_request', kioskMessage('supervisor_name_characters'));
  }
  return clean;
}
