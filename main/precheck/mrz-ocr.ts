// MRZ reading: locate the band → OCR (legacy tesseract, MRZ whitelist) → put every recognised character
// into its cell of the fixed OCR-B grid → parse/validate/repair (mrz-parse.ts). Accepts only when every
// check digit passes; otherwise says 'invalid' (read but wrong: ask for another frame) or 'unreadable'.
//
// Why the character grid: MRZ text is monospaced at exactly 2.54 mm per character, so each OCR symbol's
// box tells which column it is in. A letter split in two ("M" read as "IVI") or a dropped "<" then shows
// up as a conflict or a hole instead of silently shifting the rest of the line — names are not covered by
// any check digit, so this is what keeps a misread name from being accepted.
import { locateMrzBand, renderBand, type MrzBand } from './mrz-locate';
import {
  MRZ_LINE_COUNT,
  MRZ_LINE_LENGTH,
  parseMrz,
  type CheckDigitName,
  type MrzFieldCheck,
  type MrzFormat,
  type MrzParseOptions,
  type MrzRepair,
  type MrzValues,
} from './mrz-parse';
import { createOcrEngine, type OcrEngine, type OcrLine } from './mrz-worker';

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
}

export interface MrzReader {
  read(image: Buffer): Promise<MrzReadResult>;
  close(): Promise<void>;
}

export interface MrzReaderOptions extends MrzParseOptions {
  /** Use an existing engine (tests, benchmark); by default one is created and warmed here. */
  engine?: OcrEngine;
}

/**
 * OCR passes at different scales and binarisation. Their errors are largely independent, so the MRZ is
 * only accepted when two reads agree character for character, or when a third read settles every
 * character they disagree on by majority. This is what protects the fields no check digit can: the names,
 * and double errors that cancel out in a mod-10 check digit (S→5 and B→8 together in a document number).
 */
const PASSES = [{ lineHeight: 30 }, { lineHeight: 46, binarise: true }, { lineHeight: 40 }] as const;

