// The JS downsampling of decoded frames against libvips itself: halveLinear must reproduce sharp's linear
// 2× resize (the quality thresholds were calibrated on it), sampleRgb must keep a card's outline in place.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { halve, halveLinear, sampleRgb } from '../../../main/capture/halve';
import { measureGrey } from '../../../main/capture/quality';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';

let rgb: Buffer;
let libvipsGreen: Buffer;

beforeAll(async () => {
  const doc = await generateSpecimen({ ...randomSpecimenSpec(7, { format: 'TD1', side: 'back' }), dpi: 220 });
  const frame = await renderWebcamFrame(doc.jpeg, { rotationDeg: 4, noise: 3, seed: 7 });
  rgb = await sharp(frame.jpeg).raw().toBuffer();
  libvipsGreen = await sharp(frame.jpeg).extractChannel(1).resize({ width: 960, kernel: 'linear' }).raw().toBuffer();
}, 30_000);

describe('halveLinear', () => {
  it('matches libvips linear 2× reduce of a 1920 × 1080 frame to within one grey level', () => {
    const mine = halveLinear(rgb, 1920, 1080, 3, 1);
    expect(mine.length).toBe(960 * 540);
    expect(libvipsGreen.length).toBe(960 * 540);
    let worst = 0;
    let off = 0;
    for (let i = 0; i < mine.length; i++) {
      const d = Math.abs(mine[i]! - libvipsGreen[i]!);
      worst = Math.max(worst, d);
      if (d > 0) off++;
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(off / mine.length).toBeLessThan(0.2); // rounding only
  });

  it('gives the same quality metrics as the libvips path (thresholds stay calibrated)', () => {
    const a = measureGrey(halveLinear(rgb, 1920, 1080, 3, 1), 960, 540);
    const b = measureGrey(libvipsGreen, 960, 540);
    expect(a.focus / b.focus).toBeGreaterThan(0.98);
    expect(a.focus / b.focus).toBeLessThan(1.02);
    expect(a.sharpness / b.sharpness).toBeGreaterThan(0.97);
    expect(a.sharpness / b.sharpness).toBeLessThan(1.03);
    expect(Math.abs(a.brightness - b.brightness)).toBeLessThan(0.5);
  });

  it('averages with the 1 3 3 1 kernel and repeats the edges', () => {
    // 4 × 2 single-channel image: columns 0, 80, 160, 240 on both rows.
    const img = new Uint8Array([0, 80, 160, 240, 0, 80, 160, 240]);
    // Output x=0 takes columns -1,0,1,2 = 0,0,80,160 → (0 + 0 + 240 + 160) / 8 = 50; x=1 takes 80,160,240,240 → 190.
    expect([...halveLinear(img, 4, 2, 1, 0)]).toEqual([50, 190]);
  });
});

describe('sampleRgb', () => {
  it('is a quarter-size image close to the 2 × 2 box halving applied twice', () => {
    const q = sampleRgb(rgb, 1920, 1080, 4);
    const hh = halve(halve(rgb, 1920, 1080), 960, 540);
    expect(q.length).toBe(480 * 270 * 3);
    let sum = 0;
    for (let i = 0; i < q.length; i++) sum += Math.abs(q[i]! - hh[i]!);
    expect(sum / q.length).toBeLessThan(4); // mean difference: sensor noise only, no shift of the picture
  });
});
