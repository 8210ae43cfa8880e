import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { deskewCard, findCardQuad } from '../../../main/capture/card-edges';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';

let doc: Buffer;
beforeAll(async () => {
  doc = (await generateSpecimen({ ...randomSpecimenSpec(41, { format: 'TD1', side: 'front' }), dpi: 220 })).jpeg;
});

const maxCornerError = (a: [number, number][], b: [number, number][]): number => Math.max(...a.map(([x, y], i) => Math.hypot(x - b[i]![0], y - b[i]![1])));

describe('card edges on webcam-like frames', () => {
  it.each([
    [{ rotationDeg: 0 }],
    [{ rotationDeg: 6, noise: 3 }],
    [{ rotationDeg: -11, noise: 3, blurSigma: 1 }],
    [{ rotationDeg: 4, perspective: 0.12, noise: 3 }],
    [{ rotationDeg: 3, glare: 0.9, noise: 3 }],
  ])('finds the corners within a few pixels: %j', async (variant) => {
    const frame = await renderWebcamFrame(doc, { seed: 41, ...variant });
    const quad = await findCardQuad(frame.jpeg);
    expect(quad).not.toBeNull();
    expect(maxCornerError(quad!.corners, frame.corners)).toBeLessThan(6);
    expect(quad!.touchesEdge).toBe(false);
  });

  it('deskews and crops the card back to a flat ID-1 image that matches the document', async () => {
    const frame = await renderWebcamFrame(doc, { seed: 41, rotationDeg: 8, perspective: 0.08, noise: 2 });
    const quad = await findCardQuad(frame.jpeg);
    const flat = await deskewCard(frame.jpeg, quad!.corners);
    expect(await sharp(flat).metadata()).toMatchObject({ width: 1011, height: 638, format: 'jpeg' });
    const a = await sharp(flat).resize(202, 128, { fit: 'fill' }).greyscale().raw().toBuffer();
    const b = await sharp(doc).resize(202, 128, { fit: 'fill' }).greyscale().raw().toBuffer();
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i]! - b[i]!);
    expect(diff / a.length).toBeLessThan(12);
  });

  it('no document in view gives null', async () => {
    const frame = await renderWebcamFrame(doc, { seed: 41, scale: 0.05 });
    expect(await findCardQuad(frame.jpeg)).toBeNull();
  });

  it('a card partly out of the frame is reported as touching the edge (cut off)', async () => {
    const frame = await renderWebcamFrame(doc, { seed: 41, offsetX: 0.35, rotationDeg: 3 });
    expect((await findCardQuad(frame.jpeg))?.touchesEdge).toBe(true);
  });
});

describe('assessQuality for camera frames uses the card position', () => {
  it('good frame ok; empty desk → no_document; card off the edge → cropped; far away → too_small', async () => {
    const { assessQuality } = await import('../../../main/capture/quality-verdict');
    const check = async (variant: Parameters<typeof renderWebcamFrame>[1]) => {
      const f = await renderWebcamFrame(doc, { seed: 41, noise: 2, ...variant });
      return (await assessQuality({ jpeg: f.jpeg, width: f.width, height: f.height }, { kind: 'camera' })).instruction;
    };
    expect(await check({ rotationDeg: 4 })).toBeNull();
    expect(await check({ scale: 0.05 })).toBe('no_document');
    expect(await check({ offsetX: 0.35 })).toBe('cropped');
    expect(await check({ scale: 0.3 })).toBe('too_small');
  });
});
