// 0s and Os the check digits cannot see: in the document number and the optional data both may stand,
// and two of them swapped the same way at weights 7 and 3 (24 × 10 ≡ 0 mod 10) pass every check digit,
// the composite included. The cell model reads DejaVu Sans Mono's O as its 0 at 0.85, so each cell of
// such a set must be confirmed by the document's own 0s and Os, or the MRZ is refused
// (mrz-own-instances.ts, roundSwapUnseen). First on drawn ring cells (ring-cells.ts: the dotted 0 and
// the plain O of DejaVu Sans Mono), then on the two documents the independent evaluation set's
// generator drew whose paired swap the reader accepted (test/mrz-eval/false-accepts.json, drawn again
// by test/mrz-eval/render_one.py: Pillow/ImageMagick and numpy, no drawing code shared with the reader;
// DejaVu Sans Mono from Debian fonts-dejavu-core, Bitstream Vera / DejaVu licence).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confirmTemplateRead } from '../../../main/precheck/mrz-confirm';
import { roundSwapUnseen } from '../../../main/precheck/mrz-own-instances';
import { parseMrz } from '../../../main/precheck/mrz-parse';
import { renderOne } from '../../mrz-eval/eval-set';
import { mrzReaderForFile } from './file-reader';
import { DATE_ZEROS, JORIS, readLines, ring, type Given } from './ring-cells';

/** ICAO 9303 check digit (weights 7-3-1). */
const checkDigit = (s: string): string => {
  const value = (c: string): number => (c === '<' ? 0 : /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  return String([...s].reduce((sum, c, i) => sum + value(c) * [7, 3, 1][i % 3]!, 0) % 10);
};
/** The VERMEER<<JORIS passport (ring-cells.ts) with another document number, every check digit valid. */
function joris(doc: string): string[] {
  const upper = `${doc}${checkDigit(doc)}`;
  const rest = '9001055M3006128<<<<<<<<<<<<<<0';
  const composite = checkDigit(`${upper}${rest.slice(0, 7)}${rest.slice(8, 15)}${rest.slice(15)}`);
  return [JORIS[0]!, `${upper}NLD${rest}${composite}`];
}

const DOT_ZERO = ring(4, true);
const PLAIN_O = ring(4.3, false);
/** The document's date 0s dotted and sure; its name's only O (0:15) plain, the model half taking it for a 0, as for DejaVu Sans Mono. */
const document: Given = {
  ...Object.fromEntries(DATE_ZEROS.map((k) => [k, { cell: DOT_ZERO, p0: 0.99, pO: 0.01 }])),
  '0:15': { cell: PLAIN_O, p0: 0.6, pO: 0.4 },
};
/** Cells of the document number as `cell`, the model at 0.87 for a 0. */
const cellsAt = (keys: string[], cell: Float32Array): Given => Object.fromEntries(keys.map((k) => [k, { cell, p0: 0.87, pO: 0.13 }]));

describe('a document number whose 0s or Os sit at weights 7 and 3', () => {
  const printed = joris('OO7254L91');
  const readAs00 = joris('007254L91');

  it('has one check digit for both readings: the swap is unseen', () => {
    expect(readAs00[1]!.slice(9)).toBe(printed[1]!.slice(9));
    expect(parseMrz(printed, { maxSubstitutions: 0 }).accepted).toBe(true);
    expect(parseMrz(readAs00, { maxSubstitutions: 0 }).accepted).toBe(true);
  });

  it('is refused when its Os, without the dot of every one of the document\'s 0s, are read as 0s the model is sure of', () => {
    const t = readLines(readAs00, { ...document, ...cellsAt(['1:0', '1:1'], PLAIN_O) });
    expect(roundSwapUnseen(t, readAs00)).toEqual(['1:0', '1:1']);
    const c = confirmTemplateRead(t, [readAs00, readAs00]);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.problems).toContain(
      "line 2, character 1; line 2, character 2: 0 or O the check digits cannot tell from the other, not confirmed by the document's own 0s and Os",
    );
  });

  it('is read when the two 0s carry the dot of the document\'s own 0s', () => {
    const t = readLines(readAs00, { ...document, ...cellsAt(['1:0', '1:1'], DOT_ZERO) });
    expect(roundSwapUnseen(t, readAs00)).toEqual([]);
    const c = confirmTemplateRead(t, [readAs00, readAs00]);
    expect(c.parsed.problems).toEqual([]);
    expect(c.parsed.lines).toEqual(readAs00);
  });

  it('is left to the check digit when only one of the two is unconfirmed: its swap alone changes the sum by 24 × 3', () => {
    const t = readLines(readAs00, { ...document, ...cellsAt(['1:0'], DOT_ZERO), ...cellsAt(['1:1'], PLAIN_O) });
    expect(roundSwapUnseen(t, readAs00)).toEqual([]);
    const swapped = [readAs00[0]!, `0O${readAs00[1]!.slice(2)}`];
    expect(parseMrz(swapped, { maxSubstitutions: 0 }).accepted).toBe(false);
  });
});

