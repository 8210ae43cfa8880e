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
// independent set's tuning part, DejaVu Sans Mono and Liberation Mono).
import type { TemplateRead } from './mrz-cells';
import { positionClasses, type CharClass } from './mrz-parse';

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
 * Is the cell at (li, col), read as `c` in a position of class `cls` ('num' or 'alpha'), the document's
 * `c` or its look-alike `a` from the other class? 'own' when it sits with the document's cells of `c`,
 * 'lookalike' when with those of `a`, null when the document has too few of either (at least MIN_OWN of
 * `c` and one of `a`, read where the layout allows only that class) or they are not OWN_SEPARATION apart.
 */
export function ownInstanceVerdict(
  t: TemplateRead,
  classes: readonly (readonly CharClass[])[],
  li: number,
  col: number,
  c: string,
  a: string,
): 'own' | 'lookalike' | null {
  const cls = classes[li]![col]!;
  if (cls === 'alnum') return null;
  const other: CharClass = cls === 'num' ? 'alpha' : 'num';
  const ownC: number[] = [];
  const ownA: number[] = [];
  t.lines.forEach((line, l) => {
    for (let k = 0; k < line.length; k++) {
      if (l === li && k === col) continue;
      const ch = line[k]!;
      if (ch === c && classes[l]![k] === cls) ownC.push(logOdds(t, l, k, a, c));
      else if (ch === a && classes[l]![k] === other) ownA.push(logOdds(t, l, k, a, c));
    }
  });
  if (ownC.length < MIN_OWN || ownA.length < 1) return null;
  const mc = median(ownC);
  const ma = median(ownA);
  if (ma - mc < OWN_SEPARATION) return null;
  return logOdds(t, li, col, a, c) > (mc + ma) / 2 ? 'lookalike' : 'own';
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
function sideOf(t: TemplateRead, classes: readonly (readonly CharClass[])[], li: number, col: number, d: string, l: string): 'digit' | 'letter' | null {
  const digits: number[] = [];
  const letters: number[] = [];
  t.lines.forEach((line, k) => {
    for (let c = 0; c < line.length; c++) {
      if (k === li && c === col) continue;
      if (line[c] === d && classes[k]![c] === 'num') digits.push(logOdds(t, k, c, l, d));
      else if (line[c] === l && classes[k]![c] === 'alpha') letters.push(logOdds(t, k, c, l, d));
    }
  });
  if (digits.length < 1 || letters.length < 1 || digits.length + letters.length < 3) return null;
  const md = median(digits);
  const ml = median(letters);
  if (ml - md < OWN_SEPARATION) return null;
  const x = (logOdds(t, li, col, l, d) - md) / (ml - md);
  return x <= 0.5 - CLEAR_SIDE ? 'digit' : x >= 0.5 + CLEAR_SIDE ? 'letter' : null;
}
