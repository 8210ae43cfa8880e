// The whole reader (template read confirmed by tesseract) on specimens whose printed MRZ was tampered
// with after printing: a name letter replaced by another OCR-B letter, or wiped off. Names are covered by
// no check digit, so only the two readers stand between such an image and a wrong name being accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { loadOcrBFont } from '../../../main/fonts/ocr-b';
import { generateSpecimen, randomSpecimenSpec, type Specimen } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import { createMrzReader, type MrzReader } from '../../../main/precheck/mrz-ocr';

let reader: MrzReader;
beforeAll(async () => {
  reader = await createMrzReader();
});
afterAll(() => reader?.close());

/** Paints over one character of the first MRZ line of a TD3 specimen (geometry of the specimen generator). */
async function overprint(sp: Specimen, column: number, letter: string | null): Promise<Buffer> {
  const mm = (v: number): number => (v / 25.4) * 300;
  const pitch = mm(2.54);
  const x = mm(6) + column * pitch;
  const baseline = sp.height - mm(4.2) - mm(5.2);
  const glyph = letter
    ? loadOcrBFont().svgText(letter, +x.toFixed(1), +baseline.toFixed(1), +mm(3.4).toFixed(1), { fill: '#111' })
    : '';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${sp.width}" height="${sp.height}"><rect x="${(x - pitch * 0.15).toFixed(1)}" y="${(baseline - mm(3.1)).toFixed(1)}" width="${(pitch * 1.1).toFixed(1)}" height="${mm(3.6).toFixed(1)}" fill="#f6f7f4"/>${glyph}</svg>`;
  return sharp(sp.jpeg).composite([{ input: Buffer.from(svg) }]).jpeg({ quality: 90 }).toBuffer();
}

const SURNAME_START = 5; // P<XXX then the surname

describe('a name letter changed in the image', () => {
  it.each([401, 402, 403])('seed %i: accepted only with the letter as printed, never with the original', async (seed) => {
    const sp = await generateSpecimen(randomSpecimenSpec(seed, { format: 'TD3' }));
    const column = SURNAME_START + 1;
    const original = sp.mrz[0]![column]!;
    const replacement = original === 'X' ? 'K' : 'X';
    const image = await overprint(sp, column, replacement);
    for (const frame of [image, (await renderWebcamFrame(image, { seed, rotationDeg: 2, blurSigma: 0.6, noise: 4, light: 0.8, scale: 0.6, quality: 80 })).jpeg]) {
      const r = await reader.read(frame);
      const printed = sp.truth.surname.slice(0, 1) + replacement + sp.truth.surname.slice(2);
      if (r.status === 'accepted') expect(r.fields?.lastName).toBe(printed);
      expect(r.fields?.lastName).not.toBe(sp.truth.surname);
      // The checks the document carries still pass: only the two readers can notice the change.
      expect(r.rawLines[0]?.[column]).toBe(replacement);
    }
  });
});

describe('a name letter wiped off', () => {
  it.each([404, 405])('seed %i: never accepted', async (seed) => {
    const sp = await generateSpecimen(randomSpecimenSpec(seed, { format: 'TD3' }));
    const image = await overprint(sp, SURNAME_START + 2, null);
    const r = await reader.read(image);
    expect(r.status).not.toBe('accepted');
    expect(r.fields).toBeNull();
  });
});

describe('misprinted check digits on webcam-like frames are never accepted', () => {
  const cases = (['TD1', 'TD2', 'TD3'] as const).flatMap((format, i) =>
    (['documentNumber', 'birthDate', 'expiryDate', 'composite'] as const).map((broken, j) => ({ format, broken, seed: 420 + i * 10 + j })),
  );
  it.each(cases)('$format with a wrong $broken check digit', async ({ format, broken, seed }) => {
    const sp = await generateSpecimen(randomSpecimenSpec(seed, { format, side: format === 'TD1' ? 'back' : 'front', brokenCheckDigit: broken }));
    const frame = await renderWebcamFrame(sp.jpeg, { seed, rotationDeg: -2.5, blurSigma: 0.7, noise: 4, light: 0.75, scale: 0.58, quality: 80 });
    const r = await reader.read(frame.jpeg);
    expect(r.status).not.toBe('accepted');
    expect(r.fields).toBeNull();
    expect(Object.keys(r.checks).length > 0 && Object.values(r.checks).every(Boolean)).toBe(false);
  });
});
