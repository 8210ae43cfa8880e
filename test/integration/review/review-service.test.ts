// Supervisor review against a real encrypted store: login with lockout (persisted across restarts),
// idle logout, the queue's filters and search, every action with its audit row, the four-eyes rule,
// exports, and the audit chain's verification.
import { afterEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../../main/errors';
import { hashPin } from '../../../main/review/pin';
import { outcome, reviewRig, setupCodeOf, seedVerification, TEST_SCRYPT, type ReviewRig } from './support';

let rig: ReviewRig;
afterEach(() => rig?.close());

const actions = (r: ReviewRig) => r.store.audit.list({ limit: 10_000 }).map((a) => a.action);

describe('supervisor access', () => {
  it('sets up the first supervisor once, then logs in by PIN', async () => {
    rig = reviewRig();
    expect((await rig.review.calls.supervisorStatus({})).configured).toBe(false);
    const s = await rig.review.calls.supervisorSetup({ name: 'Maja Berg', pin: '2468', code: setupCodeOf(rig.dir) });
    expect(s.name).toBe('Maja Berg');
    await expect(rig.review.calls.supervisorSetup({ name: 'Intruder', pin: '1111', code: setupCodeOf(rig.dir) })).rejects.toMatchObject({ code: 'conflict' });
    expect((await rig.review.calls.supervisorStatus({})).configured).toBe(true);
    // The PIN is stored as an scrypt hash, never in clear.
    const stored = rig.store.db.prepare<[], { pin_hash: string }>('SELECT pin_hash FROM supervisors').get()!;
    expect(stored.pin_hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(stored.pin_hash).not.toContain('2468');
    expect((await rig.review.calls.supervisorLogin({ pin: '2468' })).status).toBe('ok');
    expect(actions(rig)).toEqual(expect.arrayContaining(['supervisor_setup', 'supervisor_login']));
  });

  it('locks after 5 wrong PINs, refuses the right PIN while locked, survives a restart, and opens again after the lockout', async () => {
    rig = reviewRig({ lockoutMinutes: 10 });
    await rig.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(rig.dir) });
    const left: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await rig.review.calls.supervisorLogin({ pin: '0000' });
      if (r.status !== 'wrong_pin') throw new Error('expected wrong_pin');
      left.push(r.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1]);
    const fifth = await rig.review.calls.supervisorLogin({ pin: '9999' });
    expect(fifth.status).toBe('locked');
    expect((await rig.review.calls.supervisorLogin({ pin: '2468' })).status).toBe('locked');
    rig = rig.reopen();
    expect((await rig.review.calls.supervisorStatus({})).lockedUntil).not.toBeNull();
    expect((await rig.review.calls.supervisorLogin({ pin: '2468' })).status).toBe('locked');
    rig.clock.now += 10 * 60_000 + 1;
    expect((await rig.review.calls.supervisorLogin({ pin: '2468' })).status).toBe('ok');
    const a = actions(rig);
    expect(a.filter((x) => x === 'supervisor_login_failed')).toHaveLength(5);
    expect(a.filter((x) => x === 'supervisor_lockout')).toHaveLength(1);
    expect(a.filter((x) => x === 'supervisor_login_refused')).toHaveLength(2);
    expect(rig.store.audit.verifyAudit().ok).toBe(true);
  });

  it('ends a session after the idle time (audited) and refuses calls without a live token', async () => {
    rig = reviewRig({ idleLogoutMinutes: 2 });
    const { token } = await rig.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(rig.dir) });
    await rig.review.calls.reviewList({ token, limit: 10 });
    rig.clock.now += 90_000; // activity keeps it alive
    await rig.review.calls.reviewList({ token, limit: 10 });
    rig.clock.now += 90_000;
    await rig.review.calls.reviewList({ token, limit: 10 });
    rig.clock.now += 120_000;
    await expect(rig.review.calls.reviewList({ token, limit: 10 })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(rig.review.calls.reviewHealth({ token: 'f'.repeat(64) })).rejects.toBeInstanceOf(KioskError);
    const logout = rig.store.audit.list({ limit: 1000 }).find((r) => r.action === 'supervisor_logout');
    expect(logout?.actor).toBe('supervisor:Maja');
    expect(logout?.detail).toMatchObject({ reason: 'idle' });
  });

  it('takes the roster from configuration (hash only)', async () => {
    rig = reviewRig({ supervisors: [{ name: 'Config Sup', pinHash: await hashPin('135790', TEST_SCRYPT) }] });
    const r = await rig.review.calls.supervisorLogin({ pin: '135790' });
    expect(r.status === 'ok' && r.session.name).toBe('Config Sup');
  });
});

