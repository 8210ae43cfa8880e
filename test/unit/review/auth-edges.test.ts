// The edges of supervisor auth (main/review/auth.ts) on a real encrypted store: the lockout that
// doubles with each further lockout and survives a restart (its audit entry, alert and callback),
// the login screen's status at every point of a lockout, first-run setup with the one-time code,
// re-entering the PIN at a decision, adding a supervisor, the idle sweep at its exact boundary, the
// roster taken from configuration, and the names a supervisor may have. scrypt at a low cost.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockoutDuration, MAX_FAILURES, MAX_LOCKOUT_MS, SupervisorAuth, type SupervisorAuthOptions } from '../../../main/review/auth';
import { hashPin } from '../../../main/review/pin';
import { Store } from '../../../main/store/store';

const CHEAP = { N: 1024, r: 8, p: 1 };
const START = Date.parse('2026-05-01T08:00:00Z');
let dir: string;
let key: Buffer;
let store: Store;
let clock: { now: number };
let annHash: string;
let boHash: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-auth-edges-'));
  key = randomBytes(32);
  clock = { now: START };
  store = Store.open({ dataDir: dir, key, now: () => clock.now });
  annHash ??= await hashPin('1111', CHEAP);
  boHash ??= await hashPin('2222', CHEAP);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

const make = (extra: Partial<SupervisorAuthOptions> = {}): SupervisorAuth =>
  new SupervisorAuth({
    db: store.db,
    audit: store.audit,
    now: () => clock.now,
    lockoutMs: 60_000,
    idleMs: 5 * 60_000,
    scryptParams: CHEAP,
    configRoster: [
      { name: 'Ann', pinHash: annHash },
      { name: 'Bo', pinHash: boHash },
    ],
    ...extra,
  });
const audits = (action: string) => store.audit.list({ limit: 1000 }).filter((a) => a.action === action);
const alerts = () => store.db.prepare<[], { at: number; kind: string; message: string }>('SELECT at, kind, message FROM alerts ORDER BY id').all();
const lockOut = async (auth: SupervisorAuth): Promise<void> => {
  for (let i = 0; i < MAX_FAILURES; i++) await auth.login('9999');
};
const iso = (ms: number): string => new Date(ms).toISOString();

describe('lockoutDuration', () => {
  it('doubles with every lockout since the last login, capped at 24 h', () => {
    expect(lockoutDuration(60_000, 0)).toBe(60_000);
    expect(lockoutDuration(60_000, 1)).toBe(120_000);
    expect(lockoutDuration(60_000, 3)).toBe(480_000);
    expect(MAX_LOCKOUT_MS).toBe(86_400_000);
    expect(lockoutDuration(60_000, 10)).toBe(61_440_000);
    expect(lockoutDuration(60_000, 11)).toBe(MAX_LOCKOUT_MS);
    expect(lockoutDuration(60_000, 1000)).toBe(MAX_LOCKOUT_MS);
    expect(lockoutDuration(MAX_LOCKOUT_MS, 0)).toBe(MAX_LOCKOUT_MS);
  });
});

