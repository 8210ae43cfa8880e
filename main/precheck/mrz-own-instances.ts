// Whether a doubtful MRZ cell looks like the document's own instances of a character or of its look-alike
// (0/O, 8/B, 1/I, 5/S, 2/Z, 6/G): the same face, the same print, the same capture.
//
// The cell model's preference between two look-alikes moves with the typeface: in one face it gives a
// 0 a probability of 0.3 of being an O, in another 0.7, and that face's O 0.95. So a fixed threshold on
// the probabilities either refuses good documents (every 0 "looks like an O") or lets a printed O in a
// date pass as its 0. The document itself settles it: the layout says which cells hold digits only (dates,
// check digits) and which letters only (names, codes), so its own 0s and Os — read there — show where
// this face and this print put each of the two. A cell is compared with them on the model's log-odds
// ln(p(letter) ÷ p(digit)), which within one document separates 0s from Os by 1–4 (measured on the
// independent set's tuning part, DejaVu Sans Mono and Liberation Mono). For 0 and O the outline of the
// cell's ink is compared too (outlineVerdict): where the document has no O in a name, or 0s the model
// takes for Os throughout, the log-odds alone cannot say.
import type { TemplateRead } from './mrz-cells';
import { checkCoverage, checkWeights, positionClasses, type CharClass } from './mrz-parse';
import { ocrBGlyphConfirms } from './mrz-ocrb-face';
import { CELL_COLS, CELL_ROWS } from './mrz-template';

/** The document's own instances must be at least this far apart (log-odds) to judge by them. */
export const OWN_SEPARATION = 1;
/** Fewest instances of the cell's own character (one of them could be the misprint itself). */
export const MIN_OWN = 2;

const logOdds = (t: TemplateRead, li: number, col: number, a: string, c: string): number =>
  Math.log(Math.max(t.scoreOf(li, col, a), 1e-4) / Math.max(t.scoreOf(li, col, c), 1e-4));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The document's other cells read as `c` where the layout allows only the class of (li, col), and those
 * read as its look-alike `a` where only the other class may stand: the instances a verdict compares with.
 */
function documentInstances(
  t: TemplateRead,
  classes: readonly (readonly CharClass[])[],
  li: number,
  col: number,
  c: string,
  a: string,
  cls: CharClass,
): { own: [number, number][]; look: [number, number][] } {
  const other: CharClass = cls === 'num' ? 'alpha' : 'num';
  const own: [number, number][] = [];
  const look: [number, number][] = [];
  t.lines.forEach((line, l) => {
    for (let k = 0; k < line.length; k++) {
      if (l === li && k === col) continue;
      const ch = line[k]!;
      if (ch === c && classes[l]![k] === cls) own.push([l, k]);
      else if (ch === a && classes[l]![k] === other) look.push([l, k]);
    }
  });
  return { own, look };
}

/**
 * Is the cell at (li, col), read as `c` in a position of class `cls` ('num' or 'alpha'), the document's
 * `c` or its look-alike `a` from the other class? 'own' when it sits with the document's cells of `c`,
 * 'lookalike' when with those of `a`, null when the document has too few of either (at least MIN_OWN of
 * `c` and one of `a`, read where the layout allows only that class) or they are not OWN_SEPARATION apart.
 * `as` judges an alphanumeric cell as if it stood where only `c`'s class may (a 0 as a digit).
 */
export function ownInstanceVerdict(
  t: TemplateRead,
  classes: readonly (readonly CharClass[])[],
  li: number,
  col: number,
  c: string,
  a: string,
  as: CharClass = classes[li]![col]!,
): 'own' | 'lookalike' | null {
  const cls = as;
  if (cls === 'alnum') return null;
  const found = documentInstances(t, classes, li, col, c, a, cls);
  const ownC = found.own.map(([l, k]) => logOdds(t, l, k, a, c));
  const ownA = found.look.map(([l, k]) => logOdds(t, l, k, a, c));
  if (ownC.length < MIN_OWN || ownA.length < 1) return null;
  const mc = median(ownC);
  const ma = median(ownA);
  if (ma - mc < OWN_SEPARATION) return null;
  return logOdds(t, li, col, a, c) > (mc + ma) / 2 ? 'lookalike' : 'own';
}

