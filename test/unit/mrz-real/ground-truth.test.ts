// The real-document MRZ set's ground truth must be self-consistent: every recorded check-digit outcome is
// what the printed lines give (recomputed independently of the reader), every MRZ expected to be
// accepted is a well-formed identity-document MRZ whose check digits all hold, and every MRZ expected
// to be refused says why.
import { describe, expect, it } from 'vitest';
import { checkDigit, judge, LINE_SHAPE, loadGroundTruth, recomputeChecks, type RealEntry } from '../../mrz-real/real-set';

const truth = loadGroundTruth();
const transcribed = truth.images.filter((e): e is RealEntry => e.status === 'transcribed');

describe('real-document MRZ ground truth', () => {
  it('computes check digits as ICAO 9303 does (its worked example)', () => {
    // ICAO 9303 Part 3 §4.9: 520727 gives 3; the Utopia specimen's document number L898902C3 gives 6.
    expect(checkDigit('520727')).toBe('3');
    expect(checkDigit('L898902C3')).toBe('6');
    expect(checkDigit('AB2134<<<')).toBe('5');
  });

  it('lists each image once, with a distinct file and hash', () => {
    expect(truth.images.length).toBeGreaterThan(0);
    expect(new Set(truth.images.map((e) => e.file)).size).toBe(truth.images.length);
    expect(new Set(truth.images.map((e) => e.sha256)).size).toBe(truth.images.length);
  });

  it.each(transcribed.map((e) => [e.file, e] as const))('%s: recorded check digits are what its printed lines give', (_file, e) => {
    const shape = LINE_SHAPE[e.format];
    expect(e.printed).toHaveLength(shape.lines);
    for (const line of e.printed) expect([...line]).toHaveLength(shape.length);
    expect(recomputeChecks(e.format, e.printed)).toEqual(e.checks);
  });

  it.each(transcribed.map((e) => [e.file, e] as const))('%s: its expectation fits its printed MRZ', (_file, e) => {
    if (e.expect === 'accept') {
      for (const line of e.printed) expect(line).toMatch(/^[A-Z0-9<]+$/);
      expect(e.format).toMatch(/^TD[123]$/);
      expect(e.printed[0]![0]).toMatch(e.format === 'TD3' ? /^P$/ : /^[ACI]$/);
      expect(Object.values(e.checks).every(Boolean)).toBe(true);
      expect(e.invalidBecause).toBeUndefined();
    } else {
      expect(e.invalidBecause).toBeTruthy();
      const brokenCheck = Object.values(e.checks).some((ok) => !ok);
      const outsideCharset = e.printed.some((l) => !/^[A-Z0-9<]+$/.test(l));
      // A refused MRZ whose check digits all hold and whose characters are all MRZ characters must be
      // refused for its format (a visa) or its codes, and the reason has to say so.
      if (!brokenCheck && !outsideCharset) expect(e.invalidBecause).toMatch(/visa|state code|code/);
      if (brokenCheck) expect(e.invalidBecause).toMatch(/check digit/);
    }
  });

  it('judges a read the way the benchmark reports it', () => {
    const valid = transcribed.find((e) => e.expect === 'accept')!;
    const invalid = transcribed.find((e) => e.expect === 'reject')!;
    expect(judge(valid, true, valid.printed)).toBe('correct');
    const misread = [...valid.printed];
    misread[misread.length - 1] = `${misread.at(-1)!.slice(0, -1)}${misread.at(-1)!.endsWith('0') ? '1' : '0'}`;
    expect(judge(valid, true, misread)).toBe('false accept');
    expect(judge(valid, false, [])).toBe('not read');
    expect(judge(invalid, true, invalid.printed)).toBe('false accept');
    expect(judge(invalid, false, [])).toBe('rightly refused');
  });
});