describe('the lockout', () => {
  it('doubles for each further lockout, survives a restart, and a login resets the doubling', async () => {
    let auth = make();
    await lockOut(auth);
    expect(auth.status().lockedUntil).toBe(iso(START + 60_000));
    clock.now = START + 60_000;
    await lockOut(auth);
    expect(auth.status().lockedUntil).toBe(iso(START + 60_000 + 120_000));
    // A restart (a new SupervisorAuth on the same store) neither lifts the lockout nor resets the doubling.
    auth = make();
    expect(await auth.login('1111')).toEqual({ ok: false, reason: 'locked', lockedUntil: iso(START + 180_000) });
    clock.now = START + 180_000;
    await lockOut(auth);
    expect(auth.status().lockedUntil).toBe(iso(START + 180_000 + 240_000));
    expect(new Set(audits('supervisor_lockout').map((a) => a.actor))).toEqual(new Set(['supervisor:unknown']));
    const lockouts = audits('supervisor_lockout').map((a) => a.detail);
    expect(lockouts).toEqual([
      { failuresInARow: 5, lockedUntil: iso(START + 60_000), lockout: 1, minutes: 1 },
      { failuresInARow: 5, lockedUntil: iso(START + 180_000), lockout: 2, minutes: 2 },
      { failuresInARow: 5, lockedUntil: iso(START + 420_000), lockout: 3, minutes: 4 },
    ]);
    // A successful login: the next lockout is the base time again.
    clock.now = START + 420_000;
    expect((await auth.login('1111')).ok).toBe(true);
    await lockOut(auth);
    expect(auth.status().lockedUntil).toBe(iso(START + 420_000 + 60_000));
    expect(audits('supervisor_lockout').at(-1)!.detail).toMatchObject({ lockout: 1, minutes: 1 });
  });

  it('each lockout raises a supervisor alert and calls onLockout once', async () => {
    let called = 0;
    const auth = make({ onLockout: () => called++ });
    for (let i = 0; i < MAX_FAILURES - 1; i++) await auth.login('9999');
    await Promise.resolve();
    expect(called).toBe(0);
    expect(alerts()).toEqual([]);
    await auth.login('9999');
    await Promise.resolve();
    expect(called).toBe(1);
    expect(alerts()).toEqual([
      {
        at: START,
        kind: 'supervisor_lockout',
        message: `Supervisor PIN entry locked (lockout 1 since the last successful login) after 5 wrong PINs in a row, until ${iso(START + 60_000)}. If no supervisor mistyped, someone may be guessing PINs.`,
      },
    ]);
  });

  it('every wrong PIN is audited with where it was entered and the count so far', async () => {
    const auth = make();
    await auth.login('9999');
    await auth.login('abc');
    expect(audits('supervisor_login_failed').map((a) => [a.actor, a.detail])).toEqual([
      ['supervisor:unknown', { during: 'login', failuresInARow: 1 }],
      ['supervisor:unknown', { during: 'login', failuresInARow: 2 }],
    ]);
    await auth.confirmByOther('9999', 'Ann');
    await auth.reconfirm('9999', 'Ann');
    expect(audits('supervisor_login_failed').map((a) => a.detail)).toEqual([
      { during: 'login', failuresInARow: 1 },
      { during: 'login', failuresInARow: 2 },
      { during: 'four_eyes', failuresInARow: 3 },
      { during: 'reconfirm', failuresInARow: 4 },
    ]);
  });

  it('a login while locked is refused and audited; a right PIN does not lift it', async () => {
    const auth = make();
    await lockOut(auth);
    expect(await auth.login('1111')).toEqual({ ok: false, reason: 'locked', lockedUntil: iso(START + 60_000) });
    expect(audits('supervisor_login_refused').map((a) => [a.actor, a.detail])).toEqual([['supervisor:unknown', { reason: 'locked', lockedUntil: iso(START + 60_000) }]]);
    expect(await auth.confirmByOther('2222', 'Ann')).toEqual({ ok: false, reason: 'locked', lockedUntil: iso(START + 60_000) });
    expect(await auth.reconfirm('1111', 'Ann')).toEqual({ ok: false, reason: 'locked', lockedUntil: iso(START + 60_000) });
    expect(audits('supervisor_login')).toEqual([]);
  });
});

describe('status for the login screen', () => {
  it('counts down the attempts, shows the lockout until its last millisecond, then a fresh count', async () => {
    const auth = make();
    expect(auth.status()).toEqual({ configured: true, lockedUntil: null, attemptsLeft: MAX_FAILURES });
    await auth.login('9999');
    await auth.login('9999');
    expect(auth.status()).toEqual({ configured: true, lockedUntil: null, attemptsLeft: MAX_FAILURES - 2 });
    await auth.login('9999');
    await auth.login('9999');
    await auth.login('9999');
    expect(auth.status()).toEqual({ configured: true, lockedUntil: iso(START + 60_000), attemptsLeft: 0 });
    clock.now = START + 59_999;
    expect(auth.status()).toMatchObject({ lockedUntil: iso(START + 60_000), attemptsLeft: 0 });
    clock.now = START + 60_000;
    expect(auth.status()).toEqual({ configured: true, lockedUntil: null, attemptsLeft: MAX_FAILURES });
  });

  it('without a roster: not configured', () => {
    const auth = make({ configRoster: [] });
    expect(auth.status()).toEqual({ configured: false, lockedUntil: null, attemptsLeft: MAX_FAILURES });
    expect(auth.configured()).toBe(false);
    expect(auth.supervisorNames()).toEqual([]);
  });
});

