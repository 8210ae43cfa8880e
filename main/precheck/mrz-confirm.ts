// Acceptance rules when the cell read (mrz-cells.ts, called the template read below) is confirmed by
// tesseract reads. Its scores are the cell model's calibrated probabilities (mrz-cell-model.ts): a
// cell's score is how sure it is among the characters allowed there, scoreOf(c) the probability of c
// over the whole alphabet.
//
// Names, states, sex and document codes are covered by no check digit, and letters in the document
// number can be confused without the check digit noticing (A/K/U have values 10/20/30: equal mod 10). So
// an MRZ is accepted only when every character is confirmed by one of:
//  1. agreement — the template read and at least one tesseract read see the same character (a 0 where
//     only letters may stand agrees with an O the template clearly tells from D, Q and U: see roundAgreement);
//  2. the check digits decide — the position is covered by a check digit, the template's character makes
//     every check pass, the template was sure of it, and each character tesseract offered instead
//     makes a check fail; or, for ONE cell per MRZ the template hesitated over (a 0 at 0.76 beside an O
//     at 0.24, or a hole whose best character a tesseract read saw too), every character either reader
//     offered there but the template's makes a check fail, and every other cell those check digits
//     cover is sure or seen alike by both readers (checkDecided) — a 7-3-1 check digit tells one wrong
//     character from the right one unless the two weigh the same mod 10, and those must be characters
//     the model gives nothing;
//  3. a repair — two tesseract reads agree on a character the template did not read (a hole, and the
//     model is not sure of another character there over the whole alphabet), or on
//     one it read differently at a position a check digit covers when the template's version fails a
//     check and theirs makes every check pass; at most one such substitution, or two when no one passes
//     and each of the two cells is uncertain on its own evidence (mrz-own-instances.ts,
//     independentRepairPair);
//  4. a clear overrule, at most TWO per MRZ on the model alone — the template is sure (probability ≥
//     0.85) and its character fits the cell at least 0.1 better than every character tesseract saw
//     there, or tesseract saw nothing usable there (its legacy engine reads a blurred OCR-B W as N and a
//     D as 0, confusions the template does not share; its misses are holes in its grid); beyond two,
//     only a letter OCR-B's own glyphs back as well (glyphBacked: tesseract reads OCR-B's M as H or N,
//     so a name with three Ms needs three overrules);
// and then the whole MRZ passes every check digit and field check (parseMrz, no further repair).
// Two different readers agreeing is the protection where no check digit is: the template classifier
// and tesseract's legacy engine fail on different characters.
//
// Covered-by-checks mode (`coveredByChecks`, the first and cheapest attempt in mrz-ocr.ts): tesseract is
// shown only the characters no check digit covers (names, document code, issuing state, nationality,
// sex — the other cells are blanked in its image), so those still need two readers as above. A position
// a check digit covers may then rest on the template read alone (rule 5), because a 7-3-1 check digit
// catches every single wrong character except one whose ICAO value is equal mod 10 (A/K/U/0/<, 8/S,
// 6/G, B/L/V…): every weight (7, 3, 1) is coprime to 10. So rule 5 asks for
//  5. the template sure of the character (≥ CHECK_CONFIRM_SCORE) AND at least ALIAS_MARGIN better
//     than every character with the same value mod 10 (the only misreads the check could miss),
// and then every check digit — including the composite, which covers the same fields a second time
// with other weights, so two compensating misreads would have to fool both — passing with no repair.
// Nationality and issuing state are uncovered, so tesseract still reads them and parseMrz still demands
// a valid ICAO code; sex must be M, F or '<'. Any failure here falls back to the full two-reader path.
//
// Over all of these, four guards keep a misprint or a pair of misreads from passing:
//  - rule 3 only repairs where the template was unsure (below CHECK_CONFIRM_SCORE, or the other character
//    fits within DOUBT_MARGIN of its own): a printed `B` the template reads with confidence stays a `B`,
//    however many tesseract reads see an `8`, and the check digit then rejects the MRZ;
//  - a letter printed where only digits may stand (or a digit in a letters-only field) is not read as its
//    look-alike: the template reads such a cell with the position's characters only, so when it sits
//    with the document's own instances of the look-alike (mrz-own-instances.ts) or, where the document
//    has too few of those, a character from outside fits the cell clearly better (OUTSIDE_MARGIN), the
//    MRZ is rejected — holes filled from tesseract included;
//  - every covered position where the template hesitated between its character and another (within
//    DOUBT_MARGIN) is handed to parseMrz as doubtful, and parseMrz rejects when another resolution of the
//    doubtful positions passes every check too (two 0→O misreads at weights 7 and 3 cancel out);
//  - where the document number or optional data holds 0s and Os that, swapped together, would pass every
//    check, each of them must be confirmed by the document's own 0s and Os however sure the model is
//    (mrz-own-instances.ts, roundSwapUnseen): the model reads DejaVu Sans Mono's O as its 0 at 0.85.
// And a letter no check digit covers that the model splits with one tesseract misreads as it (an O beside
// a Q, an H or N beside an M) is refused however many reads agree: there the second reader is no second
// opinion (weakLetter).
import { cellAt, type TemplateRead, type CellGrid } from './mrz-cells';
import {
  checkCoverage,
  checkDigitCells,
  checkWeights,
  parseMrz,
  positionClasses,
  MRZ_LINE_LENGTH,
  type MrzFormat,
  type MrzParseOptions,
  type MrzParseResult,
  type MrzRepair,
} from './mrz-parse';
import {
  independentRepairPair,
  outlineVerdict,
  ownInstanceVerdict,
  REPAIR_UNSURE_LOGODDS,
  roundSwapUnseen,
  settleAlnumLookalikes,
} from './mrz-own-instances';
import { ocrBGlyphBacks } from './mrz-ocrb-face';
import type { OcrLine } from './mrz-worker';

