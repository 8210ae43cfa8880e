// The real pipeline on generated specimens: sharp band location → tesseract.js (legacy engine, offline
// traineddata) → grid alignment → `mrz` validation. Every assertion compares with the specimen's truth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { generateSpecimen, randomSpecimenSpec, type SpecimenTruth } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import { createMrzReader, type MrzReader, type MrzReadResult } from '../../../main/precheck/mrz-ocr';
import { summarizeMrz } from '../../../main/precheck/summary';

let reader: MrzReader;
beforeAll(async () => {
  reader = await createMrzReader();
});
afterAll(() => reader?.close());

const yymmdd = (iso: string): string => iso.slice(2).replace(/-/g, '');

function expectTruth(r: MrzReadResult, truth: SpecimenTruth): void {
  expect(r.status, `${r.problems.join('; ')}\n${r.rawLines.join('\n')}`).toBe('accepted');
  expect(r.format).toBe(truth.format);
  expect(r.fields).toEqual({
    documentCode: truth.documentCode.replace(/</g, ''),
    issuingState: truth.issuingState,
    lastName: truth.surname,
    firstName: truth.givenNames,
    documentNumber: truth.documentNumber,
    nationality: truth.nationality,
    birthDate: yymmdd(truth.dateOfBirth),
    sex: truth.sex,
    expirationDate: yymmdd(truth.dateOfExpiry),
    personalNumber: truth.personalNumber,
  });
  expect(Object.values(r.checks).every(Boolean)).toBe(true);
}

const sideFor = (format: 'TD1' | 'TD2' | 'TD3'): 'front' | 'back' => (format === 'TD1' ? 'back' : 'front');

describe('MRZ OCR on clean scans (300 dpi)', () => {
  const cases = [
    { format: 'TD1', seed: 11 },
    { format: 'TD1', seed: 12 },
    { format: 'TD2', seed: 13 },
    { format: 'TD3', seed: 14 },
    { format: 'TD3', seed: 16 },
  ] as const;
  it.each(cases)('$format seed $seed reads every field right', async ({ format, seed }) => {
    const sp = await generateSpecimen(randomSpecimenSpec(seed, { format, side: sideFor(format) }));
    expectTruth(await reader.read(sp.jpeg), sp.truth);
  });
});

describe('MRZ OCR on webcam-like frames (document on a desk, rotated, blurred, noisy)', () => {
  const cases = [
    { format: 'TD1', seed: 21, variant: { rotationDeg: 2, blurSigma: 0.6, noise: 4 } },
    { format: 'TD3', seed: 22, variant: { rotationDeg: -3, blurSigma: 0.8, noise: 5 } },
    { format: 'TD2', seed: 23, variant: { rotationDeg: 1.5, blurSigma: 0.4, noise: 2, light: 0.8 } },
  ] as const;
  it.each(cases)('$format seed $seed reads every field right', async ({ format, seed, variant }) => {
    const sp = await generateSpecimen(randomSpecimenSpec(seed, { format, side: sideFor(format) }));
    const frame = await renderWebcamFrame(sp.jpeg, { seed, ...variant });
    expectTruth(await reader.read(frame.jpeg), sp.truth);
  });
});

describe('broken check digits are never accepted', () => {
  const broken = ['documentNumber', 'birthDate', 'expiryDate', 'composite'] as const;
  const formats = ['TD1', 'TD2', 'TD3'] as const;
  const cases = formats.flatMap((format, i) => broken.map((b, j) => ({ format, broken: b, seed: 40 + i * 10 + j })));
  it.each(cases)('$format with a wrong $broken check digit', async ({ format, broken: which, seed }) => {
    const sp = await generateSpecimen(randomSpecimenSpec(seed, { format, side: sideFor(format), brokenCheckDigit: which }));
    const r = await reader.read(sp.jpeg);
    expect(r.status).not.toBe('accepted');
    expect(r.fields).toBeNull();
    // Never "every check digit passes": either one fails (usually the misprinted one) or the MRZ was not
    // read consistently enough to check at all.
    const allPass = Object.keys(r.checks).length > 0 && Object.values(r.checks).every(Boolean);
    expect(allPass).toBe(false);
  });
});

describe('no MRZ', () => {
  it('a TD1 front (MRZ on the back) is unreadable, with a reason', async () => {
    const sp = await generateSpecimen(randomSpecimenSpec(61, { format: 'TD1', side: 'front' }));
    const r = await reader.read(sp.jpeg);
    expect(r.status).toBe('unreadable');
    expect(r.problems[0]).toMatch(/machine-readable zone/);
  });
  it('a blank page and bytes that are not an image are unreadable and do not throw', async () => {
    const blank = await sharp({ create: { width: 1000, height: 640, channels: 3, background: '#f4f4f4' } }).jpeg().toBuffer();
    expect((await reader.read(blank)).status).toBe('unreadable');
    const junk = await reader.read(Buffer.from('definitely not a jpeg'));
    expect(junk.status).toBe('unreadable');
    expect(junk.problems[0]).toBe('The file is not an image the reader can decode.');
  });
});

describe('teller summary from a real read', () => {
  it('flags an expired document and computes the age against the injected clock', async () => {
    const now = new Date('2026-06-15T10:00:00Z');
    const sp = await generateSpecimen(randomSpecimenSpec(71, { format: 'TD3', expired: true, now: '2026-06-15' }));
    const r = await reader.read(sp.jpeg);
    expectTruth(r, sp.truth);
    const s = summarizeMrz(r, now);
    expect(s.documentKind).toBe('passport');
    expect(s.dateOfExpiry).toBe(sp.truth.dateOfExpiry);
    expect(s.expired).toBe(true);
    expect(s.dateOfBirth).toBe(sp.truth.dateOfBirth);
    const [y, m, d] = sp.truth.dateOfBirth.split('-').map(Number) as [number, number, number];
    expect(s.age).toBe(2026 - y - (m > 6 || (m === 6 && d > 15) ? 1 : 0));
    expect(s.fields.find((f) => f.key === 'dateOfExpiry')).toMatchObject({ valid: false, problem: 'the document has expired' });
    expect(s.fields.filter((f) => f.key !== 'dateOfExpiry').every((f) => f.valid)).toBe(true);
    expect(s.messages.join(' ')).toMatch(/expired/);
  });
});
