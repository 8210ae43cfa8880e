import { describe, expect, it } from 'vitest';
import { parse } from 'mrz';
import sharp from 'sharp';
import { generateSelfie, generateSpecimen, randomSpecimenSpec, SPECIMEN_STATES } from '../../../main/capture/specimen/generate';
import { checkDigit } from '../../../main/capture/specimen/mrz';

describe('specimen MRZ', () => {
  it('computes ICAO 9303 check digits (document 9303 part 3 examples)', () => {
    expect(checkDigit('L898902C3')).toBe('6');
    expect(checkDigit('740812')).toBe('2');
    expect(checkDigit('120415')).toBe('9');
    expect(checkDigit('D23145890')).toBe('7');
  });

  for (const format of ['TD1', 'TD2', 'TD3'] as const) {
    it(`${format}: every seeded specimen has an MRZ the mrz package accepts, with the spec's fields`, async () => {
      for (let seed = 1; seed <= 12; seed++) {
        const spec = randomSpecimenSpec(seed, { format, now: '2026-06-01' });
        const specimen = await generateSpecimenLight(spec);
        const result = parse(specimen.documentMrz);
        expect(result.format).toBe(format);
        expect(result.details.filter((d) => !d.valid).map((d) => `${d.field}: ${d.error}`)).toEqual([]);
        expect(result.valid).toBe(true);
        expect(result.fields.documentNumber).toBe(spec.documentNumber);
        expect(result.fields.lastName).toBe(spec.surname.replace(/ /g, ' '));
        expect(result.fields.issuingState).toBe(spec.issuingState);
        expect(result.fields.birthDate).toBe(spec.dateOfBirth.slice(2).replace(/-/g, ''));
        expect(specimen.truth.checkDigitsValid).toBe(true);
      }
    });
  }

  for (const which of ['documentNumber', 'birthDate', 'expiryDate', 'composite'] as const) {
    it(`a specimen with a broken ${which} check digit fails exactly that check`, async () => {
      const spec = randomSpecimenSpec(42, { format: 'TD3', brokenCheckDigit: which });
      const specimen = await generateSpecimenLight(spec);
      const result = parse(specimen.mrz);
      expect(result.valid).toBe(false);
      const failed = result.details.filter((d) => !d.valid).map((d) => d.field);
      const expected = { documentNumber: 'documentNumberCheckDigit', birthDate: 'birthDateCheckDigit', expiryDate: 'expirationDateCheckDigit', composite: 'compositeCheckDigit' }[which];
      expect(failed).toEqual([expected]);
      expect(specimen.truth.checkDigitsValid).toBe(false);
    });
  }

  it('expired option gives an expiry before the reference date, default gives one after', () => {
    for (let seed = 1; seed < 20; seed++) {
      expect(randomSpecimenSpec(seed, { expired: true, now: '2026-06-01' }).dateOfExpiry < '2026-06-01').toBe(true);
      expect(randomSpecimenSpec(seed, { now: '2026-06-01' }).dateOfExpiry > '2026-06-01').toBe(true);
    }
  });

  it('is deterministic per seed and varies issuing states across seeds', () => {
    expect(randomSpecimenSpec(7)).toEqual(randomSpecimenSpec(7));
    const states = new Set(Array.from({ length: 40 }, (_, i) => randomSpecimenSpec(i).issuingState));
    expect(states.size).toBeGreaterThanOrEqual(4);
    for (const s of states) expect(SPECIMEN_STATES.map((x) => x.code)).toContain(s);
  });
});

// Rendering at a low dpi keeps the MRZ tests quick; the image tests below render at 300 dpi.
const generateSpecimenLight = (spec: ReturnType<typeof randomSpecimenSpec>) => generateSpecimen({ ...spec, dpi: 60 });

describe('specimen images', () => {
  it('renders a TD3 data page at 300 dpi as a decodable JPEG of the ICAO size', async () => {
    const s = await generateSpecimen(randomSpecimenSpec(3, { format: 'TD3' }));
    const meta = await sharp(s.jpeg).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([1476, 1039]); // 125 x 88 mm
    expect([s.width, s.height]).toEqual([1476, 1039]);
    expect(s.mrz).toHaveLength(2);
    // The page is not blank: a rendered document has real contrast.
    const stats = await sharp(s.jpeg).stats();
    expect(stats.channels[0]!.stdev).toBeGreaterThan(20);
  });

  it('TD1: the MRZ is on the back only; both sides are ID-1 size', async () => {
    const front = await generateSpecimen(randomSpecimenSpec(4, { format: 'TD1', side: 'front' }));
    const back = await generateSpecimen(randomSpecimenSpec(4, { format: 'TD1', side: 'back' }));
    expect(front.mrz).toEqual([]);
    expect(back.mrz).toHaveLength(3);
    expect(back.mrz).toEqual(front.documentMrz);
    expect([front.width, front.height]).toEqual([1011, 638]);
  });

  it('the MRZ band is dark text on light paper (the OCR-B glyphs are actually drawn)', async () => {
    const s = await generateSpecimen(randomSpecimenSpec(5, { format: 'TD3' }));
    const band = await sharp(s.jpeg).extract({ left: 60, top: s.height - 140, width: s.width - 120, height: 120 }).greyscale().raw().toBuffer();
    let dark = 0;
    for (const v of band) if (v < 90) dark++;
    const share = dark / band.length;
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.5);
  });

  it('draws a synthetic selfie', async () => {
    const s = await generateSelfie(1);
    const meta = await sharp(s.jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 960, 1280]);
  });
});
