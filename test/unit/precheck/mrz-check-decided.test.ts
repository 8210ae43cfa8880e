// Rule 2 of mrz-confirm.ts for a cell the cell model hesitated over (checkDecided): a document number's
// 0 the model gives 0.76 beside an O at 0.24, tesseract reading the O (or nothing), or a hole whose best
// character one tesseract read saw too. A 7-3-1 check digit tells one wrong character from the right one
// unless they weigh the same mod 10, so when every character either reader offered there but the
// template's breaks a check, the model gives those same-weight characters nothing, and nothing else
// the check digits cover is in doubt, the check digits decide. The template read is built directly
// with the model's probabilities for the cells concerned (a pure function, no images), on the ICAO 9303
// TD3 specimen (document number L898902C3, check digit 6; state UTO allowed as an extra state).
import { describe, expect, it } from 'vitest';
import { CHECK_CONFIRM_SCORE, CHECK_DECIDED_FLOOR, CHECK_DECIDED_RIVAL, confirmTemplateRead } from '../../../main/precheck/mrz-confirm';
import { checkCoverage } from '../../../main/precheck/mrz-parse';
import { templateRead } from './template-read';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const opts = { extraStates: ['UTO'] };
const fast = { ...opts, coveredByChecks: true };
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<';
/** The document number's 0 (L8989[0]2C3). */
const ZERO = '1:5';

const put = (lines: string[], li: number, col: number, c: string): string[] => lines.map((l, i) => (i === li ? l.slice(0, col) + c + l.slice(col + 1) : l));
const cov = checkCoverage('TD3');
/** What tesseract reports when the covered cells were blanked out of its image (covered-by-checks mode). */
const uncoveredOnly = (lines: string[]): string[] => lines.map((l, li) => [...l].map((c, col) => (cov[li]![col] === 0 ? c : '?')).join(''));
/** The model's probabilities for one cell: the characters given, every other character 0. */
const probabilities = (key: string, p: Record<string, number>): Record<string, number> =>
  Object.fromEntries([...ALPHABET].map((a) => [`${key}:${a}`, p[a] ?? 0]));
/** The 0 read at 0.76 with the O at 0.24 (as the model splits a halftoned or blurred OCR-B 0). */
const split = { [ZERO]: 0.76 };
const splitFit = probabilities(ZERO, { '0': 0.76, O: 0.24 });

describe('a covered cell the model hesitated over, decided by the check digits', () => {
  it('is accepted as the template read it when tesseract saw only the uncovered characters', () => {
    expect(0.76).toBeLessThan(CHECK_CONFIRM_SCORE);
    const c = confirmTemplateRead(templateRead(TD3, split, splitFit), [uncoveredOnly(TD3)], fast);
    expect(c.parsed.problems).toEqual([]);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(TD3);
    expect(c.repaired).toBeNull();
  });

  it('is accepted when tesseract read the O there: the O breaks the document number check, the 0 passes', () => {
    const theirs = put(TD3, 1, 5, 'O');
    const c = confirmTemplateRead(templateRead(TD3, split, splitFit), [theirs, theirs], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.values?.documentNumber).toBe('L898902C3');
    expect(c.overruled).toEqual([]);
  });

  it('is refused when the model gives a character of the same weight mod 10 (an A for the 0) any real chance', () => {
    const fit = probabilities(ZERO, { '0': 0.74, O: 0.24, A: CHECK_DECIDED_RIVAL });
    const c = confirmTemplateRead(templateRead(TD3, split, fit), [uncoveredOnly(TD3)], fast);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toEqual([ZERO]);
  });

  it('is refused beside a second cell under the same check digits that the model hesitated over and no read saw', () => {
    // The document number's 2 (1:6) at 0.7 too: two weak cells could compensate each other.
    const scores = { ...split, '1:6': 0.7 };
    const fit = { ...splitFit, ...probabilities('1:6', { '2': 0.7, Z: 0.3 }) };
    const c = confirmTemplateRead(templateRead(TD3, scores, fit), [uncoveredOnly(TD3)], fast);
    expect(c.parsed.accepted).toBe(false);
    // The same second cell seen alike by a tesseract read stands on two readers: the 0 is decided.
    const seen = confirmTemplateRead(templateRead(TD3, scores, fit), [put(put(TD3, 1, 5, 'O'), 1, 6, '2')], opts);
    expect(seen.parsed.accepted).toBe(true);
  });

  it('is refused where the model gives its character less than CHECK_DECIDED_FLOOR', () => {
    const fit = probabilities(ZERO, { '0': CHECK_DECIDED_FLOOR - 0.02, O: 0.45 });
    const c = confirmTemplateRead(templateRead(TD3, { [ZERO]: 0.48 }, fit), [put(TD3, 1, 5, 'O')], opts);
    expect(c.parsed.accepted).toBe(false);
  });

  it('never changes a character: where the printed check digit disagrees with the template, the MRZ is refused', () => {
    // Check digit printed 7 instead of 6: the 0 fails it, the O (24) would need a 1; nothing passes.
    const broken = put(TD3, 1, 9, '7');
    const c = confirmTemplateRead(templateRead(broken, split, splitFit), [put(broken, 1, 5, 'O')], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.repaired).toBeNull();
  });
});

describe('a hole under a check digit, filled with the model\'s best character one tesseract read saw too', () => {
  const holed = put(TD3, 1, 5, '?');
  const hole = { [ZERO]: 0.56 };
  const holeFit = probabilities(ZERO, { '0': 0.56, O: 0.44 });

  it('is filled and decided by the check digits when the other read offers a character that breaks them', () => {
    const c = confirmTemplateRead(templateRead(holed, hole, holeFit), [TD3, put(TD3, 1, 5, '6')], opts);
    expect(c.parsed.problems).toEqual([]);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(TD3);
  });

  it('stays a hole when no read saw the model\'s best character', () => {
    const c = confirmTemplateRead(templateRead(holed, hole, holeFit), [put(TD3, 1, 5, 'O'), put(TD3, 1, 5, '6')], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toEqual([ZERO]);
  });

  it('two such holes are never decided together', () => {
    const two = put(holed, 1, 6, '?');
    const fit = { ...holeFit, ...probabilities('1:6', { '2': 0.56, Z: 0.44 }) };
    const c = confirmTemplateRead(templateRead(two, { ...hole, '1:6': 0.56 }, fit), [TD3, put(put(TD3, 1, 5, '6'), 1, 6, '7')], opts);
    expect(c.parsed.accepted).toBe(false);
  });
});
