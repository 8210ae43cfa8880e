// Thin print: worn ink drawn by the evaluation set's ImageMagick renderer (its "ink_thin": the card's ink
// eroded by a disk of radius 1, strokes a pixel wide at a 20 px cap). Before the band's strokes were
// thickened to the faces' usual weight, the hairlines broke into specks, the second line's grid slipped
// by a cell and 38 of its cells were misread; the stroke measure itself is checked on drawn strokes.
import { resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inkCapHeight, normaliseStrokeWidth, strokeWidth } from '../../../main/imaging/stroke-width';
import { readCells } from '../../../main/precheck/mrz-cells';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { normaliseBand, STROKE_BOUNDS } from '../../../main/precheck/mrz-normalise';
import { rectifyMrzBand } from '../../../main/precheck/mrz-rectify';
import { renderOne } from '../../mrz-eval/eval-set';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');
const TD3 = ['P<UTOMUSTERMANN<<WILHELM<KAREN<<<<<<<<<<<<<<', 'L898902C36UTO7408122M1204159ZE184226B<<<<<14'];

async function magickScan(effects: Record<string, unknown>): Promise<{ grey: Uint8Array; width: number; height: number }> {
  const job = { format: 'TD3', printed: TD3, font: OCRB, camera: false, renderer: 'magick', effects };
  const jpeg = renderOne(job);
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { grey: new Uint8Array(data), width: info.width, height: info.height };
}

/** A white image with vertical bars `width` px wide and 20 px tall (capitals' stems), ink 0. */
function bars(width: number): { data: Uint8Array; width: number; height: number } {
  const w = 200;
  const h = 40;
  const data = new Uint8Array(w * h).fill(255);
  for (let x0 = 10; x0 < w - 10; x0 += 12) for (let y = 10; y < 30; y++) for (let x = x0; x < x0 + width; x++) data[y * w + x] = 0;
  return { data, width: w, height: h };
}

describe('stroke width', () => {
  it('is measured as twice the ink area over its outline: 1 px and 3 px bars 20 px tall', () => {
    // A w × 20 bar: area 20w, outline 2·20 + 2w (the bar's ends make it a little less than w).
    expect(strokeWidth(bars(1))).toBeCloseTo((2 * 20) / 42, 5);
    expect(strokeWidth(bars(3))).toBeCloseTo((2 * 60) / 46, 5);
  });

  it('thickens hairlines towards the nominal and leaves print of the usual weight as it is', () => {
    const hair = normaliseStrokeWidth(bars(1), 20, STROKE_BOUNDS);
    expect(hair.radius).toBeLessThan(0);
    expect(strokeWidth(hair.image)).toBeGreaterThanOrEqual(2);
    const usual = bars(2);
    expect(normaliseStrokeWidth(usual, 20, STROKE_BOUNDS).image.data).toBe(usual.data);
  });

  it('takes the cap height from the rows the ink fills', () => {
    expect(inkCapHeight(bars(2), [{ top: 12, bottom: 28 }])).toBe(20);
  });
});

describe('an MRZ printed with thin ink', () => {
  for (const [seed, cap] of [[1, 20], [2, 21]] as const) {
    it(`OCR-B TD3, strokes eroded to hairlines at a ${cap} px cap (seed ${seed}): every cell read as printed`, { timeout: 60_000 }, async () => {
      const located = await locateMrzBand(await magickScan({ seed, cap_px: cap, print: ['ink_thin'] }));
      expect(located, 'an MRZ band').not.toBeNull();
      const t = readCells(rectifyMrzBand(normaliseBand(located!)));
      expect(t?.format).toBe('TD3');
      expect(t?.lines).toEqual(TD3);
    });
  }
});
