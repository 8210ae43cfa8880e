// Halftone removal (main/imaging/descreen.ts) and the MRZ reader's front end on a document printed
// through an ordered dither. The scan is drawn by the independent evaluation set's Pillow renderer
// (test/mrz-eval/render_one.py: Pillow/FreeType and numpy, no drawing code shared with the reader), with
// the ICAO 9303 specimen texts, and dithered whole by ImageMagick (`convert -ordered-dither h6x6o`, as the
// evaluation set's ImageMagick renderer prints its halftone cards): the paper becomes a grid of black dots
// as dark as the print, and the glyphs fall apart into dots.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { descreen, detectScreen } from '../../../main/imaging/descreen';
import { readCells } from '../../../main/precheck/mrz-cells';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { normaliseBand } from '../../../main/precheck/mrz-normalise';
import { rectifyMrzBand } from '../../../main/precheck/mrz-rectify';
import { renderOne } from '../../mrz-eval/eval-set';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

function renderScan(): Buffer {
  expect(existsSync(OCRB), `OCR-B font at ${OCRB}`).toBe(true);
  const job = { format: 'TD1', printed: TD1, font: OCRB, camera: false, effects: { cap_px: 28, jpeg: 95, seed: 3 } };
  return renderOne(job);
}

/** The scan through a 6×6 ordered-dither screen, a light blur and JPEG, as a halftone card is scanned. */
function dither(jpeg: Buffer): Buffer {
  return execFileSync('convert', ['jpg:-', '-colorspace', 'gray', '-ordered-dither', 'h6x6o', '-blur', '0x0.4', '-quality', '90', 'jpg:-'], {
    input: jpeg,
    maxBuffer: 64 << 20,
  });
}

async function grey(image: Buffer): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

async function cellRead(image: Buffer): Promise<string[] | undefined> {
  const located = await locateMrzBand(image);
  expect(located).not.toBeNull();
  return readCells(rectifyMrzBand(normaliseBand(located!)))?.lines;
}

describe('halftone screen', () => {
  it('a dot grid of period 6 over a light field is found with its period along both axes', () => {
    const width = 240;
    const height = 120;
    const data = new Uint8Array(width * height).fill(235);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (x % 6 < 2 && y % 6 < 2) data[y * width + x] = 20;
    // A few solid bars of print across it.
    for (let y = 40; y < 80; y++) for (let x = 30; x < 210; x += 24) for (let k = 0; k < 4; k++) data[y * width + x + k] = 10;
    const screen = detectScreen({ data, width, height });
    expect(screen).not.toBeNull();
    expect(screen!.periodX).toBeCloseTo(6, 0);
    expect(screen!.periodY).toBeCloseTo(6, 0);
  });

  it('a clean scan has no screen and is left as it is', { timeout: 60_000 }, async () => {
    const img = await grey(renderScan());
    const out = descreen(img);
    expect(out.screen).toBeNull();
    expect(out.image).toBe(img);
  });

  it('the dithered scan has a screen of period ~6 px', { timeout: 60_000 }, async () => {
    const screen = detectScreen(await grey(dither(renderScan())));
    expect(screen).not.toBeNull();
    expect(screen!.periodX).toBeGreaterThan(5.5);
    expect(screen!.periodX).toBeLessThan(6.5);
  });
});

describe('MRZ front end on a halftone print', () => {
  it('the dithered TD1 scan is located as three lines and cut into the right cells', { timeout: 60_000 }, async () => {
    const image = dither(renderScan());
    const located = await locateMrzBand(image);
    expect(located?.lineCount).toBe(3);
    // The grid is the front end's: every cell holds its printed character, or is left unread ('?') for
    // tesseract to fill (the cell model may doubt one dithered glyph); a grid a cell off reads others.
    const read = await cellRead(image);
    expect(read).toBeDefined();
    if (!read) return;
    expect(read.map((l) => l.length)).toEqual(TD1.map((l) => l.length));
    const wrong = read.flatMap((l, i) => [...l].flatMap((c, k) => (c === TD1[i]![k] ? [] : [`${i}:${k} ${c}`])));
    expect(wrong.filter((w) => !w.endsWith(' ?'))).toEqual([]);
    expect(wrong.length).toBeLessThanOrEqual(1);
  });
});
