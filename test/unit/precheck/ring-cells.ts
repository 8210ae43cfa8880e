// Drawn 0/O cells for the look-alike tests: a made-up passport (VERMEER<<JORIS, state NLD, valid check
// digits) whose cells are rings of ink, given per cell with their own 0 and O probabilities, so a test
// decides what the document's own 0s and Os look like and how sure the cell model is of each.
import type { TemplateRead } from '../../../main/precheck/mrz-cells';
import { positionClasses } from '../../../main/precheck/mrz-parse';
import { CELL_COLS, CELL_ROWS } from '../../../main/precheck/mrz-template';

/** VERMEER<<JORIS, born 900105, expiring 300612: its name's only O at 0:15; 0s in digit-only cells at 1:14, 1:15, 1:17, 1:22, 1:23, 1:42. */
export const JORIS = ['P<NLDVERMEER<<JORIS<<<<<<<<<<<<<<<<<<<<<<<<<', 'XK7254L916NLD9001055M3006128<<<<<<<<<<<<<<08'];
export const DATE_ZEROS = ['1:14', '1:15', '1:17', '1:22', '1:23', '1:42'];
export const classes = positionClasses('TD3');

/** A ring of ink (darkness 200 on paper 20) of half-width `rx` sample columns, with a dot in its middle if asked. */
export function ring(rx: number, dot: boolean): Float32Array {
  const cell = new Float32Array(CELL_ROWS * CELL_COLS).fill(20);
  const cx = (CELL_COLS - 1) / 2;
  const cy = (CELL_ROWS - 1) / 2;
  for (let r = 0; r < CELL_ROWS; r++) {
    for (let q = 0; q < CELL_COLS; q++) {
      const d = Math.hypot((q - cx) / rx, (r - cy) / 8);
      if (Math.abs(d - 1) < 0.22 || (dot && Math.hypot(q - cx, r - cy) < 1.6)) cell[r * CELL_COLS + q] = 200;
    }
  }
  return cell;
}
export const OTHER = ring(3, false);
export type Given = Record<string, { cell: Float32Array; p0: number; pO: number }>;

/**
 * The template read of `lines`, every cell sure of its character (0.98) and drawn as OTHER, except those
 * given: their drawing, their 0 and O probabilities, and `givenScore` as the score of the character read there.
 */
export function readLines(lines: string[], given: Given, givenScore = 0.98): TemplateRead {
  return {
    format: 'TD3',
    lines,
    cells: lines.map((l, li) => [...l].map((char, col) => ({ char, score: given[`${li}:${col}`] ? givenScore : 0.98, second: '?', secondScore: 0.01 }))),
    grids: [],
    scoreOf: (li, col, c) => {
      const g = given[`${li}:${col}`];
      if (g && (c === '0' || c === 'O')) return c === '0' ? g.p0 : g.pO;
      if (g) return 0.001;
      return c === lines[li]![col] ? 0.98 : 0.001;
    },
    sample: (li, col) => given[`${li}:${col}`]?.cell ?? OTHER,
  };
}

/** readLines of the VERMEER<<JORIS document. */
export const read = (given: Given, givenScore = 0.98): TemplateRead => readLines(JORIS, given, givenScore);
