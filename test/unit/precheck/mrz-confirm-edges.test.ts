// The edges of placing tesseract's symbols into the template read's cells (alignToCells) and of the
// check-digit aliases: which symbols count (one character, after trimming), how far above or below a
// line's cap band a symbol may sit and still belong to it (30 % of the band's height), a skewed
// line, symbols left of the first cell, right of the last or between the lines, and empty cells.
// Grids and symbols are synthetic (a TD3-wide line of 44 cells, 20 px pitch).
import { describe, expect, it } from 'vitest';
import { alignToCells, checkAliases } from '../../../main/precheck/mrz-confirm';
import type { OcrLine } from '../../../main/precheck/mrz-worker';

const N = 44;
/** Cell 0 centred at x = 10, pitch 20; line 0's cap band y 10–30 (height 20), line 1's 50–70. */
const flat = [
  { origin: 10, pitch: 20, capTop: 10, capBottom: 30, slope: 0 },
  { origin: 10, pitch: 20, capTop: 50, capBottom: 70, slope: 0 },
];
const sym = (text: string, cx: number, cy: number) => ({ text, confidence: 90, x0: cx - 6, x1: cx + 6, y0: cy - 10, y1: cy + 10 });
const ocr = (symbols: ReturnType<typeof sym>[]): OcrLine[] => [{ text: '', confidence: 90, symbols, y0: 0, y1: 200 }];
const holes = '?'.repeat(N);
const at = (col: number, c: string): string => holes.slice(0, col) + c + holes.slice(col + 1);
const cx = (col: number): number => 10 + col * 20;

describe('alignToCells: which symbols count', () => {
  it('a cell without a symbol is a hole; a symbol is trimmed; a symbol of two characters or none is ignored', () => {
    const out = alignToCells(ocr([sym(' L\n', cx(0), 20), sym('AB', cx(1), 20), sym(' ', cx(2), 20), sym('', cx(3), 20)]), flat, 'TD3', 1);
    expect(out).toEqual([at(0, 'L'), holes]);
  });

  it('the symbol centre is the middle of its box, at the given scale', () => {
    // Box 3 px wide at x 205–208 (scale 2): centre 103.25 → cell 5 (its centre 110, half a pitch 10).
    const narrow = { text: 'Q', confidence: 90, x0: 205, x1: 208, y0: 30, y1: 50 };
    expect(alignToCells(ocr([narrow]), flat, 'TD3', 2)[0]).toBe(at(5, 'Q'));
    // The same box read at scale 1 sits in cell 10.
    expect(alignToCells(ocr([{ ...narrow, y0: 15, y1: 25 }]), flat, 'TD3', 1)[0]).toBe(at(10, 'Q'));
  });
});

describe('alignToCells: which line a symbol belongs to', () => {
  // Band height 20: a centre up to 6 px above the cap line or below the baseline still belongs to it.
  it.each([
    ['just inside above the cap line', 4.5, 0],
    ['on the edge above the cap line', 4, 0],
    ['just outside above the cap line', 3.5, null],
    ['just inside below the baseline', 35.5, 0],
    ['on the edge below the baseline', 36, 0],
    ['just outside below the baseline', 36.5, null],
    ['between the two lines', 40, null],
    ['on line 1', 60, 1],
  ] as const)('a centre %s (y %d) → line %s', (_label, y, line) => {
    const out = alignToCells(ocr([sym('K', cx(7), y)]), flat, 'TD3', 1);
    expect(out).toEqual([line === 0 ? at(7, 'K') : holes, line === 1 ? at(7, 'K') : holes]);
  });

  it('follows a skewed line: the band moves by the slope per px to the right of cell 0', () => {
    // Slope 0.1: at cell 40 (x = 810, 800 px right of cell 0) line 0's band is at y 90–110.
    const skewed = [
      { origin: 10, pitch: 20, capTop: 10, capBottom: 30, slope: 0.1 },
      { origin: 10, pitch: 20, capTop: 150, capBottom: 170, slope: 0.1 },
    ];
    const out = alignToCells(ocr([sym('Z', cx(40), 100), sym('Y', cx(0), 20)]), skewed, 'TD3', 1);
    expect(out[0]).toBe(at(0, 'Y').slice(0, 40) + 'Z' + at(0, 'Y').slice(41));
    expect(out[1]).toBe(holes);
    // Measured from the grid's origin, not from x = 0: a line whose cell 0 sits at x = 410.
    const shifted = [{ origin: 410, pitch: 20, capTop: 10, capBottom: 30, slope: 0.1 }];
    expect(alignToCells(ocr([sym('W', 410 + 20 * 20, 60)]), shifted, 'TD3', 1)).toEqual([at(20, 'W')]);
  });
});

describe('alignToCells: symbols outside the cells', () => {
  it('a symbol left of cell 0 or right of the last cell is dropped (the line keeps its length)', () => {
    const out = alignToCells(ocr([sym('A', cx(-1), 20), sym('B', cx(N), 20), sym('C', cx(N - 1), 20), sym('D', cx(0), 20)]), flat, 'TD3', 1);
    expect(out[0]).toBe('D' + holes.slice(2) + 'C');
    expect(out[0]).toHaveLength(N);
  });

  it('a TD1 line has 30 cells', () => {
    const out = alignToCells(ocr([sym('E', cx(29), 20), sym('F', cx(30), 20)]), flat.slice(0, 1), 'TD1', 1);
    expect(out).toEqual(['?'.repeat(29) + 'E']);
  });
});

describe('checkAliases', () => {
  it('a character outside the MRZ alphabet has none', () => {
    expect(checkAliases('?')).toEqual([]);
    expect(checkAliases('a')).toEqual([]);
  });

  it('a digit: the letters 10 and 20 on (9 → J, T)', () => {
    expect(checkAliases('9').sort()).toEqual(['J', 'T']);
    expect(checkAliases('0').sort()).toEqual(['<', 'A', 'K', 'U']);
  });
});
