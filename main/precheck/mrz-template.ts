// The MRZ reader's character cell (geometry, sampling, the CellClassifier interface) and the OCR-B
// character templates.
//
// An MRZ is printed in one typeface (OCR-B, ISO 1073-2) at a fixed pitch, from an alphabet of 37
// characters, so once a line is cut into its character cells (mrz-cells.ts) each cell is read on its
// own. The reader reads cells with the trained cell model (mrz-cell-model.ts), which has seen many
// renderings. The templates here — normalised correlation with each character as OCR-B draws it — were
// its first classifier; they still give OCR-B's pitch ÷ cap height, check the specimen generator's font
// (capture/specimen/ocr-b-check.ts) and are the baseline the model's tests measure against.
//
// Cell geometry (shared by the templates and the image cells): COLS samples across one pitch, centred on
// the cell centre; ROWS samples from 0.15 cap heights above the cap top to 0.15 below the baseline. The
// templates carry MARGIN extra samples on every side so a cell can be matched at small shifts.
//
// The templates are rendered from the OCR-B font once (renderTemplates, at build time — see
// test/bench/_precheck-mrz-glyphs.ts) and committed as bytes in mrz-glyphs.ts, so the kiosk does not need
// the font installed at runtime.
import sharp from 'sharp';
import { loadOcrBFont, type OcrBFont } from '../fonts/ocr-b';
import { GLYPHS } from './mrz-glyphs';

export const MRZ_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';
export const CELL_COLS = 16;
export const CELL_ROWS = 22;
export const CELL_MARGIN = 2;
/** Share of the cap height added above and below the cap line / baseline in a cell. */
export const CELL_VERTICAL_PAD = 0.15;
const TW = CELL_COLS + 2 * CELL_MARGIN;
const TH = CELL_ROWS + 2 * CELL_MARGIN;

/** Where sample (col, row) of a cell lies, in units of the pitch (x, from the cell centre) and the cap height (y, from the cap top). */
export function cellSampleOffset(col: number, row: number): [number, number] {
  return [(col + 0.5) / CELL_COLS - 0.5, -CELL_VERTICAL_PAD + ((row + 0.5) / CELL_ROWS) * (1 + 2 * CELL_VERTICAL_PAD)];
}

export interface GlyphTemplates {
  /** Pitch ÷ cap height of the font as printed in an MRZ (2.54 mm pitch, ICAO size). */
  pitchPerCapHeight: number;
  /** Per character: darkness 0..255, (COLS+2·MARGIN) × (ROWS+2·MARGIN), row-major, margin included. */
  glyphs: Record<string, Uint8Array>;
}

/** Grey image as one byte per pixel. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Bilinear grey level at (x, y); white outside the image. */
export function sampleGrey(img: GreyImage, x: number, y: number): number {
  if (x < 0 || y < 0 || x > img.width - 1.001 || y > img.height - 1.001) return 255;
  const x0 = x | 0;
  const y0 = y | 0;
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * img.width + x0;
  const d = img.data;
  const top = d[i]! + (d[i + 1]! - d[i]!) * fx;
  const bottom = d[i + img.width]! + (d[i + img.width + 1]! - d[i + img.width]!) * fx;
  return top + (bottom - top) * fy;
}

/**
 * Renders the 37 templates from the OCR-B font file (outlines, main/fonts/ocr-b.ts), the way ICAO
 * prints an MRZ: 2.54 mm pitch, font size 3.4 mm — the same as the specimen generator. Build-time only.
 */
