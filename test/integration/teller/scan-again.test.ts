// "Scan again" on a not-verified result: a new verification of the same document type for the same
// customer, without the notice again. Main links the two in the audit trail of both (the supervisor's
// timeline of each shows it) and refuses the shortcut where it does not apply. Real kiosk core: encrypted
// store, specimen scanner, the training emulator judging an expired specimen passport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../../main/store/store';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { startHarness, waitForFinal, type Harness } from '../../helpers/kiosk-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    overrides: { capture: { sane: false }, precheck: { onExpired: 'allow_with_reason', onUnreadable: 'allow' } },
    kioskOptions: { specimen: { seed: 8200, specimen: { expired: true } } },
  });
}, 120_000);
afterAll(async () => h?.close());

function auditOf(verificationId: string) {
  const s = Store.open({ dataDir: h.dataDir, key: loadOrCreateKeyFile(h.dataDir), backgroundCheckpoint: false });
  try {
    return s.audit.list({ verificationId });
  } finally {
    s.close();
  }
}

describe('startVerification with scanAgainOf', () => {
  it('links the new attempt to the declined verification in both audit trails, same customer, with the reason', async () => {
    const first = await h.kiosk.service.startVerification({ documentType: 'passport' });
    await h.kiosk.service.capture({ verificationId: first.id, side: 'front', deviceId: 'specimen:scanner' });
    await h.kiosk.service.submit({ verificationId: first.id, overrideReason: 'customer says it was renewed' });
    const done = await waitForFinal(h, first.id);
    expect(done.state).toBe('declined');

    const again = await h.kiosk.service.startVerification({ documentType: 'passport', scanAgainOf: first.id });
    expect(again.state).toBe('capturing');
    expect(again.id).not.toBe(first.id);
    const linkNew = auditOf(again.id).filter((r) => r.action === 'scan_again_started');
    expect(linkNew).toHaveLength(1);
    expect(linkNew[0]).toMatchObject({
      actor: 'teller',
      detail: { previousVerificationId: first.id, sameCustomer: true, consent: 'given_for_previous', previousState: 'declined', previousDecision: 'declined' },
    });
    const linkOld = auditOf(first.id).filter((r) => r.action === 'scanned_again_as');
    expect(linkOld).toHaveLength(1);
    expect(linkOld[0]).toMatchObject({ detail: { newVerificationId: again.id, sameCustomer: true, previousState: 'declined' } });

    // Not for another document type, not for a verification still being captured, not for an unknown one.
    await expect(h.kiosk.service.startVerification({ documentType: 'id_card', scanAgainOf: first.id })).rejects.toMatchObject({ code: 'conflict' });
    await expect(h.kiosk.service.startVerification({ documentType: 'passport', scanAgainOf: again.id })).rejects.toMatchObject({ code: 'conflict' });
    await expect(h.kiosk.service.startVerification({ documentType: 'passport', scanAgainOf: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
    expect(auditOf(first.id).filter((r) => r.action === 'scanned_again_as')).toHaveLength(1);
  }, 180_000);

  it('a plain start writes no scan-again link', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    expect(auditOf(v.id).map((r) => r.action)).not.toContain('scan_again_started');
  });
});
