import { describe, expect, it } from 'vitest';
import { buildAamva, parseAamva } from '../../../main/precheck/aamva';
import { compareWithMrz } from '../../../main/precheck/pdf417';
import type { MrzPrecheck } from '../../../shared/precheck';

describe('AAMVA licence data', () => {
  it('parses a US payload written by hand (header, directory, DL subfile, MMDDCCYY dates)', () => {
    const text = '@\n\x1e\rANSI 636014080102DL00410278ZC03190008DLDAQD1234562\nDCSSAMPLE\nDDEN\nDACJOHN\nDADQUINCY\nDBA08082030\nDBC1\nDBB08081990\nDAJCA\nDCGUSA\r';
    const r = parseAamva(text);
    expect(r).toMatchObject({ issuerId: '636014', version: 8, subfile: 'DL' });
    expect(r!.fields).toEqual({
      documentNumber: 'D1234562', lastName: 'SAMPLE', firstName: 'JOHN', middleName: 'QUINCY',
      dateOfExpiry: '2030-08-08', dateOfBirth: '1990-08-08', sex: 'M', state: 'CA', country: 'USA',
    });
  });
  it('reads Canadian dates as CCYYMMDD', () => {
    const r = parseAamva('@\n\x1e\rANSI 636012080002DL00310050DLDBB19900131\nDCGCAN\r');
    expect(r!.fields.dateOfBirth).toBe('1990-01-31');
  });
  it('round-trips what it builds, and rejects text that is not AAMVA or has impossible dates', () => {
    const fields = { lastName: 'MUSTERMANN', firstName: 'ANNA', dateOfBirth: '1986-11-26', dateOfExpiry: '2031-02-03', documentNumber: 'X99', sex: 'F' };
    expect(parseAamva(buildAamva({ fields }))!.fields).toEqual(fields);
    expect(parseAamva('hello')).toBeNull();
    expect(parseAamva('@\n\x1e\rANSI 636000100001DL00310020DLDBB13452020\r')!.fields.dateOfBirth).toBeUndefined();
  });
  it('compares with the MRZ: names by prefix (MRZ truncates), dates and number exactly', () => {
    const mrz = { status: 'accepted', lastName: 'MUSTERMANN', firstName: 'ANNA MARIA', dateOfBirth: '1986-11-26', documentNumber: 'X99', dateOfExpiry: '2031-02-03' } as MrzPrecheck;
    const same = compareWithMrz({ lastName: 'MUSTERMANN', firstName: 'ANNA', middleName: 'MARIA', dateOfBirth: '1986-11-26', documentNumber: 'X99', dateOfExpiry: '2031-02-03' }, mrz);
    expect(same.every((c) => c.agree === true)).toBe(true);
    const other = compareWithMrz({ lastName: 'MUSTERMAN', firstName: 'ANNA', dateOfBirth: '1986-11-27', documentNumber: 'X98' }, mrz);
    expect(Object.fromEntries(other.map((c) => [c.key, c.agree]))).toEqual({ lastName: true, firstName: true, dateOfBirth: false, documentNumber: false, dateOfExpiry: null });
    expect(compareWithMrz({ lastName: 'A' }, null)).toEqual([]);
  });
});
