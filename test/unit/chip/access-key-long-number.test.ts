// The access key of a TD1 card whose document number is longer than 9 characters (ICAO 9303 Part 5,
// 4.2.2 note j; Part 11, 4.3.2): the number field holds the first 9 characters with '<' in its check digit
// position, the optional data continues with the rest of the number, the number's check digit and a filler.
// The key takes the whole number and that check digit. The card below is an ICAO-style TD1 of Utopia (ICAO's
// specimen state) laid out by that rule: document number D23145890734 (overflow 734, check digit 9), holder
// synthetic. Every check digit passes the kiosk's MRZ parser (composite included); the Kseed was computed
// outside the kiosk: printf 'D23145890734934071279507122' | sha1sum.
import { describe, expect, it } from 'vitest';
import type { MrzPrecheck } from '../../../shared/precheck';
import { bacKeySeed, MAX_DOCUMENT_NUMBER_LENGTH, mrzCheckDigit, mrzInformation } from '../../../main/chip/access-key';
import { documentBasicAccessKeys } from '../../../main/chip/bac';
import { ChipError } from '../../../main/chip/errors';
import { accessFieldsOf, compareChipWithReading } from '../../../main/chip/mrz-reading-fields';
import { pacePasswordKey } from '../../../main/chip/pace-keys';
import { parseMrz } from '../../../main/precheck/mrz-parse';

const LINES = ['I<UTOD23145890<7349<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<<2', 'STEVENSON<<PETER<JOHN<<<<<<<<<'];
const KSEED = 'B366AD857DDCA2B08C0E299811714730';

function readingOf(lines: string[]): MrzPrecheck {
  const parsed = parseMrz(lines, { extraStates: ['UTO'], maxSubstitutions: 0 });
  const v = parsed.values;
  if (!parsed.accepted || !v) throw new Error(`the example MRZ did not parse: ${JSON.stringify(parsed)}`);
  return {
    status: 'accepted', format: 'TD1', documentKind: 'identity_card', documentCode: v.documentCode, issuingState: v.issuingState,
    nationality: v.nationality, lastName: v.lastName, firstName: v.firstName, dateOfBirth: '1934-07-12', age: 92, sex: v.sex,
    documentNumber: v.documentNumber, personalNumber: null, dateOfExpiry: '1995-07-12', expired: true, fields: [], checkDigits: {},
    repaired: false, messages: [],
  };
}

describe('access key of a TD1 document number longer than 9 characters', () => {
  it('the kiosk\'s MRZ reading gives the whole number, and the key its printed check digit', () => {
    const reading = readingOf(LINES);
    expect(reading.documentNumber).toBe('D23145890734');
    const fields = accessFieldsOf(reading);
    expect(fields).toEqual({ documentNumber: 'D23145890734', dateOfBirth: '340712', dateOfExpiry: '950712' });
    // The check digit printed after the overflow (line 1, position 19) is the one over the whole number.
    expect(mrzCheckDigit('D23145890734')).toBe(LINES[0]!.charAt(18));
    expect(mrzInformation(fields!)).toBe('D231458907349' + '3407127' + '9507122');
    expect(Buffer.from(bacKeySeed(fields!)).toString('hex').toUpperCase()).toBe(KSEED);
  });

  it('the typed number (lower case, spaces) gives the same key; the truncated 9 characters do not', () => {
    const typed = { documentNumber: ' d23145890734 ', dateOfBirth: '340712', dateOfExpiry: '950712' };
    expect(Buffer.from(bacKeySeed(typed)).toString('hex').toUpperCase()).toBe(KSEED);
    expect(documentBasicAccessKeys(typed)).toEqual(documentBasicAccessKeys({ ...typed, documentNumber: 'D23145890734' }));
    // The number field alone is a different key: the chip would refuse it. Copied with the MRZ's '<' it is refused here.
    const truncated = { ...typed, documentNumber: 'D23145890' };
    expect(mrzInformation(truncated)).toBe('D23145890' + mrzCheckDigit('D23145890') + '3407127' + '9507122');
    expect(() => mrzInformation({ ...typed, documentNumber: 'D23145890<734' })).toThrow(/letters and digits only/);
    expect(Buffer.from(bacKeySeed(truncated)).toString('hex').toUpperCase()).not.toBe(KSEED);
    // PACE's password is SHA-1 of the same MRZ information.
    expect(pacePasswordKey(typed, 'AES-128')).toEqual(pacePasswordKey({ ...typed, documentNumber: 'D23145890734' }, 'AES-128'));
    expect(pacePasswordKey(typed, 'AES-128')).not.toEqual(pacePasswordKey(truncated, 'AES-128'));
  });

  it('a 9-character number keeps its filler padding (ICAO Appendix D.2 unchanged)', () => {
    expect(mrzInformation({ documentNumber: 'L898902C<', dateOfBirth: '690806', dateOfExpiry: '940623' })).toBe('L898902C<369080619406236');
    expect(mrzInformation({ documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' })).toBe('L898902C<369080619406236');
  });

  it.each([
    ['D2314589<0734', /letters and digits only/],
    ['D'.repeat(MAX_DOCUMENT_NUMBER_LENGTH + 1), /at most 22/],
  ])('refuses a long number that cannot be printed: %s', (documentNumber, message) => {
    const fields = { documentNumber, dateOfBirth: '340712', dateOfExpiry: '950712' };
    expect(() => mrzInformation(fields)).toThrow(message);
    expect(() => mrzInformation(fields)).toThrow(ChipError);
  });

  it('the longest printable number (22) is taken whole', () => {
    const n = 'AB12345678901234567890';
    expect(mrzInformation({ documentNumber: n, dateOfBirth: '340712', dateOfExpiry: '950712' }).slice(0, 23)).toBe(n + mrzCheckDigit(n));
  });

  it('DG1 of that card matches the page\'s reading; one overflow digit changed is named', () => {
    const reading = readingOf(LINES);
    expect(compareChipWithReading(LINES, reading, ['UTO'])).toEqual({ match: true });
    expect(compareChipWithReading(LINES, { ...reading, documentNumber: 'D23145890735' }, ['UTO'])).toMatchObject({ match: false, fields: ['documentNumber'] });
  });
});
