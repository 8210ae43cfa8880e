// Alerts only a person can settle (a possible duplicate at a provider, a delete the provider's support
// must do by hand) against a real encrypted store: acknowledging them is refused, dismissing needs a
// reason and the supervisor's PIN again (a wrong PIN counts towards the lockout and is audited), and
// the dismissal is audited with the reason and the alert's own words.
import { afterEach, describe, expect, it } from 'vitest';
import { reviewRig, seedVerification, setupCodeOf, type ReviewRig } from './support';

let rig: ReviewRig;
afterEach(() => rig?.close());

async function login(r: ReviewRig): Promise<string> {
  return (await r.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(r.dir) })).token;
}

/** A step that the provider may have run twice raises possible_duplicate (sync-steps.ts). */
function possibleDuplicate(r: ReviewRig): { id: string; verificationId: string } {
  const verificationId = seedVerification(r);
  r.store.recordStep(verificationId, { kind: 'progress', step: 'session_created', progress: { sessionId: 's-2' }, state: 'submitting', notice: 'A session may have been created twice at zignsec.' });
  const alert = r.store.openAlerts().find((a) => a.kind === 'possible_duplicate' && a.verificationId === verificationId);
  if (!alert) throw new Error('no possible_duplicate alert was raised');
  return { id: `store-${alert.id}`, verificationId };
}

/** A purge queues a delete at ZOLOZ; its final failure raises provider_delete_failed (provider-data-deletes.ts). */
function deleteFailed(r: ReviewRig): { id: string; verificationId: string } {
  const verificationId = seedVerification(r, { provider: 'zoloz' });
  r.store.recordStep(verificationId, { kind: 'progress', step: 'transaction_started', progress: { bizId: 'biz-1', transactionId: 'G000000001' }, state: 'awaiting_result' });
  r.store.db.transaction(() => r.store.dropImagesOf(verificationId, r.clock.now))();
  const [queued] = r.store.duePrivacyDeletes(r.clock.now, 10);
  if (!queued) throw new Error('no delete was queued');
  r.store.recordPrivacyDeleteFailed(queued.id, 'ZOLOZ answered PARAM_ILLEGAL', '{"result":{"resultStatus":"F"}}');
  const alert = r.store.openAlerts().find((a) => a.kind === 'provider_delete_failed');
  if (!alert) throw new Error('no provider_delete_failed alert was raised');
  return { id: `store-${alert.id}`, verificationId };
}

const auditOf = (r: ReviewRig, action: string) => r.store.audit.list({ limit: 10_000 }).filter((a) => a.action === action);

describe('dismissing alerts a person settles', () => {
  it.each([
    ['possible_duplicate', possibleDuplicate],
    ['provider_delete_failed', deleteFailed],
  ] as const)('%s: shown with its own kind, not acknowledged, dismissed with a reason and the PIN, audited', async (kind, raise) => {
    rig = reviewRig();
    const token = await login(rig);
    const alert = raise(rig);
    const banner = await rig.review.calls.reviewAlerts({ token });
    expect(banner.alerts.find((a) => a.id === alert.id)?.kind).toBe(kind);

    await expect(rig.review.calls.reviewAcknowledgeAlert({ token, id: alert.id })).rejects.toMatchObject({ code: 'conflict' });
    await expect(rig.review.calls.reviewDismissAlert({ token, id: alert.id, reason: 'no', pin: '2468' })).rejects.toMatchObject({ code: 'bad_request' });

    const wrong = await rig.review.calls.reviewDismissAlert({ token, id: alert.id, reason: 'Checked with the provider: one session only.', pin: '1357' });
    expect(wrong).toEqual({ status: 'wrong_pin', attemptsLeft: 4 });
    expect(auditOf(rig, 'alert_dismiss_refused')).toEqual([expect.objectContaining({ actor: 'supervisor:Maja', verificationId: alert.verificationId })]);
    expect((await rig.review.calls.reviewAlerts({ token })).alerts.map((a) => a.id)).toContain(alert.id);

    const done = await rig.review.calls.reviewDismissAlert({ token, id: alert.id, reason: 'Checked with the provider: one session only.', pin: '2468' });
    expect(done).toEqual({ status: 'dismissed' });
    expect((await rig.review.calls.reviewAlerts({ token })).alerts.map((a) => a.id)).not.toContain(alert.id);
    const [row] = auditOf(rig, 'alert_dismissed');
    expect(row).toMatchObject({ actor: 'supervisor:Maja', verificationId: alert.verificationId, detail: { kind, reason: 'Checked with the provider: one session only.', alertMessage: expect.any(String) } });
    // Dismissed once: a second dismissal finds nothing open.
    await expect(rig.review.calls.reviewDismissAlert({ token, id: alert.id, reason: 'again', pin: '2468' })).rejects.toMatchObject({ code: 'conflict' });
    expect(rig.store.audit.verifyAudit().ok).toBe(true);
  });

  it('refuses to dismiss other alerts this way (a lockout is acknowledged)', async () => {
    rig = reviewRig();
    await login(rig);
    for (let i = 0; i < 5; i++) await rig.review.calls.supervisorLogin({ pin: '0000' });
    rig.clock.now += 16 * 60_000;
    const again = await rig.review.calls.supervisorLogin({ pin: '2468' });
    if (again.status !== 'ok') throw new Error('expected a login after the lockout');
    const token = again.session.token;
    const lockout = (await rig.review.calls.reviewAlerts({ token })).alerts.find((a) => a.kind === 'supervisor_lockout')!;
    await expect(rig.review.calls.reviewDismissAlert({ token, id: lockout.id, reason: 'a reason here', pin: '2468' })).rejects.toMatchObject({ code: 'conflict' });
    expect(auditOf(rig, 'alert_dismissed')).toEqual([]);
  });
});