/** Per-character majority of the reads; '?' where no character has a majority. */
export function voteLines(reads: string[][]): { lines: string[]; disagreements: Set<string> } {
  const disagreements = new Set<string>();
  const lines = reads[0]!.map((_, li) => {
    let out = '';
    for (let col = 0; col < reads[0]![li]!.length; col++) {
      const counts = new Map<string, number>();
      for (const r of reads) {
        const c = r[li]![col]!;
        counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      if (counts.size > 1) disagreements.add(`${li}:${col}`);
      const [top, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
      out += n * 2 > reads.length && top !== '?' ? top : '?';
    }
    return out;
  });
  return { lines, disagreements };
}

/** Assign OCR symbols to the N cells of a monospaced MRZ line; '?' marks a hole or a conflict. */
export function alignToGrid(line: OcrLine, length: number): string | null {
  const syms = line.symbols.filter((s) => s.text.trim().length > 0);
  if (syms.length < length * 0.6) return null;
  const centres = syms.map((s) => (s.x0 + s.x1) / 2);
  const gaps: number[] = [];
  for (let i = 1; i < centres.length; i++) gaps.push(centres[i]! - centres[i - 1]!);
  gaps.sort((a, b) => a - b);
  // Most neighbours sit in adjacent cells, so the median gap is the pitch; refine it with the line span.
  const median = gaps[Math.floor(gaps.length / 2)] ?? 0;
  if (median <= 0) return null;
  const first = centres[0]!;
  const cellsSpanned = Math.round((centres[centres.length - 1]! - first) / median);
  const pitch = cellsSpanned > 0 ? (centres[centres.length - 1]! - first) / cellsSpanned : median;
  const cellOf = centres.map((c) => Math.round((c - first) / pitch));
  const lastCell = cellOf[cellOf.length - 1]!;
  // If there are more cells than the line has characters, pick the window holding the most (and most
  // confident) symbols: stray marks at a crop edge fall outside it.
  let offset = 0;
  if (lastCell + 1 > length) {
    let best = -1;
    for (let k = 0; k + length <= lastCell + 1; k++) {
      let score = 0;
      cellOf.forEach((c, i) => {
        if (c >= k && c < k + length) score += 1000 + syms[i]!.confidence;
      });
      if (score > best) [best, offset] = [score, k];
    }
  }
  const cells: string[][] = Array.from({ length }, () => []);
  cellOf.forEach((c, i) => {
    const at = c - offset;
    if (at >= 0 && at < length) cells[at]!.push(syms[i]!.text);
  });
  return cells.map((c) => (c.length === 1 ? c[0]! : '?')).join('');
}

/** Picks the MRZ lines among the OCR lines (the lowest 2 or 3 long ones) and aligns them to the grid. */
export function assembleMrz(lines: OcrLine[], expectedCount: number): { format: MrzFormat; lines: string[] } | null {
  const long = lines.filter((l) => l.symbols.length >= 18);
  if (long.length < 2) return null;
  const count = Math.min(long.length, expectedCount === 3 || long.length >= 3 ? 3 : 2);
  const chosen = long.slice(-count);
  const n = chosen.reduce((a, l) => a + l.symbols.length, 0) / chosen.length;
  let format: MrzFormat;
  if (count === 3) format = 'TD1';
  else format = Math.abs(n - 36) < Math.abs(n - 44) ? 'TD2' : 'TD3';
  if (chosen.length !== MRZ_LINE_COUNT[format]) return null;
  const aligned = chosen.map((l) => alignToGrid(l, MRZ_LINE_LENGTH[format]));
  if (aligned.some((a) => a === null)) return null;
  return { format, lines: aligned as string[] };
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

/** Reads the MRZ of one image with the given engine (no engine lifecycle here). */
export async function readMrzWith(engine: OcrEngine, image: Buffer, options: MrzParseOptions = {}): Promise<MrzReadResult> {
  const started = performance.now();
  let band: MrzBand | null;
  try {
    band = await locateMrzBand(image);
  } catch {
    return result(UNREADABLE('The image could not be decoded.'), started);
  }
  if (!band) return result(UNREADABLE('No machine-readable zone was found on the image.'), started);

  const reads: string[][] = [];
  let format: MrzFormat | null = null;
  let best: Omit<MrzReadResult, 'ms'> | null = null;
  let bestScore = -1;
  for (const pass of PASSES) {
    const ocr = await engine.recognize(await renderBand(band, pass));
    const assembled = assembleMrz(ocr, band.lineCount);
    if (!assembled || (format && assembled.format !== format)) continue;
    format = assembled.format;
    reads.push(assembled.lines);
    if (reads.length < 2) continue;
    const { lines, disagreements } = voteLines(reads);
    // Two reads that disagree anywhere cannot settle it: wait for the third.
    if (reads.length === 2 && disagreements.size > 0) continue;
    const parsed = parseMrz(lines, { ...options, repairablePositions: disagreements });
    const attempt: Omit<MrzReadResult, 'ms'> = {
      status: parsed.accepted ? 'accepted' : 'invalid',
      format: parsed.format,
      fields: parsed.values,
      fieldChecks: parsed.fields,
      checks: parsed.checkDigits,
      rawLines: lines,
      lines: parsed.lines,
      repaired: parsed.repaired,
      problems: parsed.problems,
    };
    if (parsed.accepted) return result(attempt, started);
    const score = Object.values(parsed.checkDigits).filter(Boolean).length;
    if (score > bestScore) [best, bestScore] = [attempt, score];
  }
  if (!best && reads.length > 0) {
    // The reads never agreed enough to vote: report the first one, validated, so the teller sees why.
    const parsed = parseMrz(reads[0]!, { ...options, maxSubstitutions: 0 });
    best = {
      status: 'invalid',
      format: parsed.format,
      fields: null,
      fieldChecks: parsed.fields,
      checks: parsed.checkDigits,
      rawLines: reads[0]!,
      lines: parsed.lines,
      repaired: null,
      problems: parsed.accepted ? ['The machine-readable zone was not read the same way twice.'] : parsed.problems,
    };
  }
  return result(best ?? UNREADABLE('The machine-readable zone could not be read.'), started);
}

/** Creates the kiosk's MRZ reader: one warmed OCR engine, reused for every read (serialised). */
export async function createMrzReader(options: MrzReaderOptions = {}): Promise<MrzReader> {
  const engine = options.engine ?? (await createOcrEngine({ profile: 'mrz' }));
  const ownsEngine = !options.engine;
  const parseOptions: MrzParseOptions = {};
  if (options.extraStates) parseOptions.extraStates = options.extraStates;
  if (options.maxSubstitutions !== undefined) parseOptions.maxSubstitutions = options.maxSubstitutions;
  // One read at a time: the engine is single-threaded, and queuing here keeps each read's `ms` honest.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    read(image) {
      const run = queue.then(() => readMrzWith(engine, image, parseOptions));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      await queue;
      if (ownsEngine) await engine.close();
    },
  };
}
