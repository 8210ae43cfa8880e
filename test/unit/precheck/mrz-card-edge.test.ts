// The MRZ geometry beside the card's edge: documents drawn by the evaluation set's renderer
// (mrz-band-scenes.ts) on a darker desk whose edge runs beside the MRZ's first characters, upright or
// leaning as a card seen turned or at an angle. Each failed before: the MRZ found with a line too few
// (the last line taken to start at the edge no longer aligns with the others), or a grid a cell early.
import { describe, expect, it } from 'vitest';
import { edgeStrokeColumns } from '../../../main/precheck/mrz-edge-stroke';
import { readCells } from '../../../main/precheck/mrz-cells';
import { locateMrzBand, type MrzBand } from '../../../main/precheck/mrz-locate';
import { normaliseBand } from '../../../main/precheck/mrz-normalise';
import { rectifyMrzBand } from '../../../main/precheck/mrz-rectify';
import { TD1, TD2, TD3, mrzLines, paint, renderScan, type Grey } from './mrz-band-scenes';

async function locate(g: Grey): Promise<MrzBand> {
  const band = await locateMrzBand({ grey: g.data, width: g.width, height: g.height });
  expect(band, 'an MRZ band').not.toBeNull();
  return band!;
}

/**
 * The desk (grey 60) left of the card's edge, which passes `gap` line heights before the first character
 * of the last line and leans right by `slant` px per row: the lines above it start further from it.
 */
function onDesk(clean: Grey, lineCount: number, gap: number, slant: number): Grey {
  const g = { ...clean, data: clean.data.slice() };
  const lines = mrzLines(clean, lineCount);
  const last = lines[lines.length - 1]!;
  const h = last.bottom - last.top;
  for (let y = 0; y < g.height; y++) paint(g, 0, y, last.x0 - gap * h + (y - last.top) * slant, 1, 60);
  return g;
}

describe('the card edge beside the MRZ', () => {
  it('a TD1 whose card edge passes 1.4 line heights before its last line, upright or leaning: three lines, read as printed', { timeout: 60_000 }, async () => {
    const clean = await renderScan('TD1', TD1, { cap_px: 24 });
    for (const slant of [0, 0.05, 0.1]) {
      const band = await locate(onDesk(clean, 3, 1.4, slant));
      expect(band.lineCount, `slant ${slant}`).toBe(3);
      expect(readCells(rectifyMrzBand(normaliseBand(band)))?.lines, `slant ${slant}`).toEqual(TD1);
    }
  });

  it('a TD2 and a TD3 whose card edge leans into the first line (1.6 line heights before the last one): no grid starts at the desk', { timeout: 60_000 }, async () => {
    for (const [format, printed, slant] of [['TD2', TD2, 0.1], ['TD3', TD3, 0.15]] as const) {
      const band = await locate(onDesk(await renderScan(format, printed, { cap_px: 24 }), 2, 1.6, slant));
      expect(readCells(rectifyMrzBand(normaliseBand(band)))?.lines, format).toEqual(printed);
    }
  });
});

describe('telling the card edge from a glyph by its shape', () => {
  // A 60 × 40 mask with a line at rows 15–25.
  const [w, h, top, bottom] = [60, 40, 15, 25];
  const mask = (draw: (x: number, y: number) => boolean): Uint8Array => {
    const m = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m[y * w + x] = draw(x, y) ? 1 : 0;
    return m;
  };

  it('a straight stroke of even width through the line and beyond it, leaning: its columns', () => {
    const cols = edgeStrokeColumns(mask((x, y) => x >= 10 + y * 0.1 && x < 13 + y * 0.1), w, h, top, bottom);
    expect(cols).not.toBeNull();
    expect(cols![11]).toBe(1);
    expect(cols![30]).toBe(0);
  });

  it('the desk from the side of the image up to a straight edge: its columns', () => {
    const cols = edgeStrokeColumns(mask((x) => x < 8), w, h, top, bottom);
    expect(cols?.[7]).toBe(1);
  });

  it('a glyph\'s stroke (the line\'s height only), a stroke that bends, one that widens into a glyph: none', () => {
    expect(edgeStrokeColumns(mask((x, y) => x >= 20 && x < 23 && y >= top && y < bottom), w, h, top, bottom)).toBeNull();
    expect(edgeStrokeColumns(mask((x, y) => Math.abs(x - (20 + ((y - 20) ** 2) / 40)) < 1.5), w, h, top, bottom)).toBeNull();
    expect(edgeStrokeColumns(mask((x, y) => (x >= 20 && x < 23) || (y >= 18 && y < 21 && x >= 20 && x < 30)), w, h, top, bottom)).toBeNull();
  });
});
