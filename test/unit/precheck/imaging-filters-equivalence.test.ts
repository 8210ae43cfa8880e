// The rank filters of the local-contrast normalisation (main/imaging/local-contrast.ts) and the halftone
// filter (main/imaging/descreen.ts) give exactly the pixels of their plain definitions — a running max/min
// over the window through a comparison function, and a convolution that clamps every tap at the edges —
// on images of odd sizes with ink-like structure, noise and flat areas, for small and large windows (also
// windows wider than the image). Their fast forms (max and min written out; the clamp only at the edges)
// must not move a pixel: the MRZ reader's verdicts rest on them.
import { describe, expect, it } from 'vitest';
import { separableFilter } from '../../../main/imaging/descreen';
import { normaliseLocalContrast, rankFilter, type Grey8 } from '../../../main/imaging/local-contrast';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Light paper with dark strokes, noise and a flat patch, w × h. */
function drawn(w: number, h: number, seed: number): Grey8 {
  const rnd = seeded(seed);
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const stroke = x % 11 < 3 && y % 17 > 4 ? 150 : 0;
      const flat = x < w / 5 && y < h / 3;
      data[y * w + x] = flat ? 200 : Math.max(0, Math.min(255, Math.round(220 - stroke + (rnd() - 0.5) * 60 - (x / w) * 40)));
    }
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

  it('the local-contrast normalisation built on them maps ink to 0 and paper to 255 as before', () => {
    const img = drawn(240, 64, 3);
    const out = normaliseLocalContrast(img, { paperRadius: 4, inkRadius: 10, minRangeShare: 0.8 });
    // Stroke pixels (dark) go to ink, paper between strokes to white.
    expect(out.data[30 * 240 + 34]!).toBeLessThan(60);
    expect(out.data[30 * 240 + 39]!).toBeGreaterThan(200);
  });
});
