// The chip policy of config.json through the web host on loopback, with the real kiosk core in training
// mode (encrypted store, specimen scanner, on-device MRZ reader, the embedded ZignSec emulator, the virtual
// ePassport reader). chip.mode 'required': Submit of a passport is refused in main until its chip was
// read and verified, then goes. chip.completeOnChipAlone: with the provider unreachable (the emulator
// resets every connection) the submitted verification shows the teller "chip verified on this kiosk",
// audited once; when the provider is back it receives the verification and its answer is the outcome.
// chip.mode 'off': no chip reader listed, the reader listing says why, and a chip read is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls } from '../../../shared/contract';
import type { Device, Verification } from '../../../shared/domain';
import { TRAINING_READER_NAME } from '../../../main/chip/training-reader';
import { chipReaderId } from '../../../main/chip/reader-devices';
import { callKiosk, startHarness, valueOf, waitForFinal, type Harness, type KioskReply } from '../../helpers/kiosk-harness';
import { setupCodeOf } from '../review/support';

// Seed 7100 is a passport the kiosk's MRZ reader reads exactly (see chip-read.test.ts).
const SPECIMEN = { specimen: { seed: 7100, specimen: {} } };
const CAPTURE_ONLY = { capture: { sane: false, cameras: false } };

const client = (h: Harness) => async (name: string, request: unknown): Promise<KioskReply> => (await callKiosk(h, name, request)).json;
const value = valueOf;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('chip.mode required, chip.completeOnChipAlone', () => {
  let h: Harness;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    h = await startHarness({
      web: true,
      overrides: { ...CAPTURE_ONLY, chip: { mode: 'required', completeOnChipAlone: true }, sync: { tickMs: 50, pollMinMs: 100, pollMaxMs: 400, backoffBaseMs: 100, backoffCapMs: 400 } },
      kioskOptions: SPECIMEN,
    });
    api = client(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists the training chip reader beside the capture devices, with no document on it', async () => {
    const devices = value<Device[]>(await api('listDevices', {}));
    expect(devices.some((d) => d.id === 'specimen:scanner' && d.kind === 'scanner')).toBe(true);
    const reader = { id: chipReaderId(TRAINING_READER_NAME), kind: 'chip-reader', label: TRAINING_READER_NAME, specimen: true, cardPresent: false };
    expect(devices.filter((d) => d.kind === 'chip-reader')).toEqual([reader]);
    expect(value(await api('listChipReaders', {}))).toEqual({ available: true, reason: null, message: null, readers: [reader] });
    // A chip reader takes no picture: it is never remembered as the capture device.
    const refused = await api('setDevicePreference', { deviceId: reader.id });
    expect(refused.ok).toBe(false);
  });

  it('refuses Submit of a passport without a verified chip read, then sends it once the chip is verified; shows the chip result while the provider is down', async () => {
    const v = value<Verification>(await api('startVerification', { documentType: 'passport' }));
    value(await api('capture', { verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' }));

    const refused = await api('submit', { verificationId: v.id });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: "This bank requires the document's chip to be read and verified before it is sent. Read the chip on the chip reader; if it cannot be verified, call your supervisor.",
        sentence: { key: 'chip_required' },
      },
    });
    expect(value<Verification>(await api('getVerification', { id: v.id })).state).toBe('capturing');

    const chip = value<{ outcome: string; country: string | null }>(await api('readChip', { verificationId: v.id }));
    expect(chip.outcome).toBe('verified');

    // The provider cannot be reached: every connection to the emulator is reset.
    const zignsec = h.kiosk.sandboxes!.zignsec;
    zignsec.setFaults({ rules: [{ route: '*', kind: 'reset' }] });
    const submitted = value<Verification>(await api('submit', { verificationId: v.id }));
    expect(calls.submit.response.safeParse(submitted).success).toBe(true);
    expect(submitted.state).not.toBe('capturing');

    let down: Verification | null = null;
    for (let i = 0; i < 200 && !down; i++) {
      const status = value<{ providers: Array<{ id: string; reachable: boolean | null }> }>(await api('getStatus', {}));
      if (status.providers.find((p) => p.id === 'zignsec')?.reachable === false) down = value<Verification>(await api('getVerification', { id: v.id }));
      else await sleep(50);
    }
    expect(down, 'the kiosk never saw ZignSec unreachable').not.toBeNull();
    expect(down!.outcome).toBeNull();
    expect(down!.chipLocal).toMatchObject({ status: 'chip-verified', country: chip.country, providerPending: true });
    expect(calls.getVerification.response.safeParse(down).success).toBe(true);
    // Shown again, from the one audit row.
    const again = value<Verification>(await api('getVerification', { id: v.id }));
    expect(again.chipLocal).toEqual(down!.chipLocal);

    // The provider is back: it receives the verification, and its answer is the outcome.
    zignsec.setFaults({ rules: [] });
    const final = await waitForFinal(h, v.id);
    expect(final.outcome).not.toBeNull();
    expect(final.chipLocal).toBeUndefined();
    expect(zignsec.stats().addDocument ?? 0).toBeGreaterThanOrEqual(1);

    // Audited once, with the country and provider only, and kept after the provider's answer.
    const setup = value<{ token: string }>(await api('supervisorSetup', { name: 'Test Supervisor', pin: '482915', code: setupCodeOf(h.dataDir) }));
    const audit = value<{ items: Array<{ action: string; detail: unknown }> }>(await api('reviewAudit', { token: setup.token, limit: 200, verificationId: v.id }));
    const local = audit.items.filter((a) => a.action === 'chip_verified_locally');
    expect(local).toHaveLength(1);
    expect(local[0]!.detail).toEqual({ country: chip.country, provider: 'zignsec', training: true });
  }, 120_000);

  it('a verified chip is not enough without the provider down: no local result while it answers', async () => {
    const v = value<Verification>(await api('startVerification', { documentType: 'passport' }));
    value(await api('capture', { verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' }));
    expect(value<{ outcome: string }>(await api('readChip', { verificationId: v.id })).outcome).toBe('verified');
    const submitted = value<Verification>(await api('submit', { verificationId: v.id }));
    expect(submitted.chipLocal).toBeUndefined();
    const final = await waitForFinal(h, v.id);
    expect(final.chipLocal).toBeUndefined();
  }, 120_000);
});

describe('chip.mode off', () => {
  let h: Harness;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    h = await startHarness({ web: true, overrides: { ...CAPTURE_ONLY, chip: { mode: 'off' } }, kioskOptions: SPECIMEN });
    api = client(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists no chip reader, says why, refuses a chip read and lets Submit go without one', async () => {
    const devices = value<Device[]>(await api('listDevices', {}));
    expect(devices.some((d) => d.kind === 'chip-reader')).toBe(false);
    expect(value(await api('listChipReaders', {}))).toEqual({
      available: false,
      reason: 'off',
      message: 'Chip reading is turned off on this kiosk (configuration chip.mode).',
      readers: [],
    });
    const v = value<Verification>(await api('startVerification', { documentType: 'passport' }));
    value(await api('capture', { verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' }));
    expect(await api('readChip', { verificationId: v.id })).toMatchObject({ ok: false, error: { code: 'conflict', sentence: { key: 'chip_off' } } });
    expect(value<Verification>(await api('submit', { verificationId: v.id })).state).not.toBe('capturing');
  }, 120_000);
});