describe('a document number of digits with ordinary 0s', () => {
  it('is read with a lone 0, even one unlike the document\'s own: its swap for an O would break the check digit', () => {
    const lines = joris('X07254L91');
    const t = readLines(lines, { ...document, ...cellsAt(['1:1'], PLAIN_O) });
    expect(roundSwapUnseen(t, lines)).toEqual([]);
    expect(confirmTemplateRead(t, [lines, lines]).parsed.accepted).toBe(true);
  });

  it('is read with two 0s at weights 7 and 7 unlike the document\'s own: swapped together they still break it (24 × 14)', () => {
    const lines = joris('0X70254L9');
    const t = readLines(lines, { ...document, ...cellsAt(['1:0', '1:3'], PLAIN_O) });
    expect(roundSwapUnseen(t, lines)).toEqual([]);
    expect(confirmTemplateRead(t, [lines, lines]).parsed.accepted).toBe(true);
  });

  it('is read with two 0s at weights 7 and 3 drawn like the 0s of its dates', () => {
    const lines = joris('X7200L54L');
    const t = readLines(lines, { ...document, ...cellsAt(['1:3', '1:4'], DOT_ZERO) });
    expect(roundSwapUnseen(t, lines)).toEqual([]);
    expect(confirmTemplateRead(t, [lines, lines]).parsed.accepted).toBe(true);
  });

  it('is refused with the same two 0s when the document\'s dates hold no 0 like them (an O each, as far as the document can tell)', () => {
    const lines = joris('X7200L54L');
    const t = readLines(lines, { ...document, ...cellsAt(['1:3', '1:4'], PLAIN_O) });
    expect(roundSwapUnseen(t, lines)).toEqual(['1:3', '1:4']);
    expect(confirmTemplateRead(t, [lines, lines]).parsed.accepted).toBe(false);
  });
});

describe('a document with no O of its own to compare with (a face without the dot, as OCR-B)', () => {
  const line1 = `P<NLDVERMEER<<JAN${'<'.repeat(27)}`;
  const lines = [line1, joris('X7200L54L')[1]!];
  const plain = ring(4, false);
  const dates: Given = Object.fromEntries(DATE_ZEROS.map((k) => [k, { cell: plain, p0: 0.85, pO: 0.15 }]));

  it('reads two 0s at weights 7 and 3 the model is as sure of as of the 0s of its dates', () => {
    const t = readLines(lines, { ...dates, '1:3': { cell: plain, p0: 0.87, pO: 0.13 }, '1:4': { cell: plain, p0: 0.86, pO: 0.14 } });
    expect(roundSwapUnseen(t, lines)).toEqual([]);
    expect(confirmTemplateRead(t, [lines, lines]).parsed.accepted).toBe(true);
  });

  it('refuses them when the model is less sure of them than of any of its own 0s (an O read as a 0)', () => {
    const t = readLines(lines, { ...dates, '1:3': { cell: plain, p0: 0.6, pO: 0.4 }, '1:4': { cell: plain, p0: 0.65, pO: 0.35 } });
    expect(roundSwapUnseen(t, lines)).toEqual(['1:3', '1:4']);
    expect(confirmTemplateRead(t, [lines, lines]).parsed.accepted).toBe(false);
  });
});

const root = resolve(import.meta.dirname, '../../..');
interface Job {
  id: string;
  printed: string[];
  read: string;
}
const recorded = JSON.parse(readFileSync(resolve(root, 'test/mrz-eval/false-accepts.json'), 'utf8')) as Record<string, unknown>;
/** The paired-swap jobs of the second tuning drawing, wherever the file now lists them. */
const jobs = Object.values(recorded)
  .filter((v): v is Job[] => Array.isArray(v))
  .flat()
  .filter((j) => ['tuning-0355', 'tuning-0388'].includes(j.id));
const draw = (job: Job): Buffer =>
  renderOne(job, { cwd: root });

const reader = mrzReaderForFile();

describe('MRZ reader: the paired 0/O swaps the evaluation set drew', () => {
  it('knows both jobs', () => {
    expect(jobs.map((j) => j.id).sort()).toEqual(['tuning-0355', 'tuning-0388']);
  });

  for (const id of ['tuning-0355', 'tuning-0388']) {
    it(`never accepts ${id} with the 0s and Os of its document number swapped`, { timeout: 180_000 }, async () => {
      const job = jobs.find((j) => j.id === id)!;
      const r = await reader.read(draw(job));
      expect(r.status === 'accepted' ? r.lines : 'refused').not.toEqual(job.read.split(' '));
      if (r.status === 'accepted') expect(r.lines).toEqual(job.printed);
    });
  }
});
