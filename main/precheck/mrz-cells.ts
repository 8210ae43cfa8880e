// Cuts the lines of a located MRZ band into their fixed-pitch character cells and reads every cell with
// the OCR-B template classifier (mrz-template.ts) — the reader's fast primary read.
//
// Per line: an ink mask (Otsu threshold of the band), the column profile of the ink, and the grid
// (centre of cell 0, pitch, and how the pitch changes along the line under keystone) for the known number
// of characters that puts the cell boundaries where the profile is emptiest (the gaps between characters)
// while keeping all ink inside the N cells. Cap line
// and baseline come from the character cells themselves (median over the tall characters), so fillers
// ('<') and a slightly tilted line do not move them.
import { endsShort, extentColumnInk, inkMaskAt, lineExtent } from './mrz-line-extent';
import type { MrzBand } from './mrz-locate';
import { otsuThreshold } from '../imaging/otsu';
import { bandInkThreshold } from './mrz-normalise';
import { edgeStrokeColumns } from './mrz-edge-stroke';
import { createModelCellClassifier } from './mrz-cell-model';
import { MRZ_LINE_COUNT, MRZ_LINE_LENGTH, positionClasses, type MrzFormat } from './mrz-parse';
import {
  CELL_COLS,
  CELL_ROWS,
  cellSampleOffset,
  committedTemplates,
  sampleGrey,
  type CellClassifier,
  type CellReading,
  type GreyImage,
} from './mrz-template';

/** Where a line's cells are, in band pixels. */
export interface CellGrid {
  /** x of the centre of cell 0. */
  origin: number;
  pitch: number;
  /** Cap line and baseline at cell 0 … */
  capTop: number;
  capBottom: number;
  /** … and how they move per px to the right (residual skew). */
  slope: number;
  /**
   * How the pitch changes from cell to cell, as a share of `pitch` (the pitch at the middle of the line):
   * under a camera's keystone the far end of a line is narrower. 0 on a straight-on document.
   */
  gradient?: number;
}

export interface TemplateRead {
  format: MrzFormat;
  /** The lines as read; '?' for an empty cell. */
  lines: string[];
  cells: CellReading[][];
  grids: CellGrid[];
  /** How well a cell matches any given character (e.g. what another reader saw there), −1..1. */
  scoreOf(line: number, column: number, char: string): number;
  /** The cell's samples as the classifier saw them (CELL_ROWS × CELL_COLS darkness, mrz-template.ts). */
  sample?(line: number, column: number): Float32Array;
}

/** Below this correlation a cell is not taken as read at all ('?'): stains, glare, a cut-off line end. */
export const MIN_CELL_SCORE = 0.6;

const DIGITS = '0123456789<';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ<';
const ALL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

interface LineInk {
  /** Rows searched (the located line plus part of the gaps around it). */
  top: number;
  bottom: number;
  /** The line as located. */
  coreTop: number;
  coreBottom: number;
  /** Ink count per column over the line's rows. */
  profile: Float64Array;
  x0: number;
  x1: number;
}

/** Rows of each located line (with half the gap to its neighbours) and the extent of its ink. */
function lineInk(band: MrzBand, ink: Uint8Array): LineInk[] {
  const w = band.width;
  return band.lines.map((l, i) => {
    const h = l.bottom - l.top;
    const prev = band.lines[i - 1];
    const next = band.lines[i + 1];
    const top = Math.max(0, Math.floor(prev ? Math.max((prev.bottom + l.top) / 2, l.top - h * 0.4) : l.top - h * 0.4));
    const bottom = Math.min(band.height, Math.ceil(next ? Math.min((l.bottom + next.top) / 2, l.bottom + h * 0.4) : l.bottom + h * 0.4));
    const profile = new Float64Array(w);
    for (let y = top; y < bottom; y++) for (let x = 0; x < w; x++) profile[x]! += ink[y * w + x]!;
    // Extent: the longest run of columns with ink, gaps of up to ~1.8 line heights bridged (one missing
    // character, e.g. a stain wiped off, is a gap of ~1.6). A column dark from top to bottom is not a
    // character but the card edge against the desk, or a shadow.
    // Only ink of pieces bigger than a dot counts (halftone dots, specks), and a speck before the first or
    // after the last glyph is not where the line starts or ends.
    const bridge = Math.max(3, h * 1.8);
    const onLine = extentColumnInk(ink, w, top, bottom, h);
    // Nor is the card's edge beside the line (mrz-edge-stroke.ts: ink with a straight side that runs on
    // through the line and beyond it), whose ragged side is dark on only some of the rows.
    const edge = edgeStrokeColumns(ink, w, band.height, Math.round(l.top), Math.round(l.bottom));
    const isInk = (x: number): boolean => onLine[x]! >= 2 && profile[x]! < (bottom - top) * 0.9 && !edge?.[x];
    const best = lineExtent(onLine, isInk, bridge, h) ?? [0, -1];
    return { top, bottom, coreTop: l.top, coreBottom: l.bottom, profile, x0: best[0], x1: best[1] + 1 };
  });
}

