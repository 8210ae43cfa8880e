// The edges of MRZ layout and field reading: which line counts and lengths make TD1, TD2 or TD3, how
// a line is normalised, where a check digit may be printed as the filler '<' (an empty TD3 personal
// number; a TD1/TD2 document number longer than nine characters, continued in the optional data),
// what extraStates excuses, and the values an accepted MRZ yields (sex, the personal number or
// optional data of each layout). Each shape is a synthetic specimen built on the ICAO 9303 specimen
// texts (state UTO, allowed via extraStates) with its check digits computed by the repository's
// specimen generator (itself checked against the `mrz` package).
import { describe, expect, it } from 'vitest';
import { checkDigit } from '../../../main/capture/specimen/mrz';
import { detectFormat, normaliseMrzLine, parseMrz, type MrzFieldName } from '../../../main/precheck/mrz-parse';

const UTO = { extraStates: ['UTO'] };
const NAME_TD1 = 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<';
const TD1_SPECIMEN = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', NAME_TD1];

/** TD3: line 2 from its parts, the composite computed. */
function td3(parts: { doc?: string; docCheck?: string; sex?: string; personal?: string; personalCheck?: string; line1?: string }): string[] {
  const doc = parts.doc ?? 'L898902C3';
  const personal = (parts.personal ?? 'ZE184226B').padEnd(14, '<');
  const personalCheck = parts.personalCheck ?? (/^<+$/.test(personal) ? '<' : checkDigit(personal));
  const body = `${doc}${parts.docCheck ?? checkDigit(doc)}UTO7408122${parts.sex ?? 'F'}1204159${personal}${personalCheck}`;
  const composite = checkDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43));
  return [parts.line1 ?? 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', body + composite];
}

/** TD1: the document number's check digit and the optional data as given, the composite computed. */
function td1(doc: string, docCheck: string, optional1: string, optional2 = ''): string[] {
  const l1 = `I<UTO${doc}${docCheck}${optional1.padEnd(15, '<')}`;
  const l2 = `7408122F1204159UTO${optional2.padEnd(11, '<')}`;
  const composite = checkDigit(l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29));
  return [l1, l2 + composite, NAME_TD1];
}

/** TD2: the document number's check digit and the optional data as given, the composite computed. */
function td2(doc: string, docCheck: string, optional: string): string[] {
  const body = `${doc}${docCheck}UTO7408122F1204159${optional.padEnd(7, '<')}`;
  const composite = checkDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 35));
  return ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', body + composite];
}

const notADigit = (name: string, ch = '<'): string => `${name} check digit: "${ch}" is not a digit`;

