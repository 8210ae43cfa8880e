// The covered-by-checks fast path (mrz-ocr.ts confirmUncoveredOnly, mrz-confirm.ts rule 5) on real
// images: tesseract sees only the characters no check digit covers, so those — a name, the nationality —
// must still never be accepted against what is printed. Specimens are TD3 pages tampered with after
// printing (one letter painted over with another OCR-B letter), read as scans and as webcam frames.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { loadOcrBFont } from '../../../main/fonts/ocr-b';
import { generateSpecimen, randomSpecimenSpec, type Specimen } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import { readCells } from '../../../main/precheck/mrz-cells';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { confirmUncoveredOnly, createMrzReader, type MrzReader } from '../../../main/precheck/mrz-ocr';
import { createOcrEngine, type OcrEngine } from '../../../main/precheck/mrz-worker';

let engine: OcrEngine;
let reader: MrzReader;
beforeAll(async () => {
  engine = await createOcrEngine({ profile: 'mrz' });
  reader = await createMrzReader({ engine });
});
afterAll(async () => {
  await reader?.close();
  await engine?.close();
});

/** Paints `letter` over one character of a TD3 specimen's MRZ (the specimen generator's geometry). */
async function overprint(sp: Specimen, line: 0 | 1, column: number, letter: string): Promise<Buffer> {
  const mm = (v: number): number => (v / 25.4) * 300;
  const pitch = mm(2.54);
  const x = mm(6) + column * pitch;
  const baseline = sp.height - mm(4.2) - (line === 0 ? mm(5.2) : 0);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${sp.width}" height="${sp.height}"><rect x="${(x - pitch * 0.15).toFixed(1)}" y="${(baseline - mm(3.1)).toFixed(1)}" width="${(pitch * 1.1).toFixed(1)}" height="${mm(3.6).toFixed(1)}" fill="#f6f7f4"/>${loadOcrBFont().svgText(letter, +x.toFixed(1), +baseline.toFixed(1), +mm(3.4).toFixed(1), { fill: '#111' })}</svg>`;
  return sharp(sp.jpeg).composite([{ input: Buffer.from(svg) }]).jpeg({ quality: 90 }).toBuffer();
}

const frames = async (image: Buffer, seed: number): Promise<Buffer[]> => [
  image,
  (await renderWebcamFrame(image, { seed, rotationDeg: -1.5, blurSigma: 0.6, noise: 4, light: 0.8, scale: 0.6, quality: 80 })).jpeg,
];

async function fastPath(image: Buffer) {
  const band = await locateMrzBand(image);
  expect(band).not.toBeNull();
  const t = readCells(band!);
  expect(t).not.toBeNull();
  return confirmUncoveredOnly(engine, band!, t!);
}

describe('fast path: the untampered page', () => {
  it('is accepted by the fast path alone, scan and webcam frame', async () => {
    const sp = await generateSpecimen(randomSpecimenSpec(507, { format: 'TD3' }));
    for (const frame of await frames(sp.jpeg, 507)) {
      const c = await fastPath(frame);
      expect(c.parsed.accepted).toBe(true);
      expect(c.parsed.lines).toEqual(sp.mrz);
    }
  });
});

describe('fast path: a name letter changed in the image', () => {
  it.each([502, 503])('seed %i: never accepted with the original name', async (seed) => {
    const sp = await generateSpecimen(randomSpecimenSpec(seed, { format: 'TD3' }));
    const column = 5 + 2; // P<XXX, then the third letter of the surname
    const replacement = sp.mrz[0]![column] === 'X' ? 'K' : 'X';
    const printed = sp.truth.surname.slice(0, 2) + replacement + sp.truth.surname.slice(3);
    for (const frame of await frames(await overprint(sp, 0, column, replacement), seed)) {
      const c = await fastPath(frame);
      if (c.parsed.accepted) expect(c.parsed.values?.lastName).toBe(printed);
      expect(c.parsed.values?.lastName ?? null).not.toBe(sp.truth.surname);
      const r = await reader.read(frame);
      expect(r.fields?.lastName ?? null).not.toBe(sp.truth.surname);
    }
  });
});

describe('fast path: a nationality letter changed in the image', () => {
  it.each([504, 505])('seed %i: neither accepted with the original nationality nor with the unknown code', async (seed) => {
    const sp = await generateSpecimen(randomSpecimenSpec(seed, { format: 'TD3' }));
    const original = sp.mrz[1]!.slice(10, 13);
    // Middle letter → X: no ICAO code has the form ?X? among the states the specimens use.
    for (const frame of await frames(await overprint(sp, 1, 11, 'X'), seed)) {
      const c = await fastPath(frame);
      expect(c.parsed.accepted).toBe(false);
      const r = await reader.read(frame);
      expect(r.status).not.toBe('accepted');
      expect(r.fields).toBeNull();
      // What was read is what is printed, not the original silently restored.
      expect(r.rawLines[1]?.slice(10, 13)).not.toBe(original);
    }
  });
});