const interp = (p: Float64Array, x: number): number => {
  if (x <= 0) return p[0]!;
  if (x >= p.length - 1) return p[p.length - 1]!;
  const i = x | 0;
  return p[i]! + (p[i + 1]! - p[i]!) * (x - i);
};

/**
 * Grid of N cells over [x0, x1): the boundaries sit in the gaps between characters, so the ink near the
 * boundaries (±0.1 pitch, from the cumulative profile) is smallest, and all ink is inside the cells. A
 * window of ±0.2 pitch is wider than the gap between two bold or blurred glyphs (~0.25 pitch), so every
 * candidate had ink in it and the fit drifted by a cell along a line. With `varying`, the pitch may also
 * change linearly along the line (up to ±MAX_PITCH_CHANGE end to end): a camera's keystone makes the far
 * end of a line narrower, which one pitch cannot follow over 30–44 cells.
 */
const BOUNDARY_WINDOW = 0.1;
const MAX_PITCH_CHANGE = 0.12;
function fitGrid(li: LineInk, n: number, varying = true): { origin: number; pitch: number; gradient: number; boundaryInk: number } {
  const cum = new Float64Array(li.profile.length + 1);
  for (let x = 0; x < li.profile.length; x++) cum[x + 1] = cum[x]! + li.profile[x]!;
  const span = li.x1 - li.x0;
  // A glyph is ~0.75 of a pitch wide: the ink spans (n − 1) pitches plus about one glyph.
  const p0 = span / (n - 0.25);
  // The ink near the grid's boundaries, or — once it reaches `bound` — that partial sum: every term is
  // ink (never negative, the profile counts ink pixels), so a sum that has reached the best so far can
  // only end at or above it and the candidate cannot win. The search's choice is the same; a candidate
  // no better than the best costs a few terms instead of all n + 1.
  const score = (origin: number, pitch: number, gradient: number, bound: number): number => {
    const grid = { origin, pitch, gradient };
    // Ink outside the grid is not allowed.
    if (cellX(grid, n, -0.5) > li.x0 + 1 || cellX(grid, n, n - 0.5) < li.x1 - 1) return Infinity;
    let sc = 0;
    for (let i = 0; i <= n && sc < bound; i++) {
      const b = cellX(grid, n, i - 0.5);
      const half = pitch * (1 + gradient * (i - 0.5 - (n - 1) / 2)) * BOUNDARY_WINDOW;
      sc += interp(cum, b + half) - interp(cum, b - half);
    }
    return sc;
  };
  let best = { origin: li.x0 + p0 / 2, pitch: p0, gradient: 0, score: Infinity };
  for (let p = p0 * 0.95; p <= p0 * 1.05; p += p0 * 0.002) {
    for (let o = li.x0 + p * 0.02; o <= li.x0 + p * 0.8; o += 0.5) {
      const sc = score(o, p, 0, best.score);
      if (sc < best.score) best = { origin: o, pitch: p, gradient: 0, score: sc };
    }
  }
  if (varying) {
    // Around the one-pitch fit: the line's middle pitch and its first cell move little when the ends change.
    const first = best;
    for (let change = -MAX_PITCH_CHANGE; change <= MAX_PITCH_CHANGE + 1e-9; change += 0.015) {
      if (Math.abs(change) < 1e-9) continue;
      const g = change / (n - 1);
      for (let p = first.pitch * 0.96; p <= first.pitch * 1.04; p += p0 * 0.002) {
        for (let o = first.origin - p * 0.3; o <= first.origin + p * 0.3; o += 0.5) {
          const sc = score(o, p, g, best.score - 1e-9);
          // Strictly better only: a straight-on line keeps its one pitch.
          if (sc < best.score - 1e-9) best = { origin: o, pitch: p, gradient: g, score: sc };
        }
      }
    }
  }
  return { origin: best.origin, pitch: best.pitch, gradient: best.gradient, boundaryInk: best.score };
}

