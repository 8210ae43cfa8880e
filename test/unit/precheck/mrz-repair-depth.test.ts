// How deep the MRZ ambiguity search goes. parseMrz tries every reading of the characters the reader
// was unsure of with up to two changes (AMBIGUITY_DEPTH), or up to maxSubstitutions when that is
// larger, and accepts only when exactly one passes every check digit and field. A reading that needs
// three changes lies below that depth with the default options and is not looked for.
//
// The read is built with the check-digit arithmetic (ICAO 9303 part 3 §4.9, weights 7-3-1): a TD3
// passport whose document number starts 2 0 1 (weights 7, 3, 1) where the reader hesitated between
// 2/Z, 0/O and 1/I. Z = 35, O = 24, I = 18, so the three changes add 7·33 + 3·24 + 1·17 = 320 to the
// weighted sum: 0 mod 10, and the document number's check digit and the composite (which weighs the
// document number's characters the same way) both still pass with all three changed. Each change
// alone adds 1, 2 or 7 mod 10 and each pair 3, 8 or 9, so no reading with one or two changes passes.
// The holder data is the repository's seeded synthetic specimen generator.
import { describe, expect, it } from 'vitest';
import { buildMrz } from '../../../main/capture/specimen/mrz';
import { randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { parseMrz } from '../../../main/precheck/mrz-parse';

const spec = randomSpecimenSpec(11, { format: 'TD3', issuingState: 'CAN', now: '2026-01-01' });
const printed = buildMrz({ ...spec, documentNumber: '201456789', optionalData: spec.personalNumber });
const DOUBT: Array<[column: number, read: string, other: string]> = [
  [0, '2', 'Z'],
  [1, '0', 'O'],
  [2, '1', 'I'],
];
const withChanges = (columns: number[]): string[] =>
  printed.map((l, i) => (i === 1 ? [...l].map((c, col) => (columns.includes(col) ? DOUBT.find(([dc]) => dc === col)![2] : c)).join('') : l));
const unsure = new Map(DOUBT.map(([col, , other]) => [`1:${col}`, [other]]));

describe('the ambiguity search depth', () => {
  it('the construction holds: the printed read and the three-change reading pass every check; no one- or two-change reading does', () => {
    expect(printed[1]!.slice(0, 3)).toBe('201');
    const asPrinted = parseMrz(printed);
    expect(asPrinted.accepted).toBe(true);
    const all = parseMrz(withChanges([0, 1, 2]));
    expect(all.accepted).toBe(true);
    expect(all.values!.documentNumber).toBe('ZOI456789');
    expect(Object.values(all.checkDigits).every(Boolean)).toBe(true);
    for (const cols of [[0], [1], [2], [0, 1], [0, 2], [1, 2]]) {
      const r = parseMrz(withChanges(cols));
      expect(r.accepted, `changes at ${cols.join(',')}`).toBe(false);
      expect(r.checkDigits.documentNumber, `changes at ${cols.join(',')}`).toBe(false);
      expect(r.checkDigits.composite, `changes at ${cols.join(',')}`).toBe(false);
    }
  });

  it('with the default options a reading that needs all three doubtful characters changed is not looked for: the read is accepted as printed', () => {
    const r = parseMrz(printed, { uncertain: unsure });
    expect(r.accepted).toBe(true);
    expect(r.repaired).toBeNull();
    expect(r.lines).toEqual(printed);
    expect(r.values!.documentNumber).toBe('201456789');
  });

  it('allowed three changes, the search goes three deep and finds the other reading: ambiguous', () => {
    const r = parseMrz(printed, { uncertain: unsure, maxSubstitutions: 3 });
    expect(r.accepted).toBe(false);
    expect(r.problems).toEqual(['another reading of the characters the reader was unsure of passes every check too: ambiguous']);
    // Read the other way round (the reader saw ZOI and hesitated towards 2, 0, 1), the same holds.
    const readOther = withChanges([0, 1, 2]);
    const back = new Map(DOUBT.map(([col, read]) => [`1:${col}`, [read]]));
    expect(parseMrz(readOther, { uncertain: back }).accepted).toBe(true);
    expect(parseMrz(readOther, { uncertain: back, maxSubstitutions: 3 }).accepted).toBe(false);
  });

  it('two doubtful characters out of the three never make it ambiguous, at any allowed depth', () => {
    for (const maxSubstitutions of [1, 2, 3]) {
      const two = new Map([...unsure].slice(0, 2));
      const r = parseMrz(printed, { uncertain: two, maxSubstitutions });
      expect(r.accepted, `maxSubstitutions ${maxSubstitutions}`).toBe(true);
      expect(r.lines).toEqual(printed);
    }
  });
});

describe('the search stops once two readings pass', () => {
  // A read whose document number has a 4 read as A (weight 7: +6·7 ≡ 2 mod 10, so its check digit and
  // the composite fail), with three doubtful positions in search order: a letter of the surname (no
  // check digit covers it, so changing it neither breaks nor fixes anything), the A (back to 4 fixes
  // it) and a 6 two places on (weight 1: 6 → 4 subtracts 2 and fixes the sums too). The search finds
  // surname+A→4 and surname+6→4 under the surname's branch, and stops there: it does not go on to the
  // single changes.
  const read = printed.map((l, i) => (i === 1 ? l.slice(0, 3) + 'A' + l.slice(4) : l));
  const surnameAt = 5;
  const other = printed[0]![surnameAt] === 'Q' ? 'O' : 'Q';
  const doubt = new Map([
    [`0:${surnameAt}`, [other]],
    ['1:3', ['4']],
    ['1:5', ['4']],
  ]);

  it('the construction holds: the read fails its document number and composite checks; A→4 alone and 6→4 alone each pass', () => {
    expect(printed[1]!.slice(3, 6)).toBe('456');
    expect(printed[0]![surnameAt]).toMatch(/[A-Z]/);
    const r = parseMrz(read);
    expect(r.checkDigits.documentNumber).toBe(false);
    expect(r.checkDigits.composite).toBe(false);
    expect(parseMrz(printed).accepted).toBe(true);
    expect(parseMrz(read.map((l, i) => (i === 1 ? l.slice(0, 5) + '4' + l.slice(6) : l))).accepted).toBe(true);
  });

  it('rejects as ambiguous, naming the two repairs it found before stopping', () => {
    const r = parseMrz(read, { uncertain: doubt });
    expect(r.accepted).toBe(false);
    expect(r.problems.at(-1)).toBe('2 different repairs would pass: ambiguous');
  });
});
