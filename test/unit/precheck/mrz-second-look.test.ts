// The second reader's second look: the few cells tesseract did not confirm, read again each alone
// (mrz-cell-sheet.ts, readCellSheet in mrz-ocr.ts), and a 0 tesseract reads where only letters may stand
// confirming the cell model's O when the model tells O from D, Q and U (mrz-confirm.ts, rule 1).
// Scans drawn by the independent evaluation set's Pillow renderer (test/mrz-eval/render_one.py:
// Pillow/FreeType and numpy, no drawing code shared with the reader); MRZ texts made up here for the
// fictitious state UTO, check digits computed by the kiosk's specimen code.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDigit } from '../../../main/capture/specimen/mrz';
import { readCells } from '../../../main/precheck/mrz-cells';
import { CHECK_CONFIRM_SCORE, OVERRULE_MARGIN, OVERRULE_SCORE, confirmTemplateRead } from '../../../main/precheck/mrz-confirm';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { normaliseBand } from '../../../main/precheck/mrz-normalise';
import { MAX_SHEET_CELLS, disputedCells, readCellSheet, readMrzWith } from '../../../main/precheck/mrz-ocr';
import { rectifyMrzBand } from '../../../main/precheck/mrz-rectify';
import { renderOne } from '../../mrz-eval/eval-set';
import { templateRead } from './template-read';
import { mrzEngineForFile } from './file-reader';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');
const OPTIONS = { extraStates: ['UTO'] };

/** A TD3 for UTO: the document number, dates and optional data get their check digits here. */
function td3(names: string, doc: string, birth: string, sex: string, expiry: string): string[] {
  const d = doc.padEnd(9, '<');
  const o = '<'.repeat(14);
  const fields = d + checkDigit(d) + birth + checkDigit(birth) + expiry + checkDigit(expiry) + o + checkDigit(o);
  return [`P<UTO${names}`.padEnd(44, '<'), d + checkDigit(d) + 'UTO' + birth + checkDigit(birth) + sex + expiry + checkDigit(expiry) + o + checkDigit(o) + checkDigit(fields)];
}
/** A document number with a 0 between letters (AB0CD0E12): tesseract, reading the line, sees the second as O. */
const ZERO_AMONG_LETTERS = td3('DOE<<JOAO<TOMO', 'AB0CD0E12', '900101', 'M', '310101');
/** The same document with that 0 printed as the letter O (check digits left as they were): altered. */
const O_FOR_ZERO = [ZERO_AMONG_LETTERS[0]!, ZERO_AMONG_LETTERS[1]!.slice(0, 5) + 'O' + ZERO_AMONG_LETTERS[1]!.slice(6)];

/** A clean flatbed scan (OCR-B, Pillow), slightly wide pitch, a touch of blur. */
function scan(printed: string[], seed: number): Buffer {
  expect(existsSync(OCRB), `OCR-B font at ${OCRB}`).toBe(true);
  const job = { format: 'TD3', printed, font: OCRB, camera: false, effects: { cap_px: 29.8, pitch_ratio: 1.046, blur: 0.38, jpeg: 92, noise: 0.54, seed } };
  return renderOne(job);
}

const engine = mrzEngineForFile();

