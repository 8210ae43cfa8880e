// A camera's still through the teller's capture call: the kiosk keeps the document cut out of the frame and
// straightened (what review shows and the provider gets), reads the MRZ from that crop, and says when it had
// to keep the whole frame. Real kiosk core: encrypted store, the specimen camera's 1920 × 1080 frames, the
// analysis worker, the MRZ reader, the training emulator.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpecimenDeviceOptions } from '../../../main/capture/specimen/device';
import { startHarness, waitForFinal, type Harness } from '../../helpers/kiosk-harness';

const ID1 = 85.6 / 54;
const specimen: SpecimenDeviceOptions = { seed: 9300, cameraVariant: { rotationDeg: 6, perspective: 0.1, blurSigma: 0.6, noise: 4 } };
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ overrides: { capture: { sane: false } }, kioskOptions: { specimen } });
}, 120_000);
afterAll(async () => h?.close());

describe('teller capture from a camera', () => {
  it('stores the straightened card at the ID-1 ratio, reads its MRZ from the crop, and sends the crop', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'id_card' });
    const front = await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:camera' });
    const back = await h.kiosk.service.capture({ verificationId: v.id, side: 'back', deviceId: 'specimen:camera' });
    for (const c of [front, back]) {
      expect(c.quality).toMatchObject({ ok: true, framing: 'card' });
      // The frame is 1920 × 1080; the card covers ~55 % of its width.
      expect(c.width).toBeLessThan(1200);
      expect(Math.abs(c.width / c.height / ID1 - 1)).toBeLessThan(0.01);
      const preview = Buffer.from(c.preview!.split(',')[1]!, 'base64');
      const meta = await sharp(preview).metadata();
      expect(Math.abs(meta.width! / meta.height! / ID1 - 1)).toBeLessThan(0.02);
    }
    expect(back.precheck?.mrz?.status).toBe('accepted');
    const submitted = await h.kiosk.service.submit({ verificationId: v.id });
    expect(submitted.state).toBe('queued');
    const done = await waitForFinal(h, v.id);
    expect(done.state).toBe('accepted');
  }, 180_000);

  it('keeps the whole frame when the card is half out of view, and says so', async () => {
    specimen.cameraVariant = { offsetX: 0.42, rotationDeg: 8, noise: 3 };
    try {
      const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
      const c = await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:camera' });
      expect(c).toMatchObject({ width: 1920, height: 1080 });
      expect(c.quality).toMatchObject({ ok: false, instruction: 'cropped', framing: 'full_frame' });
    } finally {
      specimen.cameraVariant = { rotationDeg: 6, perspective: 0.1, blurSigma: 0.6, noise: 4 };
    }
  }, 120_000);
});