/**
 * The outline of a cell's ink: how far it spreads across the cell (the standard deviation of its
 * column positions, in sample columns) and the share of it in the cell's centre (the middle third each
 * way). Within one face, print and capture a 0 and an O differ in both: OCR-B's O is narrower than its 0
 * (by 0.16–0.42 columns on the evaluation set's tuning part), DejaVu Sans Mono's and Liberation Mono's
 * wider (0.08–0.40) and without the 0's dot (centre share 0.03–0.13 lower), while a document's own 0s
 * spread within ±0.17 columns and ±0.08 centre share of each other.
 */
export interface CellShape {
  spread: number;
  centre: number;
}

/** The 5th percentile of the samples (linear interpolation): the paper level, robust to a few specks. */
function paperLevel(cell: Float32Array): number {
  const s = Array.from(cell).sort((x, y) => x - y);
  const at = 0.05 * (s.length - 1);
  const i = Math.floor(at);
  return s[i]! + (s[Math.min(i + 1, s.length - 1)]! - s[i]!) * (at - i);
}

/** The cell's ink outline (see CellShape); the samples are darkness, CELL_ROWS × CELL_COLS. */
export function cellShape(cell: Float32Array): CellShape {
  const lo = paperLevel(cell);
  let hi = -Infinity;
  for (const v of cell) hi = Math.max(hi, v);
  const range = Math.max(hi - lo, 1);
  const columns = new Float64Array(CELL_COLS);
  let total = 0;
  let centre = 0;
  for (let r = 0; r < CELL_ROWS; r++) {
    for (let q = 0; q < CELL_COLS; q++) {
      // Ink is what is darker than halfway from paper to the darkest sample.
      const x = Math.min(1, Math.max(0, (cell[r * CELL_COLS + q]! - lo) / range));
      if (x <= 0.5) continue;
      columns[q] = columns[q]! + x;
      total += x;
      if (r >= Math.floor(CELL_ROWS / 3) && r < Math.floor((2 * CELL_ROWS) / 3) && q >= Math.floor(CELL_COLS / 3) && q < Math.floor((2 * CELL_COLS) / 3)) centre += x;
    }
  }
  const w = total + 1e-9;
  let mean = 0;
  for (let q = 0; q < CELL_COLS; q++) mean += columns[q]! * q;
  mean /= w;
  let v = 0;
  for (let q = 0; q < CELL_COLS; q++) v += columns[q]! * (q - mean) ** 2;
  return { spread: Math.sqrt(v / w), centre: centre / w };
}

/** Look-alike pairs judged by their outline too (the only pair the outline is known to separate in every face measured). */
const OUTLINE_PAIRS = new Set(['0O', 'O0']);
/** Fewest of the document's own instances (besides the cell) for "it looks like them". */
export const OUTLINE_MIN_OWN = 3;
/** How much more look-alike (log-odds) than the most look-alike of its own instances a cell may be … */
export const OUTLINE_LOGODDS_TOLERANCE = 0.25;
/** … and how far from their median its spread (sample columns) and centre share may be. */
export const OUTLINE_SPREAD_TOLERANCE = 0.1;
export const OUTLINE_CENTRE_TOLERANCE = 0.03;
/** Fewest of the document's look-alikes for "it looks like none of them". */
export const OUTLINE_MIN_LOOK = 2;
/** How much less look-alike (log-odds) than the least look-alike of them the cell must be … */
export const OUTLINE_LOOK_GAP = 1.5;
/** … and how far outside their spread (beyond half their range around its median, sample columns). */
export const OUTLINE_LOOK_SPREAD_GAP = 0.1;
/** … or its centre share (the dot of DejaVu Sans Mono's and Liberation Mono's 0). */
export const OUTLINE_LOOK_CENTRE_GAP = 0.03;
/** Separated outlines: fewest of the document's own instances and of its look-alikes … */
export const OUTLINE_SEPARATED_MIN_OWN = 2;
export const OUTLINE_SEPARATED_MIN_LOOK = 1;
/** … every own spread this far (sample columns) from every look-alike's … */
export const OUTLINE_SEPARATED_GAP = 0.15;
/** … and the cell this share of the way from the look-alikes' median spread to its own's, or beyond. */
export const OUTLINE_SEPARATED_SIDE = 0.75;
/** Fewest of the document's own instances for "it looks like none of them" (the refusal). */
export const OUTLINE_MIN_UNLIKE = 2;
/** Refusal: this much more look-alike (log-odds) than every one of its own instances … */
export const OUTLINE_UNLIKE_LOGODDS = 1;
/** … and its spread or its centre share this far from their median. */
export const OUTLINE_UNLIKE_SPREAD = 0.15;
export const OUTLINE_UNLIKE_CENTRE = 0.05;

