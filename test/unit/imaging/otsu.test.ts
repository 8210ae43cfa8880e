import { describe, expect, it } from 'vitest';
import { otsuThreshold } from '../../../main/imaging/otsu';

/** Otsu by its definition: every t, the between-class variance of ≤ t against > t, the first t of the largest. */
function definition(data: Uint8Array): number {
  let best = -1;
  let at = 128;
  for (let t = 0; t < 255; t++) {
    const low = [...data].filter((v) => v <= t);
    const high = [...data].filter((v) => v > t);
    if (low.length === 0 || high.length === 0) continue;
    const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
    const between = low.length * high.length * (mean(low) - mean(high)) ** 2;
    if (between > best * (1 + 1e-12)) [best, at] = [between, t];
  }
  return at;
}

describe('otsuThreshold', () => {
  it('splits a two-level image between its levels', () => {
    const data = new Uint8Array(1000);
    for (let i = 0; i < data.length; i++) data[i] = i < 300 ? 40 : 200;
    const t = otsuThreshold(data);
    expect(t).toBeGreaterThanOrEqual(40);
    expect(t).toBeLessThan(200);
    expect(data.filter((v) => v <= t).length).toBe(300);
  });

  it('puts noisy ink and paper on either side of the threshold', () => {
    const data = new Uint8Array(2000);
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < data.length; i++) data[i] = i % 4 === 0 ? 30 + Math.floor(next() * 40) : 180 + Math.floor(next() * 50);
    const t = otsuThreshold(data);
    expect(t).toBeGreaterThanOrEqual(69);
    expect(t).toBeLessThan(180);
  });

  it('returns 128 for an image of a single grey', () => {
    expect(otsuThreshold(new Uint8Array(64).fill(90))).toBe(128);
  });

  it('takes the lowest level of a gap: two levels 40 and 200 split at 40', () => {
    // Every t from 40 to 199 splits them alike; the first is kept (a later equal one does not replace it).
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i < 300 ? 40 : 200));
    expect(otsuThreshold(data)).toBe(40);
    expect(otsuThreshold(Uint8Array.from([0, 255]))).toBe(0);
    expect(otsuThreshold(Uint8Array.from([254, 255, 255]))).toBe(254);
  });

  it('equals its definition on skewed, three-level and noisy histograms', () => {
    let seed = 11;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const images: Uint8Array[] = [
      Uint8Array.from({ length: 500 }, (_, i) => (i % 10 === 0 ? 10 : 230)),
      Uint8Array.from({ length: 600 }, (_, i) => [20, 120, 240][i % 3]!),
      Uint8Array.from({ length: 800 }, () => Math.floor(next() ** 3 * 256)),
      Uint8Array.from({ length: 800 }, () => 100 + Math.floor(next() * 40)),
      Uint8Array.from({ length: 400 }, (_, i) => (i < 200 ? Math.floor(next() * 60) : 255 - Math.floor(next() * 60))),
    ];
    for (const data of images) expect(otsuThreshold(data)).toBe(definition(data));
  });

  it('returns 128 for an empty image', () => {
    expect(otsuThreshold(new Uint8Array(0))).toBe(128);
  });
});

