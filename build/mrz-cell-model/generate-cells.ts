// Writes the MRZ cell model's training set: `npm exec -- tsx build/mrz-cell-model/generate-cells.ts
// [bands] [seed] [out-dir]` (defaults: 2400 bands, seed 20261206, test-artifacts/mrz-cell-model/data).
// Each band is a few lines of random MRZ characters in one of the training fonts (fonts.ts), drawn and
// degraded at random (synthetic-band.ts) and cut by the reader's own grid fit; every cell is kept
// twice (as the reader cut it, and shifted a little more). Output: cells.u8 (CELL_ROWS × CELL_COLS
// darkness bytes per cell), labels.u8 (index into MRZ_ALPHABET), fonts.u8 (index into TRAINING_FONTS),
// bands.u32 (which band each cell came from), meta.json. A quarter of the characters are drawn from the
// look-alikes (O/0 above all), which the acceptance rules judge against each other.
// MRZ_CELL_PROBE=1 draws in the faces kept out of training instead (PROBE_FONTS; for measuring only).
// MRZ_CELL_WIDTH=lo,hi sets the glyph narrowing/widening range (default 0.94,1.06; never for OCR-B faces
// unless MRZ_CELL_WIDTH_OCRB=1).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CELL_COLS, CELL_ROWS, MRZ_ALPHABET } from '../../main/precheck/mrz-template';
import { PROBE_FONTS, TRAINING_FONTS as TRAINED } from './fonts';
import { cutCells, loadOutlineFont, randomLines, randomStyle, renderBand, seeded } from './synthetic-band';
import { writeCellFiles } from './cell-files';

const bands = Number(process.argv[2] ?? 2400);
const seed = Number(process.argv[3] ?? 20261206);
const outDir = process.argv[4] ?? join(import.meta.dirname, '..', '..', 'test-artifacts', 'mrz-cell-model', 'data');
mkdirSync(outDir, { recursive: true });

const TRAINING_FONTS = process.env.MRZ_CELL_PROBE === '1' ? PROBE_FONTS : TRAINED;
const rnd = seeded(seed);
const pickFont = (): number => {
  let r = rnd() * TRAINING_FONTS.reduce((a, f) => a + f.weight, 0);
  for (let i = 0; i < TRAINING_FONTS.length; i++) if ((r -= TRAINING_FONTS[i]!.weight) < 0) return i;
  return 0;
};
const cells: Uint8Array[] = [];
const labels: number[] = [];
const fontOf: number[] = [];
const bandOf: number[] = [];
let dropped = 0;
const t0 = performance.now();
for (let b = 0; b < bands; b++) {
  const fi = pickFont();
  const style = randomStyle(rnd);
  // OCR-B is printed at its own width on documents: no narrowed or widened OCR-B (MRZ_CELL_WIDTH_OCRB=1 allows it).
  if (TRAINING_FONTS[fi]!.name.startsWith('OCR-B') && process.env.MRZ_CELL_WIDTH_OCRB !== '1') style.widthScale = 1;
  const lines = randomLines(style.format, rnd, 0.25);
  const font = TRAINING_FONTS[fi]!;
  const sb = await renderBand(loadOutlineFont(font.path, { fitToDigits: font.fitToDigits === true }), lines, style, rnd);
  const cut = cutCells(sb, rnd, { jitterX: 0.1, jitterY: 0.06, jitterH: 0.06, copies: 2 }) ?? [];
  dropped += 2 * lines.length * lines[0]!.length - cut.length;
  for (const c of cut) {
    const bytes = new Uint8Array(CELL_COLS * CELL_ROWS);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(c.cell[i]!)));
    cells.push(bytes);
    labels.push(MRZ_ALPHABET.indexOf(c.char));
    fontOf.push(fi);
    bandOf.push(b);
  }
  if (b % 100 === 99) console.log(`${b + 1}/${bands} bands, ${cells.length} cells, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
writeCellFiles(outDir, { cells, labels, fontOf, bandOf }, { seed, bands, cells: cells.length, dropped, rows: CELL_ROWS, cols: CELL_COLS, alphabet: MRZ_ALPHABET, fonts: TRAINING_FONTS.map((f) => f.name) });
console.log(`wrote ${cells.length} cells (${dropped} left out: grid off by more than a third of a pitch) to ${outDir}`);