interface Instance {
  lo: number;
  shape: CellShape;
}

/**
 * The document's verdict on the cell at (li, col), read as `c` in a position of class `cls` ('num' or
 * 'alpha'), by the model's log-odds AND the ink's outline (cellShape) of its own `c`s and its `a`s — the
 * stronger companion of ownInstanceVerdict for the 0/O pair, for documents where that has too little to
 * go on (no O in a name, a single O, 0s the model takes for Os throughout). Null when it cannot say.
 *  - 'lookalike' with at least OUTLINE_MIN_UNLIKE of its own (`c` where only that class may stand): the
 *    cell more look-alike than every one of them by OUTLINE_UNLIKE_LOGODDS, and its spread or centre
 *    share outside theirs (OUTLINE_UNLIKE_SPREAD, OUTLINE_UNLIKE_CENTRE) — a printed O in a date of a
 *    document with no O in a name, which the fixed margin alone lets pass when the model wavers; where
 *    the document has look-alikes, only off towards them (a clean OCR-B scan's 0 of a birth date drawn
 *    0.16 columns wider than its two other date 0s, away from its narrower O, is a 0);
 *  - 'own' with at least OUTLINE_MIN_OWN of its own: the cell no more look-alike than the most look-alike
 *    of them (OUTLINE_LOGODDS_TOLERANCE), its spread and centre share within their tolerances of theirs;
 *    where the document has look-alikes too, also below their median log-odds and nearer their spread;
 *  - 'own' where the document keeps its own and its look-alikes apart by spread (at least
 *    OUTLINE_SEPARATED_MIN_OWN and OUTLINE_SEPARATED_MIN_LOOK of them) and the cell's spread sits with
 *    its own (separatedOutline), whatever the log-odds: at 12–15 px capitals, at a 7° slant or through
 *    print effects the model calls a 0 half an O while its outline still has the 0's width;
 *  - 'own' where every one of the document's 0s (at least DOT_MIN_ZEROS) shows a dot its Os lack and
 *    the cell has the dot (read as 0) or lacks it (read as O), less look-alike than every look-alike
 *    (dotDecides): DejaVu Sans Mono's and Liberation Mono's 0 at 14 px or blurred;
 *  - 'own' with fewer of its own and at least OUTLINE_MIN_LOOK look-alikes: the cell clearly less
 *    look-alike than every one of them (OUTLINE_LOOK_GAP) and its spread or its centre share outside
 *    theirs (a DejaVu O as wide as the document's 0s but without their dot).
 * Measured on the evaluation set's tuning part by putting each O of a name in a date's place and each 0
 * of a date in a name's (1,455 and 575 cells, without and with the document's other instances): 'own'
 * passes none of them, with each threshold loosened in turn (log-odds tolerance to 2, spread tolerance to
 * 0.3, centre tolerance to 0.1, look-alike spread gap to 0 — the two features each suffice; the
 * look-alike gap has 1 log-odds to spare); 'lookalike' refuses 80 of the 89 the fixed margin passed and
 * none of the 1,522 real 0s and Os it could judge. The separated-outline 'own' and the centre share let
 * not one more through of 3,798 such cells put in place of a real 0 or O (143 pass before and after, on
 * the fixed margin where the document has nothing to compare) nor of 7,887 put in place of another date
 * digit or name letter (439 before and after), also with OUTLINE_SEPARATED_SIDE loosened to 0.5 and
 * OUTLINE_LOOK_CENTRE_GAP to 0 (and OUTLINE_SEPARATED_GAP to 0 on the first set); they read 6 more of
 * the 2,054 real 0s and Os (11 refused before, 5 after). Null without the cells' samples. `as` judges
 * an alphanumeric cell as if it stood where only `c`'s class may (roundSwapUnseen).
 */
