// The grey stretch table (main/imaging/grey-normalise.ts) on its own, against sharp's own normalise() (and
// threshold() before it) on the same pixels: many small images with histograms of every kind, one after
// another in one process, so that tables cached for one image's percentiles are reused for the next
// image with the same ones — and only for those. The reader falls back to sharp when no table is found,
// so a table that is missing hides nothing there; here each one must be found and must be exact.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { greyNormaliseTable } from '../../../main/imaging/grey-normalise';
import { seededRandom as seeded } from '../../helpers/seeded-random';

/** sharp's pipeline on the pixels as a 1-row image: threshold() when given, normalise(), 8-bit grey. */
async function definition(grey: Uint8Array, threshold?: number): Promise<Uint8Array> {
  let img = sharp(Buffer.from(grey), { raw: { width: grey.length, height: 1, channels: 1 } }).normalise();
  if (threshold !== undefined) img = img.threshold(threshold);
  return new Uint8Array(await img.toColourspace('b-w').raw().toBuffer());
}

/** An image of `n` pixels: ink in [inkLo, inkHi), paper in [paperLo, paperHi), a share `ink` of ink. */
function image(rnd: () => number, n: number, ink: number, inkLo: number, inkHi: number, paperLo: number, paperHi: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => (rnd() < ink ? inkLo + Math.floor(rnd() * (inkHi - inkLo)) : paperLo + Math.floor(rnd() * (paperHi - paperLo))));
}

describe('grey stretch table', () => {
  it('equals sharp’s normalise() on 240 histograms in a row: wide, narrow, dark, light, binary, nearly flat', { timeout: 120_000 }, async () => {
    const rnd = seeded(41);
    let found = 0;
    const wrong: string[] = [];
    for (let k = 0; k < 240; k++) {
      const lo = Math.floor(rnd() * 200);
      const hi = Math.min(256, lo + 2 + Math.floor(rnd() * (256 - lo)));
      const paperLo = Math.max(lo, hi - 1 - Math.floor(rnd() * 60));
      const grey = image(rnd, 2000 + Math.floor(rnd() * 4000), rnd() * 0.5, lo, Math.max(lo + 1, Math.min(hi, lo + 1 + Math.floor(rnd() * 120))), paperLo, hi);
      const threshold = k % 5 === 4 ? 40 + Math.floor(rnd() * 170) : undefined;
      const table = await greyNormaliseTable(grey, threshold);
      if (!table) continue;
      found++;
      const expected = await definition(grey, threshold);
      const got = grey.map((v) => table[v]!);
      if (!Buffer.from(got).equals(Buffer.from(expected))) wrong.push(`image ${k} (${lo}–${hi}, threshold ${threshold})`);
    }
    expect(wrong).toEqual([]);
    expect(found).toBe(240);
  });

  it('images with the same dark end and different light ends each get their own table', async () => {
    const rnd = seeded(43);
    // Every lightest grey from 240 to 255 among them: one of those has L* 99, where the percentile's limit
    // is a whole number (0.99 × 100 levels) and "exceeds" differs from "reaches".
    for (const top of [200, 230, 255, 215, ...Array.from({ length: 16 }, (_, i) => 240 + i)]) {
      const grey = image(rnd, 4000, 0.2, 10, 60, top - 30, top + 1);
      const table = await greyNormaliseTable(grey);
      expect(table).not.toBeNull();
      expect(Buffer.from(grey.map((v) => table![v]!)).equals(Buffer.from(await definition(grey)))).toBe(true);
    }
  });
});
