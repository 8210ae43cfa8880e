// The second reader behind a print screen (mrz-screen-smooth.ts, readPass in mrz-ocr.ts): a tesseract
// pass that sees no text in a line is made again over the band with the screen smoothed out, and that
// read stands in its place; and which cells the second look at single cells takes (secondLookCells).
// Scans drawn by the independent evaluation set's Pillow renderer (test/mrz-eval/render_one.py:
// Pillow/FreeType and numpy, no drawing code shared with the reader) with the ICAO 9303 specimen texts
// for the fictitious state UTO, dithered whole by ImageMagick (`-ordered-dither h6x6o`, as the evaluation
// set's ImageMagick renderer prints its halftone cards) and then turned 6° — a camera's view of a
// halftone card, whose dots no longer line up with the pixel grid.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLANK_READ_SHARE, blankRead, readMrzWith, secondLookCells, MAX_SHEET_CELLS } from '../../../main/precheck/mrz-ocr';
import { checkCoverage } from '../../../main/precheck/mrz-parse';
import { SCREEN_THRESHOLD, smoothBandScreen } from '../../../main/precheck/mrz-screen-smooth';
import { renderOne } from '../../mrz-eval/eval-set';
import { templateRead } from './template-read';
import { mrzEngineForFile } from './file-reader';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');
const OPTIONS = { extraStates: ['UTO'] };
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
/** The document number's last digit 0 printed as the letter O, its check digit left as it was: altered. */
const O_FOR_ZERO = [TD1[0]!.slice(0, 13) + 'O' + TD1[0]!.slice(14), TD1[1]!, TD1[2]!];
/** The same document with its birth date changed (1974 → 1979) and the check digit left: altered. */
const BIRTH_CHANGED = [TD1[0]!, '7908122F1204159UTO<<<<<<<<<<<6', TD1[2]!];

/** A 30 px cap scan, dithered through a 6×6 screen, turned 6°, blurred by 1 px as a camera does. */
function halftoneCard(printed: string[]): Buffer {
  expect(existsSync(OCRB), `OCR-B font at ${OCRB}`).toBe(true);
  const job = { format: 'TD1', printed, font: OCRB, camera: false, effects: { cap_px: 30, jpeg: 90, blur: 0.3, noise: 2, seed: 3 } };
  const scan = renderOne(job);
  return execFileSync('convert', ['jpg:-', '-colorspace', 'gray', '-ordered-dither', 'h6x6o', '-background', 'gray60', '-rotate', '6', '-blur', '0x1.0', '-quality', '90', 'jpg:-'], {
    input: scan,
    maxBuffer: 64 << 20,
  });
}

const engine = mrzEngineForFile();

describe('a tesseract pass that saw no text', () => {
  const blank = (n: number): string => '?'.repeat(n);
  it('is a read with a line holding a symbol in fewer than a quarter of the cells it was shown', () => {
    const seen = Math.ceil(30 * BLANK_READ_SHARE);
    expect(blankRead(TD1)).toBe(false);
    expect(blankRead([TD1[0]!, TD1[1]!, TD1[2]!.slice(0, seen - 1) + blank(31 - seen)])).toBe(true);
    expect(blankRead([TD1[0]!, TD1[1]!, TD1[2]!.slice(0, seen) + blank(30 - seen)])).toBe(false);
  });

  it('counts only the cells the pass was shown (a masked pass), and not a line shown too few to tell', () => {
    const cov = checkCoverage('TD1');
    const uncovered = (li: number, col: number): boolean => cov[li]![col] === 0;
    // The masked pass sees nothing where it was shown nothing: not blank for that.
    const masked = TD1.map((l, li) => [...l].map((c, col) => (uncovered(li, col) ? c : '?')).join(''));
    expect(blankRead(masked, uncovered)).toBe(false);
    // Line 2 shows only sex and nationality (4 cells): a miss there is no sign of a picture region.
    const line2 = masked.map((l, li) => (li === 1 ? blank(30) : l));
    expect(blankRead(line2, uncovered)).toBe(false);
    // The name line blank: blank.
    expect(blankRead(masked.map((l, li) => (li === 2 ? blank(30) : l)), uncovered)).toBe(true);
  });
});

describe('the print screen smoothed out', () => {
  it('a dot grid on the paper becomes paper; solid strokes stay ink; the band keeps its size', async () => {
    const width = 240;
    const height = 90;
    const grey = new Uint8Array(width * height).fill(255);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (x % 4 < 1 && y % 4 < 1) grey[y * width + x] = 30;
    for (let y = 30; y < 60; y++) for (let x = 40; x < 200; x += 30) for (let k = 0; k < 5; k++) grey[y * width + x + k] = 10;
    const band = { grey, width, height, lineCount: 2, angle: 0, lineHeight: 30, lines: [] };
    const out = await smoothBandScreen(band);
    expect(out.width).toBe(width);
    expect(out.grey.length).toBe(grey.length);
    const at = (x: number, y: number): number => out.grey[y * width + x]!;
    // Paper between the bars, dots and all, is white; the middle of each bar is black.
    for (const [x, y] of [[20, 10], [30, 80], [60, 45], [230, 45]] as const) expect(at(x, y), `paper at ${x},${y}`).toBeGreaterThan(SCREEN_THRESHOLD);
    for (let x = 42; x < 200; x += 30) expect(at(x, 45), `bar at ${x}`).toBeLessThan(SCREEN_THRESHOLD);
  });

  it('a halftone card seen turned, which tesseract read as a picture, is accepted with the printed text', { timeout: 120_000 }, async () => {
    const r = await readMrzWith(engine(), halftoneCard(TD1), OPTIONS);
    expect(r.problems).toEqual([]);
    expect(r.status).toBe('accepted');
    expect(r.lines).toEqual(TD1);
  });

  it('the same card altered (a look-alike O for a 0, or a changed birth date, check digits left) is still refused', { timeout: 120_000 }, async () => {
    for (const printed of [O_FOR_ZERO, BIRTH_CHANGED]) {
      const r = await readMrzWith(engine(), halftoneCard(printed), OPTIONS);
      expect(r.status, printed.join(' ')).not.toBe('accepted');
    }
  });
});

describe('the cells the second look takes', () => {
  // A TD3 whose document number and dates tesseract garbled (covered by check digits) and whose name it
  // misread in two cells.
  const lines = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
  const t = templateRead(lines);
  const cov = checkCoverage('TD3');
  const garbled = [lines[0]!.replace('ANNA', 'AHNA').replace('MARIA', 'HARIA'), [...lines[1]!].map((c, col) => (cov[1]![col]! > 0 && /[0-9]/.test(c) ? '?' : c)).join('')];

  it('more disputed cells than a sheet holds: the uncovered ones, which only a second reader can confirm', () => {
    const covered = [...lines[1]!].filter((c, col) => cov[1]![col]! > 0 && /[0-9]/.test(c)).length;
    expect(covered + 2).toBeGreaterThan(MAX_SHEET_CELLS);
    expect(secondLookCells(t, [garbled])).toEqual([
      [0, 16],
      [0, 20],
    ]);
  });

  it('few enough: every disputed cell, covered ones included', () => {
    const one = [garbled[0]!, lines[1]!.slice(0, 2) + '?' + lines[1]!.slice(3)];
    expect(secondLookCells(t, [one])).toEqual([
      [0, 16],
      [0, 20],
      [1, 2],
    ]);
  });

  it('too many uncovered cells too: none', () => {
    const names = [lines[0]!.replace(/[A-Z]/g, '?'), garbled[1]!];
    expect(secondLookCells(t, [names])).toBeNull();
  });
});