export function outlineVerdict(
  t: TemplateRead,
  classes: readonly (readonly CharClass[])[],
  li: number,
  col: number,
  c: string,
  a: string,
  as: CharClass = classes[li]![col]!,
): 'own' | 'lookalike' | null {
  const cls = as;
  if (cls === 'alnum' || !OUTLINE_PAIRS.has(c + a) || !t.sample) return null;
  const sample = t.sample;
  const found = documentInstances(t, classes, li, col, c, a, cls);
  const instance = ([l, k]: [number, number]): Instance => ({ lo: logOdds(t, l, k, a, c), shape: cellShape(sample(l, k)) });
  const own = found.own.map(instance);
  const look = found.look.map(instance);
  const lo = logOdds(t, li, col, a, c);
  const shape = cellShape(t.sample(li, col));
  const ownSpread = own.length > 0 ? median(own.map((o) => o.shape.spread)) : 0;
  const ownCentre = own.length > 0 ? median(own.map((o) => o.shape.centre)) : 0;
  const ownMaxLo = Math.max(...own.map((o) => o.lo));
  // Off its own on a feature: by more than the tolerance and, where the document has look-alikes to show
  // which way this face's look-alike differs (OCR-B's O narrower than its 0, DejaVu's wider), that way.
  const off = (d: number, tolerance: number, toLook: number | null): boolean => Math.abs(d) > tolerance && (toLook === null || d * toLook > 0);
  const lookSpread = look.length > 0 ? median(look.map((o) => o.shape.spread)) - ownSpread : null;
  const lookCentre = look.length > 0 ? median(look.map((o) => o.shape.centre)) - ownCentre : null;
  if (
    own.length >= OUTLINE_MIN_UNLIKE &&
    lo > ownMaxLo + OUTLINE_UNLIKE_LOGODDS &&
    (off(shape.spread - ownSpread, OUTLINE_UNLIKE_SPREAD, lookSpread) || off(shape.centre - ownCentre, OUTLINE_UNLIKE_CENTRE, lookCentre))
  )
    return 'lookalike';
  if (separatedOutline(shape, own, look)) return 'own';
  if (dotDecides(c, shape, lo, own, look)) return 'own';
  if (own.length >= OUTLINE_MIN_OWN) {
    const sits =
      lo <= ownMaxLo + OUTLINE_LOGODDS_TOLERANCE &&
      Math.abs(shape.spread - ownSpread) <= OUTLINE_SPREAD_TOLERANCE &&
      Math.abs(shape.centre - ownCentre) <= OUTLINE_CENTRE_TOLERANCE;
    if (!sits) return null;
    if (look.length === 0) return 'own';
    const apart = lo < median(look.map((o) => o.lo)) && Math.abs(shape.spread - ownSpread) < Math.abs(shape.spread - median(look.map((o) => o.shape.spread)));
    return apart ? 'own' : null;
  }
  if (look.length < OUTLINE_MIN_LOOK) return null;
  const spreads = look.map((o) => o.shape.spread);
  const halfRange = (Math.max(...spreads) - Math.min(...spreads)) / 2;
  const centres = look.map((o) => o.shape.centre);
  const centreHalfRange = (Math.max(...centres) - Math.min(...centres)) / 2;
  const outside =
    Math.abs(shape.spread - median(spreads)) >= OUTLINE_LOOK_SPREAD_GAP + halfRange ||
    Math.abs(shape.centre - median(centres)) >= OUTLINE_LOOK_CENTRE_GAP + centreHalfRange;
  const clear = lo <= Math.min(...look.map((o) => o.lo)) - OUTLINE_LOOK_GAP && outside;
  return clear ? 'own' : null;
}

/**
 * The document's own instances and its look-alikes fall apart by spread (every one of its own at least
 * OUTLINE_SEPARATED_GAP from every look-alike), and the cell's spread sits with its own
 * (OUTLINE_SEPARATED_SIDE of the way from the look-alikes', or beyond) and its centre share is not off
 * its own towards theirs. Then the outline says which the cell is, whatever the log-odds: where a low
 * resolution, a slant or print effects blur a 0 into something the model calls half an O, the
 * document's own 0s and Os show whether this capture still keeps the two shapes apart, and on which
 * side the cell is. A printed O in a date keeps the O's outline (OCR-B's narrower, DejaVu's and
 * Liberation's wider and without the dot), so it sits with the document's Os and is not read.
 */
function separatedOutline(shape: CellShape, own: Instance[], look: Instance[]): boolean {
  if (own.length < OUTLINE_SEPARATED_MIN_OWN || look.length < OUTLINE_SEPARATED_MIN_LOOK) return false;
  const ownSpreads = own.map((o) => o.shape.spread);
  const lookSpreads = look.map((o) => o.shape.spread);
  const ownMedian = median(ownSpreads);
  const lookMedian = median(lookSpreads);
  const gap =
    ownMedian > lookMedian ? Math.min(...ownSpreads) - Math.max(...lookSpreads) : Math.min(...lookSpreads) - Math.max(...ownSpreads);
  if (gap < OUTLINE_SEPARATED_GAP) return false;
  if ((shape.spread - lookMedian) / (ownMedian - lookMedian) < OUTLINE_SEPARATED_SIDE) return false;
  const ownCentre = median(own.map((o) => o.shape.centre));
  const towardsLook = (shape.centre - ownCentre) * (median(look.map((o) => o.shape.centre)) - ownCentre) > 0;
  return !(towardsLook && Math.abs(shape.centre - ownCentre) > OUTLINE_CENTRE_TOLERANCE);
}