type GridGeometry = Pick<CellGrid, 'origin' | 'pitch' | 'gradient'>;

/**
 * x of cell `t` (fractional: t − 0.5 is a cell's left boundary) of a line of `n` cells. `origin` is the
 * centre of cell 0, `pitch` the pitch at the middle of the line, changing by `gradient` × pitch per cell.
 */
export function cellX(g: GridGeometry, n: number, t: number): number {
  const k = g.gradient ?? 0;
  return g.origin + g.pitch * (t + (k * t * (t - (n - 1))) / 2);
}

/** The cell (index, may lie outside 0…n−1) whose centre is nearest to x: the inverse of cellX. */
export function cellAt(g: GridGeometry, n: number, x: number): number {
  let t = (x - g.origin) / g.pitch;
  const k = g.gradient ?? 0;
  // Newton on cellX(t) = x; the map is nearly linear, so two steps are exact to a hundredth of a cell.
  for (let i = 0; i < 3 && k !== 0; i++) t -= (cellX(g, n, t) - x) / (g.pitch * (1 + k * (t - (n - 1) / 2)));
  const cell = Math.round(t);
  return cell === 0 ? 0 : cell; // never −0
}

/**
 * Cap line and baseline: per cell, the rows of ink contiguous with the line's middle row (so print above
 * or below the MRZ, e.g. a date of the visual zone, is not counted). The baseline is a straight line:
 * its slope from the ink centres of all cells (OCR-B glyphs, '<' included, have their centres within
 * ~2 % of the type size of each other) — a deskew that is off by a few tenths of a degree moves the end of
 * a 44-character line by pixels — and its height from the bottoms of the letters and digits.
 */
