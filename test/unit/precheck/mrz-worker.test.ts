// The OCR engine (mrz-worker.ts) with the real tesseract.js worker: a call's whitelist holds for that
// call's read even when other calls with other whitelists are made at the same time (the whitelist and the
// read are two tesseract.js jobs; another call's whitelist must never land between them). The MRZ is drawn
// here with Pillow/FreeType in the repository's OCR-B (no drawing code shared with the reader), ICAO 9303
// specimen text ("Utopia").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine, MRZ_DIGITS, MRZ_LETTERS, MRZ_WHITELIST, type OcrEngine } from '../../../main/precheck/mrz-worker';
import { drawOcrbLines } from './ocrb-lines';

const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];

/** The default (full MRZ) whitelist's read of the drawn lines: names in letters, dates in digits. */
const READ_AS_PRINTED = /^I<UTOERIKSSON<<ANNA<MARIA<+\nD231458907UT[O0]7408122F1204159<+6$/;

/** Everything the engine read, lines joined, spaces dropped. */
const textOf = (lines: { text: string }[]): string => lines.map((l) => l.text.replace(/\s+/g, '')).join('\n');
const outside = (text: string, whitelist: string): string[] => [...new Set([...text.replace(/\n/g, '')].filter((c) => !whitelist.includes(c)))];

let engine: OcrEngine;
let image: Buffer;
beforeAll(async () => {
  engine = await createOcrEngine({ profile: 'mrz' });
  image = drawOcrbLines(TD2);
}, 60_000);
afterAll(async () => {
  await engine?.close();
});

describe('OCR engine: each call reads with its own whitelist', () => {
  it('calls made at the same time with digit-only, letter-only and the default whitelist each read as when made alone', { timeout: 120_000 }, async () => {
    const wanted = [MRZ_DIGITS, MRZ_LETTERS, undefined, MRZ_DIGITS, MRZ_LETTERS, undefined] as const;
    // One at a time: what each whitelist reads on this image.
    const alone = new Map<string | undefined, string>();
    for (const w of [MRZ_DIGITS, MRZ_LETTERS, undefined]) alone.set(w, textOf(await engine.recognize(image, w ? { whitelist: w } : {})));
    // The default whitelist reads the names and the digits (OCR-B's O and 0 are alike: not asked of it here).
    expect(alone.get(undefined)).toMatch(READ_AS_PRINTED);
    expect(alone.get(MRZ_DIGITS)).toMatch(/\d{6}/);
    expect(alone.get(MRZ_LETTERS)).toMatch(/ERIKSSON/);

    // All at once, twice over (a whitelist set by one call must not leak into another's read).
    const together = await Promise.all(wanted.map((w) => engine.recognize(image, w ? { whitelist: w } : {})));
    together.forEach((lines, i) => {
      const w = wanted[i];
      const text = textOf(lines);
      expect({ call: i, outside: outside(text, w ?? MRZ_WHITELIST) }).toEqual({ call: i, outside: [] });
      expect({ call: i, text }).toEqual({ call: i, text: alone.get(w) });
    });
  });

  it('a call after a failed one reads with its own whitelist', { timeout: 60_000 }, async () => {
    const before = textOf(await engine.recognize(image));
    expect(before).toMatch(READ_AS_PRINTED);
    const failed = engine.recognize(Buffer.from('not an image'), { whitelist: MRZ_DIGITS });
    const next = engine.recognize(image);
    await expect(failed).rejects.toThrow(/could not read the image/);
    expect(textOf(await next)).toBe(before);
  });

  it('a closed engine refuses further calls with a plain reason', { timeout: 30_000 }, async () => {
    const own = await createOcrEngine({ profile: 'mrz' });
    const queued = own.recognize(image, { whitelist: MRZ_LETTERS });
    await own.close();
    // A call made before close still completes; one made after is refused.
    expect(textOf(await queued)).toMatch(/ERIKSSON/);
    await expect(own.recognize(image)).rejects.toThrow(/closed/);
  });
});
