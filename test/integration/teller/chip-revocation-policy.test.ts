// config chip.revocationUnknown through the web host on loopback, with the real kiosk core in training
// mode (encrypted store, specimen scanner, on-device MRZ reader, the virtual ePassport reader). The training
// CSCA issues no CRL, so every training chip read is verified with its signer's revocation unknown
// (no-crl). 'refuse' with chip.mode 'required': Submit is refused with its own sentence (not "read the
// chip"), the verification stays being captured, and the read is recorded as verified, revocation unknown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verification } from '../../../shared/domain';
import { callKiosk, startHarness, valueOf, type Harness, type KioskReply } from '../../helpers/kiosk-harness';

// Seed 7100 is a passport the kiosk's MRZ reader reads exactly (see chip-read.test.ts).
const SPECIMEN = { specimen: { seed: 7100, specimen: {} } };
const CAPTURE_ONLY = { capture: { sane: false, cameras: false } };

const client = (h: Harness) => async (name: string, request: unknown): Promise<KioskReply> => (await callKiosk(h, name, request)).json;
const value = valueOf;

describe('chip.revocationUnknown refuse, chip.mode required', () => {
  let h: Harness;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    h = await startHarness({ web: true, overrides: { ...CAPTURE_ONLY, chip: { mode: 'required', revocationUnknown: 'refuse' } }, kioskOptions: SPECIMEN });
    api = client(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses Submit of a verified chip whose signer\'s revocation could not be checked, with its own sentence', async () => {
    const v = value<Verification>(await api('startVerification', { documentType: 'passport' }));
    value(await api('capture', { verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' }));
    expect(await api('submit', { verificationId: v.id })).toMatchObject({ ok: false, error: { code: 'conflict', sentence: { key: 'chip_required' } } });

    const chip = value<{ outcome: string; revocation: { status: string; reason: string | null } | null }>(await api('readChip', { verificationId: v.id }));
    expect(chip).toMatchObject({ outcome: 'verified', revocation: { status: 'unknown', reason: 'no-crl' } });

    const refused = await api('submit', { verificationId: v.id });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: expect.stringContaining("the kiosk's revocation list (CRL) from the issuing state is missing or out of date"),
        sentence: { key: 'chip_revocation_refused' },
      },
    });
    expect(value<Verification>(await api('getVerification', { id: v.id })).state).toBe('capturing');
  }, 120_000);
});
