// MRZ reading: locate the band → straighten it (mrz-rectify.ts) → read it twice with independent readers →
// accept only what they confirm.
//
// Fast path (most documents): the OCR-B template classifier reads every fixed-pitch cell (mrz-cells.ts,
// ~30 ms), ONE tesseract pass (legacy engine, MRZ whitelist) reads the band with every cell a check
// digit covers blanked out (so it classifies only names, codes, nationality, sex: about half the ink),
// its symbols are placed into the template read's cells, and mrz-confirm.ts accepts only when every
// uncovered character is confirmed by both readers and the covered ones pass every check digit with the
// template sure of them (rule 5 there says why that is enough). If that does not accept, the full path:
// one tesseract pass over the whole band, then a second (another scale, binarised), the rules applied to
// all reads. Only when the template read is impossible (no cell grid) does the older tesseract-only
// path run: character grid from tesseract's boxes, 2-of-3 vote incl. digits-only/letters-only reads.
//
// Why the character grid: MRZ text is monospaced at exactly 2.54 mm per character, so each OCR symbol's
// box tells which column it is in. A letter split in two ("M" read as "IVI") or a dropped "<" then shows
// up as a conflict or a hole instead of silently shifting the rest of the line — names are not covered by
// any check digit, so this is what keeps a misread name from being accepted.
import { cellX, readCells, type TemplateRead } from './mrz-cells';
import { CHECK_CONFIRM_SCORE, DOUBT_MARGIN, alignToCells, confirmTemplateRead, sexLookalikeRepair, type Confirmation } from './mrz-confirm';
import { locateMrzBand, renderBand, type GreyImage, type MrzBand, type RenderOptions } from './mrz-locate';
import { normaliseBand } from './mrz-normalise';
import { independentRepairPair, settleAlnumLookalikes } from './mrz-own-instances';
import { readWithOutlineFallback } from './mrz-outline';
import { readSheet, renderCellSheet, type CellRef } from './mrz-cell-sheet';
import { rectifyMrzBand } from './mrz-rectify';
import { smoothBandScreen } from './mrz-screen-smooth';
import { inStage, type StageTrace } from './stage-trace';
import {
  MRZ_LINE_COUNT,
  MRZ_LINE_LENGTH,
  checkCoverage,
  parseMrz,
  positionClasses,
  type CheckDigitName,
  type MrzFieldCheck,
  type MrzFormat,
  type MrzParseOptions,
  type MrzRepair,
  type MrzValues,
} from './mrz-parse';
import { imageRefusal } from './mrz-image-check';
import { createOcrEngine, MRZ_DIGITS, MRZ_LETTERS, type OcrEngine, type OcrLine } from './mrz-worker';

export type MrzReadStatus = 'accepted' | 'unreadable' | 'invalid';

export interface MrzReadResult {
  status: MrzReadStatus;
  format: MrzFormat | null;
  /** Field values, only when accepted. */
  fields: MrzValues | null;
  /** Validity of each field as read (also when invalid, so the teller sees what failed). */
  fieldChecks: MrzFieldCheck[];
  /** Per check digit: true passes, false fails; absent when the format has none or nothing was read. */
  checks: Partial<Record<CheckDigitName, boolean>>;
  /** The MRZ lines as read (after grid alignment, before any repair). */
  rawLines: string[];
  /** The lines validated (differs from rawLines by the repair, if any). */
  lines: string[];
  repaired: MrzRepair | null;
  /** Why not accepted, in plain words (empty when accepted). */
  problems: string[];
  /** Wall time for this read, ms. */
  ms: number;
  /**
   * The refusal rests on a cell read sure of every character a check digit covers, with no hole, whose
   * check digits fail (templateOutlook 'hopeless'): what is printed was read, and it does not validate.
   * Reading the frame again straightened would read the same print, so the outline fallback skips it.
   */
  confidentRefusal?: boolean;
  /** CPU ms per stage (stage-trace.ts; the outline fallback's second read prefixed 'upright '), only when the reader traces. */
  stages?: StageTrace;
}

export interface MrzReader {
  read(image: Buffer): Promise<MrzReadResult>;
  close(): Promise<void>;
}

export interface MrzReaderOptions extends MrzParseOptions {
  /** Use an existing engine (tests, benchmark); by default one is created and warmed here. */
  engine?: OcrEngine;
  /** Report each read's CPU per stage in `stages` (the benchmark's breakdown). */
  traceStages?: boolean;
}