describe('cells read again alone', () => {
  it('a 0 between letters of the document number, which tesseract reads as O within the line, is confirmed and the MRZ accepted', { timeout: 60_000 }, async () => {
    for (const seed of [2, 3]) {
      const r = await readMrzWith(engine(), scan(ZERO_AMONG_LETTERS, seed), OPTIONS);
      expect(r.problems, `seed ${seed}`).toEqual([]);
      expect(r.status).toBe('accepted');
      expect(r.lines).toEqual(ZERO_AMONG_LETTERS);
    }
  });

  it('the same document with that 0 printed as an O is still refused', { timeout: 60_000 }, async () => {
    for (const seed of [2, 3]) {
      const r = await readMrzWith(engine(), scan(O_FOR_ZERO, seed), OPTIONS);
      expect(r.status, `seed ${seed}`).not.toBe('accepted');
    }
  });

  it('the sheet puts each cell back where it came from: every cell of a clean scan read alone is the printed character', { timeout: 60_000 }, async () => {
    const band = await locateMrzBand(scan(ZERO_AMONG_LETTERS, 1));
    expect(band).not.toBeNull();
    const straight = rectifyMrzBand(normaliseBand(band!));
    const t = readCells(straight);
    expect(t).not.toBeNull();
    // Letters, digits and a filler from both lines, out of order.
    const refs = [
      [1, 5],
      [0, 10],
      [1, 0],
      [0, 7],
      [1, 21],
      [0, 30],
    ] as const;
    const read = await readCellSheet(engine(), straight, t!, refs);
    const seen = refs.map(([li, col]) => read[li]![col]);
    expect(seen.join('')).toBe(refs.map(([li, col]) => ZERO_AMONG_LETTERS[li]![col]).join(''));
    // Every other cell is left without an opinion.
    expect(read.join('').replace(/\?/g, '').length).toBe(refs.length);
  });

  it('only the cells no read agreed with are looked at again, and not when there are many', () => {
    const lines = ['P<UTODOE<<JOAO<TOMO<<<<<<<<<<<<<<<<<<<<<<<<<', ZERO_AMONG_LETTERS[1]!];
    const t = templateRead(lines);
    const read = [lines[0]!.replace('JOAO', 'J0A0'), lines[1]!.slice(0, 5) + 'O' + lines[1]!.slice(6)];
    expect(disputedCells(t, [read])).toEqual([
      [0, 11],
      [0, 13],
      [1, 5],
    ]);
    // A second read seeing the 0 confirms it; the filter keeps the name's cells only.
    expect(disputedCells(t, [read, lines], (li) => li === 0)).toEqual([]);
    const far = [lines[0]!.replace(/</g, 'K'), lines[1]!];
    expect(disputedCells(t, [far])).toBeNull();
    expect(MAX_SHEET_CELLS).toBeLessThan(lines[0]!.split('<').length);
  });
});


describe("a 0 where only letters may stand confirms the model's O (rule 1)", () => {
  // JOAO and TOMO: three Os in names, more than rule 4 may overrule.
  const lines = ZERO_AMONG_LETTERS;
  const zeros = [lines[0]!.replace('JOAO<TOMO', 'J0A0<T0M0'), lines[1]!];
  const oCells = [...lines[0]!].flatMap((c, col) => (c !== zeros[0]![col] ? [col] : []));
  const unsure = Object.fromEntries(oCells.map((col) => [`0:${col}`, (CHECK_CONFIRM_SCORE + OVERRULE_SCORE) / 2]));

  it('with the model sure of the cell and O clearly ahead of D, Q and U: confirmed, no overrule spent', () => {
    expect(oCells.length).toBeGreaterThan(2);
    // Every other letter well below O (a probability of 0.05): the model splits the cell with none.
    const clear = Object.fromEntries(oCells.flatMap((col) => [...'ABCDEFGHIJKLMNPQRSTUVWXYZ<'].map((a) => [`0:${col}:${a}`, 0.05])));
    const c = confirmTemplateRead(templateRead(lines, unsure, clear), [zeros], OPTIONS);
    expect(c.parsed.problems).toEqual([]);
    expect(c.parsed.accepted).toBe(true);
    expect(c.overruled).toEqual([]);
  });

  it('the model not sure of the cell: not confirmed', () => {
    const col = oCells[0]!;
    const c = confirmTemplateRead(templateRead(lines, { ...unsure, [`0:${col}`]: CHECK_CONFIRM_SCORE - 0.01 }), [zeros], OPTIONS);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toContain(`0:${col}`);
  });

  for (const other of ['D', 'Q', 'U']) {
    it(`${other} within the margin of O: not confirmed (a 0 is as much a ${other})`, () => {
      const col = oCells[1]!;
      const o = 0.6;
      const fit = { [`0:${col}:O`]: o, [`0:${col}:${other}`]: o - OVERRULE_MARGIN / 2 };
      const c = confirmTemplateRead(templateRead(lines, unsure, fit), [zeros], OPTIONS);
      expect(c.parsed.accepted).toBe(false);
      expect(c.unconfirmed).toContain(`0:${col}`);
    });
  }

  it('a D the model read is not confirmed by a 0', () => {
    const asD = [lines[0]!.replace('JOAO', 'JODO'), lines[1]!];
    const col = asD[0]!.indexOf('JODO') + 2;
    const read = [asD[0]!.slice(0, col) + '0' + asD[0]!.slice(col + 1), asD[1]!];
    // Below rule 4's score, so only an agreement could confirm it.
    const c = confirmTemplateRead(templateRead(asD, { [`0:${col}`]: (CHECK_CONFIRM_SCORE + OVERRULE_SCORE) / 2 }), [read], OPTIONS);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toEqual([`0:${col}`]);
  });
});