/**
 * The 0's dot: DejaVu Sans Mono's and Liberation Mono's 0 carries one at its centre, their O none. Where
 * every one of the document's own 0s (at least DOT_MIN_ZEROS, read where only digits may stand) shows
 * that dot — its centre share DOT_GAP above every one of the document's Os, if it has any, and above
 * the cell when the cell is read as an O — the dot says which the cell is whatever the model's log-odds:
 * at 14 px or through blur the model calls such a 0 or O half the other, while the dot is still ink at
 * the centre or paper. Read as a 0, the cell must show the dot (DOT_GAP above every O of the document,
 * at least one); read as an O, lack it (DOT_GAP below every 0). Either way it must be less look-alike on
 * the log-odds than every one of the document's look-alikes. A printed O in a date has the O's empty
 * centre and a printed 0 in a name the 0's dot, so neither sits on the wrong side; a face without the
 * dot (OCR-B) has every centre share near 0, so the rule never speaks for it.
 */
export const DOT_MIN_ZEROS = 2;
export const DOT_GAP = 0.03;

function dotDecides(c: string, shape: CellShape, lo: number, own: Instance[], look: Instance[]): boolean {
  const zeros = (c === '0' ? own : look).map((o) => o.shape.centre);
  const ohs = (c === '0' ? look : own).map((o) => o.shape.centre);
  if (zeros.length < DOT_MIN_ZEROS || look.length === 0) return false;
  const leastDot = Math.min(...zeros);
  if (ohs.length > 0 && leastDot - Math.max(...ohs) < DOT_GAP) return false;
  if (!(lo < Math.min(...look.map((o) => o.lo)))) return false;
  if (c === '0') return ohs.length > 0 && shape.centre - Math.max(...ohs) >= DOT_GAP;
  return leastDot - shape.centre >= DOT_GAP;
}

/** Digit/letter look-alike pairs an alphanumeric cell (document number, optional data) is settled between. */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['0', 'O'],
  ['8', 'B'],
  ['1', 'I'],
  ['5', 'S'],
  ['2', 'Z'],
  ['6', 'G'],
];
/** The pair must hold at least this much of the cell's probability. */
const PAIR_MASS = 0.8;
/** How far past the midpoint between the two groups (as a share of their distance) a cell must sit. */
const CLEAR_SIDE = 0.25;
/** Score given to a cell settled by the document's own instances (as sure as the model's "sure"). */
export const SETTLED_SCORE = 0.9;

/**
 * The template read with its alphanumeric cells (document number, optional data) that the model split
 * between a digit and its look-alike letter settled by the document's own instances: its digits read
 * where only digits may stand and its letters where only letters may. A cell is changed only when it
 * sits clearly (CLEAR_SIDE) on one side; the check digits still have to pass.
 */
export function settleAlnumLookalikes(t: TemplateRead): TemplateRead {
  const classes = positionClasses(t.format);
  const lines = t.lines.map((l) => [...l]);
  const cells = t.cells.map((row) => [...row]);
  /** Settled cells: "line:column" → the pair and the side taken. */
  const settled = new Map<string, { char: string; other: string; mass: number }>();
  t.lines.forEach((line, li) => {
    for (let col = 0; col < line.length; col++) {
      if (classes[li]![col] !== 'alnum' || (t.cells[li]![col]!.char === '?' && t.cells[li]![col]!.score === 0)) continue;
      for (const [d, l] of PAIRS) {
        if (line[col] !== d && line[col] !== l && line[col] !== '?') continue;
        const pd = t.scoreOf(li, col, d);
        const pl = t.scoreOf(li, col, l);
        if (pd + pl < PAIR_MASS) continue;
        const side = sideOf(t, classes, li, col, d, l);
        if (!side) break;
        const char = side === 'letter' ? l : d;
        const other = char === d ? l : d;
        lines[li]![col] = char;
        cells[li]![col] = { char, score: SETTLED_SCORE, second: other, secondScore: 1 - SETTLED_SCORE };
        settled.set(`${li}:${col}`, { char, other, mass: pd + pl });
        break;
      }
    }
  });
  if (settled.size === 0) return t;
  // The pair's probability, split as the document decided: the rules downstream (doubt, aliases,
  // overrules) see the settled character as the one the reader is sure of.
  const scoreOf = (li: number, col: number, c: string): number => {
    const s = settled.get(`${li}:${col}`);
    if (!s || (c !== s.char && c !== s.other)) return t.scoreOf(li, col, c);
    return (c === s.char ? SETTLED_SCORE : 1 - SETTLED_SCORE) * s.mass;
  };
  return { ...t, lines: lines.map((l) => l.join('')), cells, scoreOf };
}