/** Template cells this sure may be confirmed by the check digits alone (rule 2). */
export const CHECK_CONFIRM_SCORE = 0.8;
/** Rule 4: how sure the template must be, and by how much its character must beat tesseract's. */
export const OVERRULE_SCORE = 0.85;
export const OVERRULE_MARGIN = 0.1;
export const MAX_OVERRULES = 2;
/** Rule 5: how much better than each same-value-mod-10 character the template must fit the cell. */
export const ALIAS_MARGIN = 0.1;
/**
 * Rule 2 for a cell the template hesitated over (checkDecided): the model's own probability of its
 * character must be at least this (more than all the others together) …
 */
export const CHECK_DECIDED_FLOOR = 0.5;
/** … and every character it gives at least this probability is one the checks must refuse. */
export const CHECK_DECIDED_RIVAL = 0.01;
/** A character fitting the cell within this of the template's own is one the template hesitated over. */
export const DOUBT_MARGIN = 0.05;
/**
 * How much more probable a look-alike from outside a position's characters (a B in a date) must be to
 * reject the MRZ as printed so. Where a face's 0 and O are nearly one shape, or blur makes them so,
 * the model splits close to evenly between them; a printed letter it reads clearly as that letter.
 * (0.04 refused 13 of the 131 valid MRZs of the independent set's tuning part (first 150) over a 0 near
 * 50/50 with O; 0.3 refused 7, and still every altered MRZ there, look-alikes included.)
 */
export const OUTSIDE_MARGIN = 0.3;

/**
 * A letter no check digit covers that the model gives less than OVERRULE_SCORE, and a letter tesseract
 * misreads as it (LOST_INTO) at least this, is read weakly and refused (weakLetter).
 */
export const NAME_RIVAL = 0.1;
/**
 * Printed letters tesseract's legacy engine reads as others when a stroke is lost or blurred (seen on
 * the tuning parts' OCR-B): a Q whose tail is gone as O, an M as H or N. Its reading of the latter is no
 * evidence against the former.
 */
export const LOST_INTO: Readonly<Record<string, string>> = { Q: 'O', M: 'HN' };

/** OCR-B look-alikes across the letter/digit line (both directions). */
const LOOKALIKES: Record<string, string> = {
  '0': 'ODQU',
  '1': 'IL',
  '2': 'Z',
  '4': 'A',
  '5': 'S',
  '6': 'G',
  '8': 'BS',
  O: '0DQ',
  D: '0O',
  Q: '0O',
  U: '0',
  I: '1L',
  L: '1I',
  Z: '2',
  A: '4',
  S: '58',
  G: '6',
  B: '8',
  K: '<',
  '<': 'K',
};

/** ICAO 9303 character values: digits 0–9, A–Z 10–35, '<' 0. */
const MRZ_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<';
const valueOf = (c: string): number => (c === '<' ? 0 : MRZ_ALPHABET.indexOf(c));
/** The characters a 7-3-1 check digit cannot tell from `c` (same value mod 10), `c` excluded. */
export function checkAliases(c: string): string[] {
  const v = valueOf(c);
  if (v < 0) return [];
  return [...MRZ_ALPHABET].filter((a) => a !== c && valueOf(a) % 10 === v % 10);
}

