// The acceptance rules between the template read and the tesseract reads (mrz-confirm.ts), on the ICAO
// 9303 TD3 specimen (state UTO allowed as an extra state). The template read is given directly, with
// per-cell scores, so each rule can be driven exactly.
import { describe, expect, it } from 'vitest';
import type { TemplateRead } from '../../../main/precheck/mrz-cells';
import { ALIAS_MARGIN, OUTSIDE_MARGIN, alignToCells, checkAliases, confirmTemplateRead } from '../../../main/precheck/mrz-confirm';
import { checkCoverage } from '../../../main/precheck/mrz-parse';
import type { OcrLine } from '../../../main/precheck/mrz-worker';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const opts = { extraStates: ['UTO'] };

const put = (lines: string[], li: number, col: number, c: string): string[] => lines.map((l, i) => (i === li ? l.slice(0, col) + c + l.slice(col + 1) : l));

/**
 * A template read of `lines`. `scores` overrides the score of some cells ("line:col" → score);
 * `fit` says how well a cell matches another character (default: 0.3 below the read character).
 */
function templateRead(lines: string[], scores: Record<string, number> = {}, fit: Record<string, number> = {}): TemplateRead {
  const cells = lines.map((l, li) =>
    [...l].map((char, col) => ({ char, score: scores[`${li}:${col}`] ?? 0.95, second: '?', secondScore: 0.5 })),
  );
  return {
    format: 'TD3',
    lines,
    cells,
    grids: lines.map((_, i) => ({ origin: 10, pitch: 20, capTop: 10 + i * 40, capBottom: 30 + i * 40, slope: 0 })),
    scoreOf: (li, col, c) => fit[`${li}:${col}:${c}`] ?? (c === lines[li]![col] ? cells[li]![col]!.score : cells[li]![col]!.score - 0.3),
  };
}