function capLines(
  ink: Uint8Array,
  w: number,
  li: LineInk,
  origin: number,
  pitch: number,
  n: number,
  pitchPerCap: number,
  gradient = 0,
): { capTop: number; capBottom: number; slope: number; measuredHeight: number } {
  const xs: number[] = [];
  const tops: number[] = [];
  const bottoms: number[] = [];
  const mid = Math.round((li.coreTop + li.coreBottom) / 2);
  // Less than the space between two MRZ lines (≥ ~0.5 cap height) or to print above or below them.
  const gap = Math.max(1, Math.round((pitch / pitchPerCap) * 0.1));
  for (let c = 0; c < n; c++) {
    const xa = Math.max(0, Math.round(cellX({ origin, pitch, gradient }, n, c - 0.4)));
    const xb = Math.min(w, Math.round(cellX({ origin, pitch, gradient }, n, c + 0.4)));
    const hasInk = (y: number): boolean => {
      for (let x = xa; x < xb; x++) if (ink[y * w + x]) return true;
      return false;
    };
    // Start from the inked row nearest the middle.
    let start = -1;
    for (let d = 0; d <= (li.coreBottom - li.coreTop) / 2 && start < 0; d++) {
      if (mid - d >= li.top && hasInk(mid - d)) start = mid - d;
      else if (mid + d < li.bottom && hasInk(mid + d)) start = mid + d;
    }
    if (start < 0) continue;
    // Up to `gap` empty rows are bridged: thin or dotted print (a halftone, worn ink) breaks a stroke into
    // pieces, and the piece at the middle row alone would put the baseline a third of a glyph too high.
    let top = start;
    for (let y = top - 1; y >= li.top && top - y <= gap + 1; y--) if (hasInk(y)) top = y;
    let bottom = start + 1;
    for (let y = bottom; y < li.bottom && y - bottom < gap + 1; y++) if (hasInk(y)) bottom = y + 1;
    xs.push(cellX({ origin, pitch, gradient }, n, c) - origin);
    tops.push(top);
    bottoms.push(bottom);
  }
  const capH = pitch / pitchPerCap;
  if (tops.length === 0) return { capTop: li.coreBottom - capH, capBottom: li.coreBottom, slope: 0, measuredHeight: 0 };
  const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  // Slope: least squares of the ink centres, once more without the cells far off the first fit.
  const centres = tops.map((t, i) => (t + bottoms[i]!) / 2);
  const fit = (keep: number[]): [number, number] => {
    const k = keep.length;
    if (k < 3) return [median(centres), 0];
    const mx = keep.reduce((a, i) => a + xs[i]!, 0) / k;
    const my = keep.reduce((a, i) => a + centres[i]!, 0) / k;
    let sxy = 0;
    let sxx = 0;
    for (const i of keep) {
      sxy += (xs[i]! - mx) * (centres[i]! - my);
      sxx += (xs[i]! - mx) ** 2;
    }
    const slope = sxx > 0 ? sxy / sxx : 0;
    return [my - slope * mx, slope];
  };
  const all = centres.map((_, i) => i);
  let [, slope] = fit(all);
  const [a0] = fit(all);
  [, slope] = fit(all.filter((i) => Math.abs(centres[i]! - (a0 + slope * xs[i]!)) < capH * 0.15));
  // Never more than ~1.5° of residual skew: beyond that the fit is being pulled by something else.
  if (Math.abs(slope) > 0.026) slope = 0;
  // Baseline at cell 0: the letters' and digits' bottoms ('<' sits higher and is shorter), de-sloped.
  const heights = tops.map((t, i) => bottoms[i]! - t).sort((a, b) => a - b);
  const measuredHeight = heights[Math.floor(heights.length * 0.9)]!;
  // No cell as tall as a capital (strokes of thin or screened print broken into pieces, or a face whose
  // capitals are short for its pitch): the tallest of the line's own cells, not all of them — the
  // median over all would be a filler's bottom, a fifth of a glyph above the baseline.
  let tall = all.filter((i) => bottoms[i]! - tops[i]! >= capH * 0.9);
  if (tall.length === 0) tall = all.filter((i) => bottoms[i]! - tops[i]! >= measuredHeight * 0.9);
  const capBottom = median(tall.map((i) => bottoms[i]! - slope * xs[i]!));
  return { capTop: capBottom - capH, capBottom, slope, measuredHeight };
}

/**
 * TD2 and TD3 both have two lines; they differ in characters per line (36 / 44). Cut into the right
 * number of cells, a line's cell boundaries fall into the gaps between its characters; cut into the wrong
 * number, they drift through the glyphs. Over both lines, the share of the ink that lies near the
 * boundaries of the best grid of each count (fitGrid's score) is a few % for the right count and ~30 % for
 * the wrong one on the tuning part of the evaluation set, whatever the face, its pitch or halftone and ink
 * spread. When the two shares are that far apart, they decide.
 */
const CLEAR_BOUNDARY_INK_RATIO = 0.8;
function formatByBoundaries(lines: LineInk[]): MrzFormat | null {
  const share: Record<string, number> = {};
  for (const f of ['TD2', 'TD3'] as const) {
    let onBoundaries = 0;
    let total = 0;
    for (const li of lines) {
      onBoundaries += fitGrid(li, MRZ_LINE_LENGTH[f], false).boundaryInk;
      for (let x = li.x0; x < li.x1; x++) total += li.profile[x]!;
    }
    share[f] = onBoundaries / Math.max(1, total);
  }
  const [td2, td3] = [share.TD2!, share.TD3!];
  if (Math.min(td2, td3) > CLEAR_BOUNDARY_INK_RATIO * Math.max(td2, td3)) return null;
  return td2 < td3 ? 'TD2' : 'TD3';
}

