// Camera stills cut down to the card: the outline found on webcam-like frames of specimen documents
// (the frame synthesiser knows where it put the corners), warped upright at the document's side ratio by
// the shared rectification module, and the verdict judged on the crop. Real images, no stubs.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { cropCard, decodeFrame, outlineCard } from '../../../main/capture/card-crop';
import { prepareStill } from '../../../main/capture/prepared-still';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame, type WebcamVariant } from '../../../main/capture/specimen/webcam';

const ID1 = 85.6 / 54;
const TD3 = 125 / 88;
let td1: Buffer;
let td3: Buffer;
beforeAll(async () => {
  td1 = (await generateSpecimen({ ...randomSpecimenSpec(61, { format: 'TD1', side: 'back' }), dpi: 220 })).jpeg;
  td3 = (await generateSpecimen({ ...randomSpecimenSpec(62, { format: 'TD3', side: 'front' }), dpi: 220 })).jpeg;
});

/** Correlation of two images' grey levels at a small common size: 1 = same picture (exposure aside). */
async function similarity(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((img) => sharp(img).resize(202, 128, { fit: 'fill' }).greyscale().raw().toBuffer()));
  const n = x!.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) [sx, sy] = [sx + x![i]!, sy + y![i]!];
  const [mx, my] = [sx / n, sy / n];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const [dx, dy] = [x![i]! - mx, y![i]! - my];
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const VARIANTS: WebcamVariant[] = [
  { rotationDeg: 0 },
  { rotationDeg: 6, noise: 3 },
  { rotationDeg: -11, noise: 3, blurSigma: 1 },
  { rotationDeg: 4, perspective: 0.12, noise: 3 },
  { rotationDeg: 9, perspective: 0.2, noise: 3 },
  { rotationDeg: 2, light: 0.5, noise: 4 },
  { rotationDeg: -18, scale: 0.45, noise: 3 },
];

describe('cropCard on webcam-like frames', () => {
  it.each(VARIANTS)('an ID card lands upright at the ID-1 ratio, corners within 7 px, matching the document: %j', async (variant) => {
    const frame = await renderWebcamFrame(td1, { seed: 61, ...variant });
    const decoded = await decodeFrame(frame.jpeg);
    const outline = outlineCard(decoded, 'id_card');
    expect(outline.trusted).toBe(true);
    const crop = await cropCard(decoded, outline, 'id_card');
    expect(crop).not.toBeNull();
    const error = Math.max(...crop!.corners.map((p, i) => Math.hypot(p.x - frame.corners[i]![0], p.y - frame.corners[i]![1])));
    expect(error).toBeLessThan(7);
    expect(Math.abs(crop!.width / crop!.height / ID1 - 1)).toBeLessThan(0.005);
    expect(await sharp(crop!.jpeg).metadata()).toMatchObject({ width: crop!.width, height: crop!.height, format: 'jpeg' });
    // The desk is gone and the card is the right way up: close to the document itself, far from the frame.
    expect(await similarity(crop!.jpeg, td1)).toBeGreaterThan(0.85);
    expect(await similarity(frame.jpeg, td1)).toBeLessThan(0.5);
  });

  it('a passport data page lands at the TD3 ratio', async () => {
    const frame = await renderWebcamFrame(td3, { seed: 62, rotationDeg: 5, perspective: 0.1, noise: 3 });
    const decoded = await decodeFrame(frame.jpeg);
    const crop = await cropCard(decoded, outlineCard(decoded, 'passport'), 'passport');
    expect(Math.abs(crop!.width / crop!.height / TD3 - 1)).toBeLessThan(0.005);
    expect(await similarity(crop!.jpeg, td3)).toBeGreaterThan(0.85);
  });
});

