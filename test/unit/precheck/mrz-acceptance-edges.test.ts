// The edges of MRZ acceptance: which look-alikes a position where the independent reads disagreed
// may become (digits in a date, letters in a state code), what the reader's own doubt may and may
// not add (the character it read, anything that is not one MRZ character, a position past the end),
// input that is not an MRZ, and the reason a rejection gives. Plus the teller's sentence for each
// decision of the submit gate. Built on the ICAO 9303 specimens (state UTO, allowed via extraStates)
// and the repository's own specimen generator.
import { describe, expect, it } from 'vitest';
import { buildMrz } from '../../../main/capture/specimen/mrz';
import { randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { parseMrz } from '../../../main/precheck/mrz-parse';
import { gateSentence } from '../../../main/precheck/policy';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const UTO = { extraStates: ['UTO'] };
const replaceAt = (lines: string[], line: number, col: number, c: string): string[] => lines.map((l, i) => (i === line ? l.slice(0, col) + c + l.slice(col + 1) : l));

describe('look-alikes where the independent reads disagreed', () => {
  it.each([
    ['O', 1, 2, '0'],
    ['U', 1, 2, '0'],
    ['L', 1, 8, '1'],
  ])('a %s in a date (digits only) is repaired to its digit look-alike', (letter, line, col, digit) => {
    const read = replaceAt(TD1, line, col, letter);
    const r = parseMrz(read, { ...UTO, repairablePositions: new Set([`${line}:${col}`]) });
    expect(r.accepted).toBe(true);
    expect(r.repaired).toEqual({ line, column: col, from: letter, to: digit });
    expect(r.lines).toEqual(TD1);
  });

  it('a character with no digit look-alike in a date is not repaired, and the parse does not throw', () => {
    const read = replaceAt(TD1, 1, 2, 'X');
    let r: ReturnType<typeof parseMrz> | undefined;
    expect(() => (r = parseMrz(read, { ...UTO, repairablePositions: new Set(['1:2']) }))).not.toThrow();
    expect(r!.accepted).toBe(false);
    expect(r!.repaired).toBeNull();
  });

  it('a digit in a document number where a letter is printed is repaired when exactly one letter passes (D231458907 read as 0231458907)', () => {
    const read = replaceAt(TD1, 0, 5, '0');
    const r = parseMrz(read, { ...UTO, repairablePositions: new Set(['0:5']) });
    expect(r.accepted).toBe(true);
    expect(r.repaired).toEqual({ line: 0, column: 5, from: '0', to: 'D' });
    expect(r.values!.documentNumber).toBe('D23145890');
  });

  it('a 4 in a state code is tried as A (CAN read as C4N)', () => {
    const spec = randomSpecimenSpec(7, { format: 'TD3', issuingState: 'CAN', now: '2026-01-01' });
    const lines = buildMrz({ ...spec, optionalData: spec.personalNumber });
    const read = replaceAt(lines, 0, 3, '4');
    const r = parseMrz(read, { repairablePositions: new Set(['0:3']) });
    expect(r.accepted).toBe(true);
    expect(r.values!.issuingState).toBe('CAN');
    expect(r.repaired).toEqual({ line: 0, column: 3, from: '4', to: 'A' });
    // A digit with no letter look-alike there (3) is not repaired, and the parse does not throw.
    let other: ReturnType<typeof parseMrz> | undefined;
    expect(() => (other = parseMrz(replaceAt(lines, 0, 3, '3'), { repairablePositions: new Set(['0:3']) }))).not.toThrow();
    expect(other!.accepted).toBe(false);
    expect(other!.repaired).toBeNull();
  });
});

describe("the reader's own doubt", () => {
  it('listing the character it read among the alternatives does not make a clean read ambiguous', () => {
    const r = parseMrz(TD3, { ...UTO, uncertain: new Map([['1:0', ['L']]]) });
    expect(r.accepted).toBe(true);
    expect(r.repaired).toBeNull();
  });

  it('alternatives that are not one MRZ character are ignored, without an exception', () => {
    let r: ReturnType<typeof parseMrz> | undefined;
    expect(() => (r = parseMrz(TD3, { ...UTO, uncertain: new Map([['1:1', ['b8', '8b', '88', '']]]) }))).not.toThrow();
    expect(r!.accepted).toBe(true);
    expect(r!.lines).toEqual(TD3);
  });

  it('a doubt reported past the end of a line is ignored, without an exception', () => {
    let r: ReturnType<typeof parseMrz> | undefined;
    expect(() => (r = parseMrz(TD3, { ...UTO, uncertain: new Map([['1:44', ['1']]]) }))).not.toThrow();
    expect(r!.accepted).toBe(true);
    expect(r!.lines).toEqual(TD3);
  });
});

describe('input that is not an MRZ, and what a rejection says', () => {
  it('names the line count and lengths when the text is not an MRZ layout; blank lines do not count', () => {
    expect(parseMrz(['ABC', '', 'DEFG']).problems).toEqual(['not an MRZ layout: 2 line(s) of 3/4 characters']);
    expect(parseMrz([]).problems).toEqual(['not an MRZ layout: 0 line(s) of 0 characters']);
  });

  it('blank lines around the MRZ (as a reader may return them) are dropped', () => {
    const r = parseMrz(['', TD3[0]!, '  ', TD3[1]!, ''], UTO);
    expect(r.accepted).toBe(true);
    expect(r.lines).toEqual(TD3);
  });

  it('a character outside the MRZ alphabet rejects the read, even where the reader offered a digit for it', () => {
    const read = replaceAt(TD1, 1, 2, '*');
    const r = parseMrz(read, { ...UTO, uncertain: new Map([['1:2', ['0']]]) });
    expect(r.accepted).toBe(false);
    expect(r.repaired).toBeNull();
    expect(r.problems).toEqual(['characters outside the MRZ alphabet']);
  });

  it('an accepted MRZ carries no problems, also with repair switched off', () => {
    const r = parseMrz(TD3, { ...UTO, maxSubstitutions: 0 });
    expect(r.accepted).toBe(true);
    expect(r.problems).toEqual([]);
  });

  it('a repair needing more changes than allowed is named as such, not as ambiguous', () => {
    const twice = replaceAt(replaceAt(TD3, 1, 5, 'O'), 1, 1, 'B');
    const r = parseMrz(twice, { ...UTO, uncertain: new Map([['1:5', ['0']], ['1:1', ['8']]]) });
    expect(r.accepted).toBe(false);
    // What failed as read comes first, then why no repair was made.
    expect(r.problems).toEqual([...parseMrz(twice, UTO).problems, 'passing needs 2 changes, more than allowed']);
  });

  it('more characters in the wrong class than changes allowed (a letter in a date, a digit in a state) rejects as read, without a repair search', () => {
    const read = replaceAt(replaceAt(TD1, 1, 2, 'O'), 1, 17, '0');
    const unsure = new Map([['1:2', ['0']], ['1:17', ['O']]]);
    const r = parseMrz(read, { ...UTO, uncertain: unsure });
    expect(r.accepted).toBe(false);
    expect(r.problems).toEqual(parseMrz(read, UTO).problems);
    // Allowed two changes, the same read is repaired.
    expect(parseMrz(read, { ...UTO, uncertain: unsure, maxSubstitutions: 2 }).lines).toEqual(TD1);
  });

  it('with repair switched off (maxSubstitutions 0) a read one change from valid is rejected as read', () => {
    const read = replaceAt(TD3, 1, 5, 'O');
    const r = parseMrz(read, { ...UTO, maxSubstitutions: 0, repairablePositions: new Set(['1:5']) });
    expect(r.accepted).toBe(false);
    expect(r.problems).toEqual(parseMrz(read, UTO).problems);
  });

  it('a clean read that another reading of a doubtful character also passes is ambiguous', () => {
    const r = parseMrz(TD3, { ...UTO, uncertain: new Map([['1:1', ['S']]]) });
    expect(r.accepted).toBe(false);
    expect(r.problems).toEqual(['another reading of the characters the reader was unsure of passes every check too: ambiguous']);
  });

  it('a failing read that two different repairs would fix is ambiguous, with how many', () => {
    const read = replaceAt(TD3, 0, 16, '0'); // a 0 in a name: O, D and Q would all do
    const r = parseMrz(read, { ...UTO, repairablePositions: new Set(['0:16']) });
    expect(r.accepted).toBe(false);
    expect(r.problems.at(-1)).toBe('2 different repairs would pass: ambiguous');
  });
});

describe("the submit gate's sentence for the teller", () => {
  it('names the problem and whether the teller may give a reason', () => {
    expect(gateSentence({ decision: 'blocked', problem: 'expired' }).key).toBe('precheck_expired_blocked');
    expect(gateSentence({ decision: 'needs_reason', problem: 'expired' }).key).toBe('precheck_expired_needs_reason');
    expect(gateSentence({ decision: 'blocked', problem: 'unreadable' }).key).toBe('precheck_unreadable_blocked');
    expect(gateSentence({ decision: 'needs_reason', problem: 'unreadable' }).key).toBe('precheck_unreadable_needs_reason');
  });
});