/**
 * TD2 and TD3 by the pitch that each count implies, relative to the measured cap height (OCR-B's pitch ÷
 * cap height is fixed; the two differ by 22 %) — the fallback when the boundaries do not decide.
 */
function twoLineFormat(li: LineInk, ink: Uint8Array, w: number, pitchPerCap: number): { format: MrzFormat; clear: boolean } {
  const errs: Record<string, number> = {};
  for (const f of ['TD2', 'TD3'] as const) {
    const n = MRZ_LINE_LENGTH[f];
    const { origin, pitch } = fitGrid(li, n, false);
    // The first line is letters and fillers: its tallest cells are capitals.
    const { measuredHeight } = capLines(ink, w, li, origin, pitch, n, pitchPerCap);
    errs[f] = Math.abs(Math.log(pitch / Math.max(1, measuredHeight) / pitchPerCap));
  }
  const format = errs.TD2! < errs.TD3! ? 'TD2' : 'TD3';
  // The two hypotheses' ratios are 22 % (log 0.2) apart: a clear call is one within 4 % of the prior.
  return { format, clear: Math.min(errs.TD2!, errs.TD3!) < 0.04 };
}

/** Samples one cell (COLS × ROWS darkness values) of the band. */
function sampleCell(img: GreyImage, cx: number, pitch: number, capTop: number, capH: number): Float32Array {
  const out = new Float32Array(CELL_COLS * CELL_ROWS);
  for (let r = 0; r < CELL_ROWS; r++) {
    for (let q = 0; q < CELL_COLS; q++) {
      const [ox, oy] = cellSampleOffset(q, r);
      out[r * CELL_COLS + q] = 255 - sampleGrey(img, cx + ox * pitch, capTop + oy * capH);
    }
  }
  return out;
}

/**
 * The band's ink mask and its lines. On a normalised band ink is what lies below INK_LEVEL
 * (bandInkThreshold), which keeps faint background print out; but the strokes of thin print stay
 * lighter than that after normalising, and their mask breaks into specks that the line extent drops —
 * a line then ends characters early (a row of thin fillers is a row of specks), and the grid is cut over
 * a piece of it. When a line's ink stops well inside the line as located (endsShort), the mask at the
 * band's own Otsu level is used instead, if with it no line falls short.
 */
function bandLineInk(band: MrzBand): { ink: Uint8Array; lines: LineInk[] } {
  const inkAt = (threshold: number): { ink: Uint8Array; lines: LineInk[] } => {
    const ink = inkMaskAt(band.grey, threshold);
    return { ink, lines: lineInk(band, ink) };
  };
  const fallsShort = (lines: LineInk[]): boolean => lines.some((l, i) => endsShort(band.lines[i]!, l.x0, l.x1));
  const threshold = bandInkThreshold(band);
  const first = inkAt(threshold);
  if (!band.normalised || !fallsShort(first.lines)) return first;
  const otsu = otsuThreshold(band.grey);
  if (otsu <= threshold) return first;
  const again = inkAt(otsu);
  return fallsShort(again.lines) ? first : again;
}

let classifier: CellClassifier | null = null;

export interface ReadCellsOptions {
  /** The format when known (else from the line count and the pitch). */
  format?: MrzFormat;
  /**
   * Offer all 37 characters in every cell. By default each position only gets the characters ICAO 9303
   * allows there (digits in dates and check digits, letters in names and codes), which removes the
   * 0/O, 1/I, 5/S, 8/B confusions at their source.
   */
  unrestricted?: boolean;
}

