import { describe, expect, it } from 'vitest';
import { otsuThreshold } from '../../../main/imaging/otsu';

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
});