/** Which of the document's two groups (its digits `d` read in digit-only cells, its letters `l` in letter-only ones) the cell clearly sits with. */
function sideOf(
  t: TemplateRead,
  classes: readonly (readonly CharClass[])[],
  li: number,
  col: number,
  d: string,
  l: string,
  minInstances = 3,
): 'digit' | 'letter' | null {
  const digits: number[] = [];
  const letters: number[] = [];
  t.lines.forEach((line, k) => {
    for (let c = 0; c < line.length; c++) {
      if (k === li && c === col) continue;
      if (line[c] === d && classes[k]![c] === 'num') digits.push(logOdds(t, k, c, l, d));
      else if (line[c] === l && classes[k]![c] === 'alpha') letters.push(logOdds(t, k, c, l, d));
    }
  });
  if (digits.length < 1 || letters.length < 1 || digits.length + letters.length < minInstances) return null;
  const md = median(digits);
  const ml = median(letters);
  if (ml - md < OWN_SEPARATION) return null;
  const x = (logOdds(t, li, col, l, d) - md) / (ml - md);
  return x <= 0.5 - CLEAR_SIDE ? 'digit' : x >= 0.5 + CLEAR_SIDE ? 'letter' : null;
}

// Swaps of 0 and O the check digits cannot see. In the document number and the optional data a 0 (ICAO
// value 0) and an O (24) may both stand. One of them read as the other changes a check digit's sum by 24
// times its weight (7, 3 or 1), never a multiple of 10, so a single swap is always seen. Several together
// cancel: two the same way at weights 7 and 3 (24 × 10), two opposite ways at the same weight, three at
// 7, 7 and 1 — in every check at once, the composite included, because it weighs the document number and
// the optional data as their own check digits do. The cell model reads DejaVu Sans Mono's O as its 0 at
// 0.85 (the face's 0 differs only by a dot), sure enough for every rule that leans on the check digits,
// and a document without an O in its name gives the log-odds nothing to compare with. So where such a set
// of cells exists, each cell of it must be confirmed by the document's own 0s and Os — the outline (the
// 0's dot, the width against the document's other round glyphs: outlineVerdict) or, where the outline has
// nothing to say, the model's log-odds clearly on the side of its own instances (sideOf) — or the MRZ is
// refused. A lone 0 or O, or a set whose swap a check digit would see, is left to the check digits.
/** The ICAO value of O less that of 0. */
const ROUND_STEP = 24;
/** Without a look-alike in the document: fewest of its own instances a cell is compared with … */
export const ROUND_ALIKE_MIN_OWN = 2;
/** … and how far outside their range of spreads (sample columns) it may lie. */
export const ROUND_ALIKE_SPREAD = 0.15;

/**
 * Is the alphanumeric cell at (li, col), read as `c` ('0' or 'O'), that character by the document's own
 * instances, judged as a digit-only cell for a 0, a letter-only one for an O? By outlineVerdict 'own';
 * or, where the outline has no verdict (too few instances for it), by the model's log-odds clearly on
 * that side (sideOf: at least three instances, one of each) — or, with only one 0 and one O to go by
 * (an OCR-B card with one 0 in a date and one O in a name), clearly on that side with the cell's spread
 * also nearer its own instance's than its look-alike's (one instance of the log-odds is thin evidence);
 * or, with no look-alike to place it against (no O in the names: the kiosk's OCR-B specimens), like
 * every one of at least ROUND_ALIKE_MIN_OWN of its own on the model's log-odds (no more look-alike
 * than the most look-alike of them, OUTLINE_LOGODDS_TOLERANCE), the spread (within ROUND_ALIKE_SPREAD
 * of their range) and the 0's dot. The model calls DejaVu Sans Mono's O read as a 0 0.5–0.87 a 0 where
 * the document's own 0s stand at 0.92–0.99 (log-odds 1–3 apart), and that O is wider and without the dot.
 * Where none of these settles it, OCR-B itself judges the cell if the document is printed in OCR-B
 * (ocrBGlyphConfirms); in any other face it is refused.
 */
