import { describe, expect, it } from 'vitest';
import { buildMrz, type MrzFormat } from '../../../main/capture/specimen/mrz';
import { randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { parseMrz, type MrzParseResult } from '../../../main/precheck/mrz-parse';

// ICAO Doc 9303 specimens (part 4 TD3, part 5 TD1, part 6 TD2). Their state "UTO" (Utopia) is not a real
// state, so the parser accepts it only when told to (extraStates), as a test would.
const ICAO: Record<MrzFormat, string[]> = {
  TD3: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'],
  TD1: ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'],
  TD2: ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'],
};
const UTO = { extraStates: ['UTO'] };

/** Positions of every check digit per format: [line, column]. */
const CHECK_DIGITS: Record<MrzFormat, Array<[number, number]>> = {
  TD3: [[1, 9], [1, 19], [1, 27], [1, 42], [1, 43]],
  TD2: [[1, 9], [1, 19], [1, 27], [1, 35]],
  TD1: [[0, 14], [1, 6], [1, 14], [1, 29]],
};
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<'.split('');
/** Letters the parser may legitimately read back as a given digit (OCR look-alikes). */
const LOOKALIKE_OF: Record<string, string> = { O: '0', Q: '0', D: '0', U: '0', I: '1', L: '1', Z: '2', S: '5', G: '6', B: '8' };

const yymmdd = (iso: string): string => iso.slice(2).replace(/-/g, '');
const replaceAt = (lines: string[], line: number, col: number, c: string): string[] =>
  lines.map((l, i) => (i === line ? l.slice(0, col) + c + l.slice(col + 1) : l));

function generated(count: number): Array<{ format: MrzFormat; lines: string[]; spec: ReturnType<typeof randomSpecimenSpec> }> {
  const out = [];
  for (let seed = 1; seed <= count; seed++) {
    const format = (['TD1', 'TD2', 'TD3'] as const)[seed % 3]!;
    const spec = randomSpecimenSpec(seed, { format, now: '2026-01-01' });
    const lines = buildMrz({ ...spec, optionalData: spec.personalNumber, broken: undefined });
    out.push({ format, lines, spec });
  }
  return out;
}

describe('parseMrz: ICAO 9303 specimens', () => {
  it.each(['TD1', 'TD2', 'TD3'] as const)('%s specimen parses with every check digit valid', (format) => {
    const r = parseMrz(ICAO[format], UTO);
    expect(r.accepted).toBe(true);
    expect(r.format).toBe(format);
    expect(r.repaired).toBeNull();
    expect(Object.values(r.checkDigits).every(Boolean)).toBe(true);
    expect(r.values).toMatchObject({ issuingState: 'UTO', lastName: 'ERIKSSON', firstName: 'ANNA MARIA', birthDate: '740812', sex: 'F', expirationDate: '120415' });
    expect(r.values!.documentNumber).toBe(format === 'TD3' ? 'L898902C3' : 'D23145890');
  });

  it('rejects the specimen state UTO unless it is explicitly allowed (no real document carries it)', () => {
    const r = parseMrz(ICAO.TD3);
    expect(r.accepted).toBe(false);
    expect(r.problems.join(' ')).toMatch(/state code: UTO/);
    expect(r.checkDigits.composite).toBe(true);
  });
});

describe('parseMrz: the name zone has no check digit, but a grammar', () => {
  // ERIKSSON<<ANNA<MARIA with the surname's last letter read as a filler: ERIKSSO<<<ANNA<MARIA.
  const lastLetterAsFiller: Record<MrzFormat, string[]> = {
    TD3: [ICAO.TD3[0]!.replace('ERIKSSON<<', 'ERIKSSO<<<'), ICAO.TD3[1]!],
    TD1: [ICAO.TD1[0]!, ICAO.TD1[1]!, ICAO.TD1[2]!.replace('ERIKSSON<<', 'ERIKSSO<<<')],
    TD2: [ICAO.TD2[0]!.replace('ERIKSSON<<', 'ERIKSSO<<<'), ICAO.TD2[1]!],
  };
  it.each(['TD1', 'TD2', 'TD3'] as const)('%s: refuses a letter after three fillers, which no check digit would catch', (format) => {
    const r = parseMrz(lastLetterAsFiller[format], UTO);
    expect(Object.values(r.checkDigits).every(Boolean)).toBe(true);
    expect(r.accepted).toBe(false);
    expect(r.problems.join(' ')).toMatch(/three fillers followed by a letter/);
  });
  it('accepts a one-part name followed by the filler tail, and a name filling the zone', () => {
    const onePart = parseMrz([ICAO.TD3[0]!.replace('ERIKSSON<<ANNA<MARIA', 'ERIKSSON<<<<<<<<<<<<'), ICAO.TD3[1]!], UTO);
    expect(onePart.accepted).toBe(true);
    const full = parseMrz([`P<UTO${'ERIKSSONJOHANSSONSVENSSON<<ANNA<MARIA<KARLA'.slice(0, 39)}`, ICAO.TD3[1]!], UTO);
    expect(full.accepted).toBe(true);
  });
});

describe('parseMrz: generated specimens', () => {
  it('parses 60 generated MRZs (TD1/TD2/TD3) and returns the values they were built from', () => {
    for (const { format, lines, spec } of generated(60)) {
      const r = parseMrz(lines);
      expect(r.accepted, lines.join('\n')).toBe(true);
      expect(r.format).toBe(format);
      expect(r.values).toMatchObject({
        issuingState: spec.issuingState,
        nationality: spec.nationality,
        lastName: spec.surname,
        firstName: spec.givenNames,
        documentNumber: spec.documentNumber,
        birthDate: yymmdd(spec.dateOfBirth),
        expirationDate: yymmdd(spec.dateOfExpiry),
        sex: spec.sex,
      });
    }
  });

  it('never accepts a specimen printed with a broken check digit', () => {
    for (const { lines: _ok, spec } of generated(30)) {
      for (const broken of ['documentNumber', 'birthDate', 'expiryDate', 'composite'] as const) {
        const lines = buildMrz({ ...spec, optionalData: spec.personalNumber, broken });
        const r = parseMrz(lines);
        expect(r.accepted, `${broken}\n${lines.join('\n')}`).toBe(false);
        expect(r.problems.some((p) => /check digit/i.test(p))).toBe(true);
      }
    }
  });
});

describe('parseMrz: every single-character corruption of a check digit is caught', () => {
  const cases: Array<{ name: string; format: MrzFormat; lines: string[]; opts: typeof UTO | undefined }> = [
    ...(['TD1', 'TD2', 'TD3'] as const).map((f) => ({ name: `ICAO ${f}`, format: f, lines: ICAO[f], opts: UTO })),
    ...generated(45).map((g, i) => ({ name: `generated #${i + 1} ${g.format}`, format: g.format, lines: g.lines, opts: undefined })),
  ];
  it.each(cases)('$name', ({ format, lines, opts }) => {
    let tried = 0;
    for (const [line, col] of CHECK_DIGITS[format]) {
      const original = lines[line]![col]!;
      for (const c of ALPHABET) {
        if (c === original) continue;
        tried++;
        const corrupted = replaceAt(lines, line, col, c);
        const r: MrzParseResult = parseMrz(corrupted, opts);
        if (LOOKALIKE_OF[c] === original) {
          // An OCR look-alike of the right digit (S for 5): the only accepted outcome is the original MRZ,
          // flagged as repaired.
          if (r.accepted) {
            expect(r.lines).toEqual(lines);
            expect(r.repaired).toEqual({ line, column: col, from: c, to: original });
          }
        } else {
          expect(r.accepted, `${format} [${line},${col}] ${original}→${c}\n${corrupted.join('\n')}`).toBe(false);
        }
      }
    }
    expect(tried).toBe(CHECK_DIGITS[format].length * 36);
  });
});

describe('parseMrz: repair of OCR look-alikes', () => {
  it('repairs one letter/digit confusion in the document number where the reads disagreed, when every check digit then passes', () => {
    const read = replaceAt(ICAO.TD3, 1, 5, 'O'); // L8989O2C3: the 0 read as O
    const r = parseMrz(read, { ...UTO, repairablePositions: new Set(['1:5']) });
    expect(r.accepted).toBe(true);
    expect(r.repaired).toEqual({ line: 1, column: 5, from: 'O', to: '0' });
    expect(r.values!.documentNumber).toBe('L898902C3');
    expect(r.lines).toEqual(ICAO.TD3);
  });

  it('repairs a letter in a date (digits only there) when the reader was unsure of it', () => {
    const read = replaceAt(ICAO.TD1, 1, 2, 'O'); // 74O812
    const r = parseMrz(read, { ...UTO, uncertain: new Map([['1:2', ['0']]]) });
    expect(r.accepted).toBe(true);
    expect(r.values!.birthDate).toBe('740812');
    // Read with confidence, the O is what is printed: an invalid MRZ, never repaired.
    expect(parseMrz(read, UTO).accepted).toBe(false);
  });

  it('repairs a digit in the issuing state when only one letter makes a real state code', () => {
    const spec = randomSpecimenSpec(7, { format: 'TD3', issuingState: 'DNK', now: '2026-01-01' });
    const lines = buildMrz({ ...spec, optionalData: spec.personalNumber });
    const read = replaceAt(lines, 0, 2, '0'); // 0NK: O, D and Q are tried, only DNK exists
    const r = parseMrz(read, { repairablePositions: new Set(['0:2']) });
    expect(r.accepted).toBe(true);
    expect(r.values!.issuingState).toBe('DNK');
    expect(r.repaired).toEqual({ line: 0, column: 2, from: '0', to: 'D' });
    expect(parseMrz(read, {}).accepted).toBe(false);
  });

  it('does not accept two confusions (at most one substitution)', () => {
    const read = replaceAt(replaceAt(ICAO.TD3, 1, 5, 'O'), 1, 1, 'B');
    expect(parseMrz(read, { ...UTO, repairablePositions: new Set(['1:1', '1:5']) }).accepted).toBe(false);
  });

  it('does not accept a name with a digit when O, D and Q would all do (names have no check digit)', () => {
    const read = replaceAt(ICAO.TD3, 0, 16, '0'); // ANNA → A0NA? position 16 is an N; 0 could be O/D/Q
    const r = parseMrz(read, { ...UTO, repairablePositions: new Set(['0:16']) });
    expect(r.accepted).toBe(false);
    expect(r.problems.join(' ')).toMatch(/ambiguous|First name/);
  });

  it('does not repair a swap that only the composite check digit would confirm', () => {
    // TD1 optional data is covered by the composite alone: a B→8 there is not tried.
    const lines = ['I<UTOD231458907BB<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<0', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
    const asRead = replaceAt(lines, 0, 15, '8');
    expect(parseMrz(asRead, { ...UTO, repairablePositions: new Set(['0:15']) }).accepted).toBe(false);
  });
});

describe('parseMrz: acceptance rules a misprint or a misread cannot fool', () => {
  // Document number C8HT4KX71 (check digit 3) printed with a B where the 8 belongs: an invalid MRZ, read
  // correctly, as B, by readers that agree on it. B→8 is the one look-alike swap that passes every check.
  const valid = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'C8HT4KX713UTO7408122F1204159ZE184226B<<<<<16'];
  const printedB = replaceAt(valid, 1, 1, 'B');

  it('never swaps a character the reader read with confidence for its look-alike (printed B, check digit needs 8)', () => {
    const r = parseMrz(printedB, UTO);
    expect(r.accepted).toBe(false);
    expect(r.repaired).toBeNull();
    expect(r.checkDigits.documentNumber).toBe(false);
  });

  it('a character both readers agreed on is not repaired, even when another position may be', () => {
    // The reads disagreed only at 1:5; the agreed B at 1:1 must stay a B.
    const r = parseMrz(printedB, { ...UTO, repairablePositions: new Set(['1:5']) });
    expect(r.accepted).toBe(false);
    expect(parseMrz(printedB, { ...UTO, repairablePositions: new Set() }).accepted).toBe(false);
    // Where the reads did disagree, the same B may be repaired: the set decides, position by position.
    const repaired = parseMrz(printedB, { ...UTO, repairablePositions: new Set(['1:1']) });
    expect(repaired.accepted).toBe(true);
    expect(repaired.repaired).toEqual({ line: 1, column: 1, from: 'B', to: '8' });
  });

  it('repairs only into the look-alike the reader hesitated between', () => {
    expect(parseMrz(printedB, { ...UTO, uncertain: new Map([['1:1', ['R']]]) }).accepted).toBe(false);
    const r = parseMrz(printedB, { ...UTO, uncertain: new Map([['1:1', ['8']]]) });
    expect(r.accepted).toBe(true);
    expect(r.lines).toEqual(valid);
  });

  // Document number L89002C35: its 00 sits at weights 7 and 3, so reading both as O (value 24, +4 mod 10
  // each) adds 7·4 + 3·4 = 40 ≡ 0 mod 10: every check digit, the composite included, still passes.
  const printed00 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L89002C350UTO7408122F1204159ZE184226B<<<<<12'];
  const readOO = replaceAt(replaceAt(printed00, 1, 3, 'O'), 1, 4, 'O');

  it('the paired 0→O swap passes every check digit as read (why a check digit alone cannot decide)', () => {
    const r = parseMrz(readOO, UTO);
    expect(Object.values(r.checkDigits).every(Boolean)).toBe(true);
  });

  it('does not accept two 0→O misreads whose weights cancel when the reader was unsure of them', () => {
    const unsure = new Map([
      ['1:3', ['0']],
      ['1:4', ['0']],
    ]);
    const r = parseMrz(readOO, { ...UTO, uncertain: unsure });
    expect(r.accepted).toBe(false);
    expect(r.problems.join(' ')).toMatch(/ambiguous/);
    // The same doubt about the correctly read 00 rejects too: either reading passes every check.
    expect(parseMrz(printed00, { ...UTO, uncertain: new Map([['1:3', ['O']], ['1:4', ['O']]]) }).accepted).toBe(false);
  });

  it('a single doubtful look-alike that would break a check digit does not make the read ambiguous', () => {
    const r = parseMrz(printed00, { ...UTO, uncertain: new Map([['1:3', ['O']]]) });
    expect(r.accepted).toBe(true);
    expect(r.lines).toEqual(printed00);
  });

  it('never accepts when two repairs are needed unless the reader was unsure of both', () => {
    const twice = replaceAt(replaceAt(ICAO.TD3, 1, 5, 'O'), 1, 1, 'B');
    expect(parseMrz(twice, { ...UTO, maxSubstitutions: 2, uncertain: new Map([['1:5', ['0']]]) }).accepted).toBe(false);
    const both = parseMrz(twice, { ...UTO, maxSubstitutions: 2, uncertain: new Map([['1:5', ['0']], ['1:1', ['8']]]) });
    expect(both.accepted).toBe(true);
    expect(both.lines).toEqual(ICAO.TD3);
    expect(parseMrz(twice, { ...UTO, uncertain: new Map([['1:5', ['0']], ['1:1', ['8']]]) }).accepted).toBe(false);
  });

  it('check-digit aliases the reader was unsure between are ambiguous (S weighs the same as 8)', () => {
    // ICAO document number L898902C3: S (28) and 8 have equal value mod 10 in every check.
    const r = parseMrz(ICAO.TD3, { ...UTO, uncertain: new Map([['1:1', ['S']]]) });
    expect(r.accepted).toBe(false);
  });
});

describe('parseMrz: bad input', () => {
  it.each([
    [[]],
    [['P<UTOERIKSSON']],
    [['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<1']],
    [['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<?10']],
  ])('returns a rejection, never throws: %j', (lines) => {
    const r = parseMrz(lines, UTO);
    expect(r.accepted).toBe(false);
    expect(r.problems.length).toBeGreaterThan(0);
  });
});