describe('queue', () => {
  it('filters by state, provider, teller and date, and finds by document number or name', async () => {
    rig = reviewRig({ idleLogoutMinutes: 480 }); // the test's clock jumps hours between verifications
    const { token } = await rig.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(rig.dir) });
    const a = seedVerification(rig, { result: outcome('accepted', { firstName: 'Anna', lastName: 'Svensson', documentNumber: 'SE1234567' }), actor: 'teller:alice' });
    rig.clock.now += 3_600_000;
    const d = seedVerification(rig, { result: outcome('declined', { firstName: 'Jürgen', lastName: 'Müller', documentNumber: 'DE7654321' }), actor: 'teller:bob' });
    rig.clock.now += 3_600_000;
    const n = seedVerification(rig, { result: 'needs_attention', provider: 'zoloz', actor: 'teller:bob' });
    const ids = async (f: Record<string, unknown>) => (await rig.review.calls.reviewList({ token, limit: 50, ...f })).items.map((i) => i.id);

    expect(await ids({})).toEqual([n, d, a]);
    expect(await ids({ state: 'declined' })).toEqual([d]);
    expect(await ids({ provider: 'zoloz' })).toEqual([n]);
    expect(await ids({ teller: 'teller:bob' })).toEqual([n, d]);
    expect(await ids({ from: '2026-03-02T09:30:00Z', to: '2026-03-02T10:30:00Z' })).toEqual([d]);
    expect(await ids({ search: 'svens' })).toEqual([a]);
    expect(await ids({ search: 'mueller' })).toEqual([]);
    expect(await ids({ search: 'müller' })).toEqual([d]);
    expect(await ids({ search: 'muller jurgen' })).toEqual([d]); // diacritics folded
    expect(await ids({ search: 'de7654321' })).toEqual([d]);
    expect(await ids({ search: 'NEAR(x y) OR *' })).toEqual([]); // FTS syntax is never interpreted
    // Search combined with each filter (resolved inside the search index) and with a date range.
    expect(await ids({ search: 'müller', state: 'declined' })).toEqual([d]);
    expect(await ids({ search: 'müller', state: 'accepted' })).toEqual([]);
    expect(await ids({ search: 'svensson', teller: 'teller:alice', provider: 'zignsec' })).toEqual([a]);
    expect(await ids({ search: 'svensson', teller: 'teller:bob' })).toEqual([]);
    expect(await ids({ search: 'de7654321', from: '2026-03-02T09:30:00Z', to: '2026-03-02T10:30:00Z' })).toEqual([d]);
    expect(await ids({ search: 'se1234567', from: '2026-03-02T09:30:00Z', to: '2026-03-02T10:30:00Z' })).toEqual([]);
    const row = (await rig.review.calls.reviewList({ token, limit: 50, search: 'SE1234567' })).items[0]!;
    expect(row).toMatchObject({ holderName: 'Anna Svensson', documentNumber: 'SE1234567', teller: 'teller:alice', state: 'accepted' });

    // Paging: one row per page walks all three, newest first, then stops.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await rig.review.calls.reviewList({ token, limit: 1, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([n, d, a]);
  });
});

