// The edges of the acceptance rules that confirm the cell model's MRZ read by tesseract
// (confirmTemplateRead): each case is one decision a false accept would slip through — a read that
// sees nothing, a hole filled without two agreeing reads, an overrule past its budget or its margins,
// a repair where two would do, a covered character resting on the template alone, a look-alike from
// outside a position's characters, a doubtful position not handed on. The template read is built
// directly (per-cell scores and fits), the tesseract reads are strings: a pure function, no images.
// Built on the ICAO 9303 specimens (TD3 and TD1, state UTO allowed as an extra state).
import { describe, expect, it } from 'vitest';
import {
  ALIAS_MARGIN,
  CHECK_CONFIRM_SCORE,
  DOUBT_MARGIN,
  OUTSIDE_MARGIN,
  OVERRULE_MARGIN,
  OVERRULE_SCORE,
  confirmTemplateRead,
} from '../../../main/precheck/mrz-confirm';
import type { TemplateRead } from '../../../main/precheck/mrz-cells';
import { checkCoverage } from '../../../main/precheck/mrz-parse';
import { formatOf, templateRead } from './template-read';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
/** TD3 with the document number C8HT4KX71 (check digit 3): five letters in a field two checks cover. */
const LETTERS = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'C8HT4KX713UTO7408122F1204159ZE184226B<<<<<16'];
const opts = { extraStates: ['UTO'] };
const fast = { ...opts, coveredByChecks: true };
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<';

const put = (lines: string[], li: number, col: number, c: string): string[] => lines.map((l, i) => (i === li ? l.slice(0, col) + c + l.slice(col + 1) : l));
const putAll = (lines: string[], at: Array<[number, number, string]>): string[] => at.reduce((l, [li, col, c]) => put(l, li, col, c), lines);
/** What tesseract reports when the covered cells were blanked out of its image (covered-by-checks mode). */
const uncoveredOnly = (lines: string[]): string[] => {
  const cov = checkCoverage(formatOf(lines));
  return lines.map((l, li) => [...l].map((c, col) => (cov[li]![col] === 0 ? c : '?')).join(''));
};
/** Every character of the alphabet at 0 for a cell: no ink there. */
const noInk = (key: string): Record<string, number> => Object.fromEntries([...ALPHABET].map((a) => [`${key}:${a}`, 0]));


describe('the margins are exact binary fractions here, so "at least" can be told from "more than"', () => {
  it('the differences the boundary cases use are exactly the margins', () => {
    expect(0.2 - 0.1).toBe(OVERRULE_MARGIN);
    expect(0.2 - 0.1).toBe(ALIAS_MARGIN);
    expect(0.1 - 0.05).toBe(DOUBT_MARGIN);
    expect(0.5 - 0.2).toBe(OUTSIDE_MARGIN);
  });
});

describe('what a tesseract read says (rule 1)', () => {
  it('a tesseract read with a line missing confirms nothing on that line (and does not throw)', () => {
    // Line 2 of the TD1 specimen holds only digits, M/F and UTO: the nationality (uncovered) then has
    // no second reader.
    const c = confirmTemplateRead(templateRead(TD1), [[TD1[0]!, TD1[1]!]], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.overruled).toEqual(['2:0', '2:1']);
    expect(c.unconfirmed[0]).toBe('2:2');
    // The same read with its third line: accepted.
    expect(confirmTemplateRead(templateRead(TD1), [TD1], opts).parsed.accepted).toBe(true);
  });

  it('a tesseract line cut short confirms nothing past its end', () => {
    const short = [TD3[0]!.slice(0, 20), TD3[1]!];
    const c = confirmTemplateRead(templateRead(TD3), [short], opts);
    // The name from column 20 on (MARIA and the fillers) is uncovered: past the two overrules, unconfirmed.
    expect(c.parsed.accepted).toBe(false);
    expect(c.overruled).toEqual(['0:20', '0:21']);
    expect(c.unconfirmed[0]).toBe('0:22');
  });

  it('a read missing a line offers nothing there: document-number letters the other read did not see each cost an overrule', () => {
    const holes = putAll(LETTERS, [
      [1, 0, '?'],
      [1, 2, '?'],
      [1, 3, '?'],
    ]);
    const c = confirmTemplateRead(templateRead(LETTERS), [holes, [LETTERS[0]!]], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.overruled).toEqual(['1:0', '1:2']);
    expect(c.unconfirmed).toEqual(['1:3']);
  });

  it('a hole in a tesseract read is no vote: one read that sees the character confirms it', () => {
    const holed = put(TD3, 0, 8, '?');
    const c = confirmTemplateRead(templateRead(TD3, { '0:8': 0.7 }), [holed, TD3], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.overruled).toEqual([]);
  });
});