export async function renderTemplates(font: OcrBFont = loadOcrBFont()): Promise<GlyphTemplates> {
  const pitch = 96;
  const fontSize = (pitch * 3.4) / 2.54;
  const baseline = Math.round(fontSize * 1.2);
  const height = Math.round(fontSize * 1.6);
  const width = pitch * (MRZ_ALPHABET.length + 2);
  // Each character centred in its cell: the grid fit in the image puts cell centres midway between the
  // gaps, i.e. at the centre of the character's advance box, which is where text-anchor="middle" puts it.
  const texts = [...MRZ_ALPHABET]
    .map((c, i) => font.svgText(c, (i + 1.5) * pitch, baseline, fontSize, { anchor: 'middle', fill: '#000' }))
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${texts}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one channel, got ${info.channels}`);
  const img: GreyImage = { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  // Cap top and baseline from the tall characters (letters and digits, not '<').
  const tops: number[] = [];
  const bottoms: number[] = [];
  [...MRZ_ALPHABET].forEach((c, i) => {
    if (c === '<') return;
    const x0 = Math.round((i + 1) * pitch);
    let top = -1;
    let bottom = -1;
    for (let y = 0; y < img.height; y++) {
      for (let x = x0; x < x0 + pitch; x++) {
        if (img.data[y * img.width + x]! < 128) {
          if (top < 0) top = y;
          bottom = y + 1;
          break;
        }
      }
    }
    tops.push(top);
    bottoms.push(bottom);
  });
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  // OCR-B's digits are taller than its capitals, so a line of digits and a line of letters would give
  // different cap heights: cells are placed by the baseline (shared by all but '<') and a height
  // that is a fixed share of the pitch (pitchPerCapHeight), in the templates and in the image alike.
  const capHeight = median(tops.map((t, i) => bottoms[i]! - t));
  const capTop = median(bottoms) - capHeight;
  const glyphs: Record<string, Uint8Array> = {};
  // Area-average each sample over its footprint (4×4 sub-samples), like a camera pixel would.
  const sx = pitch / CELL_COLS;
  const sy = (capHeight * (1 + 2 * CELL_VERTICAL_PAD)) / CELL_ROWS;
  [...MRZ_ALPHABET].forEach((c, i) => {
    const cx = (i + 1.5) * pitch;
    const out = new Uint8Array(TW * TH);
    for (let r = 0; r < TH; r++) {
      for (let q = 0; q < TW; q++) {
        const [ox, oy] = cellSampleOffset(q - CELL_MARGIN, r - CELL_MARGIN);
        const x = cx + ox * pitch;
        const y = capTop + oy * capHeight;
        let sum = 0;
        for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) sum += sampleGrey(img, x + ((a + 0.5) / 4 - 0.5) * sx, y + ((b + 0.5) / 4 - 0.5) * sy);
        out[r * TW + q] = 255 - Math.round(sum / 16);
      }
    }
    glyphs[c] = out;
  });
  return { pitchPerCapHeight: pitch / capHeight, glyphs };
}

/** The committed templates (mrz-glyphs.ts), decoded once. */
let loaded: GlyphTemplates | null = null;
export function committedTemplates(): GlyphTemplates {
  if (!loaded) {
    if (GLYPHS.cols !== CELL_COLS || GLYPHS.rows !== CELL_ROWS || GLYPHS.margin !== CELL_MARGIN) {
      throw new Error('mrz-glyphs.ts was generated for another cell geometry: regenerate it (test/bench/_precheck-mrz-glyphs.ts)');
    }
    const glyphs: Record<string, Uint8Array> = {};
    for (const [c, b64] of Object.entries(GLYPHS.glyphs)) glyphs[c] = new Uint8Array(Buffer.from(b64, 'base64'));
    loaded = { pitchPerCapHeight: GLYPHS.pitchPerCapHeight, glyphs };
  }
  return loaded;
}

/** A template prepared for matching: zero-mean windows at every shift, with their norms. */
interface PreparedGlyph {
  char: string;
  /** One zero-mean, unit-norm COLS×ROWS window per shift. */
  windows: Float32Array[];
}

export interface CellClassifier {
  classify(cell: Float32Array, allowed: string): CellReading;
  /** Correlation of the cell with one character (best shift). */
  score(cell: Float32Array, char: string): number;
}

export interface CellReading {
  /** Best character, or '?' for an empty cell. */
  char: string;
  /** Its normalised correlation (−1..1). */
  score: number;
  /** The runner-up character and its score. */
  second: string;
  secondScore: number;
}

/** Shifts tried, in samples: ±2 across (the grid fit is least sure there), ±1 up and down. */
const SHIFTS: Array<[number, number]> = [];
for (let dy = -1; dy <= 1; dy++) for (let dx = -2; dx <= 2; dx++) SHIFTS.push([dx, dy]);
const CENTRED = SHIFTS.findIndex(([dx, dy]) => dx === 0 && dy === 0);
/** Characters whose every shift is tried, after the centred pass. */
const FINE_CANDIDATES = 6;

export function createCellClassifier(templates: GlyphTemplates = committedTemplates()): CellClassifier {
  const n = CELL_COLS * CELL_ROWS;
  const prepared = new Map<string, PreparedGlyph>();
  for (const [char, t] of Object.entries(templates.glyphs)) {
    const windows = SHIFTS.map(([dx, dy]) => {
      const w = new Float32Array(n);
      let mean = 0;
      for (let r = 0; r < CELL_ROWS; r++) for (let q = 0; q < CELL_COLS; q++) mean += w[r * CELL_COLS + q] = t[(r + CELL_MARGIN + dy) * TW + q + CELL_MARGIN + dx]!;
      mean /= n;
      let norm = 0;
      for (let i = 0; i < n; i++) {
        w[i] = w[i]! - mean;
        norm += w[i]! * w[i]!;
      }
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < n; i++) w[i] = w[i]! / norm;
      return w;
    });
    prepared.set(char, { char, windows });
  }
  const classifier: CellClassifier = {
    score(cell, char) {
      return classifier.classify(cell, char).score;
    },
    classify(cell, allowed) {
      // Zero-mean, unit-norm cell; then the correlation with a window is a dot product.
      let mean = 0;
      for (let i = 0; i < n; i++) mean += cell[i]!;
      mean /= n;
      const z = new Float32Array(n);
      let norm = 0;
      for (let i = 0; i < n; i++) {
        z[i] = cell[i]! - mean;
        norm += z[i]! * z[i]!;
      }
      norm = Math.sqrt(norm);
      if (norm < 1e-6) return { char: '?', score: 0, second: '?', secondScore: 0 };
      // Coarse to fine: every allowed character at the centred window, then all shifts for the few
      // best (the grid is right to within a sample or two, so the winner is always among them).
      const dotAt = (w: Float32Array): number => {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += z[i]! * w[i]!;
        return dot;
      };
      const coarse: Array<[PreparedGlyph, number]> = [];
      for (const c of allowed) {
        const g = prepared.get(c);
        if (g) coarse.push([g, dotAt(g.windows[CENTRED]!)]);
      }
      coarse.sort((a, b) => b[1] - a[1]);
      let best = '?';
      let bestScore = -2;
      let second = '?';
      let secondScore = -2;
      for (const [g] of coarse.slice(0, FINE_CANDIDATES)) {
        let top = -2;
        for (const w of g.windows) top = Math.max(top, dotAt(w));
        const score = top / norm;
        if (score > bestScore) {
          [second, secondScore] = [best, bestScore];
          [best, bestScore] = [g.char, score];
        } else if (score > secondScore) [second, secondScore] = [g.char, score];
      }
      return { char: best, score: bestScore, second, secondScore };
    },
  };
  return classifier;
}
