// The filters of the local-contrast normalisation (main/imaging/local-contrast.ts) and of the halftone
// search and removal (main/imaging/descreen.ts) give exactly the values of their plain definitions — a
// running max/min through a comparison function, a box mean one column at a time, the autocorrelation one
// lag at a time, a convolution that clamps every tap at the edges — on images of odd sizes with ink-like
// structure, noise and flat areas, for small and large windows (also wider than the image). Their fast
// forms must not move a pixel or a correlation bit: the MRZ reader's verdicts rest on them.
import { describe, expect, it } from 'vitest';
import { autocorrelation, separableFilter } from '../../../main/imaging/descreen';
import { boxBlur, normaliseLocalContrast, rankFilter, type Grey8 } from '../../../main/imaging/local-contrast';
import { drawnGrey } from '../../helpers/seeded-random';

/** Light paper with dark strokes, noise and a flat patch, w × h. */
function drawn(w: number, h: number, seed: number): Grey8 {
  const data = drawnGrey(w, h, seed, (x, y, rnd) => {
    const stroke = x % 11 < 3 && y % 17 > 4 ? 150 : 0;
    const flat = x < w / 5 && y < h / 3;
    return flat ? 200 : Math.max(0, Math.min(255, Math.round(220 - stroke + (rnd() - 0.5) * 60 - (x / w) * 40)));
  });
  return { data, width: w, height: h };
}

/** The definition: van Herk / Gil–Werman along rows, then columns, the comparison passed as a function. */
function referenceRank(img: Grey8, radius: number, kind: 'max' | 'min'): Uint8Array {
  const pass = (src: Uint8Array, horizontal: boolean): Uint8Array => {
    const { width: w, height: h } = img;
    const out = new Uint8Array(src.length);
    const n = horizontal ? w : h;
    const stride = horizontal ? 1 : w;
    const k = 2 * radius + 1;
    const total = n + 2 * radius + k;
    const pick = kind === 'max' ? (a: number, b: number) => (a > b ? a : b) : (a: number, b: number) => (a < b ? a : b);
    for (let line = 0; line < (horizontal ? h : w); line++) {
      const base = horizontal ? line * w : line;
      const padded = new Uint8Array(total).fill(kind === 'max' ? 0 : 255);
      for (let i = 0; i < n; i++) padded[i + radius] = src[base + i * stride]!;
      const g = new Uint8Array(total);
      const hh = new Uint8Array(total);
      for (let start = 0; start < total; start += k) {
        const end = Math.min(total, start + k);
        g[start] = padded[start]!;
        for (let i = start + 1; i < end; i++) g[i] = pick(g[i - 1]!, padded[i]!);
        hh[end - 1] = padded[end - 1]!;
        for (let i = end - 2; i >= start; i--) hh[i] = pick(hh[i + 1]!, padded[i]!);
      }
      for (let i = 0; i < n; i++) out[base + i * stride] = pick(hh[i]!, g[i + k - 1]!);
    }
    return out;
  };
  return pass(pass(img.data, true), false);
}

/** The definition: every tap clamped to the image, taps summed in kernel order. */
function referenceSeparable(img: Grey8, kx: Float32Array, ky: Float32Array): Uint8Array {
  const { width: w, height: h } = img;
  const rx = (kx.length - 1) / 2;
  const ry = (ky.length - 1) / 2;
  const tmp = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -rx; i <= rx; i++) s += kx[i + rx]! * img.data[y * w + Math.min(w - 1, Math.max(0, x + i))]!;
      tmp[y * w + x] = s;
    }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -ry; i <= ry; i++) s += ky[i + ry]! * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x]!;
      out[y * w + x] = Math.round(s);
    }
  return out;
}

/** The definition: running sums along each row, then down one column at a time. */
function referenceBoxBlur(img: Grey8, r: number): Uint8Array {
  const { width: w, height: h } = img;
  const tmp = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    let sum = 0;
    let count = 0;
    for (let x = 0; x < Math.min(w, r); x++, count++) sum += img.data[y * w + x]!;
    for (let x = 0; x < w; x++) {
      if (x + r < w) {
        sum += img.data[y * w + x + r]!;
        count++;
      }
      if (x - r - 1 >= 0) {
        sum -= img.data[y * w + x - r - 1]!;
        count--;
      }
      tmp[y * w + x] = sum / count;
    }
  }
  const out = new Uint8Array(w * h);
  for (let x = 0; x < w; x++) {
    let sum = 0;
    let count = 0;
    for (let y = 0; y < Math.min(h, r); y++, count++) sum += tmp[y * w + x]!;
    for (let y = 0; y < h; y++) {
      if (y + r < h) {
        sum += tmp[(y + r) * w + x]!;
        count++;
      }
      if (y - r - 1 >= 0) {
        sum -= tmp[(y - r - 1) * w + x]!;
        count--;
      }
      out[y * w + x] = Math.round(sum / count);
    }
  }
  return out;
}