describe('holes in the template read (rule 3: two agreeing tesseract reads, never against the cell\'s own ink)', () => {
  const hole = put(TD3, 0, 20, '?'); // the M of MARIA
  const holeRead = (fit: Record<string, number> = {}): TemplateRead => templateRead(hole, { '0:20': 0 }, fit);

  it('a hole is filled when three reads agree', () => {
    const c = confirmTemplateRead(holeRead(), [TD3, TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.values?.firstName).toBe('ANNA MARIA');
  });

  it('a hole is not filled when two reads agree and a third reads another character', () => {
    const c = confirmTemplateRead(holeRead(), [TD3, TD3, put(TD3, 0, 20, 'N')], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toEqual(['0:20']);
  });

  it('a hole whose ink is clearly another character is not filled (at exactly the model\'s "sure" and the outside margin)', () => {
    // Over the whole alphabet the cell is an N at 0.8, the M tesseract agrees on 0.5: 0.3 apart.
    const contradicted = confirmTemplateRead(holeRead({ '0:20:N': CHECK_CONFIRM_SCORE, '0:20:M': 0.5 }), [TD3, TD3], opts);
    expect(contradicted.parsed.accepted).toBe(false);
    expect(contradicted.unconfirmed).toEqual(['0:20']);
    // N at 0.5 over M at 0.2: as far apart, but the model is not sure of the N.
    expect(confirmTemplateRead(holeRead({ '0:20:N': 0.5, '0:20:M': 0.2 }), [TD3, TD3], opts).parsed.accepted).toBe(true);
    // N sure, but less than the margin above the M: not a contradiction.
    expect(confirmTemplateRead(holeRead({ '0:20:N': 0.9, '0:20:M': 0.62 }), [TD3, TD3], opts).parsed.accepted).toBe(true);
  });

  it('a hole whose ink fits the agreed character best is filled, however sure the model is of it', () => {
    const c = confirmTemplateRead(holeRead({ '0:20:M': 0.99 }), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(true);
  });

  it('a hole whose ink is another character the model is sure of, well above the agreed one: contradicted', () => {
    // M at 0.2, N at 0.5: the N is 0.3 better but below "sure"; an O at 0.8 and 0.6 above: contradicted.
    const c = confirmTemplateRead(holeRead({ '0:20:M': 0.2, '0:20:N': 0.5, '0:20:O': 0.8 }), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(false);
    const justBelow = confirmTemplateRead(holeRead({ '0:20:M': 0.5, '0:20:N': 0.79, '0:20:O': 0.79 }), [TD3, TD3], opts);
    expect(justBelow.parsed.accepted).toBe(true);
  });

  it('the rejection names the unconfirmed characters, fills the holes with "<" in the parse, and gives no values', () => {
    const two = putAll(TD3, [
      [0, 20, '?'],
      [0, 21, '?'],
    ]);
    const c = confirmTemplateRead(templateRead(two, { '0:20': 0, '0:21': 0 }), [TD3], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.values).toBeNull();
    expect(c.unconfirmed).toEqual(['0:20', '0:21']);
    expect(c.parsed.problems).toContain('2 character(s) not confirmed by a second reader');
    expect(c.parsed.lines[0]).toBe('P<UTOERIKSSON<<ANNA<<<RIA<<<<<<<<<<<<<<<<<<<');
    expect(c.repaired).toBeNull();
  });

  it('rawLines reports the template read with each hole shown as the first tesseract read that saw it', () => {
    const holes = putAll(TD1, [
      [0, 5, '?'],
      [2, 3, '?'],
      [2, 4, '?'],
    ]);
    const first = putAll(TD1, [
      [0, 5, '?'],
      [2, 3, 'X'],
    ]);
    const second = putAll(TD1, [
      [0, 5, '0'],
      [2, 3, 'K'],
      [2, 4, '?'],
    ]);
    const c = confirmTemplateRead(templateRead(holes, { '0:5': 0, '2:3': 0, '2:4': 0 }), [first, second], opts);
    expect(c.rawLines).toEqual([put(TD1, 0, 5, '0')[0], TD1[1], 'ERIXSSON<<ANNA<MARIA<<<<<<<<<<']);
    // Read against lines without one line: nothing there to fill with.
    const none = confirmTemplateRead(templateRead(holes, { '0:5': 0, '2:3': 0, '2:4': 0 }), [[holes[0]!]], opts);
    expect(none.rawLines).toEqual(holes);
  });
});

describe('overrules (rule 4): the template sure, clearly better than tesseract, at most two', () => {
  const x = (cols: number[]): string[] => cols.reduce((l, col) => put(l, 0, col, 'X'), TD3);

  it('two overrules are allowed and named; a third rejects', () => {
    const two = confirmTemplateRead(templateRead(TD3), [x([6, 8])], opts);
    expect(two.parsed.accepted).toBe(true);
    expect(two.overruled).toEqual(['0:6', '0:8']);
    const three = confirmTemplateRead(templateRead(TD3), [x([6, 8, 10])], opts);
    expect(three.parsed.accepted).toBe(false);
    expect(three.unconfirmed).toEqual(['0:10']);
  });

  it('the template exactly at the overrule score may overrule; just below may not', () => {
    expect(confirmTemplateRead(templateRead(TD3, { '0:8': OVERRULE_SCORE }), [x([8])], opts).parsed.accepted).toBe(true);
    const below = confirmTemplateRead(templateRead(TD3, { '0:8': 0.84 }), [x([8])], opts);
    expect(below.parsed.accepted).toBe(false);
    expect(below.overruled).toEqual([]);
  });

  it('a fit exactly the overrule margin above tesseract\'s character overrules; less does not', () => {
    expect(confirmTemplateRead(templateRead(TD3, {}, { '0:8:K': 0.2, '0:8:X': 0.1 }), [x([8])], opts).parsed.accepted).toBe(true);
    expect(confirmTemplateRead(templateRead(TD3, {}, { '0:8:K': 0.2, '0:8:X': 0.11 }), [x([8])], opts).parsed.accepted).toBe(false);
  });

  it('the template must beat every character tesseract offered, not just one', () => {
    // Two reads: X and Y for the K of ERIKSSON. K is clearly better than X but not than Y.
    const c = confirmTemplateRead(templateRead(TD3, {}, { '0:8:X': 0.5, '0:8:Y': 0.9 }), [x([8]), put(TD3, 0, 8, 'Y')], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toEqual(['0:8']);
  });

  it('tesseract seeing nothing at a name letter costs an overrule as well (covered-by-checks mode too)', () => {
    // Tesseract read the uncovered characters but missed three letters of the name.
    const missed = uncoveredOnly(putAll(TD3, [
      [0, 6, '?'],
      [0, 8, '?'],
      [0, 10, '?'],
    ]));
    const c = confirmTemplateRead(templateRead(TD3), [missed], fast);
    expect(c.parsed.accepted).toBe(false);
    expect(c.overruled).toEqual(['0:6', '0:8']);
    expect(c.unconfirmed).toEqual(['0:10']);
  });
});

describe('covered characters tesseract read differently (rule 2: the check digits decide)', () => {
  it('the template exactly at the "sure" score keeps a digit whose alternative breaks a check', () => {
    // Birth date 740812: tesseract 740612 breaks the birth-date check. The template at 0.8 is too
    // unsure to overrule (0.85), sure enough to be confirmed by the check digits.
    const theirs = put(TD3, 1, 16, '6');
    const c = confirmTemplateRead(templateRead(TD3, { '1:16': CHECK_CONFIRM_SCORE }), [theirs], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.overruled).toEqual([]);
    // Just below "sure", the check digits still decide it as the one hesitant cell under its checks
    // (checkDecided) — not beside a second one tesseract did not see (1:14, the birth date's 7).
    expect(confirmTemplateRead(templateRead(TD3, { '1:16': 0.79 }), [theirs], opts).parsed.accepted).toBe(true);
    const second = confirmTemplateRead(templateRead(TD3, { '1:16': 0.79, '1:14': 0.79 }), [put(theirs, 1, 14, '?')], opts);
    expect(second.parsed.accepted).toBe(false);
  });

  it('a digit tesseract did not see is left to the check digits only where the template is sure of it', () => {
    const missed = put(TD3, 1, 16, '?');
    expect(confirmTemplateRead(templateRead(TD3, { '1:16': CHECK_CONFIRM_SCORE }), [missed], opts).parsed.accepted).toBe(true);
    // Unsure, its check digits decide it only where nothing else they cover is unsure and unseen.
    expect(confirmTemplateRead(templateRead(TD3, { '1:16': 0.79 }), [missed], opts).parsed.accepted).toBe(true);
    const unsure = confirmTemplateRead(templateRead(TD3, { '1:16': 0.79, '1:17': 0.79 }), [put(missed, 1, 17, '?')], opts);
    expect(unsure.parsed.accepted).toBe(false);
    expect(unsure.unconfirmed).toEqual(['1:16']);
  });

  it('document-number letters tesseract did not see are not left to the check digits: each costs an overrule', () => {
    // C8HT4KX71 with tesseract blind to C, H and T: the check digits cannot tell C from M or W.
    const missed = putAll(LETTERS, [
      [1, 0, '?'],
      [1, 2, '?'],
      [1, 3, '?'],
    ]);
    const c = confirmTemplateRead(templateRead(LETTERS), [missed], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.overruled).toEqual(['1:0', '1:2']);
    expect(c.unconfirmed).toEqual(['1:3']);
    expect(c.parsed.problems.at(-1)).toBe('line 2, character 4: the readers disagree and the check digits cannot tell which is right');
  });

  it('a covered letter tesseract reads as a same-weight letter is kept only by an overrule', () => {
    // C (12) read as M (22) by tesseract: both pass every check. Template sure and clearly better.
    const theirs = put(TD3, 1, 7, 'M');
    const c = confirmTemplateRead(templateRead(TD3), [theirs], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.overruled).toEqual(['1:7']);
    expect(c.parsed.values?.documentNumber).toBe('L898902C3');
  });

  it('a character the model gives less than half its probability is not decided by the check digits', () => {
    const theirs = put(TD3, 1, 16, '5');
    const c = confirmTemplateRead(templateRead(TD3, { '1:16': 0.45 }), [theirs], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toEqual(['1:16']);
    expect(confirmTemplateRead(templateRead(TD3, { '1:16': 0.6 }), [theirs], opts).parsed.accepted).toBe(true);
  });
});

describe('the one repair (rule 3 at covered positions)', () => {
  // Birth date printed 740812; the template read 740612 (its 6 unsure). Both tesseract reads see 940812:
  // the 8 at 1:16 makes every check pass, and so would a 9 at 1:13 with the template's 6 (940612).
  const mine = put(TD3, 1, 16, '6');
  const theirs = put(TD3, 1, 13, '9');

  it('two single repairs that would each pass: ambiguous, rejected', () => {
    const c = confirmTemplateRead(templateRead(mine, { '1:16': 0.7, '1:13': 0.7 }), [theirs, theirs], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.repaired).toBeNull();
  });

  it('the same reads where the template was sure of its 7: the one repair at 1:16 is made and reported', () => {
    const c = confirmTemplateRead(templateRead(mine, { '1:16': 0.7 }), [theirs, theirs], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(TD3);
    expect(c.repaired).toEqual({ line: 1, column: 16, from: '6', to: '8' });
    expect(c.unconfirmed).toEqual([]);
  });

  it('a repair needs the character two reads agree on: one read, or two that disagree, repair nothing', () => {
    const one = confirmTemplateRead(templateRead(mine, { '1:16': 0.7 }), [TD3], opts);
    expect(one.parsed.accepted).toBe(false);
    expect(one.repaired).toBeNull();
    const split = confirmTemplateRead(templateRead(mine, { '1:16': 0.7 }), [TD3, put(TD3, 1, 16, '3')], opts);
    expect(split.parsed.accepted).toBe(false);
  });

  it('the template exactly at "sure" is not repaired unless the agreed character fits within the doubt margin', () => {
    const sure = confirmTemplateRead(templateRead(mine, { '1:16': CHECK_CONFIRM_SCORE }), [TD3, TD3], opts);
    expect(sure.parsed.accepted).toBe(false);
    expect(sure.repaired).toBeNull();
    // Sure, and the 8 exactly the doubt margin below the 6: not a hesitation.
    const atMargin = confirmTemplateRead(templateRead(mine, {}, { '1:16:6': 0.1, '1:16:8': 0.05 }), [TD3, TD3], opts);
    expect(atMargin.parsed.accepted).toBe(false);
    // Sure, and the 8 closer than the margin: hesitated, repaired.
    const close = confirmTemplateRead(templateRead(mine, {}, { '1:16:6': 0.1, '1:16:8': 0.06 }), [TD3, TD3], opts);
    expect(close.parsed.accepted).toBe(true);
    expect(close.repaired).toEqual({ line: 1, column: 16, from: '6', to: '8' });
  });

  it('only a repair that makes every check pass counts: another agreed character that fails leaves the one repair', () => {
    // Both reads see 540812: the 8 at 1:16 passes, the 5 at 1:13 (where the template hesitated between
    // its 7 and the 5) does not. The template is sure enough of its 7 for the check digits to keep it.
    const five = put(TD3, 1, 13, '5');
    const c = confirmTemplateRead(templateRead(mine, { '1:16': 0.7 }, { '1:13:7': 0.5, '1:13:5': 0.47 }), [five, five], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.repaired).toEqual({ line: 1, column: 16, from: '6', to: '8' });
    expect(c.parsed.lines).toEqual(TD3);
  });

  it('after a repair, a contested character in the same column of another line is still judged (TD1)', () => {
    // TD1 specimen: expiry 120415 read 720415 by the template (unsure; 1:8), both reads see the 1. They
    // also see an L for the 1 of the document number above it (0:8): L weighs 21, the same mod 10, so
    // the checks pass either way and the template (0.82) is not sure enough to overrule.
    const mineTd1 = put(TD1, 1, 8, '7');
    const theirsTd1 = put(TD1, 0, 8, 'L');
    const c = confirmTemplateRead(templateRead(mineTd1, { '1:8': 0.7, '0:8': 0.82 }), [theirsTd1, theirsTd1], opts);
    expect(c.repaired).toBeNull();
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toEqual(['0:8']);
    // Sure of its 1: overruled, and the repair below it stands.
    const sure = confirmTemplateRead(templateRead(mineTd1, { '1:8': 0.7 }), [theirsTd1, theirsTd1], opts);
    expect(sure.parsed.accepted).toBe(true);
    expect(sure.repaired).toEqual({ line: 1, column: 8, from: '7', to: '1' });
    expect(sure.overruled).toEqual(['0:8']);
  });

  it('a repair that does not make every check pass is not made', () => {
    // Template 740612, tesseract agrees on 740312: fails the check as well.
    const c = confirmTemplateRead(templateRead(mine, { '1:16': 0.7 }), [put(TD3, 1, 16, '3'), put(TD3, 1, 16, '3')], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.repaired).toBeNull();
  });

  it('after a repair, every other contested position still needs the check digits or an overrule', () => {
    // Repair at 1:16 as above; both reads also see M for the C of the document number (same weight):
    // the template must overrule it, and here it is not sure enough to.
    const both = put(TD3, 1, 7, 'M');
    const c = confirmTemplateRead(templateRead(mine, { '1:16': 0.7, '1:7': 0.82 }), [both, both], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toEqual(['1:7']);
    // Sure of the C: overruled, accepted with the repair.
    const sure = confirmTemplateRead(templateRead(mine, { '1:16': 0.7 }), [both, both], opts);
    expect(sure.parsed.accepted).toBe(true);
    expect(sure.repaired).toEqual({ line: 1, column: 16, from: '6', to: '8' });
    expect(sure.overruled).toEqual(['1:7']);
  });
});

describe('covered by checks (rule 5): the template alone, only sure and clear of every check-digit alias', () => {
  it('an alias exactly the alias margin below the template\'s character is clear; closer is not, and the reason is given', () => {
    // The L of L898902C3 (1:0): B (11) and V (31) weigh the same mod 10.
    const at = confirmTemplateRead(templateRead(TD3, {}, { '1:0:L': 0.2, '1:0:B': 0.1, '1:0:V': 0.1 }), [uncoveredOnly(TD3)], fast);
    expect(at.parsed.accepted).toBe(true);
    const close = confirmTemplateRead(templateRead(TD3, {}, { '1:0:L': 0.2, '1:0:B': 0.1, '1:0:V': 0.11 }), [uncoveredOnly(TD3)], fast);
    expect(close.parsed.accepted).toBe(false);
    expect(close.unconfirmed).toEqual(['1:0']);
    expect(close.parsed.problems.at(-1)).toBe('line 2, character 1: too close to a character the check digits cannot tell from it');
  });

  it('a covered character tesseract still read as a same-weight one needs an overrule, not the checks alone', () => {
    // Covered-by-checks mode, but tesseract saw an M for the C of L898902C3 (noise left in its image):
    // M passes every check too. The template (0.82) is sure, but not sure enough to overrule.
    const theirs = uncoveredOnly(TD3).map((l, li) => (li === 1 ? l.slice(0, 7) + 'M' + l.slice(8) : l));
    const c = confirmTemplateRead(templateRead(TD3, { '1:7': 0.82 }), [theirs], fast);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toEqual(['1:7']);
    expect(confirmTemplateRead(templateRead(TD3), [theirs], fast).overruled).toEqual(['1:7']);
  });

  it('a template exactly at "sure" may rest on the checks; just below may not', () => {
    expect(confirmTemplateRead(templateRead(TD3, { '1:3': CHECK_CONFIRM_SCORE }), [uncoveredOnly(TD3)], fast).parsed.accepted).toBe(true);
    const c = confirmTemplateRead(templateRead(TD3, { '1:3': 0.79 }), [uncoveredOnly(TD3)], fast);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toEqual(['1:3']);
  });

  it('the covered characters of a TD1 card rest on the checks; its name still needs tesseract', () => {
    expect(confirmTemplateRead(templateRead(TD1), [uncoveredOnly(TD1)], fast).parsed.accepted).toBe(true);
    const blindName = uncoveredOnly(TD1).map((l, li) => (li === 2 ? '?'.repeat(30) : l));
    expect(confirmTemplateRead(templateRead(TD1), [blindName], fast).parsed.accepted).toBe(false);
  });
});

describe('a look-alike from outside the position\'s characters (printed so, the MRZ is invalid)', () => {
  it('a B in a date exactly the outside margin better than the 8 rejects; less does not', () => {
    const at = confirmTemplateRead(templateRead(TD3, {}, { '1:16:8': 0.2, '1:16:B': 0.5 }), [TD3, TD3], opts);
    expect(at.parsed.accepted).toBe(false);
    expect(at.unconfirmed).toEqual(['1:16']);
    expect(at.parsed.problems.at(-1)).toBe('line 2, character 17: looks more like "B", which cannot stand there');
    expect(confirmTemplateRead(templateRead(TD3, {}, { '1:16:8': 0.2, '1:16:B': 0.49 }), [TD3, TD3], opts).parsed.accepted).toBe(true);
  });

  it('a zero in a name that fits clearly better than the O rejects, on the third line of a TD1 card too', () => {
    // ERIKSSON's O (2:6) on the TD1 specimen.
    const c = confirmTemplateRead(templateRead(TD1, {}, { '2:6:O': 0.2, '2:6:0': 0.5 }), [TD1, TD1], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.problems.at(-1)).toBe('line 3, character 7: looks more like "0", which cannot stand there');
  });

  it('only look-alikes from the other side of the letter/digit line count: a name I that fits an L better is not refused here', () => {
    // L may stand in a name; that both readers saw the I of ERIKSSON is what confirms it.
    const c = confirmTemplateRead(templateRead(TD3, {}, { '0:7:I': 0.2, '0:7:L': 0.9 }), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(true);
  });

  it('a digit with no letter look-alike is not refused for a letter that fits better', () => {
    // The 7 of the birth date (1:13): OCR-B has no letter like it; an S fitting better is not a look-alike.
    const c = confirmTemplateRead(templateRead(TD3, {}, { '1:13:7': 0.2, '1:13:S': 0.9, '1:13:T': 0.9 }), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(true);
  });

  it('a document number holds letters and digits: a D that fits a 0 better, or a 0 that fits an O better, is left to the checks', () => {
    // TD1 specimen D231458907: its D (0:5) fits the cell as a 0 clearly better. Either may stand in a
    // document number; a 0 there fails the check digit (D weighs 13), so the D stands.
    const d = confirmTemplateRead(templateRead(TD1, {}, { '0:5:D': 0.2, '0:5:0': 0.5 }), [TD1, TD1], opts);
    expect(d.parsed.accepted).toBe(true);
    expect(d.parsed.values?.documentNumber).toBe('D23145890');
    const c = confirmTemplateRead(templateRead(TD3, {}, { '1:5:0': 0.2, '1:5:O': 0.9 }), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.values?.documentNumber).toBe('L898902C3');
  });
});

describe('doubtful positions handed to the final parse (a second reading that passes too rejects)', () => {
  it('a name letter the template hesitated over is not doubtful: no check covers it, both readers saw it', () => {
    const c = confirmTemplateRead(templateRead(TD3, {}, { '0:11:O': 0.5, '0:11:D': 0.49, '0:11:Q': 0.49 }), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(true);
  });

  it('a document-number 0 whose same-weight letters fit within the doubt margin: ambiguous, rejected', () => {
    // 1:5 is the 0 of L898902C3; U, K and A weigh 0 mod 10 as well, and a K is no OCR-B look-alike of 0.
    const c = confirmTemplateRead(templateRead(TD3, {}, { '1:5:0': 0.5, '1:5:K': 0.46 }), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.problems.join(' ')).toMatch(/ambiguous/);
    expect(c.parsed.values).toBeNull();
    // Exactly the doubt margin below: not a hesitation.
    expect(confirmTemplateRead(templateRead(TD3, {}, { '1:5:0': 0.1, '1:5:K': 0.05 }), [TD3, TD3], opts).parsed.accepted).toBe(true);
  });

  it('doubt is over OCR-B look-alikes and check-digit aliases only: a 9 the model half gives to an S is not tried', () => {
    // L898902C3 with the template hesitating over its 9 (1:2) and S, and over its 2 (1:6) and Z. Read
    // L8S89Z2C3 passes every check too, but S is neither a look-alike of 9 nor of its weight, and both
    // tesseract reads saw the 9: only the Z is tried, alone it fails, the read is accepted.
    const fit = { '1:2:9': 0.5, '1:2:S': 0.48, '1:6:2': 0.5, '1:6:Z': 0.48 };
    const c = confirmTemplateRead(templateRead(TD3, {}, fit), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(true);
    // A J (19, the 9's weight mod 10) fitting as close is tried, and alone passes every check: ambiguous.
    const alias = confirmTemplateRead(templateRead(TD3, {}, { ...fit, '1:2:J': 0.48 }), [TD3, TD3], opts);
    expect(alias.parsed.accepted).toBe(false);
  });

  it('a blank cell (no ink) in the document number filled by two agreeing reads has nothing to hesitate over', () => {
    const hole = put(TD3, 1, 5, '?');
    const c = confirmTemplateRead(templateRead(hole, { '1:5': 0 }, noInk('1:5')), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(TD3);
    // The same hole with ink split between 0 and K (same weight): filled, then ambiguous.
    const inked = confirmTemplateRead(templateRead(hole, { '1:5': 0.4 }, { ...noInk('1:5'), '1:5:0': 0.45, '1:5:K': 0.44 }), [TD3, TD3], opts);
    expect(inked.parsed.accepted).toBe(false);
  });

  it('a read character is judged for doubt whatever its cell score; only an empty cell with no ink is skipped', () => {
    const c = confirmTemplateRead(templateRead(TD3, { '1:5': 0 }, { '1:5:0': 0.5, '1:5:K': 0.46 }), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.problems.join(' ')).toMatch(/ambiguous/);
  });

  it('a rule-3 repair followed by an ambiguous final parse is rejected and reports no repair', () => {
    // Birth date read 740612 (unsure 6), both tesseract reads see 740812: repaired. The document
    // number's 0 (1:5) the template hesitated over with a K (same weight): ambiguous.
    const mine = put(TD3, 1, 16, '6');
    const c = confirmTemplateRead(templateRead(mine, { '1:16': 0.7 }, { '1:5:0': 0.5, '1:5:K': 0.46 }), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.values).toBeNull();
    expect(c.repaired).toBeNull();
  });

  it('an accepted read reports no repair, nothing unconfirmed and the template\'s lines', () => {
    const c = confirmTemplateRead(templateRead(TD1), [TD1], opts);
    expect(c).toMatchObject({ repaired: null, unconfirmed: [], overruled: [], rawLines: TD1 });
    expect(c.parsed.lines).toEqual(TD1);
    expect(c.parsed.values?.documentNumber).toBe('D23145890');
  });
});