describe('actions', () => {
  it('retry resumes a needs_attention verification with its provider progress kept, and each action is audited with who and why', async () => {
    rig = reviewRig();
    const { token } = await rig.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(rig.dir) });
    const id = seedVerification(rig, { result: 'needs_attention' });
    const detail = await rig.review.calls.reviewDetail({ token, id });
    expect(detail.rawResponse).toContain('invalid');
    expect(detail.timeline.map((t) => t.action)).toContain('step:session_created');
    const after = await rig.review.calls.reviewRetry({ token, id, note: 'Document type corrected with the provider' });
    expect(after.verification.state).toBe('queued');
    expect(rig.kicks.count).toBe(1);
    expect(rig.store.syncTask(id)?.progress).toEqual({ sessionId: 'sess-1' });
    const row = rig.store.audit.list({ verificationId: id }).at(-1)!;
    expect(row).toMatchObject({ actor: 'supervisor:Maja', action: 'state_changed', detail: { from: 'needs_attention', to: 'queued', reason: 'Document type corrected with the provider' } });

    const cancelled = await rig.review.calls.reviewCancel({ token, id, reason: 'Customer left the branch' });
    expect(cancelled.verification.state).toBe('cancelled');
    await expect(rig.review.calls.reviewRetry({ token, id, note: 'again please' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('overrides at once without four-eyes; a reason is mandatory', async () => {
    rig = reviewRig();
    const { token } = await rig.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(rig.dir) });
    const id = seedVerification(rig, { result: outcome('declined', { lastName: 'Rossi', documentNumber: 'IT1' }) });
    await expect(rig.review.calls.reviewOverride({ token, id, decision: 'accepted', reason: '  ', pin: '2468' })).rejects.toBeInstanceOf(KioskError);
    const r = await rig.review.calls.reviewOverride({ token, id, decision: 'accepted', reason: 'Checked the passport by hand', pin: '2468' });
    expect(r).toEqual({ status: 'applied', confirmedBy: null });
    const d = await rig.review.calls.reviewDetail({ token, id });
    expect(d.verification.state).toBe('accepted');
    expect(d.override).toMatchObject({ decision: 'accepted', by: 'Maja', reason: 'Checked the passport by hand' });
    expect(d.verification.outcome?.decision).toBe('declined'); // the provider's own verdict is kept
    // The search index follows the new state (its filter tokens are refreshed by a trigger).
    expect((await rig.review.calls.reviewList({ token, limit: 10, search: 'rossi', state: 'accepted' })).items.map((i) => i.id)).toEqual([id]);
    expect((await rig.review.calls.reviewList({ token, limit: 10, search: 'rossi', state: 'declined' })).items).toEqual([]);
  });

  it('four-eyes: the override waits for a second, different supervisor', async () => {
    rig = reviewRig({ fourEyes: true });
    const { token } = await rig.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(rig.dir) });
    await rig.review.calls.supervisorAdd({ token, name: 'Omar', pin: '8642' });
    await expect(rig.review.calls.supervisorAdd({ token, name: 'Copycat', pin: '8642' })).rejects.toMatchObject({ code: 'conflict' });
    const id = seedVerification(rig, { result: outcome('declined', { lastName: 'Rossi', documentNumber: 'IT1' }) });
    const req = await rig.review.calls.reviewOverride({ token, id, decision: 'accepted', reason: 'Expiry misread by the provider', pin: '2468' });
    if (req.status !== 'pending') throw new Error('expected pending');
    expect((await rig.review.calls.reviewDetail({ token, id })).verification.state).toBe('declined');
    // The requester's own PIN does not count as a second pair of eyes.
    const own = await rig.review.calls.reviewConfirmOverride({ token, pendingId: req.pending.id, pin: '2468' });
    expect(own.status).toBe('wrong_pin');
    const ok = await rig.review.calls.reviewConfirmOverride({ token, pendingId: req.pending.id, pin: '8642' });
    expect(ok).toEqual({ status: 'applied', confirmedBy: 'Omar' });
    const d = await rig.review.calls.reviewDetail({ token, id });
    expect(d.verification.state).toBe('accepted');
    expect(d.override).toMatchObject({ by: 'Maja', confirmedBy: 'Omar' });
    expect(d.pendingOverride).toBeNull();
    const audit = rig.store.audit.list({ verificationId: id });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['override_requested', 'override_confirm_failed', 'decision_overridden']));
    expect(audit.find((a) => a.action === 'decision_overridden')).toMatchObject({ actor: 'supervisor:Maja', detail: { confirmedBy: 'supervisor:Omar', from: 'declined', to: 'accepted' } });
  });

  it('four-eyes: a request discarded while the confirming PIN is checked is not applied', async () => {
    rig = reviewRig({ fourEyes: true });
    const { token } = await rig.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(rig.dir) });
    await rig.review.calls.supervisorAdd({ token, name: 'Omar', pin: '8642' });
    const id = seedVerification(rig, { result: outcome('declined', { lastName: 'Rossi', documentNumber: 'IT1' }) });
    const req = await rig.review.calls.reviewOverride({ token, id, decision: 'accepted', reason: 'Expiry misread by the provider', pin: '2468' });
    if (req.status !== 'pending') throw new Error('expected pending');
    // Omar's PIN is being checked (scrypt takes a while) when Maja, on another screen, discards it.
    const confirming = rig.review.calls.reviewConfirmOverride({ token, pendingId: req.pending.id, pin: '8642' });
    await rig.review.calls.reviewDiscardOverride({ token, pendingId: req.pending.id });
    await expect(confirming).rejects.toMatchObject({ code: 'conflict' });
    const d = await rig.review.calls.reviewDetail({ token, id });
    expect(d.verification.state).toBe('declined');
    expect(d.override).toBeNull();
    expect(rig.store.audit.list({ verificationId: id }).map((a) => a.action)).not.toContain('decision_overridden');
  });

  it('purges the images of a final verification now (audited), refuses while in progress', async () => {
    rig = reviewRig();
    const { token } = await rig.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(rig.dir) });
    const pending = seedVerification(rig);
    await expect(rig.review.calls.reviewPurgeImages({ token, id: pending, reason: 'customer request' })).rejects.toMatchObject({ code: 'conflict' });
    const id = seedVerification(rig, { result: outcome('accepted', { lastName: 'Novák', documentNumber: 'CZ1' }) });
    expect((await rig.review.calls.reviewDetail({ token, id })).verification.captures[0]!.preview).toMatch(/^data:image\/jpeg/);
    const d = await rig.review.calls.reviewPurgeImages({ token, id, reason: 'Customer asked for erasure' });
    expect(d.verification.captures[0]!.preview).toBeNull();
    expect(d.verification.outcome?.portrait).toBeNull();
    expect(d.row.imagesPurged).toBe(true);
    const left = rig.store.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM captures WHERE verification_id = ? AND jpeg IS NOT NULL').get(id)!;
    expect(left.n).toBe(0);
    expect(rig.store.audit.list({ verificationId: id }).at(-1)).toMatchObject({ action: 'images_purged', actor: 'supervisor:Maja', detail: { reason: 'Customer asked for erasure' } });
  });
});

