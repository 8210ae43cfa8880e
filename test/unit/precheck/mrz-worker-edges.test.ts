// The OCR engine (mrz-worker.ts) with the real tesseract.js worker, at its edges: the lines and boxes it
// returns, a failed read's error, closing twice, and the benchmark's 'default' profile (tesseract.js's
// own settings: no whitelist, so a call's whitelist is not applied). The MRZ is drawn here with
// Pillow/FreeType in the repository's OCR-B (no drawing code shared with the reader), ICAO 9303 specimen
// text ("Utopia").
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine, MRZ_DIGITS, MRZ_LETTERS, MRZ_WHITELIST, type OcrEngine } from '../../../main/precheck/mrz-worker';
import { python } from '../../mrz-eval/eval-set';
import { drawOcrbLines } from './ocrb-lines';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];

/** The lines drawn in OCR-B, and the PNG's size from its header. */
function drawLines(lines: string[]): { png: Buffer; width: number; height: number } {
  const png = drawOcrbLines(lines);
  return { png, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Ordinary text: lower case and punctuation, which the MRZ profile's whitelist leaves out. */
const PROSE = ['Hello, world: this is plain text.', 'Another line of words, 42 of them.'];
/** Two columns: three lines on the left, two on the right set between them. */
const COLUMNS: Array<[number, number, string]> = [
  [20, 20, 'ABCDEFG'],
  [20, 80, 'HIJKLMN'],
  [20, 140, 'OPQRSTU'],
  [700, 50, 'VWXYZ12'],
  [700, 110, '3456789'],
];

/** Text items (x, y, text) in OCR-B 40 px on a white page of width × height, as a PNG. */
function drawAt(items: Array<[number, number, string]>, width: number, height: number): Buffer {
  const script = [
    'import io, json, sys',
    'from PIL import Image, ImageDraw, ImageFont',
    'spec = json.load(sys.stdin)',
    'font = ImageFont.truetype(spec["font"], 40)',
    'img = Image.new("L", (spec["w"], spec["h"]), 255)',
    'd = ImageDraw.Draw(img)',
    'for x, y, t in spec["items"]: d.text((x, y), t, font=font, fill=0)',
    'buf = io.BytesIO(); img.save(buf, "PNG"); sys.stdout.buffer.write(buf.getvalue())',
  ].join('\n');
  return execFileSync(python(), ['-c', script], { input: JSON.stringify({ font: OCRB, items, w: width, h: height }), maxBuffer: 16 << 20 });
}

let engine: OcrEngine;
let drawn: { png: Buffer; width: number; height: number };
let prose: Buffer;
beforeAll(async () => {
  engine = await createOcrEngine();
  drawn = drawLines(TD2);
  prose = drawLines(PROSE).png;
}, 60_000);
afterAll(async () => {
  await engine?.close();
});

// First in the file: the engine's first reads are made with the whitelist it was created with.
describe('OCR engine: the MRZ profile (the default)', () => {
  it('reads only the MRZ alphabet, even off ordinary text', { timeout: 60_000 }, async () => {
    const text = (await engine.recognize(prose)).map((l) => l.text.replace(/\s+/g, '')).join('');
    expect(text.length).toBeGreaterThan(20);
    expect([...new Set([...text].filter((c) => !MRZ_WHITELIST.includes(c)))]).toEqual([]);
  });

  it('reads the page as one block of lines: a second column is not read as a block of its own', { timeout: 60_000 }, async () => {
    // Three lines on the left, two on the right between them: tesseract's automatic page segmentation
    // reads them as two blocks (five lines, the right column's as printed); one block makes rows across both.
    const lines = (await engine.recognize(drawAt(COLUMNS, 1000, 200))).map((l) => l.text.replace(/\s+/g, ''));
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines).not.toContain('VWXYZ12');
    expect(lines).not.toContain('3456789');
  });

  it('takes its language data from the package, never from a file in the working folder, and writes none there', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mrz-engine-cwd-'));
    const cwd = process.cwd();
    try {
      // A stray (broken) eng.traineddata where the process runs: tesseract.js would read it first if caching were on.
      writeFileSync(join(dir, 'eng.traineddata'), 'not language data');
      process.chdir(dir);
      const own = await createOcrEngine();
      try {
        expect((await own.recognize(drawn.png)).map((l) => l.text.replace(/\s+/g, ''))[0]).toBe(TD2[0]);
      } finally {
        await own.close();
      }
      // The benchmark's 'default' profile likewise.
      const plain = await createOcrEngine({ profile: 'default' });
      try {
        expect((await plain.recognize(drawn.png)).map((l) => l.text).join('\n')).toMatch(/ERIKSSON/);
      } finally {
        await plain.close();
      }
      expect(readdirSync(dir)).toEqual(['eng.traineddata']);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
  });
});

describe('OCR engine: what a read returns', () => {
  it('one line per printed line, top to bottom, its text without a line break, its symbols boxed left to right inside the image', { timeout: 60_000 }, async () => {
    const lines = await engine.recognize(drawn.png);
    expect(lines).toHaveLength(2);
    const [first, second] = lines as [(typeof lines)[0], (typeof lines)[0]];
    for (const l of lines) {
      expect(l.text).not.toMatch(/\n/);
      expect(l.text.replace(/\s+/g, '').length).toBe(l.symbols.length);
      expect(l.confidence).toBeGreaterThan(50);
      expect(l.confidence).toBeLessThanOrEqual(100);
      expect(l.y0).toBeLessThan(l.y1);
      l.symbols.forEach((s, k) => {
        expect(s.text).toHaveLength(1);
        expect(s.confidence).toBeGreaterThan(0);
        expect(s.x0).toBeGreaterThanOrEqual(0);
        expect(s.x0).toBeLessThan(s.x1);
        expect(s.x1).toBeLessThanOrEqual(drawn.width);
        expect(s.y0).toBeGreaterThanOrEqual(l.y0 - 2);
        expect(s.y0).toBeLessThan(s.y1);
        expect(s.y1).toBeLessThanOrEqual(l.y1 + 2);
        if (k > 0) expect(s.x0).toBeGreaterThanOrEqual(l.symbols[k - 1]!.x0);
      });
    }
    expect(first.symbols.map((s) => s.text).join('')).toBe(first.text.replace(/\s+/g, ''));
    expect(first.text.replace(/\s+/g, '')).toBe(TD2[0]);
    // The lines' boxes: the first printed at y 20, the second 60 px below it.
    expect(first.y1).toBeLessThanOrEqual(second.y0);
    expect(first.y0).toBeGreaterThanOrEqual(15);
    expect(first.y0).toBeLessThan(40);
    expect(second.y0 - first.y0).toBeGreaterThan(50);
    expect(second.y0 - first.y0).toBeLessThan(70);
    // The first symbol starts at the 20 px margin.
    expect(first.symbols[0]!.x0).toBeGreaterThanOrEqual(18);
    expect(first.symbols[0]!.x0).toBeLessThan(30);
  });

  it('an image it cannot decode rejects with an Error saying so, and the engine reads on', { timeout: 60_000 }, async () => {
    const failed = engine.recognize(Buffer.from('not an image at all'), { whitelist: MRZ_LETTERS });
    const error = await failed.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^tesseract could not read the image: ./);
    const lines = await engine.recognize(drawn.png, { whitelist: MRZ_DIGITS });
    expect(lines.map((l) => l.text.replace(/\s+/g, '')).join('\n')).toMatch(/^[0-9<\n]+$/);
  });

  it('closing twice is harmless; a call after it is refused with a plain reason', { timeout: 60_000 }, async () => {
    const own = await createOcrEngine({ profile: 'mrz' });
    await own.close();
    await expect(own.close()).resolves.toBeUndefined();
    await expect(own.recognize(drawn.png)).rejects.toThrow('the MRZ reader is closed');
  });
});

describe("OCR engine: the benchmark's 'default' profile", () => {
  it('reads with tesseract.js’s own settings: no MRZ whitelist, and a call’s whitelist is not applied', { timeout: 120_000 }, async () => {
    const plain = await createOcrEngine({ profile: 'default' });
    try {
      const text = (await plain.recognize(drawn.png, { whitelist: MRZ_DIGITS })).map((l) => l.text).join('\n');
      // Letters despite the digits-only whitelist asked for.
      expect(text).toMatch(/ERIKSSON/);
      // Lower case and punctuation: no MRZ whitelist.
      expect((await plain.recognize(prose)).map((l) => l.text).join('\n')).toMatch(/[a-z]{4}/);
    } finally {
      await plain.close();
    }
  });
});