describe('first-run setup', () => {
  const code = (right: string) => {
    const state = { consumed: 0 };
    return { state, setupCode: { matches: (c: string) => c === right, consume: () => void state.consumed++ } };
  };

  it('the right code sets up the first supervisor, logs them in, audits it and uses the code up', async () => {
    const { state, setupCode } = code('ABCD-EFGH');
    const auth = make({ configRoster: [], setupCode });
    const session = await auth.setupFirst('  Dana   Lee ', '4321', 'ABCD-EFGH');
    expect(session).toMatchObject({ name: 'Dana Lee', idleLogoutMs: 5 * 60_000 });
    expect(session.token).toMatch(/^[0-9a-f]{64}$/);
    expect(auth.require(session.token)).toEqual({ name: 'Dana Lee', actor: 'supervisor:Dana Lee' });
    expect(state.consumed).toBe(1);
    expect(auth.configured()).toBe(true);
    expect(auth.supervisorNames()).toEqual(['Dana Lee']);
    expect(audits('supervisor_setup').map((a) => [a.actor, a.detail])).toEqual([['supervisor:Dana Lee', { name: 'Dana Lee', setupCode: 'used' }]]);
    const row = store.db.prepare<[], { source: string; created_by: string; created_at: number }>('SELECT source, created_by, created_at FROM supervisors').get();
    expect(row).toEqual({ source: 'setup', created_by: 'supervisor:Dana Lee', created_at: START });
    expect((await auth.login('4321')).ok).toBe(true);
    // Once set up, setup is refused.
    await expect(auth.setupFirst('Eve', '5555', 'ABCD-EFGH')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a wrong code is refused, audited and counted like a wrong PIN; five lock setup too', async () => {
    const { state, setupCode } = code('ABCD-EFGH');
    const auth = make({ configRoster: [], setupCode });
    await expect(auth.setupFirst('Dana', '4321', 'WRONG')).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/setup code is not right/) });
    expect(audits('supervisor_setup_refused').map((a) => a.detail)).toEqual([{ reason: 'wrong_setup_code' }]);
    expect(audits('supervisor_login_failed').map((a) => a.detail)).toEqual([{ during: 'setup', failuresInARow: 1 }]);
    expect(auth.status().attemptsLeft).toBe(MAX_FAILURES - 1);
    for (let i = 1; i < MAX_FAILURES; i++) await expect(auth.setupFirst('Dana', '4321', 'WRONG')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(auth.setupFirst('Dana', '4321', 'ABCD-EFGH')).rejects.toThrow(`Setup is locked after too many wrong entries until ${iso(START + 60_000)}`);
    expect(state.consumed).toBe(0);
    expect(auth.configured()).toBe(false);
  });

  it('once a roster exists setup is refused before the code is looked at: a wrong code is not counted', async () => {
    const { state, setupCode } = code('ABCD-EFGH');
    const auth = make({ setupCode });
    await expect(auth.setupFirst('Eve', '5555', 'WRONG')).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already set up/) });
    expect(audits('supervisor_setup_refused')).toEqual([]);
    expect(audits('supervisor_login_failed')).toEqual([]);
    expect(auth.status().attemptsLeft).toBe(MAX_FAILURES);
    expect(state.consumed).toBe(0);
    expect(auth.supervisorNames()).toEqual(['Ann', 'Bo']);
  });

  it('two setups sent at once (both past the first check): one sets up, the other is refused, one supervisor and one use of the code', async () => {
    const { state, setupCode } = code('ABCD-EFGH');
    const auth = make({ configRoster: [], setupCode });
    const results = await Promise.allSettled([auth.setupFirst('Dana', '4321', 'ABCD-EFGH'), auth.setupFirst('Eve', '5678', 'ABCD-EFGH')]);
    // Whichever PIN hash is ready first sets up.
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.name] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(won).toHaveLength(1);
    expect(refused).toEqual([expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/already set up/) })]);
    expect(auth.supervisorNames()).toEqual(won);
    expect(state.consumed).toBe(1);
    expect(audits('supervisor_setup')).toHaveLength(1);
  });

  it('a wrong code is audited against no one: nobody is logged in at setup', async () => {
    const { setupCode } = code('ABCD-EFGH');
    const auth = make({ configRoster: [], setupCode });
    await expect(auth.setupFirst('Dana', '4321', 'WRONG')).rejects.toMatchObject({ code: 'forbidden' });
    expect(audits('supervisor_setup_refused').map((a) => a.actor)).toEqual(['supervisor:unknown']);
    expect(audits('supervisor_login_failed').map((a) => a.actor)).toEqual(['supervisor:unknown']);
  });

  it('without a setup code (none was written) setup is refused', async () => {
    const auth = make({ configRoster: [] });
    await expect(auth.setupFirst('Dana', '4321', 'ANY')).rejects.toMatchObject({ code: 'forbidden' });
    expect(auth.configured()).toBe(false);
  });

  it('a PIN that is not 4 to 12 digits is refused before the code is checked', async () => {
    const { setupCode } = code('C');
    const auth = make({ configRoster: [], setupCode });
    await expect(auth.setupFirst('Dana', '123', 'C')).rejects.toMatchObject({ code: 'bad_request' });
    expect(audits('supervisor_login_failed')).toEqual([]);
  });
});