describe('confirmTemplateRead', () => {
  it('accepts when a tesseract read agrees with the template everywhere', () => {
    const c = confirmTemplateRead(templateRead(TD3), [TD3], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(TD3);
    expect(c.parsed.values?.lastName).toBe('ERIKSSON');
  });

  it('never accepts a misprinted check digit, even when both readers agree on it', () => {
    const broken = put(TD3, 1, 9, '7');
    const c = confirmTemplateRead(templateRead(broken), [broken, broken], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.checkDigits.documentNumber).toBe(false);
  });

  it('does not accept a name letter the template is unsure of and tesseract reads differently', () => {
    // Template: ERIKSSON (K at 0:8 weakly); both tesseract reads: ERIXSSON.
    const theirs = put(TD3, 0, 8, 'X');
    const c = confirmTemplateRead(templateRead(TD3, { '0:8': 0.7 }), [theirs, theirs], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toContain('0:8');
  });

  it('never takes a name letter from tesseract against the template, however many reads agree', () => {
    const theirs = put(TD3, 0, 8, 'X');
    const c = confirmTemplateRead(templateRead(put(TD3, 0, 8, 'K'), { '0:8': 0.84 }, { '0:8:K': 0.84, '0:8:X': 0.8 }), [theirs, theirs], opts);
    expect(c.parsed.accepted).toBe(false);
  });

  it('takes the template letter over tesseract only when the template is sure and clearly better (one overrule)', () => {
    const theirs = put(TD3, 0, 8, 'X');
    const sure = confirmTemplateRead(templateRead(TD3, { '0:8': 0.93 }, { '0:8:X': 0.7 }), [theirs], opts);
    expect(sure.parsed.accepted).toBe(true);
    expect(sure.overruled).toEqual(['0:8']);
    expect(sure.parsed.values?.lastName).toBe('ERIKSSON');
    // Same, but the cell fits X almost as well: no overrule.
    const close = confirmTemplateRead(templateRead(TD3, { '0:8': 0.93 }, { '0:8:X': 0.88 }), [theirs], opts);
    expect(close.parsed.accepted).toBe(false);
  });

  it('allows at most two overrules per MRZ', () => {
    let theirs = TD3;
    for (const col of [6, 8, 10]) theirs = put(theirs, 0, col, 'X');
    const c = confirmTemplateRead(templateRead(TD3), [theirs], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.overruled).toHaveLength(2);
  });

  it('lets the check digits decide a digit the readers disagree on, when only one choice passes', () => {
    // Birth date 740812: tesseract reads 740612, which breaks the birth-date check digit.
    const theirs = put(TD3, 1, 16, '6');
    const c = confirmTemplateRead(templateRead(TD3, { '1:16': 0.82 }, { '1:16:6': 0.8 }), [theirs], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(TD3);
  });

  it('repairs one digit the template misread when two tesseract reads agree and the check digits then pass', () => {
    const mine = put(TD3, 1, 16, '6');
    const c = confirmTemplateRead(templateRead(mine, { '1:16': 0.7 }), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(TD3);
    expect(c.repaired).toEqual({ line: 1, column: 16, from: '6', to: '8' });
  });

  it('does not repair when both the template character and the tesseract one would pass the check digits', () => {
    // Document number L898902C3: C (12) and M (22) weigh the same mod 10 at every position.
    const theirs = put(TD3, 1, 7, 'M');
    const c = confirmTemplateRead(templateRead(TD3, { '1:7': 0.82 }, { '1:7:M': 0.75 }), [theirs, theirs], opts);
    expect(c.parsed.accepted).toBe(false);
  });

  it('keeps the template letter in a document number when tesseract agrees on a look-alike the check digits reject', () => {
    // L898902C3: both tesseract reads see G for the C; G breaks the document-number check digit.
    const theirs = put(TD3, 1, 7, 'G');
    const c = confirmTemplateRead(templateRead(TD3), [theirs, theirs], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.values?.documentNumber).toBe('L898902C3');
    expect(c.overruled).toEqual([]);
  });

  it('where the check digits cannot choose (L and 1 weigh the same), only a clear template win accepts', () => {
    const theirs = put(TD3, 1, 0, '1');
    const clear = confirmTemplateRead(templateRead(TD3, {}, { '1:0:1': 0.6 }), [theirs, theirs], opts);
    expect(clear.parsed.accepted).toBe(true);
    expect(clear.overruled).toEqual(['1:0']);
    const close = confirmTemplateRead(templateRead(TD3, {}, { '1:0:1': 0.9 }), [theirs, theirs], opts);
    expect(close.parsed.accepted).toBe(false);
  });

  it('fills a hole in the template read only from two agreeing tesseract reads', () => {
    const holed = put(TD3, 0, 20, '?');
    const holedRead = templateRead(holed, { '0:20': 0 });
    expect(confirmTemplateRead(holedRead, [TD3], opts).parsed.accepted).toBe(false);
    const two = confirmTemplateRead(holedRead, [TD3, TD3], opts);
    expect(two.parsed.accepted).toBe(true);
    expect(two.parsed.values?.firstName).toBe('ANNA MARIA');
  });
});

describe('confirmTemplateRead, covered by checks (rule 5: tesseract saw only the uncovered characters)', () => {
  const cov = checkCoverage('TD3');
  /** What tesseract reports when the covered cells were blanked out of its image. */
  const uncoveredOnly = (lines: string[]): string[] => lines.map((l, li) => [...l].map((c, col) => (cov[li]![col] === 0 ? c : '?')).join(''));
  const fast = { ...opts, coveredByChecks: true };

  it('the check-digit aliases are the characters of equal value mod 10', () => {
    expect(checkAliases('8').sort()).toEqual(['I', 'S'].sort());
    expect(checkAliases('A').sort()).toEqual(['0', '<', 'K', 'U'].sort());
    expect(checkAliases('<').sort()).toEqual(['0', 'A', 'K', 'U'].sort());
  });

  it('accepts when tesseract confirms every uncovered character and the template passes every check', () => {
    const c = confirmTemplateRead(templateRead(TD3), [uncoveredOnly(TD3)], fast);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(TD3);
  });

  it('without the mode, the same lone read does not accept letters of the document number', () => {
    expect(confirmTemplateRead(templateRead(TD3), [uncoveredOnly(TD3)], opts).parsed.accepted).toBe(false);
  });

  it('does not accept a name letter tesseract reads differently when the template is not clearly better', () => {
    const theirs = uncoveredOnly(put(TD3, 0, 8, 'X'));
    const c = confirmTemplateRead(templateRead(TD3, { '0:8': 0.7 }), [theirs], fast);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toContain('0:8');
  });

  it('does not silently accept a nationality letter tesseract reads differently', () => {
    // Template: UTO; tesseract: UTQ. Both readers must agree on a nationality; the template is unsure.
    const theirs = uncoveredOnly(put(TD3, 1, 12, 'Q'));
    const c = confirmTemplateRead(templateRead(TD3, { '1:12': 0.8 }), [theirs], fast);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toContain('1:12');
  });

  it('never accepts an unknown nationality, even when both readers see it', () => {
    const read = put(TD3, 1, 11, 'X'); // UXO
    const c = confirmTemplateRead(templateRead(read), [uncoveredOnly(read)], fast);
    expect(c.parsed.accepted).toBe(false);
  });

  it('does not rest a covered character on the template when a check-digit alias fits it almost as well', () => {
    // 1:0 is the L of L898902C3 (value 21): B (11) and V (31) weigh the same mod 10 in every check.
    const close = templateRead(TD3, {}, { '1:0:B': 0.95 - ALIAS_MARGIN / 2 });
    expect(confirmTemplateRead(close, [uncoveredOnly(TD3)], fast).parsed.accepted).toBe(false);
    // A non-alias fitting as well does not matter: any other character would break the check digit.
    const other = templateRead(TD3, {}, { '1:0:E': 0.95 });
    expect(confirmTemplateRead(other, [uncoveredOnly(TD3)], fast).parsed.accepted).toBe(true);
  });

  it('does not rest a covered character on a template that is unsure of it', () => {
    const c = confirmTemplateRead(templateRead(TD3, { '1:3': 0.7 }), [uncoveredOnly(TD3)], fast);
    expect(c.parsed.accepted).toBe(false);
  });

  it('never accepts a covered digit the template misread, nor a misprinted check digit', () => {
    const misread = put(TD3, 1, 3, '3'); // document number 898 → 893: its check digit fails
    expect(confirmTemplateRead(templateRead(misread), [uncoveredOnly(TD3)], fast).parsed.accepted).toBe(false);
    const broken = put(TD3, 1, 9, '7');
    expect(confirmTemplateRead(templateRead(broken), [uncoveredOnly(broken)], fast).parsed.accepted).toBe(false);
  });
});

describe('alignToCells', () => {
  const grids = [
    { origin: 10, pitch: 20, capTop: 10, capBottom: 30, slope: 0 },
    { origin: 10, pitch: 20, capTop: 50, capBottom: 70, slope: 0 },
  ];
  const sym = (text: string, cx: number, cy: number) => ({ text, confidence: 90, x0: cx - 6, x1: cx + 6, y0: cy - 10, y1: cy + 10 });
  it('puts symbols into the template cells by their centres, whatever the OCR line grouping', () => {
    const n = 44;
    const line0 = TD3[0]!;
    const line1 = TD3[1]!;
    // One OCR "line" holding both MRZ lines, at twice the band's scale; one cell of line 1 has two symbols.
    const symbols = [
      ...[...line0].map((c, i) => sym(c, (10 + i * 20) * 2, 20 * 2)),
      ...[...line1].map((c, i) => sym(c, (10 + i * 20) * 2, 60 * 2)),
      sym('I', (10 + 5 * 20 + 4) * 2, 60 * 2),
    ];
    const ocr: OcrLine[] = [{ text: '', confidence: 90, symbols, y0: 0, y1: 200 }];
    const out = alignToCells(ocr, grids, 'TD3', 2);
    expect(out[0]).toBe(line0);
    expect(out[1]).toBe(line1.slice(0, 5) + '?' + line1.slice(6));
    expect(out[1]).toHaveLength(n);
  });
});

describe('confirmTemplateRead: a misprint or a pair of misreads cannot pass', () => {
  const cov = checkCoverage('TD3');
  const uncoveredOnly = (lines: string[]): string[] => lines.map((l, li) => [...l].map((c, col) => (cov[li]![col] === 0 ? c : '?')).join(''));
  const fast = { ...opts, coveredByChecks: true };
  // Document number C8HT4KX71 (check digit 3). Printed with a B where the 8 belongs, the MRZ is invalid.
  const valid = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'C8HT4KX713UTO7408122F1204159ZE184226B<<<<<16'];
  const printedB = put(valid, 1, 1, 'B');

  it('never repairs a printed B the template read with confidence, however many tesseract reads see an 8', () => {
    const c = confirmTemplateRead(templateRead(printedB, {}, { '1:1:8': 0.7 }), [valid, valid], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.repaired).toBeNull();
  });

  it('repairs the B when the template hesitated between B and 8 and both tesseract reads see the 8', () => {
    const c = confirmTemplateRead(templateRead(printedB, {}, { '1:1:8': 0.92 }), [valid, valid], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(valid);
  });

  // Document number L89002C35: its 00 sits at weights 7 and 3, so two 0→O misreads (+4 mod 10 each,
  // 7·4 + 3·4 = 40) pass every check digit, the composite included.
  const printed00 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L89002C350UTO7408122F1204159ZE184226B<<<<<12'];
  const readOO = put(put(printed00, 1, 3, 'O'), 1, 4, 'O');

  it('does not accept two 0→O reads whose weights cancel when the template hesitated over both', () => {
    const unsure = templateRead(readOO, {}, { '1:3:0': 0.92, '1:4:0': 0.92 });
    expect(confirmTemplateRead(unsure, [uncoveredOnly(readOO)], fast).parsed.accepted).toBe(false);
    expect(confirmTemplateRead(unsure, [readOO, readOO], opts).parsed.accepted).toBe(false);
  });

  it('accepts the same characters when the template was sure of them and they sit with the document\'s own Os (so printed, they are valid)', () => {
    // The document's own 0s (dates, a check digit) far from O and its Os (UTO, ERIKSSON) far from 0:
    // the two cells clearly with the Os (roundSwapUnseen wants that; the model's certainty is not enough).
    const own = { '1:9:O': 0.01, '1:15:O': 0.01, '1:23:O': 0.01, '0:4:0': 0.01, '0:11:0': 0.01, '1:12:0': 0.01 };
    const sure = templateRead(readOO, {}, { ...own, '1:3:0': 0.05, '1:4:0': 0.05 });
    const c = confirmTemplateRead(sure, [uncoveredOnly(readOO)], fast);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(readOO);
  });

  it('refuses them when only the model is sure: the document\'s own 0s and Os do not place them', () => {
    const sure = templateRead(readOO, {}, { '1:3:0': 0.6, '1:4:0': 0.6 });
    const c = confirmTemplateRead(sure, [uncoveredOnly(readOO)], fast);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toEqual(['1:3', '1:4']);
  });

  it('does not read a letter printed in a date as its look-alike digit', () => {
    // Birth date 740812 printed with a B for the 8 (1:16): the template, offered digits only there, reads
    // 8, but the B fits the cell clearly better.
    const c = confirmTemplateRead(templateRead(TD3, {}, { '1:16:B': 0.95 + OUTSIDE_MARGIN }), [uncoveredOnly(TD3)], fast);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.problems.join(' ')).toMatch(/looks more like "B"/);
    // A B that fits hardly better, or worse, than the 8 leaves the 8 to the check digits.
    expect(confirmTemplateRead(templateRead(TD3, {}, { '1:16:B': 0.95 + OUTSIDE_MARGIN / 2 }), [uncoveredOnly(TD3)], fast).parsed.accepted).toBe(true);
    expect(confirmTemplateRead(templateRead(TD3, {}, { '1:16:B': 0.9 }), [uncoveredOnly(TD3)], fast).parsed.accepted).toBe(true);
  });

  it('does not fill a hole with the look-alike digit tesseract sees when the cell itself reads a letter', () => {
    // Birth date 740812 printed with a B for the 8 (1:16). Offered digits only, the model is unsure among
    // them (a hole, '?'), but over the whole alphabet it is sure of the B; tesseract's reads, seen
    // through the field type, both say 8 — which passes every check digit.
    const hole = put(TD3, 1, 16, '?');
    const t = templateRead(hole, { '1:16': 0.49 }, { '1:16:B': 1, '1:16:8': 0, '1:16:5': 0 });
    for (const c of [confirmTemplateRead(t, [TD3, TD3], opts), confirmTemplateRead(t, [uncoveredOnly(TD3), TD3, TD3], opts)]) {
      expect(c.parsed.accepted).toBe(false);
      expect(c.unconfirmed).toContain('1:16');
    }
    // A hole the model cannot read at all (no ink, every score 0) is still filled by two agreeing reads.
    const blank = templateRead(hole, { '1:16': 0 }, Object.fromEntries([...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<'].map((a) => [`1:16:${a}`, 0])));
    expect(confirmTemplateRead(blank, [TD3, TD3], opts).parsed.accepted).toBe(true);
  });

  it('a filled hole the model hesitated over between 0 and O takes part in the paired-swap check', () => {
    // 1:3 read as O with confidence-like hesitation, 1:4 a hole both tesseract reads fill with O; the
    // model splits 1:4 between 0 and O. Reading 00 passes every check as well as OO: ambiguous.
    const withHole = put(readOO, 1, 4, '?');
    const t = templateRead(withHole, { '1:4': 0.5 }, { '1:3:0': 0.92, '1:4:O': 0.5, '1:4:0': 0.48 });
    const c = confirmTemplateRead(t, [readOO, readOO], opts);
    expect(c.parsed.accepted).toBe(false);
  });

  // The specimen's digit-only 0s (birth date 1:15, expiry 1:23, composite 1:43) and letter-only Os
  // (UTO 0:4 and 1:12, ERIKSSON 0:11): the document's own instances of both.
  const zerosAndOs = (zero: [number, number], o: [number, number]): Record<string, number> => {
    const fit: Record<string, number> = {};
    for (const k of ['1:15', '1:23', '1:43']) Object.assign(fit, { [`${k}:0`]: zero[0], [`${k}:O`]: zero[1], ...Object.fromEntries([...'DQUAK<'].map((x) => [`${k}:${x}`, 0])) });
    for (const k of ['0:4', '0:11', '1:12']) Object.assign(fit, { [`${k}:O`]: o[0], [`${k}:0`]: o[1] });
    // The document number's own 0 (1:5), where digits and letters may stand: as sure as the model can be.
    return { ...fit, '1:5:0': 0.95, '1:5:O': 0.01 };
  };

  it('in a face whose 0s the model takes for Os, reads a 0 like the document\'s own 0s as a 0', () => {
    // Every 0 of this document is 0.7 "O" to the model; its real O is 0.99 O. The 0 at 1:15 is no more
    // O-like than the others: a 0, not a look-alike.
    const c = confirmTemplateRead(templateRead(TD3, {}, zerosAndOs([0.3, 0.7], [0.99, 0.01])), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(TD3);
  });

  it('refuses an O printed in a date that sits with the document\'s own Os, however unsure the model is', () => {
    // This face's 0s are 0.99 "0", its O only 0.6 "O"; the cell at 1:15 (0.45 O) is far nearer the O.
    const fit = { ...zerosAndOs([0.99, 0.01], [0.6, 0.4]), '1:15:0': 0.55, '1:15:O': 0.45 };
    const c = confirmTemplateRead(templateRead(TD3, {}, fit), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.problems.join(' ')).toMatch(/line 2, character 16: looks more like "O"/);
  });

  it('reads a document number\'s 0 and O as the document\'s own 0s and Os look, where the model split them', () => {
    // L89002C35 (00 at weights 7 and 3: OO passes every check too). In this face the model takes every 0
    // for an O (0.7), its real Os for Os (0.99); both document-number cells sit with the 0s.
    const face = { ...zerosAndOs([0.3, 0.7], [0.99, 0.01]), '1:3:0': 0.3, '1:3:O': 0.7, '1:4:0': 0.32, '1:4:O': 0.68, '1:9:U': 0 };
    const c = confirmTemplateRead(templateRead(readOO, { '1:3': 0.7, '1:4': 0.68 }, face), [printed00, printed00], opts);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(printed00);
    // Printed OO, the cells sit with the document's Os: read OO.
    const os = { ...face, '1:3:0': 0.01, '1:3:O': 0.99, '1:4:0': 0.02, '1:4:O': 0.98 };
    const o = confirmTemplateRead(templateRead(readOO, {}, os), [readOO, readOO], opts);
    expect(o.parsed.accepted).toBe(true);
    expect(o.parsed.lines).toEqual(readOO);
  });

  it('does not read a digit printed in a name as its look-alike letter', () => {
    // ERIKSSON's O (0:11) printed as a zero: the template, offered letters only there, reads O.
    const c = confirmTemplateRead(templateRead(TD3, {}, { '0:11:0': 0.95 + OUTSIDE_MARGIN }), [TD3, TD3], opts);
    expect(c.parsed.accepted).toBe(false);
  });
});
