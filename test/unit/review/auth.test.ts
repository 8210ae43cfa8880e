// Supervisor auth on a real encrypted store: lockout after 5 wrong PINs for the configured time,
// idle logout, sessions as tokens, and the four-eyes check refusing the requester's own PIN.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FAILURES, SupervisorAuth } from '../../../main/review/auth';
import { hashPin } from '../../../main/review/pin';
import { Store } from '../../../main/store/store';

const CHEAP = { N: 1024, r: 8, p: 1 };
let dir: string;
let store: Store;
let clock: { now: number };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-review-unit-'));
  clock = { now: Date.parse('2026-05-01T08:00:00Z') };
  store = Store.open({ dataDir: dir, key: randomBytes(32), now: () => clock.now });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

async function makeAuth(opts: { lockoutMs?: number; idleMs?: number } = {}) {
  return new SupervisorAuth({
    db: store.db,
    audit: store.audit,
    now: () => clock.now,
    lockoutMs: opts.lockoutMs ?? 15 * 60_000,
    idleMs: opts.idleMs ?? 5 * 60_000,
    scryptParams: CHEAP,
    configRoster: [
      { name: 'Ann', pinHash: await hashPin('1111', CHEAP) },
      { name: 'Bo', pinHash: await hashPin('2222', CHEAP) },
    ],
  });
}

describe('lockout', () => {
  it(`locks after ${MAX_FAILURES} wrong PINs in a row for exactly the configured time`, async () => {
    const auth = await makeAuth({ lockoutMs: 60_000 });
    const results = [];
    for (let i = 0; i < MAX_FAILURES; i++) results.push(await auth.login('9999'));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['wrong_pin', 'wrong_pin', 'wrong_pin', 'wrong_pin', 'locked']);
    expect(await auth.login('1111')).toMatchObject({ ok: false, reason: 'locked', lockedUntil: '2026-05-01T08:01:00.000Z' });
    clock.now += 59_999;
    expect((await auth.login('1111')).ok).toBe(false);
    clock.now += 1;
    expect((await auth.login('1111')).ok).toBe(true);
  });

  it('a burst of guesses sent side by side is checked one at a time: the lockout stops it', async () => {
    const auth = await makeAuth({ lockoutMs: 60_000 });
    // 40 wrong guesses and the right PIN last, all sent at once (a script against the web host).
    const guesses = [...Array.from({ length: 40 }, (_, i) => String(3000 + i)), '1111'];
    const results = await Promise.all(guesses.map((pin) => auth.login(pin)));
    expect(results.filter((r) => r.ok)).toEqual([]);
    expect(results.filter((r) => !r.ok && r.reason === 'wrong_pin')).toHaveLength(MAX_FAILURES - 1);
    expect(results.at(-1)).toMatchObject({ ok: false, reason: 'locked' });
    const failed = store.audit.list({}).filter((a) => a.action === 'supervisor_login_failed');
    expect(failed).toHaveLength(MAX_FAILURES);
  });

  it('a new supervisor PIN that is already taken counts like a wrong PIN', async () => {
    const auth = await makeAuth({ lockoutMs: 60_000 });
    const login = await auth.login('1111');
    if (!login.ok) throw new Error('login failed');
    expect(await auth.status()).toMatchObject({ attemptsLeft: MAX_FAILURES });
    // Bo's PIN: refused, and the search for PINs this way is limited by the lockout.
    await expect(auth.addSupervisor('Ann', 'Probe', '2222')).rejects.toMatchObject({ code: 'conflict' });
    expect(auth.status()).toMatchObject({ attemptsLeft: MAX_FAILURES - 1 });
    for (let i = 0; i < MAX_FAILURES - 1; i++) await expect(auth.addSupervisor('Ann', `Probe${i}`, '2222')).rejects.toMatchObject({ code: 'conflict' });
    await expect(auth.addSupervisor('Ann', 'Cleo', '5555')).rejects.toThrow(/locked/);
    expect(auth.supervisorNames()).toEqual(['Ann', 'Bo']);
  });

  it('a successful login resets the count, so wrong PINs must be in a row', async () => {
    const auth = await makeAuth();
    for (let i = 0; i < MAX_FAILURES - 1; i++) await auth.login('9999');
    expect((await auth.login('2222')).ok).toBe(true);
    expect(await auth.login('9999')).toMatchObject({ reason: 'wrong_pin', attemptsLeft: MAX_FAILURES - 1 });
  });

  it('after a lockout runs out, a new wrong PIN starts a fresh count', async () => {
    const auth = await makeAuth({ lockoutMs: 1000 });
    for (let i = 0; i < MAX_FAILURES; i++) await auth.login('9999');
    clock.now += 1000;
    expect(await auth.login('9999')).toMatchObject({ reason: 'wrong_pin', attemptsLeft: MAX_FAILURES - 1 });
  });
});

describe('sessions', () => {
  it('refuses an unknown token and ends a session after the idle time, audited', async () => {
    const auth = await makeAuth({ idleMs: 60_000 });
    expect(() => auth.require('a'.repeat(64))).toThrow(/session has ended/);
    const r = await auth.login('1111');
    if (!r.ok) throw new Error('login failed');
    expect(r.session.token).toMatch(/^[0-9a-f]{64}$/);
    clock.now += 59_000;
    expect(auth.require(r.session.token).actor).toBe('supervisor:Ann'); // activity refreshes
    clock.now += 59_000;
    expect(auth.require(r.session.token).name).toBe('Ann');
    clock.now += 60_000;
    expect(() => auth.require(r.session.token)).toThrow(/session has ended/);
    const row = store.audit.list({ limit: 100 }).find((a) => a.action === 'supervisor_logout');
    expect(row).toMatchObject({ actor: 'supervisor:Ann', detail: { reason: 'idle' } });
  });

  it('logout ends the session at once', async () => {
    const auth = await makeAuth();
    const r = await auth.login('2222');
    if (!r.ok) throw new Error('login failed');
    auth.logout(r.session.token);
    expect(() => auth.require(r.session.token)).toThrow();
  });
});

describe('four-eyes confirmation', () => {
  it("accepts a different supervisor's PIN and refuses the requester's own", async () => {
    const auth = await makeAuth();
    expect(await auth.confirmByOther('1111', 'Ann')).toMatchObject({ ok: false, reason: 'wrong_pin' });
    expect(await auth.confirmByOther('1111', 'ann')).toMatchObject({ ok: false }); // names compare case-insensitively
    expect(await auth.confirmByOther('2222', 'Ann')).toEqual({ ok: true, name: 'Bo' });
  });
});
