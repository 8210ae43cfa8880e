// The cell data files train.py and eval-cells.py read: every cell's 16×22 grey bytes, its label (index in
// the MRZ alphabet), its face and its band, and a meta.json describing the set.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CellSet {
  cells: Uint8Array[];
  labels: number[];
  fontOf: number[];
  bandOf: number[];
}

export function writeCellFiles(outDir: string, set: CellSet, meta: Record<string, unknown>): void {
  const flat = new Uint8Array(set.cells.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of set.cells) {
    flat.set(c, at);
    at += c.length;
  }
  writeFileSync(join(outDir, 'cells.u8'), flat);
  writeFileSync(join(outDir, 'labels.u8'), Uint8Array.from(set.labels));
  writeFileSync(join(outDir, 'fonts.u8'), Uint8Array.from(set.fontOf));
  writeFileSync(join(outDir, 'bands.u32'), new Uint8Array(Uint32Array.from(set.bandOf).buffer));
  writeFileSync(join(outDir, 'meta.json'), JSON.stringify(meta, null, 1));
}