/** Reads the band cell by cell; null when the lines cannot be cut into the format's cells. */
export function readCells(band: MrzBand, options: ReadCellsOptions = {}): TemplateRead | null {
  const format = options.format;
  const templates = committedTemplates();
  classifier ??= createModelCellClassifier();
  const img: GreyImage = { data: band.grey, width: band.width, height: band.height };
  const { ink, lines } = bandLineInk(band);
  if (lines.some((l) => l.x1 - l.x0 < 20)) return null;
  const read = (fmt: MrzFormat): TemplateRead => readLines(band, img, ink, lines, fmt, templates.pitchPerCapHeight, classifier!, options);
  if (format) return MRZ_LINE_COUNT[format] === lines.length ? read(format) : null;
  if (lines.length === 3) return read('TD1');
  if (lines.length !== 2) return null;
  // Two lines: TD2 (36) or TD3 (44). Where the cell boundaries fall decides when it is clear; else the
  // height ÷ pitch each count implies when it is clearly one; faces print at 0.9–1.12, so near the middle
  // both grids are read and the one whose cells match their characters better wins.
  const byBoundaries = formatByBoundaries(lines);
  if (byBoundaries) return read(byBoundaries);
  const byRatio = twoLineFormat(lines[0]!, ink, band.width, templates.pitchPerCapHeight);
  if (byRatio.clear) return read(byRatio.format);
  const a = read('TD2');
  const b = read('TD3');
  return meanScore(a) >= meanScore(b) ? a : b;
}

const meanScore = (t: TemplateRead): number => {
  const all = t.cells.flat();
  return all.reduce((s, c) => s + c.score, 0) / Math.max(1, all.length);
};

/** The lines cut into the format's cells and read. */
function readLines(
  band: MrzBand,
  img: GreyImage,
  ink: Uint8Array,
  lines: LineInk[],
  fmt: MrzFormat,
  pitchPerCap: number,
  classifier: CellClassifier,
  options: ReadCellsOptions,
): TemplateRead {
  const n = MRZ_LINE_LENGTH[fmt];
  const classes = positionClasses(fmt);
  const grids: CellGrid[] = [];
  const cells: CellReading[][] = [];
  const allSamples: Float32Array[][] = [];
  for (let l = 0; l < lines.length; l++) {
    const li = lines[l]!;
    const { origin, pitch, gradient } = fitGrid(li, n);
    const { capTop, capBottom, slope } = capLines(ink, band.width, li, origin, pitch, n, pitchPerCap, gradient);
    const capH = capBottom - capTop;
    grids.push({ origin, pitch, capTop, capBottom, slope, gradient });
    const row: CellReading[] = [];
    const contrasts: number[] = [];
    const samples: Float32Array[] = [];
    for (let c = 0; c < n; c++) {
      const cx = cellX({ origin, pitch, gradient }, n, c);
      const s = sampleCell(img, cx, pitch * (1 + gradient * (c - (n - 1) / 2)), capTop + slope * (cx - origin), capH);
      let lo = 255;
      let hi = 0;
      for (const v of s) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      contrasts.push(hi - lo);
      samples.push(s);
    }
    // An MRZ has no empty cells (fillers are '<'): a cell far fainter than its line is a hole.
    const typical = [...contrasts].sort((a, b) => a - b)[Math.floor(n / 2)]!;
    for (let c = 0; c < n; c++) {
      if (contrasts[c]! < typical * 0.35) {
        row.push({ char: '?', score: 0, second: '?', secondScore: 0 });
        continue;
      }
      const cls = options.unrestricted ? 'alnum' : classes[l]![c]!;
      const reading = classifier.classify(samples[c]!, cls === 'num' ? DIGITS : cls === 'alpha' ? LETTERS : ALL);
      row.push(reading.score >= MIN_CELL_SCORE ? reading : { ...reading, char: '?' });
    }
    cells.push(row);
    allSamples.push(samples);
  }
  const cls = classifier;
  return {
    format: fmt,
    lines: cells.map((r) => r.map((c) => c.char).join('')),
    cells,
    grids,
    scoreOf: (line, column, char) => (cells[line]![column]!.char === '?' && cells[line]![column]!.score === 0 ? 0 : cls.score(allSamples[line]![column]!, char)),
    sample: (line, column) => allSamples[line]![column]!,
  };
}