export function roundCellConfirmed(t: TemplateRead, classes: readonly (readonly CharClass[])[], li: number, col: number, c: string): boolean {
  const verdict = roundVerdictByDocument(t, classes, li, col, c);
  // Nothing in the document settles it (too few of its own, or the cell unlike them without being
  // placed with its look-alikes): OCR-B's own glyphs judge it, for a document printed in OCR-B throughout
  // (mrz-ocrb-face.ts). An outline that places it with its look-alikes is not overruled.
  return verdict === 'own' || (verdict === null && ocrBGlyphConfirms(t, li, col, c, c === '0' ? 'O' : '0'));
}

/** roundCellConfirmed's judgement by the document's own instances: 'lookalike' only from the outline. */
function roundVerdictByDocument(t: TemplateRead, classes: readonly (readonly CharClass[])[], li: number, col: number, c: string): 'own' | 'lookalike' | null {
  const digit = c === '0';
  const a = digit ? 'O' : '0';
  const as: CharClass = digit ? 'num' : 'alpha';
  const outline = outlineVerdict(t, classes, li, col, c, a, as);
  if (outline !== null) return outline;
  const side = digit ? 'digit' : 'letter';
  if (sideOf(t, classes, li, col, '0', 'O') === side) return 'own';
  if (!t.sample) return null;
  const sample = t.sample;
  const found = documentInstances(t, classes, li, col, c, a, as);
  const shape = cellShape(sample(li, col));
  const own = found.own.map(([l, k]) => ({ lo: logOdds(t, l, k, a, c), shape: cellShape(sample(l, k)) }));
  if (sideOf(t, classes, li, col, '0', 'O', 2) === side) {
    const spreadOf = ([l, k]: [number, number]): number => cellShape(sample(l, k)).spread;
    const nearerOwn = Math.abs(shape.spread - median(own.map((o) => o.shape.spread))) < Math.abs(shape.spread - median(found.look.map(spreadOf)));
    return nearerOwn ? 'own' : null;
  }
  if (own.length < ROUND_ALIKE_MIN_OWN) return null;
  // No look-alike to compare with: the cell must be one of its own — as sure as the least sure of them,
  // its width within their range and, for a 0, its dot where every one of them has it (for an O, no more
  // centre ink than theirs).
  const spreads = own.map((o) => o.shape.spread);
  const centres = own.map((o) => o.shape.centre);
  const likeOwn =
    logOdds(t, li, col, a, c) <= Math.max(...own.map((o) => o.lo)) + OUTLINE_LOGODDS_TOLERANCE &&
    shape.spread >= Math.min(...spreads) - ROUND_ALIKE_SPREAD &&
    shape.spread <= Math.max(...spreads) + ROUND_ALIKE_SPREAD &&
    (digit ? shape.centre >= Math.min(...centres) - OUTLINE_CENTRE_TOLERANCE : shape.centre <= Math.max(...centres) + OUTLINE_CENTRE_TOLERANCE);
  return likeOwn ? 'own' : null;
}

/**
 * The cells ("line:column") of a set of the alphanumeric 0s and Os of `lines` that, each swapped for the
 * other, leaves every check digit's sum unchanged mod 10 — found among the cells the document's own
 * instances do not confirm (roundCellConfirmed), a cell no check digit covers counting as a set on its
 * own. Empty when no such set exists: then any misread among the unconfirmed ones breaks a check. `t` is
 * the model's read (its scores and samples); `lines` the text about to be accepted.
 */
export function roundSwapUnseen(t: TemplateRead, lines: readonly string[]): string[] {
  const classes = positionClasses(t.format);
  const weights = checkWeights(t.format);
  /** Reachable sums (mod 10 per check digit) of the nonempty sets seen so far → one set reaching it. */
  const reached = new Map<string, string[]>();
  const zero = weights.map(() => 0).join(',');
  for (let li = 0; li < lines.length; li++) {
    for (let col = 0; col < lines[li]!.length; col++) {
      const c = lines[li]![col]!;
      if (classes[li]![col] !== 'alnum' || (c !== '0' && c !== 'O')) continue;
      if (roundCellConfirmed(t, classes, li, col, c)) continue;
      const key = `${li}:${col}`;
      const step = weights.map((w) => ((c === '0' ? 1 : -1) * ROUND_STEP * (w.get(key) ?? 0)) % 10);
      const add = (sum: number[]): string => sum.map((v, i) => (((v + step[i]!) % 10) + 10) % 10).join(',');
      const next: [string, string[]][] = [[add(weights.map(() => 0)), [key]]];
      for (const [sum, set] of reached) next.push([add(sum.split(',').map(Number)), [...set, key]]);
      for (const [sum, set] of next) {
        if (sum === zero) return set;
        if (!reached.has(sum)) reached.set(sum, set);
      }
    }
  }
  return [];
}