/**
 * The tesseract passes, in order: grey at a 30 px line height (the fast path's only pass when the
 * template read is confirmed), then binarised at 46 px (a differently-failing second opinion).
 * Without a template read (readByVoting) errors of separate OCR reads are taken as largely independent,
 * so a character is only taken when at least two reads agree on it:
 *  1. the two passes with the full MRZ alphabet;
 *  2. if they disagree anywhere or do not validate: a "typed" read — digits-only for numeric positions,
 *     letters-only for letter positions, as ICAO 9303 defines each field — which removes the 0/O and 5/S
 *     confusions at their source, then a per-character majority of the three.
 */
const FULL_READS = [{ lineHeight: 30 }, { lineHeight: 46, threshold: 110 }] as const;

const LETTER_TO_DIGIT: Record<string, string> = { O: '0', Q: '0', D: '0', U: '0', I: '1', L: '1', Z: '2', S: '5', G: '6', B: '8' };
/** Only look-alikes with a single reading (0 could be O, D or Q; 8 could be B or S). */
const DIGIT_TO_LETTER: Record<string, string> = { '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '4': 'A' };

/**
 * A full-alphabet read seen through the field types: a letter where only digits may stand is read as its
 * look-alike digit, and vice versa where unambiguous. Used for voting only; each vote is still one read.
 */
export function typedView(format: MrzFormat, lines: string[]): string[] {
  const classes = positionClasses(format);
  return lines.map((line, li) =>
    [...line]
      .map((c, col) => {
        const cls = classes[li]![col]!;
        if (cls === 'num') return LETTER_TO_DIGIT[c] ?? c;
        if (cls === 'alpha') return DIGIT_TO_LETTER[c] ?? c;
        return c;
      })
      .join(''),
  );
}

/** Digits-only read for numeric positions, letters-only read for letter positions, '?' elsewhere. */
export function composeTyped(format: MrzFormat, digits: string[], letters: string[]): string[] {
  const classes = positionClasses(format);
  return digits.map((d, li) =>
    [...d].map((c, col) => (classes[li]![col] === 'num' ? c : classes[li]![col] === 'alpha' ? letters[li]![col]! : '?')).join(''),
  );
}

/**
 * Per-character majority of the reads; '?' where no character has a majority. `undecided` lists, for each
 * such position, the characters the reads offered ('?' from a read means it saw nothing usable there).
 */
export function voteLines(
  reads: string[][],
  /** Positions where every read that saw something must agree (no check digit would catch a wrong majority). */
  unanimous?: (line: number, column: number) => boolean,
): { lines: string[]; disagreements: Set<string>; undecided: Map<string, string[]> } {
  const disagreements = new Set<string>();
  const undecided = new Map<string, string[]>();
  const lines = reads[0]!.map((_, li) => {
    let out = '';
    for (let col = 0; col < reads[0]![li]!.length; col++) {
      const counts = new Map<string, number>();
      for (const r of reads) {
        const c = r[li]![col]!;
        counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      // A '?' is an abstention (that read saw nothing usable there), not a different opinion.
      if ([...counts.keys()].filter((c) => c !== '?').length > 1) disagreements.add(`${li}:${col}`);
      const [top, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
      const opinions = [...counts.keys()].filter((c) => c !== '?').length;
      if (n * 2 > reads.length && top !== '?' && !(opinions > 1 && unanimous?.(li, col))) out += top;
      else {
        out += '?';
        undecided.set(`${li}:${col}`, [...counts.keys()].filter((c) => c !== '?'));
      }
    }
    return out;
  });
  return { lines, disagreements, undecided };
}

/** Where a line's character cells are: x-centre of cell 0 and the pitch, in the OCR image's pixels. */
export interface LineGrid {
  origin: number;
  pitch: number;
}

/**
 * Assign OCR symbols to the N cells of a monospaced MRZ line; '?' marks a hole or a conflict. With `grid`
 * (from another read of the same image) the cells are taken from there: a digits-only read of a line that
 * starts with letters has no symbol in its first cells, so it cannot find the line start by itself.
 */
export function alignToGrid(line: OcrLine, length: number, grid?: LineGrid): { text: string; grid: LineGrid } | null {
  const syms = line.symbols.filter((s) => s.text.trim().length > 0);
  if (!grid && syms.length < length * 0.6) return null;
  const centres = syms.map((s) => (s.x0 + s.x1) / 2);
  let origin: number;
  let pitch: number;
  if (grid) ({ origin, pitch } = grid);
  else {
    const gaps: number[] = [];
    for (let i = 1; i < centres.length; i++) gaps.push(centres[i]! - centres[i - 1]!);
    gaps.sort((a, b) => a - b);
    // Most neighbours sit in adjacent cells, so the median gap is the pitch; refine it with the line span.
    const median = gaps[Math.floor(gaps.length / 2)] ?? 0;
    if (median <= 0) return null;
    const first = centres[0]!;
    const cellsSpanned = Math.round((centres[centres.length - 1]! - first) / median);
    pitch = cellsSpanned > 0 ? (centres[centres.length - 1]! - first) / cellsSpanned : median;
    origin = first;
    const lastCell = Math.round((centres[centres.length - 1]! - first) / pitch);
    // If there are more cells than the line has characters, pick the window holding the most (and most
    // confident) symbols: stray marks at a crop edge fall outside it.
    if (lastCell + 1 > length) {
      let best = -1;
      let offset = 0;
      for (let k = 0; k + length <= lastCell + 1; k++) {
        let score = 0;
        centres.forEach((c, i) => {
          const cell = Math.round((c - first) / pitch);
          if (cell >= k && cell < k + length) score += 1000 + syms[i]!.confidence;
        });
        if (score > best) [best, offset] = [score, k];
      }
      origin = first + offset * pitch;
    }
  }
  const cells: string[][] = Array.from({ length }, () => []);
  centres.forEach((c, i) => {
    const at = Math.round((c - origin) / pitch);
    if (at >= 0 && at < length) cells[at]!.push(syms[i]!.text);
  });
  return { text: cells.map((c) => (c.length === 1 ? c[0]! : '?')).join(''), grid: { origin, pitch } };
}

/**
 * Picks the MRZ lines among the OCR lines (the lowest 2 or 3 long ones) and aligns them to the grid.
 * `knownFormat` skips guessing the format from the character count (used for the digits-only and
 * letters-only reads, where letters of the other kind come out as odd fragments).
 */
export function assembleMrz(
  lines: OcrLine[],
  expectedCount: number,
  knownFormat?: MrzFormat,
  grids?: LineGrid[],
): { format: MrzFormat; lines: string[]; grids: LineGrid[] } | null {
  const long = lines.filter((l) => l.symbols.length >= (grids ? 6 : 18));
  let format: MrzFormat;
  if (knownFormat) format = knownFormat;
  else {
    if (long.length < 2) return null;
    const count = Math.min(long.length, expectedCount === 3 || long.length >= 3 ? 3 : 2);
    const n = long.slice(-count).reduce((a, l) => a + l.symbols.length, 0) / count;
    format = count === 3 ? 'TD1' : Math.abs(n - 36) < Math.abs(n - 44) ? 'TD2' : 'TD3';
  }
  const chosen = long.slice(-MRZ_LINE_COUNT[format]);
  if (chosen.length !== MRZ_LINE_COUNT[format]) return null;
  const aligned = chosen.map((l, i) => alignToGrid(l, MRZ_LINE_LENGTH[format], grids?.[i]));
  if (aligned.some((a) => a === null)) return null;
  return { format, lines: aligned.map((a) => a!.text), grids: aligned.map((a) => a!.grid) };
}

function result(partial: Omit<MrzReadResult, 'ms'>, started: number): MrzReadResult {
  return { ...partial, ms: Math.round(performance.now() - started) };
}

const UNREADABLE = (problem: string): Omit<MrzReadResult, 'ms'> => ({
  status: 'unreadable',
  format: null,
  fields: null,
  fieldChecks: [],
  checks: {},
  rawLines: [],
  lines: [],
  repaired: null,
  problems: [problem],
});

/** OCR image px per band px for a rendering of the band (renderBand scales to the wanted line height). */
const renderScale = (band: MrzBand, pass: RenderOptions): number => Math.max(8, Math.round(band.width * (pass.lineHeight / Math.max(1, band.lineHeight)))) / band.width;

/**
 * The band with every cell a check digit covers painted white, so tesseract reads only the characters
 * that need a second reader (mrz-confirm.ts, rule 5). Its time grows with the ink it has to classify:
 * a TD3 leaves line 1 and four characters of line 2, about half the band.
 */
export function maskCoveredCells(band: MrzBand, t: TemplateRead): MrzBand {
  const grey = Uint8Array.from(band.grey);
  // Painted with the paper's own grey (a high percentile of the band): pure white patches on a tinted
  // card have hard edges that tesseract's page layout takes for picture regions, and then it reads nothing.
  const histogram = new Uint32Array(256);
  for (const v of band.grey) histogram[v]!++;
  let paper = 255;
  for (let v = 0, seen = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= band.grey.length * 0.8) {
      paper = v;
      break;
    }
  }
  const cov = checkCoverage(t.format);
  const length = MRZ_LINE_LENGTH[t.format];
  t.grids.forEach((g, li) => {
    // Lines are ~0.75 cap heights apart: a 0.3 margin above and below stays clear of the neighbours.
    const margin = (g.capBottom - g.capTop) * 0.3;
    cov[li]!.forEach((n, col) => {
      if (n === 0) return;
      const x0 = Math.max(0, Math.floor(cellX(g, length, col - 0.5)));
      const x1 = Math.min(band.width, Math.ceil(cellX(g, length, col + 0.5)));
      for (let x = x0; x < x1; x++) {
        const dy = g.slope * (x - g.origin);
        const y0 = Math.max(0, Math.floor(g.capTop + dy - margin));
        const y1 = Math.min(band.height, Math.ceil(g.capBottom + dy + margin));
        for (let y = y0; y < y1; y++) grey[y * band.width + x] = paper;
      }
    });
  });
  return { ...band, grey };
}

/**
 * A line read with a symbol in fewer than this share of the cells it was shown was not seen as text:
 * tesseract took that part of the band for a picture (a print screen over it, mrz-screen-smooth.ts).
 */
export const BLANK_READ_SHARE = 0.25;
/** Lines shown fewer cells than this (a masked TD3's second line) are too short to tell. */
const BLANK_MIN_CELLS = 8;

/** Some line of the read has a symbol in fewer than BLANK_READ_SHARE of the cells `shown` allows. */
export function blankRead(read: string[], shown: (line: number, column: number) => boolean = () => true): boolean {
  return read.some((l, li) => {
    let cells = 0;
    let seen = 0;
    [...l].forEach((c, col) => {
      if (!shown(li, col)) return;
      cells++;
      if (c !== '?') seen++;
    });
    return cells >= BLANK_MIN_CELLS && seen < cells * BLANK_READ_SHARE;
  });
}

/**
 * One tesseract pass over `image` (the band, or a masked copy), its symbols placed in the template's
 * cells. With `smoothBlank`, a pass that saw no text is made once more over the image with its print
 * screen smoothed out (mrz-screen-smooth.ts), and that read stands in its place: still one read, so no
 * rule gets one more tesseract opinion to agree with than before — only an opinion where there was none.
 * (Only for a cell read that passes its checks as read: one needing a repair has holes or misreads the
 * smoothed pass rarely settles, and a smoothed band of a garbled read costs tesseract up to a second.)
 * An altered MRZ gains nothing by it: the rules of mrz-confirm.ts are unchanged, the smoothed read is
 * tesseract's reading of the printed ink (an altered character reads as printed, and the check digits
 * refuse it), and a name — which no check digit covers — still needs two readers to see one character.
 */
async function readPass(
  engine: OcrEngine,
  band: MrzBand,
  t: TemplateRead,
  image: MrzBand,
  pass: RenderOptions,
  trace?: StageTrace,
  name = 'tesseract',
  shown?: (line: number, column: number) => boolean,
  smoothBlank = true,
): Promise<string[]> {
  const once = async (img: MrzBand, stage: string): Promise<string[]> => {
    const rendered = await inStage(trace, 'render', () => renderBand(img, pass));
    const lines = await inStage(trace, stage, () => engine.recognize(rendered));
    return typedView(t.format, alignToCells(lines, t.grids, t.format, renderScale(band, pass)));
  };
  const read = await once(image, name);
  if (!smoothBlank || !blankRead(read, shown)) return read;
  const smooth = await inStage(trace, 'render', () => smoothBandScreen(image));
  return once(smooth, `${name} smoothed`);
}

/**
 * The cells where no tesseract read saw the template's character (holes included), among those `wanted`
 * allows; null when there are more than MAX_SHEET_CELLS of them (a read that far apart is not a few
 * context misreads, and a sheet that long is a full pass again).
 */
export function disputedCells(t: TemplateRead, reads: string[][], wanted: (line: number, column: number) => boolean = () => true): CellRef[] | null {
  const lines = settleAlnumLookalikes(t).lines;
  const out: CellRef[] = [];
  lines.forEach((l, li) => {
    [...l].forEach((mine, col) => {
      if (!wanted(li, col) || (mine !== '?' && reads.some((r) => r[li]?.[col] === mine))) return;
      out.push([li, col]);
    });
  });
  return out.length <= MAX_SHEET_CELLS ? out : null;
}

/** The positions no check digit covers. */
const uncoveredCells = (format: MrzFormat): ((line: number, column: number) => boolean) => {
  const cov = checkCoverage(format);
  return (li, col) => cov[li]![col] === 0;
};

/**
 * The cells the second look reads again after both full passes: every disputed cell when they fit on
 * one sheet, else the disputed cells no check digit covers, when those fit — only a second reader can
 * confirm them, while a covered cell tesseract misread can still rest on the check digits (mrz-confirm.ts,
 * rule 2); a document number tesseract garbled no longer keeps the name's few cells from their look.
 * Null when even those are too many. The sheet's read is one more tesseract read under the same rules
 * (it was already taken whenever the disputed cells fit): nothing of an altered MRZ is left unchecked.
 */
export function secondLookCells(t: TemplateRead, reads: string[][]): CellRef[] | null {
  return disputedCells(t, reads) ?? disputedCells(t, reads, uncoveredCells(t.format));
}

/** At most this many cells go on one sheet (about the ink of a short name; ~10–30 ms of tesseract). */
export const MAX_SHEET_CELLS = 8;
/** Cap height of the sheet's cells: the full pass's scale, at which the legacy engine reads OCR-B best. */
const SHEET_CAP_HEIGHT = FULL_READS[0].lineHeight;

/**
 * One tesseract pass over the cells `refs` alone (mrz-cell-sheet.ts), as a read of the whole MRZ with
 * '?' (no opinion) everywhere else, seen through the field types like every other read.
 */
export async function readCellSheet(engine: OcrEngine, band: MrzBand, t: TemplateRead, refs: readonly CellRef[], trace?: StageTrace): Promise<string[]> {
  const length = MRZ_LINE_LENGTH[t.format];
  const sheet = await inStage(trace, 'render', () => renderCellSheet(band, t.grids, length, refs, SHEET_CAP_HEIGHT));
  const seen = readSheet(await inStage(trace, 'tesseract cells', () => engine.recognize(sheet.image)), sheet);
  const rows = t.lines.map(() => Array.from({ length }, () => '?'));
  refs.forEach(([li, col], k) => (rows[li]![col] = seen[k]!));
  return typedView(t.format, rows.map((r) => r.join('')));
}

/**
 * The cheap first attempt (mrz-confirm.ts rule 5): one tesseract pass over the characters no check digit
 * covers, the rest resting on the template read and the check digits. Exported for its tests.
 */
export async function confirmUncoveredOnly(engine: OcrEngine, band: MrzBand, t: TemplateRead, options: MrzParseOptions = {}, trace?: StageTrace): Promise<Confirmation> {
  const read = await readPass(engine, band, t, maskCoveredCells(band, t), FULL_READS[0], trace, 'tesseract masked', uncoveredCells(t.format));
  const confirmed = await inStage(trace, 'confirm', () => confirmTemplateRead(t, [read], { ...options, coveredByChecks: true }));
  if (confirmed.parsed.accepted) return confirmed;
  // The few uncovered cells the masked read did not confirm, each read again alone: cheaper than the
  // full passes, and what a context misread needs. (Covered cells were blanked: rule 5 speaks for them.)
  const cov = checkCoverage(t.format);
  const refs = disputedCells(t, [read], (li, col) => cov[li]![col] === 0);
  if (!refs || refs.length === 0) return confirmed;
  const cells = await readCellSheet(engine, band, t, refs, trace);
  return inStage(trace, 'confirm', () => confirmTemplateRead(t, [read, cells], { ...options, coveredByChecks: true }));
}

const MRZ_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<';

/**
 * What the confirmation rules (mrz-confirm.ts) could still accept of a template read, known before any
 * tesseract pass is paid for. Every character confirmTemplateRead accepts is the template's own (rules 1,
 * 2, 4, 5) — after the alphanumeric look-alikes are settled as it settles them — except a hole filled, or
 * one check-covered cell (or two, each uncertain on its own evidence) repaired, with a character TWO
 * tesseract reads agree on (rule 3), and such a repair only where the template hesitated (below
 * CHECK_CONFIRM_SCORE, or another character within DOUBT_MARGIN). So:
 *  - 'as-read': the template's lines pass every check as they are (or with an impossible sex character
 *    read as the document's own M, sexLookalikeRepair); one pass can confirm them;
 *  - 'needs-repair': they hold a hole or fail a check, and there is a hole or a hesitant covered cell: one
 *    pass can never accept (one read agrees with nothing), only the two full passes can;
 *  - 'hopeless': they fail a check with no hole and no hesitant covered cell: no tesseract read can make
 *    the rules accept (a misprinted or altered MRZ read confidently, most often), so none is run.
 */
export function templateOutlook(read: TemplateRead, options: MrzParseOptions = {}): 'as-read' | 'needs-repair' | 'hopeless' {
  const t = settleAlnumLookalikes(read);
  const holes = t.lines.some((l) => l.includes('?'));
  if (!holes && parseMrz(t.lines, { ...options, maxSubstitutions: 0 }).accepted) return 'as-read';
  if (holes) return 'needs-repair';
  // An impossible sex character the document's own evidence may show to be its M (mrz-confirm.ts): read
  // as that M the lines pass, so every pass is run for the rest to be confirmed as for a read that does.
  const sex = sexLookalikeRepair(t, null);
  if (sex) {
    const fixed = t.lines.map((l, i) => (i === sex.line ? l.slice(0, sex.column) + sex.to + l.slice(sex.column + 1) : l));
    if (parseMrz(fixed, { ...options, maxSubstitutions: 0 }).accepted) return 'as-read';
  }
  const cov = checkCoverage(t.format);
  for (let li = 0; li < t.lines.length; li++) {
    for (let col = 0; col < t.lines[li]!.length; col++) {
      if (cov[li]![col]! === 0) continue;
      const mine = t.lines[li]![col]!;
      if (t.cells[li]![col]!.score < CHECK_CONFIRM_SCORE) return 'needs-repair';
      const own = t.scoreOf(li, col, mine);
      for (const a of MRZ_ALPHABET) if (a !== mine && own - t.scoreOf(li, col, a) < DOUBT_MARGIN) return 'needs-repair';
    }
  }
  return 'hopeless';
}

/**
 * For a template read that needs a repair: whether a second full pass can still lead to acceptance after
 * the first read `first` (mrz-confirm.ts rule 3 wants the character from BOTH reads). A hole the first read
 * left empty cannot be filled; without holes, the one repair must be a character the first read offers
 * at a covered cell the template hesitated over, and it must make every check pass — or two such
 * characters at cells each uncertain on its own evidence (independentRepairPair) must together.
 */
export function secondPassCanAccept(read: TemplateRead, first: string[], options: MrzParseOptions = {}): boolean {
  const t = settleAlnumLookalikes(read);
  let holes = false;
  for (let li = 0; li < t.lines.length; li++)
    for (let col = 0; col < t.lines[li]!.length; col++) {
      if (t.lines[li]![col] !== '?') continue;
      holes = true;
      if ((first[li]?.[col] ?? '?') === '?') return false;
    }
  if (holes) return true;
  const cov = checkCoverage(t.format);
  const strict = { ...options, maxSubstitutions: 0 };
  for (let li = 0; li < t.lines.length; li++)
    for (let col = 0; col < t.lines[li]!.length; col++) {
      const mine = t.lines[li]![col]!;
      const theirs = first[li]?.[col] ?? '?';
      if (cov[li]![col]! === 0 || theirs === '?' || theirs === mine) continue;
      const hesitated = t.cells[li]![col]!.score < CHECK_CONFIRM_SCORE || t.scoreOf(li, col, mine) - t.scoreOf(li, col, theirs) < DOUBT_MARGIN;
      if (!hesitated) continue;
      const fixed = t.lines.map((l, i) => (i === li ? l.slice(0, col) + theirs + l.slice(col + 1) : l));
      if (parseMrz(fixed, strict).accepted) return true;
    }
  // Or two repairs, each cell uncertain on its own evidence (mrz-confirm.ts rule 3).
  const offered = (li: number, col: number): string | null => ((first[li]?.[col] ?? '?') === '?' ? null : first[li]![col]!);
  const confirmedAt = (li: number, col: number): boolean => first[li]?.[col] === t.lines[li]![col];
  return independentRepairPair(t, t.lines, offered, CHECK_CONFIRM_SCORE, confirmedAt, (l) => parseMrz(l, strict).accepted) !== null;
}

/** The template read refused as it stands: what its lines fail, for the teller. */
function refusedAsRead(read: TemplateRead, options: MrzParseOptions): Omit<MrzReadResult, 'ms'> {
  const lines = settleAlnumLookalikes(read).lines;
  const parsed = parseMrz(lines, { ...options, maxSubstitutions: 0 });
  return {
    status: 'invalid',
    format: read.format,
    fields: null,
    fieldChecks: parsed.fields,
    checks: parsed.checkDigits,
    rawLines: lines,
    lines,
    repaired: null,
    problems: parsed.problems,
    confidentRefusal: true,
  };
}

/**
 * Template read confirmed first by one tesseract pass over the uncovered characters only (rule 5 for
 * the rest), then — if that does not accept — by one and then two passes over the whole band; only the
 * passes that could accept are run (templateOutlook, secondPassCanAccept). Returns the best result (accepted, or invalid with
 * what failed).
 */
async function readWithTemplates(
  engine: OcrEngine,
  band: MrzBand,
  t: TemplateRead,
  options: MrzParseOptions,
  trace?: StageTrace,
): Promise<Omit<MrzReadResult, 'ms'>> {
  const outlook = await inStage(trace, 'confirm', () => templateOutlook(t, options));
  if (outlook === 'hopeless') return refusedAsRead(t, options);
  let last: Confirmation | null = outlook === 'as-read' ? await confirmUncoveredOnly(engine, band, t, options, trace) : null;
  if (!last?.parsed.accepted) {
    const reads: string[][] = [];
    for (const pass of FULL_READS) {
      reads.push(await readPass(engine, band, t, band, pass, trace, `tesseract full ${reads.length + 1}`, undefined, outlook === 'as-read'));
      last = await inStage(trace, 'confirm', () => confirmTemplateRead(t, reads, options));
      if (last.parsed.accepted) break;
      // A read that needs a repair takes it from both passes: stop when the first offers none that could.
      if (outlook === 'needs-repair' && reads.length === 1 && !(await inStage(trace, 'confirm', () => secondPassCanAccept(t, reads[0]!, options)))) break;
    }
    // Both passes read, still not accepted: the few cells no pass agreed on, each read again alone.
    if (!last!.parsed.accepted && reads.length === FULL_READS.length) {
      const refs = secondLookCells(t, reads);
      if (refs && refs.length > 0) {
        reads.push(await readCellSheet(engine, band, t, refs, trace));
        last = await inStage(trace, 'confirm', () => confirmTemplateRead(t, reads, options));
      }
    }
  }
  const c = last!;
  return {
    status: c.parsed.accepted ? 'accepted' : 'invalid',
    format: t.format,
    fields: c.parsed.accepted ? c.parsed.values : null,
    fieldChecks: c.parsed.fields,
    checks: c.parsed.checkDigits,
    rawLines: c.rawLines,
    lines: c.parsed.accepted ? c.parsed.lines : c.rawLines,
    repaired: c.repaired,
    problems: c.parsed.accepted ? [] : c.parsed.problems,
  };
}

/** Reads the MRZ of one image (a file, or grey already decoded) with the given engine (no engine lifecycle here). */
export async function readMrzWith(engine: OcrEngine, image: Buffer | GreyImage, options: MrzParseOptions = {}, trace?: StageTrace): Promise<MrzReadResult> {
  const started = performance.now();
  let band: MrzBand | null;
  try {
    band = await inStage(trace, 'locate', () => locateMrzBand(image));
  } catch {
    return result(UNREADABLE('The image could not be decoded.'), started);
  }
  if (!band) return result(UNREADABLE('No machine-readable zone was found on the image.'), started);
  // Glare, shadow and low contrast evened out, then — a camera sees the document at an angle — the lines
  // straightened (the MRZ is its own fiducial). Every reader below works on this band.
  const located = band;
  band = await inStage(trace, 'normalise', () => normaliseBand(located));
  const normalised = band;
  band = await inStage(trace, 'rectify', () => rectifyMrzBand(normalised));
  const straight = band;
  let t: TemplateRead | null = null;
  try {
    t = await inStage(trace, 'cells', () => readCells(straight));
  } catch {
    // A band the cell grid cannot handle is left to the tesseract-only path below.
  }
  if (t) return result(await readWithTemplates(engine, band, t, options, trace), started);
  return result(await inStage(trace, 'voting', () => readByVoting(engine, straight, options)), started);
}

/** The tesseract-only path (no template read possible): grid from tesseract's boxes, voting. */
async function readByVoting(engine: OcrEngine, band: MrzBand, options: MrzParseOptions): Promise<Omit<MrzReadResult, 'ms'>> {
  let best: Omit<MrzReadResult, 'ms'> | null = null;
  let bestScore = -1;
  const record = (parsed: ReturnType<typeof parseMrz>, lines: string[], repaired: MrzRepair | null): boolean => {
    const a: Omit<MrzReadResult, 'ms'> = {
      status: parsed.accepted ? 'accepted' : 'invalid',
      format: parsed.format,
      fields: parsed.values,
      fieldChecks: parsed.fields,
      checks: parsed.checkDigits,
      rawLines: lines,
      lines: parsed.lines,
      repaired: parsed.repaired ?? repaired,
      problems: parsed.problems,
    };
    const score = parsed.accepted ? 1000 : Object.values(parsed.checkDigits).filter(Boolean).length;
    if (score > bestScore) [best, bestScore] = [a, score];
    return parsed.accepted;
  };
  const attempt = (reads: string[][]): boolean => {
    const coverage = checkCoverage(format!);
    const { lines, disagreements, undecided } = voteLines(reads, (li, col) => coverage[li]![col] === 0);
    if (undecided.size === 1) {
      // One character the reads split on: that is the one substitution allowed. Try each character the
      // reads offered; accept only if exactly one makes every check digit and field valid.
      const [pos, options_] = [...undecided.entries()][0]!;
      const [li, col] = pos.split(':').map(Number) as [number, number];
      const passing = options_
        .map((c) => ({ c, lines: lines.map((l, i) => (i === li ? l.slice(0, col) + c + l.slice(col + 1) : l)) }))
        .map((o) => ({ ...o, parsed: parseMrz(o.lines, { ...options, maxSubstitutions: 0 }) }))
        .filter((o) => o.parsed.accepted);
      if (passing.length === 1) {
        const p = passing[0]!;
        const others = options_.filter((c) => c !== p.c).join('/');
        return record(p.parsed, lines, { line: li, column: col, from: others || '?', to: p.c });
      }
    }
    return record(parseMrz(lines, { ...options, repairablePositions: disagreements }), lines, null);
  };

  const full: string[][] = [];
  let format: MrzFormat | null = null;
  let first: { image: Buffer; grids: LineGrid[] } | null = null;
  for (const pass of FULL_READS) {
    const image = await renderBand(band, pass);
    const assembled = assembleMrz(await engine.recognize(image), band.lineCount);
    if (!assembled || (format && assembled.format !== format)) continue;
    format = assembled.format;
    first ??= { image, grids: assembled.grids };
    full.push(typedView(format, assembled.lines));
  }
  if (!format || !first || full.length === 0) return UNREADABLE('The machine-readable zone could not be read.');
  if (full.length === 2 && attempt(full)) return best!;

  // Digits-only and letters-only reads of the first image, placed on the first read's character grid.
  const digits = assembleMrz(await engine.recognize(first.image, { whitelist: MRZ_DIGITS }), band.lineCount, format, first.grids);
  const letters = assembleMrz(await engine.recognize(first.image, { whitelist: MRZ_LETTERS }), band.lineCount, format, first.grids);
  if (digits && letters) {
    const reads = [...full, composeTyped(format, digits.lines, letters.lines)];
    if (reads.length === 3 && attempt(reads)) return best!;
  }
  // (`best` is assigned inside closures, so TypeScript cannot narrow it here.)
  let final = best as Omit<MrzReadResult, 'ms'> | null;
  if (!final || Object.keys(final.checks).length === 0) {
    // The reads never agreed enough to check anything: report the first read, validated without repair,
    // so the teller (and the sandbox) can see which check digits it fails.
    const parsed = parseMrz(full[0]!, { ...options, maxSubstitutions: 0 });
    final = {
      status: 'invalid',
      format: parsed.format,
      fields: null,
      fieldChecks: parsed.fields,
      checks: parsed.checkDigits,
      rawLines: full[0]!,
      lines: parsed.lines,
      repaired: null,
      problems: ['The machine-readable zone was not read the same way twice.', ...(parsed.accepted ? [] : parsed.problems)],
    };
  }
  return final;
}

/** Creates the kiosk's MRZ reader: one warmed OCR engine, reused for every read (serialised). */
export async function createMrzReader(options: MrzReaderOptions = {}): Promise<MrzReader> {
  const engine = options.engine ?? (await createOcrEngine({ profile: 'mrz' }));
  const ownsEngine = !options.engine;
  const trace = options.traceStages === true;
  const parseOptions: MrzParseOptions = {};
  if (options.extraStates) parseOptions.extraStates = options.extraStates;
  if (options.maxSubstitutions !== undefined) parseOptions.maxSubstitutions = options.maxSubstitutions;
  // One read at a time: the engine is single-threaded, and queuing here keeps each read's `ms` honest.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    read(image) {
      // A frame that does not read as it is gets a second read of the document straightened by its outline.
      const stages: StageTrace | undefined = trace ? {} : undefined;
      const run = queue.then(async () => {
        // Empty, not an image, or a decompression bomb: refused from its header, nothing decoded.
        const started = performance.now();
        const refused = await imageRefusal(image);
        if (refused) return result(UNREADABLE(refused), started);
        const r = await readWithOutlineFallback(image, (img, t) => readMrzWith(engine, img, parseOptions, t), stages);
        return stages ? { ...r, stages } : r;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      await queue;
      if (ownsEngine) await engine.close();
    },
  };
}
