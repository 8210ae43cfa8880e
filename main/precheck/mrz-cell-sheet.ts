// A second look at single cells: the cells the readers disputed, each cut out of the band and set apart
// on white paper, as one small image for one tesseract pass.
//
// Why: tesseract's legacy engine reads a glyph differently with neighbours than alone. Its word-level
// choice prefers words of one kind, so a 0 between letters of a document number ("R0R") comes out as
// O, an O in a name between letters as 0 or G, an I after Z as E — the glyph is fine, the context
// misleads it. Alone, each cell is a one-character word and read on its own shape. The template read
// (mrz-cells.ts) reads every cell alone already; this lets the second reader do the same for the few
// cells where the two did not agree.
import sharp from 'sharp';
import { cellX, type CellGrid } from './mrz-cells';
import type { MrzBand } from './mrz-locate';
import type { OcrLine } from './mrz-worker';

/** One cell to look at again: line and column in the MRZ. */
export type CellRef = readonly [line: number, column: number];

export interface CellSheet {
  /** The sheet as a binary PGM for the OCR engine. */
  image: Buffer;
  /** Where each cell's centre sits on the sheet (image px), in the order given. */
  centres: number[];
  /** Sheet px per cell pitch: a symbol belongs to a cell when its centre is within a third of this. */
  pitch: number;
}

/**
 * The cells `refs` of `band` (cell grid `grids`, lines of `length` characters), each from half a pitch
 * left of its centre to half a pitch right and 0.3 cap heights above and below its line (the margin
 * maskCoveredCells keeps clear of the neighbour lines), pasted one pitch apart on white and scaled to
 * a cap height of `capHeight` px. Paper is 255: the band is locally normalised (mrz-normalise.ts).
 */
export async function renderCellSheet(band: MrzBand, grids: CellGrid[], length: number, refs: readonly CellRef[], capHeight: number): Promise<CellSheet> {
  if (refs.length === 0) throw new Error('a cell sheet needs at least one cell');
  const cap = Math.max(1, ...grids.map((g) => g.capBottom - g.capTop));
  const pitch = Math.max(1, ...grids.map((g) => g.pitch));
  const margin = cap * 0.3;
  const slot = Math.ceil(pitch * 2);
  const width = Math.ceil(pitch) + slot * refs.length;
  const rows = Math.ceil(cap + 2 * margin);
  const height = rows + Math.ceil(cap);
  const grey = new Uint8Array(width * height).fill(255);
  const top = Math.round(cap / 2);
  const centres: number[] = [];
  refs.forEach(([li, col], k) => {
    const g = grids[li]!;
    const x0 = Math.floor(cellX(g, length, col - 0.5));
    const x1 = Math.ceil(cellX(g, length, col + 0.5));
    const left = Math.ceil(pitch) + k * slot;
    centres.push(left + (cellX(g, length, col) - x0));
    for (let x = Math.max(0, x0); x < Math.min(band.width, x1); x++) {
      const X = left + (x - x0);
      if (X >= width) break;
      const y0 = g.capTop + g.slope * (x - g.origin) - margin;
      for (let r = 0; r < rows; r++) {
        const y = Math.round(y0 + r);
        if (y < 0 || y >= band.height) continue;
        grey[(top + r) * width + X] = band.grey[y * band.width + x]!;
      }
    }
  });
  const scale = capHeight / cap;
  const out = Math.max(8, Math.round(width * scale));
  const { data, info } = await sharp(Buffer.from(grey), { raw: { width, height, channels: 1 } })
    .resize({ width: out, kernel: 'lanczos3' })
    .normalise()
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one channel, got ${info.channels}`);
  const s = info.width / width;
  return {
    image: Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`, 'latin1'), data]),
    centres: centres.map((c) => c * s),
    pitch: pitch * s,
  };
}

/**
 * What the OCR saw in each cell of a sheet: the one symbol whose centre lies within a third of a pitch
 * of the cell's centre, '?' for none or several (a stroke of a neighbour cut at the crop edge lands
 * near the slot's border, not its centre).
 */
export function readSheet(lines: OcrLine[], sheet: Pick<CellSheet, 'centres' | 'pitch'>): string[] {
  const found: string[][] = sheet.centres.map(() => []);
  for (const line of lines)
    for (const s of line.symbols) {
      const text = s.text.trim();
      if (text.length !== 1) continue;
      const x = (s.x0 + s.x1) / 2;
      const k = sheet.centres.findIndex((c) => Math.abs(x - c) <= sheet.pitch / 3);
      if (k >= 0) found[k]!.push(text);
    }
  return found.map((f) => (f.length === 1 ? f[0]! : '?'));
}