export interface ConfirmOptions extends MrzParseOptions {
  /**
   * Rule 5: the tesseract reads saw only the positions no check digit covers; covered positions where
   * they offer nothing may rest on the template read and the check digits (see the header).
   */
  coveredByChecks?: boolean;
}

/**
 * Places tesseract's symbols into the template read's cells. `scale` = OCR image px per band px.
 * A cell with no symbol or with two is '?'. Uses each symbol's own centre, so it does not matter how
 * tesseract grouped the lines.
 */
export function alignToCells(lines: OcrLine[], grids: CellGrid[], format: MrzFormat, scale: number): string[] {
  const n = MRZ_LINE_LENGTH[format];
  const cells: string[][][] = grids.map(() => Array.from({ length: n }, () => []));
  for (const line of lines) {
    for (const s of line.symbols) {
      const text = s.text.trim();
      if (text.length !== 1) continue;
      const x = (s.x0 + s.x1) / 2 / scale;
      const y = (s.y0 + s.y1) / 2 / scale;
      const li = grids.findIndex((g) => {
        const dy = y - g.slope * (x - g.origin);
        return dy >= g.capTop - (g.capBottom - g.capTop) * 0.3 && dy <= g.capBottom + (g.capBottom - g.capTop) * 0.3;
      });
      if (li < 0) continue;
      const g = grids[li]!;
      const col = cellAt(g, n, x);
      if (col >= 0 && col < n) cells[li]![col]!.push(text);
    }
  }
  return cells.map((row) => row.map((c) => (c.length === 1 ? c[0]! : '?')).join(''));
}

export interface Confirmation {
  /** The parse of the confirmed lines; `accepted` only when every rule above holds. */
  parsed: MrzParseResult;
  /** The template read with its holes filled by tesseract where that was possible (for reporting). */
  rawLines: string[];
  repaired: MrzRepair | null;
  /** Positions ("line:column") no rule confirmed (empty when accepted). */
  unconfirmed: string[];
  /** Positions where the template's character was taken against tesseract's (rule 4). */
  overruled: string[];
}

// The sex field is covered by no check digit, so no check catches a misread there. The cell model
// reads DejaVu Sans Mono's M, through blur or a slant, as an H it is not sure of (0.79 against 0.20), and
// tesseract's legacy engine reads that face's M as H too — the document number's M of the same document
// included, both passes — so it cannot be the second reader here. An impossible sex character (H, N) is
// read as M only on the document's own evidence (sexLookalikeRepair):
//  - the model not sure of it (below CHECK_CONFIRM_SCORE) and its M a real candidate (within the
//    REPAIR_UNSURE_LOGODDS the two-repair rule allows);
//  - the cell's ink like every one of the document's own Ms the model is sure of (SEX_M_LIKENESS,
//    normalised cross-correlation of the cells' samples) — at least one, so a document without an M of
//    its own is refused — and clearly more like them than like any of its own sure Hs and Ns
//    (SEX_LIKENESS_GAP);
//  - no tesseract read seeing another valid sex (F, '<') there, and at least one seeing the M, or seeing
//    there what it saw at one of the document's own Ms (the same face misread the same way);
//  - and the rest of the MRZ passing every check with no other repair.
// A document printing an H (or N) in the sex field is still refused: the model reads a printed H as H
// with certainty (of the 1,506 Ms, Hs and Ns printed in the 442 valid tuning documents, one printed H
// fell below the sure score with M within reach, and that one it read as none), and a printed H's ink is
// an H's — no printed H or N cell came within 0.868 of any of its document's own Ms (657 cells; the
// document's own Ms, correctly read, 0.93 in the median), and where the document has Hs or Ns of its
// own the cell sits with them. Where tesseract reads the face's M as M, it must see the M.
/** Sex characters that cannot stand in the field, with the one each may be a misread of. */
const SEX_LOOKALIKE: Record<string, string> = { H: 'M', N: 'M' };
/** Sex field position ([line, column]) per format (ICAO 9303). */
const SEX_AT: Record<MrzFormat, [number, number]> = { TD1: [1, 7], TD2: [1, 20], TD3: [1, 20] };
/** The cell's ink must correlate at least this well with every one of the document's own sure Ms … */
export const SEX_M_LIKENESS = 0.88;
/** … and this much better than with any of its own sure Hs and Ns. */
export const SEX_LIKENESS_GAP = 0.1;