describe('the PIN hashes written at the kiosk', () => {
  it('use the scrypt cost the kiosk was given, for setup and for an added supervisor', async () => {
    const auth = make({ configRoster: [], setupCode: { matches: () => true, consume: () => {} } });
    await auth.setupFirst('Dana', '4321', 'x');
    await auth.addSupervisor('Dana', 'Eve', '5678');
    const hashes = store.db.prepare<[], { pin_hash: string }>('SELECT pin_hash FROM supervisors ORDER BY name').all();
    expect(hashes.map((h) => h.pin_hash.split('$').slice(0, 4).join('$'))).toEqual(['scrypt$1024$8$1', 'scrypt$1024$8$1']);
  });
});

describe('names', () => {
  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['65 characters', 'x'.repeat(65)],
    ['a zero-width space', 'Ann\u200bB'],
    ['a right-to-left override', 'Ann\u202eB'],
    ['a control character', 'Ann\u0007'],
  ])('%s is refused', async (_what, name) => {
    const auth = make();
    const login = await auth.login('1111');
    if (!login.ok) throw new Error('login failed');
    await expect(auth.addSupervisor('Ann', name, '3333')).rejects.toMatchObject({ code: 'bad_request' });
    expect(auth.supervisorNames()).toEqual(['Ann', 'Bo']);
  });

  it('64 characters are allowed; spaces are collapsed and the name is NFC-normalised', async () => {
    const auth = make();
    await auth.addSupervisor('Ann', 'y'.repeat(64), '3333');
    await auth.addSupervisor('Ann', ' Jose\u0301   M ', '4444');
    expect(auth.supervisorNames()).toEqual(['Ann', 'Bo', 'José M', 'y'.repeat(64)]);
  });
});

describe('adding a supervisor', () => {
  it('adds them with who added them, audited; they can log in with their PIN', async () => {
    const auth = make();
    clock.now = START + 5000;
    await auth.addSupervisor('Ann', 'Cleo', '3333');
    expect(audits('supervisor_added').map((a) => [a.actor, a.detail])).toEqual([['supervisor:Ann', { name: 'Cleo' }]]);
    const row = store.db.prepare<[string], { source: string; created_by: string; created_at: number }>('SELECT source, created_by, created_at FROM supervisors WHERE name = ?').get('Cleo');
    expect(row).toEqual({ source: 'added', created_by: 'supervisor:Ann', created_at: START + 5000 });
    expect(await auth.login('3333')).toMatchObject({ ok: true, session: { name: 'Cleo' } });
  });

  it('a name already taken is refused without counting; a PIN that is not 4 to 12 digits likewise', async () => {
    const auth = make();
    await expect(auth.addSupervisor('Ann', 'Bo', '3333')).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/name already exists/) });
    await expect(auth.addSupervisor('Ann', 'Cleo', '12')).rejects.toMatchObject({ code: 'bad_request' });
    expect(auth.status().attemptsLeft).toBe(MAX_FAILURES);
    expect(auth.supervisorNames()).toEqual(['Ann', 'Bo']);
  });
});

describe('re-entering the PIN at a decision', () => {
  it("accepts the session supervisor's own PIN only, and a right PIN resets the count", async () => {
    const auth = make();
    expect(await auth.reconfirm('2222', 'Ann')).toEqual({ ok: false, reason: 'wrong_pin', attemptsLeft: MAX_FAILURES - 1 });
    expect(await auth.reconfirm('12', 'Ann')).toEqual({ ok: false, reason: 'wrong_pin', attemptsLeft: MAX_FAILURES - 2 });
    expect(await auth.reconfirm('1111', 'Nobody')).toEqual({ ok: false, reason: 'wrong_pin', attemptsLeft: MAX_FAILURES - 3 });
    expect(await auth.reconfirm('1111', 'Ann')).toEqual({ ok: true });
    expect(auth.status().attemptsLeft).toBe(MAX_FAILURES);
  });

  it('a right four-eyes PIN resets the count too', async () => {
    const auth = make();
    await auth.login('9999');
    await auth.login('9999');
    expect(await auth.confirmByOther('2222', 'Ann')).toEqual({ ok: true, name: 'Bo' });
    expect(auth.status().attemptsLeft).toBe(MAX_FAILURES);
  });
});

