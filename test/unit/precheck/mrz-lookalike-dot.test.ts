// The 0's dot: in DejaVu Sans Mono and Liberation Mono the 0 carries a dot at its centre and the O none,
// so where every one of the document's own 0s shows the dot, a cell's centre says which of the two it
// is even when the cell model, at a low resolution or through blur, calls it half the other
// (mrz-own-instances.ts, the dot rule of outlineVerdict). A printed O in a date has no dot and a printed
// 0 in a name has one: both are still refused.
//
// The cells are drawn here as rings of nearly the same width (the outline's spread cannot tell them apart),
// the 0 with a dot in its middle; the probabilities are given per cell. The MRZ text is made up for
// these tests (state NLD, valid check digits).
import { describe, expect, it } from 'vitest';
import type { TemplateRead } from '../../../main/precheck/mrz-cells';
import { confirmTemplateRead } from '../../../main/precheck/mrz-confirm';
import { cellShape, outlineVerdict } from '../../../main/precheck/mrz-own-instances';
import { classes, DATE_ZEROS, JORIS, read as readRings, ring, type Given } from './ring-cells';

const DOT_ZERO = ring(4, true);
const PLAIN_O = ring(3.9, false);
/** A given cell's read character at 0.7: the model unsure of it. */
const read = (given: Given): TemplateRead => readRings(given, 0.7);
/** The document's date 0s, dotted, at the given probabilities. */
const zeros = (p0: number, pO: number): Given => Object.fromEntries(DATE_ZEROS.map((k) => [k, { cell: DOT_ZERO, p0, pO }]));
/** Both tesseract reads agree with every cell (rule 1 everywhere): only the look-alike rule decides. */
const agree = [JORIS, JORIS];

describe('the drawn cells', () => {
  it('differ by the dot alone: the same spread, ink at the centre only in the 0', () => {
    const z = cellShape(DOT_ZERO);
    const o = cellShape(PLAIN_O);
    expect(Math.abs(z.spread - o.spread)).toBeLessThan(0.1);
    expect(z.centre - o.centre).toBeGreaterThan(0.05);
  });
});

describe("a name's only O the model calls more a 0, in a print whose 0s have a dot", () => {
  // The document's 0s at 0.9 (log-odds 2.2 for 0), the O at 0.8 0 (1.4): not 1.5 log-odds less
  // 0-like than every 0, so before the dot rule it was refused on the fixed margin.
  const doc = (cell: Float32Array): Given => ({ ...zeros(0.9, 0.1), '0:15': { cell, p0: 0.8, pO: 0.2 } });

  it('reads it as the O when it lacks the dot of every one of the 0s', () => {
    const t = read(doc(PLAIN_O));
    expect(outlineVerdict(t, classes, 0, 15, 'O', '0')).toBe('own');
    const c = confirmTemplateRead(t, agree);
    expect(c.parsed.problems).toEqual([]);
    expect(c.parsed.accepted).toBe(true);
  });

  it('still refuses a 0 printed there at the same probabilities: it has the dot', () => {
    const t = read(doc(DOT_ZERO));
    expect(outlineVerdict(t, classes, 0, 15, 'O', '0')).toBeNull();
    const c = confirmTemplateRead(t, agree);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.problems).toContain('line 1, character 16: looks more like "0", which cannot stand there');
  });

  it('has nothing to say when one of the document\'s 0s shows no dot (a face or a capture without it)', () => {
    const t = read({ ...doc(PLAIN_O), '1:42': { cell: PLAIN_O, p0: 0.9, pO: 0.1 } });
    expect(outlineVerdict(t, classes, 0, 15, 'O', '0')).toBeNull();
    expect(confirmTemplateRead(t, agree).parsed.accepted).toBe(false);
  });
});

describe('a date 0 the model calls nearer the O than its own 0s, in a print whose 0s have a dot', () => {
  // The other date 0s sure (0.99), the name's O at 0.8 O, the cell at 0.4 O: by the log-odds it sits
  // past the midpoint towards the O, and before the dot rule it was refused.
  const doc = (cell: Float32Array): Given => ({ ...zeros(0.99, 0.01), '0:15': { cell: PLAIN_O, p0: 0.2, pO: 0.8 }, '1:15': { cell, p0: 0.6, pO: 0.4 } });

  it('reads it as the 0 when it has the dot the O lacks', () => {
    const t = read(doc(DOT_ZERO));
    expect(outlineVerdict(t, classes, 1, 15, '0', 'O')).toBe('own');
    const c = confirmTemplateRead(t, agree);
    expect(c.parsed.problems).toEqual([]);
    expect(c.parsed.accepted).toBe(true);
  });

  it('still refuses an O printed in the date at the same probabilities: no dot', () => {
    const t = read(doc(PLAIN_O));
    expect(outlineVerdict(t, classes, 1, 15, '0', 'O')).not.toBe('own');
    const c = confirmTemplateRead(t, agree);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.problems).toContain('line 2, character 16: looks more like "O", which cannot stand there');
  });
});
