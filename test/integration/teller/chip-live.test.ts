// The chip step's live plumbing through the teller service, in training mode (real kiosk core: encrypted
// store, specimen scanner, on-device MRZ reader, the virtual ePassport reader): the teller places the
// virtual passport (placeTrainingChip) and the reader's state goes out as chipReadersChanged with a
// document on it; the read takes it off again (the teller lifts it), which goes out too; after submit the
// result screen's chipResult gives the latest read and the chip's face while the teller works on the
// verification, and refuses a cancelled one. placeTrainingChip refuses what is not being captured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, type EventPayload } from '../../../shared/contract';
import { startHarness, type Harness } from '../../helpers/kiosk-harness';

// Seed 7100 is a passport the on-device reader reads exactly (see test/integration/precheck/kiosk-precheck.test.ts).
const SEED = 7100;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ overrides: { capture: { sane: false, cameras: false } }, kioskOptions: { specimen: { seed: SEED, specimen: {} } } });
});
afterAll(async () => {
  await h?.close();
});

/** Waits for the next chipReadersChanged event matching `test` (fails the test after 10 s). */
function nextReaderState(test: (s: EventPayload<'chipReadersChanged'>) => boolean): Promise<EventPayload<'chipReadersChanged'>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (stop(), reject(new Error('no chipReadersChanged event'))), 10_000);
    const stop = h.kiosk.events.on('chipReadersChanged', (s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      stop();
      resolve(s);
    });
  });
}
const present = (s: EventPayload<'chipReadersChanged'>) => s.readers.some((r) => r.cardPresent === true);

describe('chip reader state, training placement and the result screen (training)', () => {
  it('placing the virtual passport is announced with a document on the reader; the read lifts it off; the result is there after submit', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    const before = await h.kiosk.service.listChipReaders({});
    expect(before).toMatchObject({ available: true, reason: null });
    expect(before.readers).toHaveLength(1);
    expect(before.readers[0]).toMatchObject({ kind: 'chip-reader', specimen: true, cardPresent: false });

    const placed = nextReaderState(present);
    await expect(h.kiosk.service.placeTrainingChip({ verificationId: v.id })).resolves.toEqual({ placed: true });
    const state = await placed;
    expect(calls.listChipReaders.response.safeParse(state).success).toBe(true);
    expect((await h.kiosk.service.listChipReaders({})).readers[0]?.cardPresent).toBe(true);

    const lifted = nextReaderState((s) => !present(s) && s.readers.length === 1);
    const summary = await h.kiosk.service.readChip({ verificationId: v.id });
    expect(summary).toMatchObject({ outcome: 'verified', printedMrzMatch: true, training: true });
    await lifted;

    // While captured, the result screen's call answers as the review screen's does.
    const during = await h.kiosk.service.chipResult({ verificationId: v.id });
    expect(during.latest).toEqual(summary);
    expect(during.face).toMatch(/^data:image\/jpeg;base64,/);
    await h.kiosk.service.submit({ verificationId: v.id, sendAnyway: ['front'] });
    const after = await h.kiosk.service.chipResult({ verificationId: v.id });
    expect(calls.chipResult.response.safeParse(after).success).toBe(true);
    expect(after.latest).toMatchObject({ outcome: 'verified', country: summary.country, faceKept: true });
    expect(after.face).toBe(during.face);
    // The review screen's calls stay for the verification being captured.
    await expect(h.kiosk.service.chipFace({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict' });
    await expect(h.kiosk.service.placeTrainingChip({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict', sentence: { key: 'chip_not_capturing' } });
  }, 120_000);

  it('chipResult: not read → null; cancelled → refused; unknown → not_found. placeTrainingChip without an exact reading → refused', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    await expect(h.kiosk.service.chipResult({ verificationId: v.id })).resolves.toEqual({ latest: null, face: null });
    await expect(h.kiosk.service.placeTrainingChip({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict', sentence: { key: 'chip_training_passports_only' } });
    await h.kiosk.service.cancelVerification({ verificationId: v.id });
    await expect(h.kiosk.service.chipResult({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict', sentence: { key: 'chip_not_working' } });
    await expect(h.kiosk.service.chipResult({ verificationId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
  }, 60_000);
});