/** Normalised cross-correlation of two cells' samples (1: the same ink up to contrast). */
function inkCorrelation(a: Float32Array, b: Float32Array): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= a.length;
  mb /= b.length;
  let s = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! - ma;
    const y = b[i]! - mb;
    s += x * y;
    sa += x * x;
    sb += y * y;
  }
  return sa > 0 && sb > 0 ? s / Math.sqrt(sa * sb) : 0;
}

/**
 * The sex cell read as an impossible character that the document's own evidence says is its M (see
 * above), or null. With no `reads`, only the model's and the ink's side is judged (whether tesseract
 * passes are worth running); with reads, tesseract's too.
 */
export function sexLookalikeRepair(t: TemplateRead, reads: string[][] | null): MrzRepair | null {
  const [li, col] = SEX_AT[t.format];
  const from = t.lines[li]?.[col];
  const to = from ? SEX_LOOKALIKE[from] : undefined;
  if (!from || !to || !t.sample) return null;
  if (t.cells[li]![col]!.score >= CHECK_CONFIRM_SCORE) return null;
  const lo = Math.log(Math.max(t.scoreOf(li, col, from), 1e-4) / Math.max(t.scoreOf(li, col, to), 1e-4));
  if (lo > REPAIR_UNSURE_LOGODDS) return null;
  const cell = t.sample(li, col);
  const ownTo: [number, number][] = [];
  const likeTo: number[] = [];
  const likeOthers: number[] = [];
  t.lines.forEach((line, l) => {
    for (let k = 0; k < line.length; k++) {
      if ((l === li && k === col) || t.cells[l]![k]!.score < CHECK_CONFIRM_SCORE) continue;
      const c = line[k]!;
      if (c === to) {
        ownTo.push([l, k]);
        likeTo.push(inkCorrelation(cell, t.sample!(l, k)));
      } else if (c in SEX_LOOKALIKE) likeOthers.push(inkCorrelation(cell, t.sample!(l, k)));
    }
  });
  if (likeTo.length === 0) return null;
  const least = Math.min(...likeTo);
  if (least < SEX_M_LIKENESS || likeOthers.some((o) => least - o < SEX_LIKENESS_GAP)) return null;
  if (reads) {
    const seen = reads.map((r) => r[li]?.[col] ?? '?');
    if (seen.some((c) => c === 'F' || c === '<')) return null;
    const supported = reads.some((r, i) => seen[i] === to || (seen[i] !== '?' && ownTo.some(([l, k]) => r[l]?.[k] === seen[i])));
    if (!supported) return null;
  }
  return { line: li, column: col, from, to };
}

const put = (lines: string[], li: number, col: number, c: string): string[] =>
  lines.map((l, i) => (i === li ? l.slice(0, col) + c + l.slice(col + 1) : l));

/** A position covered by a check digit where tesseract does not confirm the template's character. */
interface Contested {
  li: number;
  col: number;
  mine: string;
  /** Characters tesseract offered there. */
  alternatives: string[];
  /** The one character ≥ 2 tesseract reads agree on (and no read contradicts), if any. */
  agreed: string | null;
}

