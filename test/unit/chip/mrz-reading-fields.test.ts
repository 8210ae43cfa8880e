// The chip's DG1 against the kiosk's reading of the printed page, and the training passport's MRZ lines
// written from a reading (check digits recomputed; the ICAO 9303 Part 4 specimen, public specimen data).
import { describe, expect, it } from 'vitest';
import type { MrzPrecheck } from '../../../shared/precheck';
import { accessFieldsOf, compareChipWithReading } from '../../../main/chip/mrz-reading-fields';
import { td3LinesOf } from '../../../main/chip/training-mrz';

const LINES = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const READING: MrzPrecheck = {
  status: 'accepted', format: 'TD3', documentKind: 'passport', documentCode: 'P', issuingState: 'UTO', nationality: 'UTO',
  lastName: 'ERIKSSON', firstName: 'ANNA MARIA', dateOfBirth: '1974-08-12', age: 50, sex: 'F', documentNumber: 'L898902C3',
  personalNumber: 'ZE184226B', dateOfExpiry: '2012-04-15', expired: true, fields: [], checkDigits: {}, repaired: false, messages: [],
};

describe('MRZ reading and the chip', () => {
  it('access fields only from an exact reading', () => {
    expect(accessFieldsOf(READING)).toEqual({ documentNumber: 'L898902C3', dateOfBirth: '740812', dateOfExpiry: '120415' });
    expect(accessFieldsOf({ ...READING, status: 'invalid' })).toBeNull();
    expect(accessFieldsOf(null)).toBeNull();
  });

  it('the training passport lines equal the printed specimen lines, check digits included', () => {
    expect(td3LinesOf(READING)).toEqual(LINES);
    expect(td3LinesOf({ ...READING, format: 'TD1' })).toBeNull();
  });

  it('DG1 matching the reading passes; a differing field is named, never its value', () => {
    expect(compareChipWithReading(LINES, READING, ['UTO'])).toEqual({ match: true });
    const other = compareChipWithReading(LINES, { ...READING, documentNumber: 'L898902C4', lastName: 'ERIKSON' }, ['UTO']);
    expect(other).toMatchObject({ match: false, fields: ['documentNumber', 'lastName'] });
    if (other.match) throw new Error('expected a difference');
    expect(other.message).not.toContain('L898902C');
    expect(compareChipWithReading(['garbage'], READING, ['UTO'])).toMatchObject({ match: false, fields: ['format'] });
  });
});