/** The definition: each line minus its running mean, then lag by lag the sum of products along it. */
function referenceAutocorrelation(img: Grey8, horizontal: boolean, r: number, maxLag: number, step: number): Float64Array {
  const { data, width: w, height: h } = img;
  const n = horizontal ? w : h;
  const stride = horizontal ? 1 : w;
  const res = new Float32Array(n);
  const c = new Float64Array(maxLag + 1);
  for (let line = 0; line < (horizontal ? h : w); line += step) {
    const base = horizontal ? line * w : line;
    let sum = 0;
    let count = 0;
    for (let i = 0; i < Math.min(n, r); i++, count++) sum += data[base + i * stride]!;
    for (let i = 0; i < n; i++) {
      if (i + r < n) {
        sum += data[base + (i + r) * stride]!;
        count++;
      }
      if (i - r - 1 >= 0) {
        sum -= data[base + (i - r - 1) * stride]!;
        count--;
      }
      res[i] = data[base + i * stride]! - sum / count;
    }
    for (let lag = 0; lag <= maxLag; lag++) {
      let s = 0;
      for (let i = 0; i < n - lag; i++) s += res[i]! * res[i + lag]!;
      c[lag] = c[lag]! + s;
    }
  }
  const c0 = c[0]! || 1;
  for (let lag = 0; lag <= maxLag; lag++) c[lag] = c[lag]! / c0;
  return c;
}

/** A box of fractional width `period`, as descreen builds it. */
function box(period: number): Float32Array {
  const half = period / 2;
  const r = Math.ceil(half - 0.5);
  const k = new Float32Array(2 * r + 1);
  for (let i = -r; i <= r; i++) k[i + r] = Math.max(0, Math.min(i + 0.5, half) - Math.max(i - 0.5, -half)) / period;
  return k;
}

const SIZES: Array<[number, number]> = [
  [97, 31],
  [240, 64],
  [7, 5],
  // One row, one column, and a strip narrower than the windows: the column pass runs on whole rows.
  [1, 9],
  [9, 1],
  [3, 50],
];

describe('image filters: fast forms equal their definitions', () => {
  it('rank filters (max and min), radii 1 to wider than the image', () => {
    let differs = 0;
    for (const [w, h] of SIZES)
      for (const r of [1, 2, 5, 13, 40])
        for (const kind of ['max', 'min'] as const) {
          const img = drawn(w, h, w * 7 + r);
          if (!Buffer.from(rankFilter(img, r, kind)).equals(Buffer.from(referenceRank(img, r, kind)))) differs++;
        }
    expect(differs).toBe(0);
  });

  it('the halftone box filter, periods 2.5 to 10 px, images narrower than the kernel included', () => {
    let differs = 0;
    for (const [w, h] of SIZES)
      for (const [px, py] of [
        [2.5, 2.6],
        [4, 4.3],
        [6.2, 5.9],
        [10, 9.4],
      ] as const) {
        const img = drawn(w, h, w + Math.round(px * 10));
        if (!Buffer.from(separableFilter(img, box(px), box(py)).data).equals(Buffer.from(referenceSeparable(img, box(px), box(py))))) differs++;
      }
    expect(differs).toBe(0);
  });

  it('box means, radii 1 to wider than the image', () => {
    let differs = 0;
    for (const [w, h] of SIZES)
      for (const r of [1, 3, 8, 40]) {
        const img = drawn(w, h, w * 3 + r);
        if (!Buffer.from(boxBlur(img, r)).equals(Buffer.from(referenceBoxBlur(img, r)))) differs++;
      }
    expect(differs).toBe(0);
  });

  it('the halftone search’s autocorrelation along rows and columns, lines shorter than the lags included', () => {
    let differs = 0;
    for (const [w, h] of SIZES)
      for (const horizontal of [true, false])
        for (const step of [1, 2, 4]) {
          const img = drawn(w, h, w + h + step);
          const fast = autocorrelation(img, horizontal, 10, 11, step);
          const ref = referenceAutocorrelation(img, horizontal, 10, 11, step);
          if (!Buffer.from(fast.buffer).equals(Buffer.from(ref.buffer))) differs++;
        }
    expect(differs).toBe(0);
  });

  it('the local-contrast normalisation built on them maps ink to 0 and paper to 255 as before', () => {
    const img = drawn(240, 64, 3);
    const out = normaliseLocalContrast(img, { paperRadius: 4, inkRadius: 10, minRangeShare: 0.8 });
    // Stroke pixels (dark) go to ink, paper between strokes to white.
    expect(out.data[30 * 240 + 34]!).toBeLessThan(60);
    expect(out.data[30 * 240 + 39]!).toBeGreaterThan(200);
  });
});