describe('health, audit, export', () => {
  it('reports queue depth samples, outcomes per day and turnaround', async () => {
    rig = reviewRig();
    const { token } = await rig.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(rig.dir) });
    seedVerification(rig, { result: outcome('accepted', { lastName: 'A', documentNumber: 'A1' }) });
    seedVerification(rig, { result: outcome('declined', { lastName: 'B', documentNumber: 'B1' }) });
    seedVerification(rig);
    rig.review.health.sample();
    const h = await rig.review.calls.reviewHealth({ token, days: 7 });
    const today = h.outcomesPerDay.at(-1)!;
    expect(today).toMatchObject({ day: '2026-03-02', accepted: 1, declined: 1 });
    expect(h.queue.at(-1)).toMatchObject({ waiting: 1 });
    expect(h.queue.length).toBeGreaterThanOrEqual(2);
    expect(h.turnaroundPerDay.at(-1)!.count).toBe(2);
    expect(h.providers.map((p) => p.id)).toEqual(['zignsec', 'zoloz']);
    expect(h.disk.databaseBytes).toBeGreaterThan(0);
  });

  it('verify names the first tampered row after an attacker rewrites it with raw SQL', async () => {
    rig = reviewRig();
    const { token } = await rig.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(rig.dir) });
    const id = seedVerification(rig, { result: outcome('declined', { lastName: 'Rossi', documentNumber: 'IT1' }) });
    expect(await rig.review.calls.reviewVerifyAudit({ token })).toMatchObject({ ok: true });
    const target = rig.store.audit.list({ verificationId: id }).find((r) => r.action === 'step:result_fetched')!;
    // The attacker: the trigger blocks UPDATE, so drop it, rewrite the decision, put the trigger back.
    const db = rig.store.db;
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare('UPDATE audit_log SET detail = ? WHERE seq = ?').run(JSON.stringify({ from: 'queued', to: 'accepted', reasons: [] }), target.seq);
    db.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END`);
    const verdict = await rig.review.calls.reviewVerifyAudit({ token });
    expect(verdict).toMatchObject({ ok: false, brokenAt: target.seq });
    if (!verdict.ok) expect(verdict.row?.action).toBe('step:result_fetched');
  });

  it('exports audit and verification metadata as CSV (formula-safe) and JSON for a date range', async () => {
    rig = reviewRig();
    const { token } = await rig.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(rig.dir) });
    seedVerification(rig, { result: outcome('accepted', { fullName: '=HYPERLINK("http://x","y")', documentNumber: 'Q1' }) });
    const range = { from: '2026-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z' };
    const csv = await rig.review.calls.reviewExport({ token, kind: 'verifications', format: 'csv', ...range });
    expect(csv.fileName).toBe('kiosk-1-verifications-2026-03-01-to-2026-03-02.csv');
    expect(csv.content).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv.content).not.toMatch(/,=HYPERLINK/);
    const json = await rig.review.calls.reviewExport({ token, kind: 'audit', format: 'json', ...range });
    const parsed = JSON.parse(json.content) as { rows: Array<{ action: string }> };
    expect(parsed.rows.map((r) => r.action)).toContain('verification_created');
    const none = await rig.review.calls.reviewExport({ token, kind: 'audit', format: 'csv', from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' });
    expect(none.rows).toBe(0);
    expect(actions(rig).filter((a) => a === 'exported')).toHaveLength(3);
  });
});
