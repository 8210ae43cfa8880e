// The 3×3 median (main/imaging/median.ts) gives sharp's median(3) byte for byte — the step the MRZ band
// search takes before its ink mask — and the plain definition (sort the nine values of each window, edge
// pixels repeated) on images of odd sizes down to one pixel, with flat areas, ink-like strokes and noise.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { median3x3 } from '../../../main/imaging/median';
import { drawnGrey } from '../../helpers/seeded-random';

/** Paper with strokes, salt-and-pepper dots and a flat patch, w × h. */
function drawn(w: number, h: number, seed: number): Uint8Array {
  return drawnGrey(w, h, seed, (x, y, rnd) => {
    const stroke = x % 9 < 2 && y % 13 > 3 ? 160 : 0;
    const dot = rnd() < 0.05 ? (rnd() < 0.5 ? -200 : 200) : 0;
    const flat = x < w / 4 && y < h / 3;
    return flat ? 190 : Math.max(0, Math.min(255, Math.round(215 - stroke + dot + (rnd() - 0.5) * 50)));
  });
}

function definition(src: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  const clamp = (v: number, n: number): number => Math.max(0, Math.min(n - 1, v));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const nine: number[] = [];
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) nine.push(src[clamp(y + dy, h) * w + clamp(x + dx, w)]!);
      out[y * w + x] = nine.sort((a, b) => a - b)[4]!;
    }
  return out;
}

const viaSharp = async (src: Uint8Array, w: number, h: number): Promise<Uint8Array> =>
  new Uint8Array(await sharp(Buffer.from(src), { raw: { width: w, height: h, channels: 1 } }).median(3).toColourspace('b-w').raw().toBuffer());

const SIZES: Array<[number, number]> = [
  [3, 3],
  [4, 7],
  [31, 5],
  [97, 41],
  [240, 64],
  [801, 37],
];

describe('3×3 median', () => {
  it('is sharp’s median(3), byte for byte', async () => {
    let differs = 0;
    for (const [w, h] of SIZES) {
      const img = drawn(w, h, w * 31 + h);
      if (!Buffer.from(median3x3(img, w, h)).equals(Buffer.from(await viaSharp(img, w, h)))) differs++;
    }
    expect(differs).toBe(0);
  });

  it('is the middle of each window’s nine values, edges repeated, down to one pixel', () => {
    let differs = 0;
    for (const [w, h] of [...SIZES, [1, 1], [1, 6], [6, 1], [2, 2]] as Array<[number, number]>) {
      const img = drawn(w, h, w + 7 * h);
      if (!Buffer.from(median3x3(img, w, h)).equals(Buffer.from(definition(img, w, h)))) differs++;
    }
    expect(differs).toBe(0);
  });

  // The comparisons are arithmetic on differences (median.ts): this holds them to the plain definition
  // at the extremes of those differences (0 against 255 either way, neighbours one level apart) and in
  // every order the nine values can come in.
  it('is the middle value of every 3×3 window of 0, 1 and 255', () => {
    const levels = [0, 1, 255];
    let differs = 0;
    for (let code = 0; code < 3 ** 9; code++) {
      const img = new Uint8Array(9);
      for (let i = 0, c = code; i < 9; i++, c = Math.floor(c / 3)) img[i] = levels[c % 3]!;
      if (median3x3(img, 3, 3)[4] !== [...img].sort((a, b) => a - b)[4]) differs++;
    }
    expect(differs).toBe(0);
  });

  it('takes out a lone dark dot and keeps a stroke three pixels wide', () => {
    const w = 12;
    const img = new Uint8Array(w * w).fill(220);
    img[2 * w + 2] = 0;
    for (let y = 0; y < w; y++) for (let x = 6; x < 9; x++) img[y * w + x] = 20;
    const out = median3x3(img, w, w);
    expect(out[2 * w + 2]).toBe(220);
    expect(out[5 * w + 7]).toBe(20);
  });
});