describe('prepareStill', () => {
  it('keeps the straightened card from a camera and judges its own pixels', async () => {
    const frame = await renderWebcamFrame(td1, { seed: 61, rotationDeg: 7, noise: 3 });
    const prepared = await prepareStill({ jpeg: frame.jpeg, width: frame.width, height: frame.height }, { kind: 'camera', documentType: 'id_card' });
    expect(prepared.quality).toMatchObject({ ok: true, instruction: null, framing: 'card' });
    expect(prepared.image.width).toBeLessThan(frame.width);
    expect(Math.abs(prepared.image.width / prepared.image.height / ID1 - 1)).toBeLessThan(0.005);
    expect(await sharp(prepared.image.jpeg).metadata()).toMatchObject({ width: prepared.image.width, height: prepared.image.height });
    expect(await similarity(prepared.image.jpeg, td1)).toBeGreaterThan(0.85);
    // The desk is out of the judged image: the card is brighter than the frame around it.
    const asFrame = await prepareStill({ jpeg: frame.jpeg, width: frame.width, height: frame.height }, { kind: 'scanner' });
    expect(prepared.quality.brightness!).toBeGreaterThan(asFrame.quality.brightness! + 10);
  });

  it('judges the crop at the frame’s scale: a mildly soft card (σ1) passes, σ2 is blurred, dim light is too dark', async () => {
    const judge = async (variant: WebcamVariant) => {
      const frame = await renderWebcamFrame(td1, { seed: 61, rotationDeg: 3, noise: 3, ...variant });
      return (await prepareStill({ jpeg: frame.jpeg, width: frame.width, height: frame.height }, { kind: 'camera', documentType: 'id_card' })).quality;
    };
    expect(await judge({ blurSigma: 1 })).toMatchObject({ ok: true, framing: 'card' });
    expect(await judge({ blurSigma: 2 })).toMatchObject({ ok: false, instruction: 'blurry', framing: 'card' });
    expect(await judge({ light: 0.3 })).toMatchObject({ ok: false, instruction: 'too_dark', framing: 'card' });
    expect(await judge({ glare: 0.9 })).toMatchObject({ ok: false, instruction: 'glare', framing: 'card' });
  });

  it('keeps the whole frame and says so when no card is in view, or the card is cut off', async () => {
    const empty = await renderWebcamFrame(td1, { seed: 61, offsetX: 2 });
    const none = await prepareStill({ jpeg: empty.jpeg, width: empty.width, height: empty.height }, { kind: 'camera', documentType: 'id_card' });
    expect(none.image.jpeg).toBe(empty.jpeg);
    expect(none.quality).toMatchObject({ ok: false, instruction: 'no_document', framing: 'full_frame' });
    const half = await renderWebcamFrame(td1, { seed: 61, offsetX: 0.42, rotationDeg: 8 });
    const cut = await prepareStill({ jpeg: half.jpeg, width: half.width, height: half.height }, { kind: 'camera', documentType: 'id_card' });
    expect(cut.image.jpeg).toBe(half.jpeg);
    expect(cut.quality).toMatchObject({ ok: false, instruction: 'cropped', framing: 'full_frame' });
  });

  it('keeps the whole frame when the outline found is not the document’s shape (two cards side by side), and says so', async () => {
    const meta = await sharp(td1).metadata();
    const pair = await sharp({ create: { width: meta.width! * 2, height: meta.height!, channels: 3, background: '#ffffff' } })
      .composite([
        { input: td1, left: 0, top: 0 },
        { input: td1, left: meta.width!, top: 0 },
      ])
      .jpeg()
      .toBuffer();
    const frame = await renderWebcamFrame(pair, { seed: 61, scale: 0.8, rotationDeg: 2, noise: 3 });
    const prepared = await prepareStill({ jpeg: frame.jpeg, width: frame.width, height: frame.height }, { kind: 'camera', documentType: 'id_card' });
    expect(prepared.image.jpeg).toBe(frame.jpeg);
    expect(prepared.quality).toMatchObject({ ok: false, instruction: 'not_outlined', framing: 'full_frame' });
  });

  it('leaves a scanner image as it is (the scan is the document)', async () => {
    const prepared = await prepareStill({ jpeg: td1, width: 1, height: 1 }, { kind: 'scanner' });
    expect(prepared.image.jpeg).toBe(td1);
    expect(prepared.quality.framing).toBeUndefined();
  });
});