/** Accepts the template read only when each character is confirmed (see the header). */
export function confirmTemplateRead(read: TemplateRead, reads: string[][], options: ConfirmOptions = {}): Confirmation {
  // Document numbers and optional data allow digits and letters: a cell the model split between 0 and O
  // is read as the document's own 0s or Os look (mrz-own-instances.ts).
  const t = settleAlnumLookalikes(read);
  const cov = checkCoverage(t.format);
  const classes = positionClasses(t.format);
  const { coveredByChecks = false, ...parseOptions } = options;
  const strict: MrzParseOptions = { ...parseOptions, maxSubstitutions: 0 };
  const passes = (lines: string[]): boolean => !lines.some((l) => l.includes('?')) && parseMrz(lines, strict).accepted;

  let lines = [...t.lines];
  // An impossible sex character the document's own evidence says is its M (sexLookalikeRepair).
  const sexRepair = sexLookalikeRepair(t, reads);
  if (sexRepair) lines = put(lines, sexRepair.line, sexRepair.column, sexRepair.to);
  const unconfirmed: string[] = [];
  const overruled: string[] = [];
  const contested: Contested[] = [];
  /** Holes filled with the model's best character, which the check digits must decide (rule 2). */
  const holesByChecks: Contested[] = [];
  /** The model's most probable character over the whole alphabet (a hole's cell keeps its scores). */
  const bestOf = (li: number, col: number): string | null => {
    let best: string | null = null;
    for (const a of MRZ_ALPHABET) if (t.scoreOf(li, col, a) > (best ? t.scoreOf(li, col, best) : 0)) best = a;
    return best;
  };
  /**
   * A letter where only letters may stand, which OCR-B's own glyphs fit clearly better than every
   * character tesseract offered there (ocrBGlyphBacks): an overrule resting on two sources, the model and
   * the glyphs, not on the model alone. Tesseract's legacy engine reads OCR-B's M as H or N where both see
   * the M (MUSTERMANN<<MARIA: three Ms, three overrules). Never for a letter another becomes when a stroke
   * is lost (LOST_INTO: an O over a Q, an H over an M): the same lost tail or stroke fools the model and
   * the glyphs alike. Letters only: across the letter/digit line (0/O, 1/I, 6/G) other faces fit OCR-B's
   * look-alike better than their own glyph.
   */
  const glyphBacked = (li: number, col: number, mine: string, alternatives: string[]): boolean =>
    classes[li]![col] === 'alpha' &&
    /^[A-Z]$/.test(mine) &&
    !alternatives.some((a) => LOST_INTO[a]?.includes(mine)) &&
    ocrBGlyphBacks(t, li, col, mine, alternatives);
  /** Overrules resting on the model alone (rule 4's budget); those OCR-B's glyphs back are not counted. */
  let unbacked = 0;
  /**
   * Rule 4: the template is sure and clearly better than everything tesseract offered — at most
   * MAX_OVERRULES times on the model alone, and beyond that only where a third source backs it
   * (glyphBacked).
   */
  const overrule = (li: number, col: number, mine: string, alternatives: string[]): boolean => {
    if (t.cells[li]![col]!.score < OVERRULE_SCORE) return false;
    const mineScore = t.scoreOf(li, col, mine);
    if (!alternatives.every((c) => mineScore - t.scoreOf(li, col, c) >= OVERRULE_MARGIN)) return false;
    if (!glyphBacked(li, col, mine, alternatives)) {
      if (unbacked >= MAX_OVERRULES) return false;
      unbacked++;
    }
    overruled.push(`${li}:${col}`);
    return true;
  };

  /**
   * The model, over the whole alphabet, is sure the cell holds another character than `c` (a cell with
   * no ink scores 0 for everything and contradicts nothing).
   */
  const contradicted = (li: number, col: number, c: string): boolean => {
    const own = t.scoreOf(li, col, c);
    return [...MRZ_ALPHABET].some((a) => a !== c && t.scoreOf(li, col, a) >= CHECK_CONFIRM_SCORE && t.scoreOf(li, col, a) - own >= OUTSIDE_MARGIN);
  };

  /**
   * Rule 1 for an O where only letters may stand and tesseract saw a 0. Its whitelist holds digits, its
   * OCR-B 0 and O differ only in width, and which it picks follows the neighbours more than the glyph;
   * seen through the field type a 0 there is O, D, Q or U, so it confirms a closed round letter and no
   * more. The template, which reads the cell with letters only, must then tell O from the rest: sure of
   * the cell (CHECK_CONFIRM_SCORE) and O ahead of D, Q and U by OVERRULE_MARGIN. A name altered from or
   * to O thus still needs both readers wrong on it — tesseract seeing a 0 in a D, Q or U and the model an
   * O a clear margin ahead of the printed letter — and it uses nothing of rule 4's budget.
   */
  const roundAgreement = (li: number, col: number, mine: string, theirs: string[]): boolean => {
    if (mine !== 'O' || classes[li]![col] !== 'alpha' || !theirs.includes('0')) return false;
    if (t.cells[li]![col]!.score < CHECK_CONFIRM_SCORE) return false;
    const own = t.scoreOf(li, col, 'O');
    return ['D', 'Q', 'U'].every((a) => own - t.scoreOf(li, col, a) >= OVERRULE_MARGIN);
  };

  /**
   * Names, codes and sex have no check digit, so a letter there rests on the two readers agreeing. Where
   * the model splits a cell between its letter and one that tesseract's legacy engine misreads AS that
   * letter (LOST_INTO: a Q whose tail the halftone screen broke is an O to it, an M an H), tesseract
   * seeing the model's letter says nothing about which was printed, and the letter stands on the model
   * alone — which is not sure of it. Such a letter (the model below OVERRULE_SCORE, the other letter at
   * least NAME_RIVAL) is refused, however many reads agree: the same ink loses the same stroke in every
   * pass; the kiosk takes another frame. QUENTIN read as OUENTIN passed on one agreeing read. The other
   * direction is evidence: tesseract seeing an M where the model hesitated towards H reads against its
   * own habit. (Two agreeing passes for any letter the model split were tried too: a weak M beside an H
   * rarely gets both, and four valid tuning images were lost that way.)
   */
  const weakLetter = (li: number, col: number, mine: string): boolean =>
    t.cells[li]![col]!.score < OVERRULE_SCORE &&
    Object.entries(LOST_INTO).some(([printed, into]) => into.includes(mine) && t.scoreOf(li, col, printed) >= NAME_RIVAL);

  for (let li = 0; li < lines.length; li++) {
    for (let col = 0; col < lines[li]!.length; col++) {
      if (sexRepair && li === sexRepair.line && col === sexRepair.column) continue;
      const mine = t.lines[li]![col]!;
      const theirs = reads.map((r) => r[li]?.[col] ?? '?').filter((c) => c !== '?');
      // A letter no check digit covers, split by the model with one tesseract misreads as it: no
      // tesseract read confirms it (weakLetter).
      if (mine !== '?' && cov[li]![col]! === 0 && classes[li]![col] === 'alpha' && weakLetter(li, col, mine)) {
        unconfirmed.push(`${li}:${col}`);
        continue;
      }
      if (mine !== '?' && (theirs.includes(mine) || roundAgreement(li, col, mine, theirs))) continue; // rule 1
      const counts = new Map<string, number>();
      for (const c of theirs) counts.set(c, (counts.get(c) ?? 0) + 1);
      const agreed = counts.size === 1 && [...counts.values()][0]! >= 2 ? [...counts.keys()][0]! : null;
      if (mine === '?') {
        // A hole in the template read: only two agreeing tesseract reads may fill it (rule 3), and never
        // against the cell's own clear read over the whole alphabet (a printed B in a date is a hole among
        // the digits, but a B to the model; tesseract's reads, seen through the field type, say 8).
        // Under a check digit, the model's best character seen by a tesseract read too may fill it, for
        // the check digits to decide below (rule 2, checkDecided).
        const best = cov[li]![col]! > 0 ? bestOf(li, col) : null;
        if (agreed && !contradicted(li, col, agreed)) lines = put(lines, li, col, agreed);
        else if (best && theirs.includes(best)) {
          lines = put(lines, li, col, best);
          holesByChecks.push({ li, col, mine: best, alternatives: [...counts.keys()].filter((c) => c !== best), agreed: null });
        } else unconfirmed.push(`${li}:${col}`);
      } else if (cov[li]![col]! > 0) contested.push({ li, col, mine, alternatives: [...counts.keys()], agreed });
      else if (!overrule(li, col, mine, [...counts.keys()])) unconfirmed.push(`${li}:${col}`);
    }
  }
  // For reporting: the template read, holes filled with what tesseract saw there.
  const rawLines = t.lines.map((l, li) =>
    [...l].map((c, col) => (c !== '?' ? c : (reads.map((r) => r[li]?.[col] ?? '?').find((x) => x !== '?') ?? '?'))).join(''),
  );
  const reject = (parsed: MrzParseResult, problem?: string): Confirmation => ({
    parsed: { ...parsed, accepted: false, values: null, problems: problem ? [...parsed.problems, problem] : parsed.problems },
    rawLines,
    repaired: null,
    unconfirmed,
    overruled,
  });
  const parseOf = (l: string[]): MrzParseResult => parseMrz(l.map((x) => x.replace(/\?/g, '<')), strict);
  if (unconfirmed.length > 0) return reject(parseOf(lines), `${unconfirmed.length} character(s) not confirmed by a second reader`);

  // Rule 3: if the template's version fails a check, exactly one contested position may take the
  // character two tesseract reads agree on, when that makes every check pass.
  let repaired: MrzRepair | null = sexRepair;
  const repairedAt = new Set<string>();
  if (!passes(lines)) {
    // The sex repair stands only with the rest passing as read: no second repair beside it.
    if (sexRepair) return reject(parseOf(lines));
    // Only where the template was unsure (a weak fit, or the agreed character fits nearly as well): never
    // over a confident read.
    const hesitated = (c: Contested): boolean =>
      t.cells[c.li]![c.col]!.score < CHECK_CONFIRM_SCORE || t.scoreOf(c.li, c.col, c.mine) - t.scoreOf(c.li, c.col, c.agreed!) < DOUBT_MARGIN;
    const fixes = contested.filter((c) => c.agreed && hesitated(c) && passes(put(lines, c.li, c.col, c.agreed)));
    // No one repair passes: two, where each cell is uncertain on its own evidence (the model unsure
    // between its character and the agreed one, and unlike the document's own confirmed instances of
    // its character) and both together make every check pass (independentRepairPair). A pair of
    // substitutions whose weighted values cancel passes every check digit, so the cells' own evidence,
    // not the checks, has to say each was misread; a sure read is never one of them.
    const agreedAt = (li: number, col: number): string | null => contested.find((c) => c.li === li && c.col === col)?.agreed ?? null;
    const confirmedAt = (li: number, col: number): boolean => reads.some((r) => r[li]?.[col] === t.lines[li]![col]);
    const pair = fixes.length === 0 ? independentRepairPair(t, lines, agreedAt, CHECK_CONFIRM_SCORE, confirmedAt, passes) : null;
    if (fixes.length !== 1 && !pair) return reject(parseOf(lines));
    const chosen = pair ?? fixes.map((f) => ({ li: f.li, col: f.col, from: f.mine, to: f.agreed! }));
    for (const f of chosen) {
      lines = put(lines, f.li, f.col, f.to);
      repairedAt.add(`${f.li}:${f.col}`);
    }
    // The first repair stands for all (the teller is told that a look-alike was repaired).
    repaired = { line: chosen[0]!.li, column: chosen[0]!.col, from: chosen[0]!.from, to: chosen[0]!.to };
  }
  // Rule 2 for a cell the template hesitated over, once per MRZ and never beside a repair: the check
  // digits decide between the characters the two readers offered there when only the template's passes
  // and everything else they cover stands on its own. A wrong character passes a 7-3-1 check digit only
  // when it weighs the same mod 10 (0/A/K/U/<, 8/S, 6/G…), so the model must give every such character
  // (every character at all, short of CHECK_DECIDED_RIVAL) nothing; and two compensating misreads need a
  // second weak cell under the same check digits, which is why every other cell there must be sure or
  // seen alike by a tesseract read. A character the template was sure of is never changed here, and a
  // check digit that disagrees with a confident read still refuses the MRZ.
  const weights = checkWeights(t.format);
  const digitCells = checkDigitCells(t.format);
  let decidedAt: string | null = null;
  const checkDecided = (c: Contested): boolean => {
    if (decidedAt !== null || repaired !== null || cov[c.li]![c.col]! === 0) return false;
    const mine = t.scoreOf(c.li, c.col, c.mine);
    if (mine < CHECK_DECIDED_FLOOR || bestOf(c.li, c.col) !== c.mine) return false;
    const rivals = new Set([...c.alternatives, ...[...MRZ_ALPHABET].filter((a) => t.scoreOf(c.li, c.col, a) >= CHECK_DECIDED_RIVAL)]);
    rivals.delete(c.mine);
    if ([...rivals].some((a) => passes(put(lines, c.li, c.col, a)))) return false;
    const key = `${c.li}:${c.col}`;
    for (const [i, w] of weights.entries()) {
      if (!w.has(key)) continue;
      for (const at of [...w.keys(), digitCells[i]!]) {
        if (at === key) continue;
        const [l, k] = at.split(':').map(Number) as [number, number];
        const seenAlike = reads.some((r) => r[l]?.[k] === lines[l]![k]);
        // (Holes are filled by now: by two agreeing reads, or pending here and then seen alike.)
        if ((t.lines[l]![k] === '?' || t.cells[l]![k]!.score < CHECK_CONFIRM_SCORE) && !seenAlike) return false;
      }
    }
    decidedAt = key;
    return true;
  };
  if (holesByChecks.length > 0 && !(repaired === null && passes(lines) && holesByChecks.every(checkDecided))) {
    unconfirmed.push(...holesByChecks.map((c) => `${c.li}:${c.col}`));
    return reject(parseOf(lines), `${holesByChecks.length} character(s) not confirmed by a second reader`);
  }
  // Rule 2 for the other contested positions: every alternative tesseract offered must break a check —
  // or, where it does not (A/K/U, G/6, '<'/0 weigh the same mod 10), the template must clearly win (rule
  // 4). With no alternative offered, a digit position is left to the check digits (a single wrong digit
  // always breaks a 7-3-1 check), a letter position needs the template to be sure.
  for (const c of contested) {
    if (repairedAt.has(`${c.li}:${c.col}`)) continue;
    const passing = c.alternatives.filter((a) => passes(put(lines, c.li, c.col, a)));
    const sure = t.cells[c.li]![c.col]!.score >= CHECK_CONFIRM_SCORE;
    if (c.alternatives.length === 0 && coveredByChecks) {
      // Rule 5: only the template saw this cell (it was blanked for tesseract, so rule 4's "tesseract saw
      // nothing there" is no evidence); the checks catch every misread but its aliases.
      const mine = t.scoreOf(c.li, c.col, c.mine);
      if (sure && checkAliases(c.mine).every((a) => mine - t.scoreOf(c.li, c.col, a) >= ALIAS_MARGIN)) continue;
      if (!sure && checkDecided(c)) continue;
      unconfirmed.push(`${c.li}:${c.col}`);
      return reject(parseOf(lines), `line ${c.li + 1}, character ${c.col + 1}: too close to a character the check digits cannot tell from it`);
    }
    if (c.alternatives.length === 0 ? sure && classes[c.li]![c.col] === 'num' : passing.length === 0 && sure) continue;
    if (!sure && checkDecided(c)) continue;
    if (overrule(c.li, c.col, c.mine, c.alternatives)) continue;
    unconfirmed.push(`${c.li}:${c.col}`);
    return reject(parseOf(lines), `line ${c.li + 1}, character ${c.col + 1}: the readers disagree and the check digits cannot tell which is right`);
  }
  // A look-alike from outside the position's characters that fits better: printed so, an invalid MRZ.
  for (let li = 0; li < lines.length; li++) {
    for (let col = 0; col < lines[li]!.length; col++) {
      const cls = classes[li]![col]!;
      const c = lines[li]![col]!;
      // Holes filled from tesseract too: the cell's ink still says what was printed.
      if (cls === 'alnum') continue;
      const outside = [...(LOOKALIKES[c] ?? '')].filter((a) => (cls === 'num' ? /[A-Z]/.test(a) : /[0-9]/.test(a)));
      const mine = t.scoreOf(li, col, c);
      // Judged against the document's own instances: by the model's log-odds and the ink's outline both
      // where that settles it (0/O), else by the log-odds of its own instances of both characters where
      // it has them (the model's preference between look-alikes moves with the face), else on the
      // probabilities alone.
      const better = outside.find((a) => {
        const verdict = outlineVerdict(t, classes, li, col, c, a) ?? ownInstanceVerdict(t, classes, li, col, c, a);
        return verdict ? verdict === 'lookalike' : t.scoreOf(li, col, a) - mine >= OUTSIDE_MARGIN;
      });
      if (better) {
        unconfirmed.push(`${li}:${col}`);
        return reject(parseOf(lines), `line ${li + 1}, character ${col + 1}: looks more like "${better}", which cannot stand there`);
      }
    }
  }
  // 0s and Os of the document number and optional data that could be swapped together without a check
  // digit seeing it: each must be confirmed by the document's own 0s and Os (roundSwapUnseen).
  const unseen = roundSwapUnseen(read, lines);
  if (unseen.length > 0) {
    unconfirmed.push(...unseen);
    const at = unseen.map((k) => k.split(':').map(Number)).map(([li, col]) => `line ${li! + 1}, character ${col! + 1}`);
    return reject(parseOf(lines), `${at.join('; ')}: 0 or O the check digits cannot tell from the other, not confirmed by the document's own 0s and Os`);
  }
  // Covered positions the template hesitated over: parseMrz rejects if another resolution passes too.
  const uncertain = new Map<string, string[]>();
  for (let li = 0; li < lines.length; li++) {
    for (let col = 0; col < lines[li]!.length; col++) {
      // A hole with ink (filled from tesseract) counts too; one with none has no scores to hesitate over.
      if (cov[li]![col]! === 0 || (t.cells[li]![col]!.char === '?' && t.cells[li]![col]!.score === 0)) continue;
      const c = lines[li]![col]!;
      const mine = t.scoreOf(li, col, c);
      const close = [...new Set([...(LOOKALIKES[c] ?? ''), ...checkAliases(c)])].filter((a) => mine - t.scoreOf(li, col, a) < DOUBT_MARGIN);
      if (close.length > 0) uncertain.set(`${li}:${col}`, close);
    }
  }
  const parsed = parseMrz(lines, { ...strict, uncertain });
  if (!parsed.accepted) return reject(parsed);
  return { parsed, rawLines, repaired, unconfirmed, overruled };
}
