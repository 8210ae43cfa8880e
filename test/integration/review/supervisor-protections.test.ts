// The supervisor's protections and the queue's default view against a real encrypted store: the
// first supervisor only with the one-time setup code, a lockout that doubles and raises an alert,
// an override only with the deciding supervisor's PIN entered again, a retry without a reason, the
// "needs a decision" view with its counts, the kiosk's MRZ reading in the queue and its search, and
// stale "being scanned" verifications cancelled by the kiosk.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrecheckStore } from '../../../main/precheck/precheck-store';
import { SETUP_CODE_FILE } from '../../../main/review/setup-code';
import { staleCapturingAfterMs } from '../../../main/review/stale-capturing';
import { STUCK_AFTER_MS } from '../../../main/review/queue';
import type { CapturePrecheck } from '../../../shared/precheck';
import { outcome, reviewRig, seedVerification, seedInStore, setupCodeOf, type ReviewRig } from './support';

let rig: ReviewRig;
afterEach(() => rig?.close());

const actions = (r: ReviewRig) => r.store.audit.list({ limit: 10_000 }).map((a) => a.action);

async function setUp(r: ReviewRig, pin = '2468'): Promise<string> {
  return (await r.review.calls.supervisorSetup({ name: 'Maja', pin, code: setupCodeOf(r.dir) })).token;
}

