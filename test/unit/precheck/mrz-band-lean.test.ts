// A band whose lines all lean the same way after the search's deskew (pulled off by a busy desk): the
// straightening takes the lean out. Drawn by the evaluation set's renderer (mrz-band-scenes.ts), the
// located band sheared by 1.6–2°. It failed before: the cell grid's own slope is held to under ~1.5°, a
// lean past that was dropped, and the far end of every line was sampled a third of a glyph off.
import { describe, expect, it } from 'vitest';
import { readCells } from '../../../main/precheck/mrz-cells';
import { locateMrzBand, type MrzBand } from '../../../main/precheck/mrz-locate';
import { normaliseBand } from '../../../main/precheck/mrz-normalise';
import { rectifyMrzBand } from '../../../main/precheck/mrz-rectify';
import { TD2, TD3, renderScan } from './mrz-band-scenes';

/** The band with every column moved down by `lean` px per px right of its middle (linear in y). */
function leaning(band: MrzBand, lean: number): MrzBand {
  const { width: w, height: h } = band;
  const grey = new Uint8Array(w * h);
  const at = (x: number, y: number): number => (y < 0 || y >= h ? 255 : band.grey[y * w + x]!);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const sy = y - lean * (x - w / 2);
      const y0 = Math.floor(sy);
      grey[y * w + x] = Math.round(at(x, y0) + (at(x, y0 + 1) - at(x, y0)) * (sy - y0));
    }
  return { ...band, grey };
}

describe('MRZ lines that all lean after the deskew', () => {
  it('a TD3 and a TD2 leaning by 0.028 and 0.035 (1.6°, 2°): read as printed', { timeout: 60_000 }, async () => {
    for (const [format, printed] of [['TD3', TD3], ['TD2', TD2]] as const) {
      const g = await renderScan(format, printed, { cap_px: 24 });
      const band = await locateMrzBand({ grey: g.data, width: g.width, height: g.height });
      expect(band, 'an MRZ band').not.toBeNull();
      for (const lean of [0.028, 0.035]) expect(readCells(rectifyMrzBand(normaliseBand(leaning(band!, lean))))?.lines, `${format}, lean ${lean}`).toEqual(printed);
    }
  });
});
