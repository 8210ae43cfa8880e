// The MRZ reader on input a fraud attempt or a broken upload could hand it: an empty file, something that
// is not an image, a JPEG cut off half-way, and decompression bombs (a PNG whose header claims 20000 ×
// 20000 pixels, and a real 7000 × 7000 PNG of blank paper that decodes to 49 megapixels). Each gets a
// plain 'unreadable' answer, the call settles, and the same reader still reads a document afterwards. The
// document scan is drawn by the evaluation set's Pillow renderer (test/mrz-eval/render_one.py), ICAO 9303
// specimen text ("Utopia").
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMrzReader, type MrzReader } from '../../../main/precheck/mrz-ocr';
import { renderOne } from '../../mrz-eval/eval-set';
import { pngClaiming } from './png-claiming';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];

function scan(): Buffer {
  expect(existsSync(OCRB), `OCR-B font at ${OCRB}`).toBe(true);
  const job = { format: 'TD2', printed: TD2, font: OCRB, camera: false, effects: { cap_px: 30, seed: 3 } };
  return renderOne(job);
}

let reader: MrzReader;
let document: Buffer;
beforeAll(async () => {
  reader = await createMrzReader({ extraStates: ['UTO'] });
  document = scan();
}, 60_000);
afterAll(async () => {
  await reader?.close();
});

describe('MRZ reader: input it cannot or should not decode', () => {
  const cases: Array<[string, () => Buffer | Promise<Buffer>, RegExp]> = [
    ['an empty file', () => Buffer.alloc(0), /empty/i],
    ['a text file', () => Buffer.from('%PDF-1.7 this is not an image at all\n'.repeat(20)), /not an image/i],
    ['a PNG whose header claims 20000 × 20000 pixels', () => pngClaiming(20000, 20000, 16), /too large.*20000 × 20000/i],
    [
      'a real 7000 × 7000 PNG of blank paper (49 megapixels)',
      () => sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#ffffff' } }).greyscale().png({ compressionLevel: 9 }).toBuffer(),
      /too large.*7000 × 7000/i,
    ],
  ];
  for (const [name, make, reason] of cases) {
    it(`${name}: unreadable, with a plain reason`, { timeout: 60_000 }, async () => {
      const r = await reader.read(await make());
      expect({ status: r.status, fields: r.fields, problems: r.problems }).toEqual({ status: 'unreadable', fields: null, problems: [expect.stringMatching(reason)] });
    });
  }

  it('a JPEG cut off half-way: not accepted, with a plain reason', { timeout: 60_000 }, async () => {
    const r = await reader.read(document.subarray(0, Math.floor(document.length * 0.5)));
    expect(r.status).not.toBe('accepted');
    expect(r.fields).toBeNull();
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems.join(' ')).toMatch(/^[A-Z].*\.$/);
  });

  it('after all of them, the same reader still reads a document', { timeout: 60_000 }, async () => {
    const r = await reader.read(document);
    expect({ status: r.status, lines: r.lines }).toEqual({ status: 'accepted', lines: TD2 });
  });
});