describe('first supervisor by setup code', () => {
  it('writes a 0600 code file, refuses setup without it or with a wrong one, and consumes it', async () => {
    rig = reviewRig();
    const file = join(rig.dir, SETUP_CODE_FILE);
    const code = setupCodeOf(rig.dir);
    expect(code).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await expect(rig.review.calls.supervisorSetup({ name: 'Intruder', pin: '1111', code: '' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(rig.review.calls.supervisorSetup({ name: 'Intruder', pin: '1111', code: '0000-0000-0000' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await rig.review.calls.supervisorStatus({})).configured).toBe(false);
    expect((await rig.review.calls.supervisorStatus({})).attemptsLeft).toBe(3); // wrong codes count like wrong PINs
    // Dashes and spaces are not part of the code.
    const s = await rig.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: code.replace(/-/g, ' ') });
    expect(s.name).toBe('Maja');
    expect(setupCodeOf(rig.dir)).toBe('');
    expect(actions(rig).filter((a) => a === 'supervisor_setup_refused')).toHaveLength(2);
    // A restart with a roster writes no new code.
    rig = rig.reopen();
    expect(setupCodeOf(rig.dir)).toBe('');
  });

  it('when nobody is set up, the host log names the file with the code but never carries the code (logs leave the kiosk)', () => {
    const lines: string[] = [];
    rig = reviewRig({}, undefined, (level, message) => lines.push(`${level} ${message}`));
    const code = setupCodeOf(rig.dir);
    expect(code).toMatch(/\S{6,}/);
    expect(lines.find((l) => l.includes('No supervisor is set up yet'))).toContain('supervisor-setup-code.txt');
    expect(lines.join('\n')).not.toContain(code);
  });
});

describe('escalating lockout', () => {
  it('locks for the base after 5 wrong PINs, twice the base after the next 5 (across a restart), alerts each time, and resets after a login', async () => {
    rig = reviewRig({ lockoutMinutes: 10 });
    await setUp(rig);
    const wrongFive = async () => {
      let last;
      for (let i = 0; i < 5; i++) last = await rig.review.calls.supervisorLogin({ pin: '0000' });
      return last!;
    };
    const first = await wrongFive();
    expect(first.status).toBe('locked');
    if (first.status !== 'locked') return;
    expect(Date.parse(first.lockedUntil) - rig.clock.now).toBe(10 * 60_000);
    rig.clock.now += 10 * 60_000 + 1;
    rig = rig.reopen();
    const second = await wrongFive();
    if (second.status !== 'locked') throw new Error('expected locked');
    expect(Date.parse(second.lockedUntil) - rig.clock.now).toBe(20 * 60_000);
    const lockAlerts = rig.store.openAlerts().filter((a) => a.kind === 'supervisor_lockout');
    expect(lockAlerts.map((a) => a.message)).toEqual([expect.stringContaining('lockout 1 '), expect.stringContaining('lockout 2 ')]);
    // The banner's call shows them to a logged-in supervisor.
    rig.clock.now += 20 * 60_000 + 1;
    const login = await rig.review.calls.supervisorLogin({ pin: '2468' });
    if (login.status !== 'ok') throw new Error('expected ok');
    const banner = await rig.review.calls.reviewAlerts({ token: login.session.token });
    expect(banner.alerts.filter((a) => a.kind === 'supervisor_lockout')).toHaveLength(2);
    await rig.review.calls.reviewAcknowledgeAlert({ token: login.session.token, id: banner.alerts.find((a) => a.kind === 'supervisor_lockout')!.id });
    expect((await rig.review.calls.reviewAlerts({ token: login.session.token })).alerts.filter((a) => a.kind === 'supervisor_lockout')).toHaveLength(1);
    // After a successful login the next lockout is the base again.
    const third = await wrongFive();
    if (third.status !== 'locked') throw new Error('expected locked');
    expect(Date.parse(third.lockedUntil) - rig.clock.now).toBe(10 * 60_000);
    expect(rig.store.audit.verifyAudit().ok).toBe(true);
  });

  it('never locks for longer than 24 hours', async () => {
    rig = reviewRig({ lockoutMinutes: 600 });
    await setUp(rig);
    let until = 0;
    for (let round = 0; round < 4; round++) {
      let r;
      for (let i = 0; i < 5; i++) r = await rig.review.calls.supervisorLogin({ pin: '0000' });
      if (r!.status !== 'locked') throw new Error('expected locked');
      until = Date.parse(r!.lockedUntil) - rig.clock.now;
      rig.clock.now += until + 1;
    }
    expect(until).toBe(24 * 60 * 60_000);
  });
});

describe('decisions', () => {
  it('refuses an override without the deciding supervisor PIN entered again, and a retry needs no reason', async () => {
    rig = reviewRig();
    const token = await setUp(rig);
    const id = seedVerification(rig, { result: outcome('declined', { fullName: 'Anna Hansen', documentNumber: 'X1' }) });
    const refused = await rig.review.calls.reviewOverride({ token, id, decision: 'accepted', reason: 'Checked the passport by hand', pin: '1357' });
    expect(refused.status).toBe('wrong_pin');
    expect((await rig.review.calls.reviewDetail({ token, id })).verification.state).toBe('declined');
    expect(actions(rig)).toContain('override_refused');
    const ok = await rig.review.calls.reviewOverride({ token, id, decision: 'accepted', reason: 'Checked the passport by hand', pin: '2468' });
    expect(ok).toEqual({ status: 'applied', confirmedBy: null });

    const stuck = seedVerification(rig, { result: 'needs_attention' });
    const after = await rig.review.calls.reviewRetry({ token, id: stuck });
    expect(after.verification.state).toBe('queued');
  });
});

describe('queue: needs a decision', () => {
  it('shows declined, failed, needing attention and stuck work by default, with counts, and the kiosk reading of pending work', async () => {
    rig = reviewRig({ idleLogoutMinutes: 480 });
    const token = await setUp(rig);
    const declined = seedVerification(rig, { result: outcome('declined', { fullName: 'Per Olsen', documentNumber: 'D1' }) });
    seedVerification(rig, { result: outcome('accepted', { fullName: 'Kari Nord', documentNumber: 'A1' }) });
    const attention = seedVerification(rig, { result: 'needs_attention' });
    const oldQueued = seedVerification(rig, {});
    rig.clock.now += STUCK_AFTER_MS + 1;
    const freshQueued = seedVerification(rig, {});
    const capturing = seedInStore(rig.store, { submit: false });

    const page = await rig.review.calls.reviewList({ token, view: 'needs_decision', limit: 50 });
    expect(new Set(page.items.map((r) => r.id))).toEqual(new Set([declined, attention, oldQueued]));
    expect(page.items.find((r) => r.id === oldQueued)!.stuck).toBe(true);
    const counts = await rig.review.calls.reviewCounts({ token });
    expect(counts.needsDecision).toBe(3);
    expect(counts.byState).toMatchObject({ declined: 1, accepted: 1, needs_attention: 1, queued: 2, capturing: 1 });

    // The kiosk's MRZ reading of a pending verification: shown and searchable.
    const capture = rig.store.getVerification(freshQueued, { previews: false })!.captures[0]!;
    const reading = { mrz: { status: 'accepted', firstName: 'ANNA', lastName: 'HANSEN', documentNumber: 'l898902c3' } } as unknown as CapturePrecheck;
    createPrecheckStore(rig.store.db).save(capture.id, reading);
    const found = await rig.review.calls.reviewList({ token, search: 'hansen', limit: 10 });
    expect(found.items.map((r) => r.id)).toEqual([freshQueued]);
    expect(found.items[0]).toMatchObject({ holderName: 'ANNA HANSEN', documentNumber: 'L898902C3', identitySource: 'kiosk' });
    expect((await rig.review.calls.reviewList({ token, search: 'hansen', view: 'needs_decision', limit: 10 })).items).toEqual([]);

    // "Being scanned" long after the teller's screen reset: cancelled by the kiosk, audited.
    rig.clock.now += staleCapturingAfterMs(2) + 1; // the default idle timeout
    rig = rig.reopen();
    const v = rig.store.getVerification(capturing, { previews: false })!;
    expect(v.state).toBe('cancelled');
    const entry = rig.store.audit.list({ limit: 10_000 }).find((a) => a.verificationId === capturing && a.actor === 'system');
    expect(entry?.detail).toMatchObject({ to: 'cancelled' });
  });
});