describe('detectFormat: line count and line length each decide', () => {
  const lines = (n: number, len: number): string[] => Array.from({ length: n }, () => '<'.repeat(len));
  it.each([
    [3, 30, 'TD1'],
    [2, 36, 'TD2'],
    [2, 44, 'TD3'],
    [3, 44, null],
    [3, 36, null],
    [2, 30, null],
    [1, 44, null],
    [4, 30, null],
    [0, 0, null],
  ] as const)('%i line(s) of %i characters → %s', (n, len, format) => {
    expect(detectFormat(lines(n, len))).toBe(format);
  });

  it('lines of different lengths are no layout, even when the first has the right length', () => {
    expect(detectFormat(['<'.repeat(44), '<'.repeat(43)])).toBeNull();
    expect(detectFormat(['<'.repeat(30), '<'.repeat(30), '<'.repeat(31)])).toBeNull();
  });

  it('parseMrz refuses three passport-length lines and says what it saw', () => {
    const r = parseMrz([...td3({}), 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<'], UTO);
    expect(r.accepted).toBe(false);
    expect(r.format).toBeNull();
    expect(r.problems).toEqual(['not an MRZ layout: 3 line(s) of 44/44/44 characters']);
  });

  it('parseMrz refuses two card-length (30) lines', () => {
    const r = parseMrz(TD1_SPECIMEN.slice(0, 2), UTO);
    expect(r.accepted).toBe(false);
    expect(r.format).toBeNull();
  });
});

describe('normaliseMrzLine', () => {
  it('upper-cases and drops every kind of white space', () => {
    expect(normaliseMrzLine(' p<uto eriksson\t<<anna \u00a0')).toBe('P<UTOERIKSSON<<ANNA');
  });

  it('reads the guillemets an OCR gives for the filler as "<"', () => {
    expect(normaliseMrzLine('I«UTO‹‹')).toBe('I<UTO<<');
  });

  it('a specimen typed with spaces and guillemets parses as the specimen', () => {
    const typed = TD1_SPECIMEN.map((l) => l.replace(/<</g, '«‹').replace(/(.{5})/g, '$1 ').toLowerCase());
    const r = parseMrz(typed, UTO);
    expect(r.accepted).toBe(true);
    expect(r.lines).toEqual(TD1_SPECIMEN);
  });
});

describe('a check digit printed as "<"', () => {
  it('TD3: "<" as the personal-number check digit of an empty personal number is accepted', () => {
    const r = parseMrz(td3({ personal: '' }), UTO);
    expect(r.lines[1]![42]).toBe('<');
    expect(r.accepted).toBe(true);
    expect(r.checkDigits.personalNumber).toBe(true);
    expect(r.values!.personalNumber).toBe('');
  });

  it('TD3: a letter there is refused by the shape rule, even with the personal number empty', () => {
    const r = parseMrz(td3({ personal: '', personalCheck: 'X' }), UTO);
    expect(r.accepted).toBe(false);
    expect(r.checkDigits.personalNumber).toBe(false);
    expect(r.problems).toContain(notADigit('personalNumber', 'X'));
  });

  it.each([
    ['ends in filler', 'ZE184226B'],
    ['starts with filler', '<<<<<<<<<<<<12'],
  ])('TD3: "<" there is refused when the personal number is not empty (%s)', (_label, personal) => {
    const r = parseMrz(td3({ personal, personalCheck: '<' }), UTO);
    expect(r.accepted).toBe(false);
    expect(r.checkDigits.personalNumber).toBe(false);
    expect(r.problems).toContain(notADigit('personalNumber'));
  });

  it('TD3: "<" as the document-number check digit is refused, the personal number empty or not', () => {
    expect(checkDigit('L898902C7')).toBe('0');
    for (const personal of ['', '12345']) {
      const r = parseMrz(td3({ doc: 'L898902C7', docCheck: '<', personal }), UTO);
      expect(r.accepted).toBe(false);
      expect(r.checkDigits.documentNumber).toBe(false);
      expect(r.problems).toContain(notADigit('documentNumber'));
    }
    // The same number with its 0 printed is accepted.
    expect(parseMrz(td3({ doc: 'L898902C7', docCheck: '0' }), UTO).accepted).toBe(true);
  });

  it.each([
    ['TD1', td1('D23145893', '<', '')],
    ['TD2', td2('D23145893', '<', '')],
  ])('%s: "<" over a document-number check digit of 0, with nothing in the optional data, is refused (the `mrz` package alone passes it)', (_format, lines) => {
    expect(checkDigit('D23145893')).toBe('0');
    const r = parseMrz(lines, UTO);
    expect(r.accepted).toBe(false);
    expect(r.checkDigits.documentNumber).toBe(false);
    expect(r.problems).toEqual([notADigit('documentNumber')]);
  });

  it('TD1: a long document number (overflow and its check digit in the optional data, then filler) is accepted whole', () => {
    const r = parseMrz(td1('D23145890', '<', '7349'), UTO);
    expect(r.accepted).toBe(true);
    expect(r.checkDigits.documentNumber).toBe(true);
    expect(r.values!.documentNumber).toBe('D23145890734');
    // The optional data holds the number's overflow and its check digit, not a personal number.
    expect(r.values!.personalNumber).toBe('');
  });

  it('TD1: a wrong check digit after the overflow is refused', () => {
    const r = parseMrz(td1('D23145890', '<', '7348'), UTO);
    expect(r.accepted).toBe(false);
    expect(r.checkDigits.documentNumber).toBe(false);
  });

  it('TD2: a long document number whose overflow leaves one filler in the optional data is accepted whole', () => {
    const overflow = '12345';
    const check = checkDigit(`D23145890<${overflow}`);
    const r = parseMrz(td2('D23145890', '<', `${overflow}${check}<`), UTO);
    expect(r.lines[1]!.slice(28, 35)).toBe(`${overflow}${check}<`);
    expect(r.accepted).toBe(true);
    expect(r.values!.documentNumber).toBe(`D23145890${overflow}`);
    expect(r.values!.personalNumber).toBe('');
  });

  it.each([
    ['TD1', (check: string) => td1('D23145890', '<', `12345678901234${check}`), checkDigit('D23145890<12345678901234')],
    ['TD2', (check: string) => td2('D23145890', '<', `123456${check}`), checkDigit('D23145890<123456')],
  ])('%s: overflow and check digit filling the optional data to its end (no filler) are refused, right check digit or wrong', (_format, build, right) => {
    // `mrz` reads no check digit there (it takes the one before the first filler) and drops the
    // number's last character; every digit printed there, the composite computed over it, passed.
    const r = parseMrz(build(right), UTO);
    expect(r.accepted).toBe(false);
    expect(r.values).toBeNull();
    expect(r.checkDigits.documentNumber).toBe(false);
    expect(r.problems).toContain(notADigit('documentNumber'));
    for (const digit of '0123456789') expect(parseMrz(build(digit), UTO).accepted).toBe(false);
  });

  it('TD1: more optional data after the overflow, its check digit and a filler is refused', () => {
    const check = checkDigit('D23145890<7');
    const r = parseMrz(td1('D23145890', '<', `7${check}<49`), UTO);
    expect(r.accepted).toBe(false);
    expect(r.problems).toEqual([notADigit('documentNumber')]);
  });

  it('TD1: the overflow rule is for "<" in the document-number check digit only (a letter there, a "<" elsewhere)', () => {
    // A letter over the document-number check digit, with optional data shaped like an overflow.
    const letter = parseMrz(td1('D23145890', 'X', '7349'), UTO);
    expect(letter.accepted).toBe(false);
    expect(letter.problems).toContain(notADigit('documentNumber', 'X'));
    // A "<" over the birth-date check digit of a card whose optional data looks like an overflow.
    const lines = td1('D23145890', checkDigit('D23145890'), '12345');
    const birth = parseMrz([lines[0]!, `${lines[1]!.slice(0, 6)}<${lines[1]!.slice(7)}`, lines[2]!], UTO);
    expect(birth.accepted).toBe(false);
    expect(birth.checkDigits.birthDate).toBe(false);
    expect(birth.problems).toContain(notADigit('birthDate'));
  });

  it('TD1: optional data that starts with filler is no overflow', () => {
    const r = parseMrz(td1('D23145893', '<', '<7'), UTO);
    expect(r.accepted).toBe(false);
    expect(r.problems).toContain(notADigit('documentNumber'));
  });

});

describe('state and nationality codes', () => {
  it('an extra state without filler in a 3-letter slot is allowed where the code stands, filler removed ("ZZ<")', () => {
    const lines = td3({}).map((l, i) => (i === 0 ? l.replace('P<UTO', 'P<ZZ<') : l.replace('UTO', 'ZZ<')));
    const r = parseMrz(lines, { extraStates: ['ZZ'] });
    expect(r.accepted).toBe(true);
    expect(r.values).toMatchObject({ issuingState: 'ZZ', nationality: 'ZZ' });
    expect(parseMrz(lines, { extraStates: ['ZZ<'] }).accepted).toBe(false);
  });

  it('extraStates excuses only the state fields: a name starting with an allowed code is read whole', () => {
    const lines = td3({ line1: 'P<UTOUTOPIA<<ANNA'.padEnd(44, '<') });
    const r = parseMrz(lines, UTO);
    expect(r.accepted).toBe(true);
    expect(r.values).toMatchObject({ lastName: 'UTOPIA', firstName: 'ANNA' });
  });

  it('extraStates does not excuse an invalid name whose first three characters are an allowed code', () => {
    const lines = td3({ line1: 'P<UTOUTO1<<ANNA'.padEnd(44, '<') });
    const r = parseMrz(lines, UTO);
    expect(r.accepted).toBe(false);
    expect(r.fields.find((f) => f.field === 'lastName')).toMatchObject({ valid: false });
    expect(r.problems.join('\n')).toMatch(/^Last name: invalid text/m);
  });

  it('without extraStates the specimen state is refused, named in the problems', () => {
    const r = parseMrz(td3({}));
    expect(r.accepted).toBe(false);
    expect(r.problems).toContain('Issuing state: invalid state code: UTO');
    expect(r.problems).toContain('Nationality: invalid state code: UTO');
  });
});

describe('problems name the failing check digit with the reason `mrz` gives', () => {
  it('a wrong birth-date check digit', () => {
    const lines = td3({});
    const bad = [lines[0]!, `${lines[1]!.slice(0, 19)}5${lines[1]!.slice(20)}`];
    const r = parseMrz(bad, UTO);
    expect(r.accepted).toBe(false);
    expect(r.checkDigits.birthDate).toBe(false);
    expect(r.problems).toContain('Birth date check digit: invalid check digit: 5. Must be 2');
  });
});

describe('values of an accepted MRZ', () => {
  it.each([
    ['M', 'M'],
    ['F', 'F'],
    ['<', 'X'],
  ] as const)('sex printed %s → %s', (printed, sex) => {
    const r = parseMrz(td3({ sex: printed }), UTO);
    expect(r.accepted).toBe(true);
    expect(r.values!.sex).toBe(sex);
  });

  it('TD3: the personal number', () => {
    const r = parseMrz(td3({}), UTO);
    expect(r.accepted).toBe(true);
    expect(r.values!.personalNumber).toBe('ZE184226B');
  });

  it('TD1: optional data 1 (line 1), not optional data 2 (line 2)', () => {
    const r = parseMrz(td1('D23145890', checkDigit('D23145890'), 'ZE184226B', '12345'), UTO);
    expect(r.accepted).toBe(true);
    expect(r.values!.documentNumber).toBe('D23145890');
    expect(r.values!.personalNumber).toBe('ZE184226B');
  });

  it('TD2: the optional data', () => {
    const r = parseMrz(td2('D23145890', checkDigit('D23145890'), 'AB12345'), UTO);
    expect(r.accepted).toBe(true);
    expect(r.values!.personalNumber).toBe('AB12345');
  });
});

describe('a 2 × 36 zone the `mrz` package reads as an old French identity card', () => {
  const KNOWN: MrzFieldName[] = ['documentCode', 'issuingState', 'lastName', 'firstName', 'documentNumber', 'nationality', 'birthDate', 'sex', 'expirationDate', 'personalNumber', 'optional', 'optional1', 'optional2'];
  /** Line 2: issue date (YYMM), office, number, check, first name, birth date, check, sex, composite. */
  function frenchId(issue: string): string[] {
    const l1 = 'IDFRADUPONT<<<<<<<<<<<<<<<<<<<123456';
    const number = `${issue}123${'45678'}`;
    const first = 'MARIE<<<<<<<<<';
    const body = `${number}${checkDigit(number)}${first}740812${checkDigit('740812')}F`;
    return [l1, body + checkDigit(l1 + body)];
  }

  it.each(['0412', '0413'])('is refused as a TD2 (its check digits are not where TD2 has them; issue %s)', (issue) => {
    const lines = frenchId(issue);
    expect(lines.map((l) => l.length)).toEqual([36, 36]);
    const r = parseMrz(lines);
    expect(r.format).toBe('TD2');
    expect(r.accepted).toBe(false);
    expect(r.problems).toContain(notADigit('birthDate'));
    // Its own fields (issue date, administrative codes) are not reported as TD2 fields.
    for (const f of r.fields) expect(KNOWN).toContain(f.field);
    expect(r.problems.filter((p) => p.startsWith('Administrative code'))).toEqual([]);
  });

  it('an invalid issue date is named with the reason `mrz` gives', () => {
    const r = parseMrz(frenchId('0413'));
    expect(r.problems).toContain('Issue date: invalid date month: 13');
    expect(parseMrz(frenchId('0412')).problems.filter((p) => p.startsWith('Issue date'))).toEqual([]);
  });
});

describe('an ICAO TD2 identity card of France (IDFRA)', () => {
  // Synthetic: the check digits computed here, the layout ICAO 9303-6's TD2.
  function icaoTd2(number: string, numberCheck = checkDigit(number)): string[] {
    const l1 = 'IDFRADUPONT<<PIETER<<<<<<<<<<<<<<<<<';
    const body = `${number}${numberCheck}FRA660210${checkDigit('660210')}F300608${checkDigit('300608')}`;
    const optional = '<<<<<<<';
    const composite = checkDigit(`${number}${numberCheck}660210${checkDigit('660210')}300608${checkDigit('300608')}${optional}`);
    return [l1, `${body}${optional}${composite}`];
  }

  it('is read as a TD2, with its document code and fields', () => {
    const lines = icaoTd2('5YH78PH42');
    expect(lines).toEqual(['IDFRADUPONT<<PIETER<<<<<<<<<<<<<<<<<', '5YH78PH425FRA6602107F3006081<<<<<<<6']);
    const r = parseMrz(lines);
    expect(r.problems).toEqual([]);
    expect(r.accepted).toBe(true);
    expect(r.format).toBe('TD2');
    expect(r.values).toMatchObject({ documentCode: 'ID', issuingState: 'FRA', lastName: 'DUPONT', firstName: 'PIETER', documentNumber: '5YH78PH42', birthDate: '660210', expirationDate: '300608' });
  });

  it('only a TD2 beginning IDFRA is read so: every other zone keeps its own document code and fields', () => {
    const [l1, l2] = icaoTd2('5YH78PH42');
    const cases: Array<[string[], string, string]> = [
      [[`AC${l1!.slice(2)}`, l2!], 'AC', 'FRA'],
      [[`IDUTO${l1!.slice(5)}`, l2!], 'ID', 'UTO'],
    ];
    for (const [lines, code, state] of cases) {
      const r = parseMrz(lines, UTO);
      expect(r.accepted, lines[0]).toBe(true);
      expect(r.values, lines[0]).toMatchObject({ documentCode: code, issuingState: state, lastName: 'DUPONT', documentNumber: '5YH78PH42' });
    }
    const passport = parseMrz(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'], UTO);
    expect(passport.values).toMatchObject({ documentCode: 'P', issuingState: 'UTO', lastName: 'ERIKSSON' });
  });

  it('is refused when a check digit does not hold', () => {
    const r = parseMrz(icaoTd2('5YH78PH42', '4'));
    expect(r.accepted).toBe(false);
    expect(r.checkDigits.documentNumber).toBe(false);
  });
});