describe('sessions', () => {
  it('end at exactly the idle time, audited with the minutes, and the screen is told whose ended', async () => {
    const ended: string[] = [];
    const auth = make({ idleMs: 120_000, onIdleLogout: (n) => ended.push(n) });
    const a = await auth.login('1111');
    const b = await auth.login('2222');
    if (!a.ok || !b.ok) throw new Error('login failed');
    expect(a.session.idleLogoutMs).toBe(120_000);
    expect(a.session.token).not.toBe(b.session.token);
    clock.now = START + 60_000;
    auth.require(b.session.token);
    clock.now = START + 119_999;
    auth.sweep();
    expect(ended).toEqual([]);
    clock.now = START + 120_000;
    auth.sweep();
    expect(ended).toEqual(['Ann']);
    expect(() => auth.require(a.session.token)).toThrow(expect.objectContaining({ code: 'forbidden', sentence: { key: 'supervisor_session_ended', params: {} } }));
    expect(auth.require(b.session.token).name).toBe('Bo');
    expect(audits('supervisor_logout').map((x) => [x.actor, x.detail])).toEqual([['supervisor:Ann', { reason: 'idle', idleMinutes: 2 }]]);
    expect(audits('supervisor_login').map((x) => x.actor)).toEqual(['supervisor:Ann', 'supervisor:Bo']);
  });

  it('logout is audited once; an unknown token changes nothing', async () => {
    const auth = make();
    const r = await auth.login('2222');
    if (!r.ok) throw new Error('login failed');
    auth.logout('f'.repeat(64));
    expect(auth.require(r.session.token).name).toBe('Bo');
    auth.logout(r.session.token);
    auth.logout(r.session.token);
    expect(audits('supervisor_logout').map((x) => [x.actor, x.detail])).toEqual([['supervisor:Bo', { reason: 'requested' }]]);
  });
});

describe('the roster from configuration', () => {
  it('adds new names, updates a changed hash (the old PIN stops working), leaves the rest, and audits only what changed', async () => {
    make();
    expect(audits('supervisor_roster_from_config').map((a) => [a.actor, a.detail])).toEqual([['system', { names: ['Ann', 'Bo'] }]]);
    const rows = store.db.prepare<[], { name: string; source: string; created_by: string }>('SELECT name, source, created_by FROM supervisors ORDER BY name').all();
    expect(rows).toEqual([
      { name: 'Ann', source: 'config', created_by: 'config' },
      { name: 'Bo', source: 'config', created_by: 'config' },
    ]);
    // The same configuration again: nothing changes, nothing is audited.
    make();
    expect(audits('supervisor_roster_from_config')).toHaveLength(1);
    // Bo's PIN changed in configuration, Cleo added (her name with stray spaces).
    const auth = make({
      configRoster: [
        { name: 'Ann', pinHash: annHash },
        { name: 'Bo', pinHash: await hashPin('7777', CHEAP) },
        { name: ' Cleo ', pinHash: await hashPin('8888', CHEAP) },
      ],
    });
    expect(audits('supervisor_roster_from_config').at(-1)!.detail).toEqual({ names: ['Bo', 'Cleo'] });
    expect(auth.supervisorNames()).toEqual(['Ann', 'Bo', 'Cleo']);
    expect(await auth.login('2222')).toMatchObject({ ok: false, reason: 'wrong_pin' });
    expect(await auth.login('7777')).toMatchObject({ ok: true, session: { name: 'Bo' } });
    expect(await auth.login('8888')).toMatchObject({ ok: true, session: { name: 'Cleo' } });
  });

  it("a hash changed in configuration for a name set up at the kiosk takes the name over as configuration's", async () => {
    const setup = { matches: () => true, consume: () => {} };
    await make({ configRoster: [], setupCode: setup }).setupFirst('Ann', '4321', 'x');
    make();
    const row = store.db.prepare<[], { source: string }>("SELECT source FROM supervisors WHERE name = 'Ann'").get();
    expect(row).toEqual({ source: 'config' });
  });
});
