// The MRZ cell grid under a camera's keystone: when the document leans away to one side, the characters
// at the far end of each line are narrower than at the near end, and one fixed pitch drifts by a cell
// along a 36–44 character line. The grid's pitch may change linearly along the line (mrz-cells.ts), and
// its boundaries are fitted to the narrow gaps between glyphs. Images are drawn by the independent
// evaluation set's Pillow renderer (test/mrz-eval/render_one.py: Pillow/FreeType and numpy, no drawing
// code shared with the reader or the kiosk's specimen generator), with the ICAO 9303 specimen texts.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellAt, cellX, readCells } from '../../../main/precheck/mrz-cells';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { normaliseBand } from '../../../main/precheck/mrz-normalise';
import { rectifyMrzBand } from '../../../main/precheck/mrz-rectify';
import { renderOne } from '../../mrz-eval/eval-set';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

function render(format: 'TD2' | 'TD3', printed: string[], effects: Record<string, unknown>): Buffer {
  expect(existsSync(OCRB), `OCR-B font at ${OCRB}`).toBe(true);
  const job = { format, printed, font: OCRB, camera: true, effects };
  return renderOne(job);
}

async function cellRead(image: Buffer): Promise<string[] | undefined> {
  const located = await locateMrzBand(image);
  expect(located).not.toBeNull();
  return readCells(rectifyMrzBand(normaliseBand(located!)))?.lines;
}

describe('MRZ cell grid: keystone along the lines', () => {
  it('a TD3 leaning away to its right (8 % keystone on the left edge, 2° tilt) is cut into the right cells', { timeout: 60_000 }, async () => {
    const image = render('TD3', TD3, {
      keystone: 0.08,
      keystone_side: 'left',
      rotate: -2,
      pitch_ratio: 0.99,
      background: 'dark',
      card_fill: 0.8,
      frame_width: 1600,
      seed: 1,
    });
    expect(await cellRead(image)).toEqual(TD3);
  });

  it('a TD2 leaning away to its left (9 % keystone on the right edge), pitch ÷ height 1.02', { timeout: 60_000 }, async () => {
    const image = render('TD2', TD2, {
      keystone: 0.09,
      keystone_side: 'right',
      rotate: 0,
      pitch_ratio: 1.02,
      background: 'dark',
      card_fill: 0.8,
      frame_width: 1600,
      seed: 2,
    });
    expect(await cellRead(image)).toEqual(TD2);
  });
});

describe('cellX and cellAt', () => {
  it('a constant pitch: cell t is at origin + t · pitch', () => {
    const g = { origin: 10, pitch: 20, gradient: 0 };
    expect(cellX(g, 44, 0)).toBe(10);
    expect(cellX(g, 44, 43)).toBe(10 + 43 * 20);
    expect(cellAt(g, 44, 10 + 7 * 20 + 9)).toBe(7);
  });

  it('a changing pitch: the middle of the line keeps `pitch`, the ends differ by the gradient, and cellAt inverts cellX', () => {
    const n = 44;
    // 10 % narrower at the right end than at the left end.
    const g = { origin: 30, pitch: 20, gradient: -0.1 / (n - 1) };
    const pitchAt = (t: number): number => cellX(g, n, t + 0.5) - cellX(g, n, t - 0.5);
    expect(pitchAt((n - 1) / 2)).toBeCloseTo(20, 6);
    expect(pitchAt(0) / pitchAt(n - 1)).toBeCloseTo(1.05 / 0.95, 2);
    for (let c = 0; c < n; c++) {
      expect(cellAt(g, n, cellX(g, n, c))).toBe(c);
      // Anywhere inside the cell (its boundaries are at c ± 0.5) belongs to it.
      expect(cellAt(g, n, cellX(g, n, c - 0.45))).toBe(c);
      expect(cellAt(g, n, cellX(g, n, c + 0.45))).toBe(c);
    }
    // Cell 0 and cell n − 1 are where one pitch puts them; in between one pitch is off by half a cell, so
    // the middle cells would be taken for their neighbours.
    expect(cellX(g, n, n - 1)).toBeCloseTo(g.origin + (n - 1) * g.pitch, 6);
    expect(Math.round((cellX(g, n, 21) - g.origin) / g.pitch)).toBe(22);
  });
});
