// Cuts the evaluation set's TUNING part (test/mrz-eval, seed 1901) into cells with the reader's own
// front end (locate → normalise → rectify → readCells) and labels each cell with the printed character,
// for measuring the cell model on the evaluation renderer's faces (eval-cells.py). Measuring only: the
// data is marked measureOnly and train.py refuses it (the evaluation set's images and faces are never
// trained on). Lines whose grid is off (fewer than half their cells read as printed) are left out.
//
//     npm exec -- tsx build/mrz-cell-model/tuning-cells.ts [images] [out-dir]
//
// Default: all 500 tuning images, test-artifacts/mrz-cell-model/tuning-cells. Never run it on the
// held-out or fresh parts.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCells } from '../../main/precheck/mrz-cells';
import { locateMrzBand } from '../../main/precheck/mrz-locate';
import { normaliseBand } from '../../main/precheck/mrz-normalise';
import { rectifyMrzBand } from '../../main/precheck/mrz-rectify';
import { CELL_COLS, CELL_ROWS, MRZ_ALPHABET } from '../../main/precheck/mrz-template';
import { loadEvalSet } from '../../test/mrz-eval/eval-set';
import { writeCellFiles } from './cell-files';

const limit = Number(process.argv[2] ?? 500);
const outDir = process.argv[3] ?? join(import.meta.dirname, '..', '..', 'test-artifacts', 'mrz-cell-model', 'tuning-cells');
mkdirSync(outDir, { recursive: true });
const set = loadEvalSet('tuning', limit);
const faces: string[] = [];
const cells: Uint8Array[] = [];
const labels: number[] = [];
const fontOf: number[] = [];
const bandOf: number[] = [];
let linesKept = 0;
let linesOff = 0;
let unread = 0;
for (const [b, job] of set.jobs.entries()) {
  const located = await locateMrzBand(readFileSync(set.imagePath(job)));
  const read = located ? readCells(rectifyMrzBand(normaliseBand(located)), { format: job.format }) : null;
  if (!read?.sample || read.lines.length !== job.printed.length) {
    unread++;
    continue;
  }
  const face = `${job.font.replace(/\.(ttf|otf)$/, '')} (${job.renderer})`;
  if (!faces.includes(face)) faces.push(face);
  read.lines.forEach((line, li) => {
    const printed = job.printed[li]!;
    const same = [...printed].filter((c, i) => line[i] === c).length;
    if (same < printed.length / 2) {
      linesOff++;
      return;
    }
    linesKept++;
    for (let c = 0; c < printed.length; c++) {
      const s = read.sample!(li, c);
      const bytes = new Uint8Array(CELL_COLS * CELL_ROWS);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(s[i]!)));
      cells.push(bytes);
      labels.push(MRZ_ALPHABET.indexOf(printed[c]!));
      fontOf.push(faces.indexOf(face));
      bandOf.push(b);
    }
  });
}
writeCellFiles(outDir, { cells, labels, fontOf, bandOf }, { measureOnly: true, part: 'tuning', images: set.jobs.length, bands: set.jobs.length, cells: cells.length, linesKept, linesOff, unread, rows: CELL_ROWS, cols: CELL_COLS, alphabet: MRZ_ALPHABET, fonts: faces });
console.log(`wrote ${cells.length} cells from ${linesKept} lines (${linesOff} lines off by a cell or more, ${unread} images without cells) to ${outDir}`);