// Two repairs at once: the model's read of a cell as `from` is taken as tesseract's `to` only where the
// cell is uncertain on its own evidence, the model unsure between the two and the cell unlike the
// document's own confirmed `from`s. Liberation Mono's 3 is an 8 with its left side open; through print
// or a soft capture the model can give a 3 0.6–0.78 as an 8, at log-odds ln(p(8) ÷ p(3)) of 0.6–2.6,
// while the same document's own 8s stand at 8.1–9.2 (evaluation set, tuning part). An 8 printed where
// a 3 belongs is drawn like the document's own 8s, so the model is sure of it and it sits with them: it
// is never a candidate, and the check digit refuses it.
/** The model's read is at most this much more probable than the repair (log-odds): unsure between them. */
export const REPAIR_UNSURE_LOGODDS = 3.5;
/** Every one of the document's own confirmed instances of the read is this much surer of it (log-odds). */
export const REPAIR_OWN_GAP = 4;
/** Fewest of the document's own confirmed instances of the read (no instance, no evidence). */
export const REPAIR_MIN_OWN = 1;

export interface RepairCell {
  li: number;
  col: number;
  from: string;
  to: string;
}

/**
 * Is the cell at (li, col), read as `from` below the `sure` score, independently uncertain between
 * `from` and `to`? Its own instances are the document's other cells read as `from` with at least the
 * `sure` score and confirmed by a tesseract read (`confirmed`).
 */
export function independentlyUncertain(
  t: TemplateRead,
  li: number,
  col: number,
  from: string,
  to: string,
  sure: number,
  confirmed: (li: number, col: number) => boolean,
): boolean {
  if (t.cells[li]![col]!.score >= sure) return false;
  const lo = logOdds(t, li, col, from, to);
  if (lo > REPAIR_UNSURE_LOGODDS) return false;
  const own: number[] = [];
  t.lines.forEach((line, l) => {
    for (let k = 0; k < line.length; k++) {
      if ((l === li && k === col) || line[k] !== from || t.cells[l]![k]!.score < sure || !confirmed(l, k)) continue;
      own.push(logOdds(t, l, k, from, to));
    }
  });
  return own.length >= REPAIR_MIN_OWN && own.every((o) => o >= lo + REPAIR_OWN_GAP);
}

/**
 * The two repairs of a read that needs two, or null. `offered` is the character the tesseract reads
 * give a check-covered cell instead of the read's (null: none, or none they agree on). Taken only when
 * exactly two covered cells are independently uncertain (independentlyUncertain) and both repaired make
 * `passes` hold (every check digit, the composite included); with a third candidate, or one cell whose
 * evidence is not its own, nothing. Each repair has to stand on its own cell's evidence because the
 * check digits alone cannot tell a misread from an alteration once two characters may change: a pair
 * of substitutions whose weighted values cancel passes every 7-3-1 check.
 */
export function independentRepairPair(
  t: TemplateRead,
  lines: string[],
  offered: (li: number, col: number) => string | null,
  sure: number,
  confirmed: (li: number, col: number) => boolean,
  passes: (lines: string[]) => boolean,
): RepairCell[] | null {
  const cov = checkCoverage(t.format);
  const found: RepairCell[] = [];
  t.lines.forEach((line, li) => {
    for (let col = 0; col < line.length; col++) {
      const from = line[col]!;
      const to = offered(li, col);
      if (cov[li]![col]! === 0 || from === '?' || !to || to === from) continue;
      if (independentlyUncertain(t, li, col, from, to, sure, confirmed)) found.push({ li, col, from, to });
    }
  });
  if (found.length !== 2) return null;
  const put = (ls: string[], r: RepairCell): string[] => ls.map((l, i) => (i === r.li ? l.slice(0, r.col) + r.to + l.slice(r.col + 1) : l));
  return passes(found.reduce(put, lines)) ? found : null;
}
