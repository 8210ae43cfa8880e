// Two repairs in one MRZ: the cell model reads Liberation Mono's 3 (an 8 with its left side open) as an
// 8 it is not sure of, twice in one document, and both tesseract reads see the 3. The confirmation takes
// both repairs only when each cell is uncertain on its own evidence — the model not sure of its 8, the
// 3 close behind it, the cell unlike the document's own confirmed 8s, both tesseract reads agreeing on 3
// — and then every check digit passes; a sure 8, an 8 like the document's own, a tesseract read that
// disagrees, or a third repair needed: refused. The document is drawn in Liberation Mono (Debian
// fonts-liberation2, SIL Open Font License) by the independent evaluation set's Pillow renderer
// (test/mrz-eval/render_one.py) and its cells read by the real model; the two (or three) 3s are then
// given the probabilities the model gave such misread 3s on the evaluation set's tuning part (8 at
// 0.66, 3 at 0.31), the document's own 8s keep the model's real read of them.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCells, type TemplateRead } from '../../../main/precheck/mrz-cells';
import { confirmTemplateRead, CHECK_CONFIRM_SCORE } from '../../../main/precheck/mrz-confirm';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { normaliseBand } from '../../../main/precheck/mrz-normalise';
import { secondPassCanAccept } from '../../../main/precheck/mrz-ocr';
import { REPAIR_OWN_GAP } from '../../../main/precheck/mrz-own-instances';
import { parseMrz } from '../../../main/precheck/mrz-parse';
import { rectifyMrzBand } from '../../../main/precheck/mrz-rectify';
import { renderOne } from '../../mrz-eval/eval-set';

const LIBERATION = '/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf';
const OPTIONS = { extraStates: ['UTO'] };

/** ICAO 9303 check digit (weights 7-3-1). */
const checkDigit = (s: string): string => {
  const value = (c: string): number => (c === '<' ? 0 : /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  return String([...s].reduce((sum, c, i) => sum + value(c) * [7, 3, 1][i % 3]!, 0) % 10);
};
// A TD2 with 3s in the document number (column 8), the birth date (14) and the expiry date (22), and
// 8s at columns 1, 3 and 16 (and the composite check digit, 35).
const doc = 'L898902C3';
const birth = '730812';
const expiry = '130415';
const optional = '<<<<<<<';
const line2 = `${doc}${checkDigit(doc)}UTO${birth}${checkDigit(birth)}F${expiry}${checkDigit(expiry)}${optional}`;
const PRINTED = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', line2 + checkDigit(`${doc}${checkDigit(doc)}${birth}${checkDigit(birth)}${expiry}${checkDigit(expiry)}${optional}`)];
const THREES = [8, 14, 22];

let drawn: TemplateRead;
beforeAll(() => {
  expect(existsSync(LIBERATION), `Liberation Mono at ${LIBERATION}`).toBe(true);
  const job = { format: 'TD2', printed: PRINTED, font: LIBERATION, camera: false, effects: { cap_px: 30, seed: 5 } };
  const image = renderOne(job);
  return locateMrzBand(image).then((band) => {
    expect(band).not.toBeNull();
    const t = readCells(rectifyMrzBand(normaliseBand(band!)));
    expect(t).not.toBeNull();
    drawn = t!;
  });
}, 60_000);

/** Cells of line 2 given other probabilities: column → (character → probability; the rest 0.001). */
function withCells(t: TemplateRead, at: Record<number, Record<string, number>>): TemplateRead {
  const top = (p: Record<string, number>): [string, number] => Object.entries(p).sort((a, b) => b[1] - a[1])[0]!;
  const lines = t.lines.map((l, li) => (li !== 1 ? l : [...l].map((c, col) => (at[col] ? top(at[col])[0] : c)).join('')));
  const cells = t.cells.map((row, li) =>
    li !== 1 ? row : row.map((c, col) => (at[col] ? { char: top(at[col])[0], score: top(at[col])[1], second: '?', secondScore: 0 } : c)),
  );
  const scoreOf = (li: number, col: number, c: string): number => (li === 1 && at[col] ? (at[col][c] ?? 0.001) : t.scoreOf(li, col, c));
  return { ...t, lines, cells, scoreOf };
}
/** A misread 3 as the model gave Liberation Mono's: an 8 it is not sure of, the 3 close behind. */
const UNSURE_8 = { '8': 0.66, '3': 0.31 };
const unsureAt = (cols: number[]): Record<number, Record<string, number>> => Object.fromEntries(cols.map((c) => [c, UNSURE_8]));
const put = (lines: string[], col: number, c: string): string[] => [lines[0]!, lines[1]!.slice(0, col) + c + lines[1]!.slice(col + 1)];
const logOdds = (t: TemplateRead, col: number): number => Math.log(t.scoreOf(1, col, '8') / Math.max(t.scoreOf(1, col, '3'), 1e-4));

describe('two repairs, each cell uncertain on its own evidence', () => {
  it('the construction: the drawn document reads as printed, its own 8s sure; the two misread 3s fail two checks and no one repair passes', () => {
    expect(drawn.lines).toEqual(PRINTED);
    expect(parseMrz(PRINTED, OPTIONS).accepted).toBe(true);
    for (const col of [1, 3, 16]) {
      expect(drawn.cells[1]![col]!.score).toBeGreaterThanOrEqual(CHECK_CONFIRM_SCORE);
      expect(logOdds(drawn, col)).toBeGreaterThan(Math.log(0.66 / 0.31) + REPAIR_OWN_GAP);
    }
    const read = withCells(drawn, unsureAt([8, 22]));
    expect(read.lines[1]).toBe(put(put(PRINTED, 8, '8'), 22, '8')[1]);
    const parsed = parseMrz(read.lines, { ...OPTIONS, maxSubstitutions: 0 });
    expect(parsed.checkDigits.documentNumber).toBe(false);
    expect(parsed.checkDigits.expirationDate).toBe(false);
    for (const col of [8, 22]) expect(parseMrz(put(read.lines, col, '3'), { ...OPTIONS, maxSubstitutions: 0 }).accepted).toBe(false);
  });

  it('two unsure 8s that both tesseract reads see as 3: accepted as printed; the second pass is worth running', () => {
    const read = withCells(drawn, unsureAt([8, 22]));
    const c = confirmTemplateRead(read, [PRINTED, PRINTED], OPTIONS);
    expect(c.parsed.accepted).toBe(true);
    expect(c.parsed.lines).toEqual(PRINTED);
    expect(c.repaired).toEqual({ line: 1, column: 8, from: '8', to: '3' });
    expect(secondPassCanAccept(read, PRINTED, OPTIONS)).toBe(true);
  });

  it('one of the two a sure 8: refused, and no second pass', () => {
    const read = withCells(drawn, { 8: UNSURE_8, 22: { '8': 0.85, '3': 0.12 } });
    expect(confirmTemplateRead(read, [PRINTED, PRINTED], OPTIONS).parsed.accepted).toBe(false);
    expect(secondPassCanAccept(read, PRINTED, OPTIONS)).toBe(false);
  });

  it('tesseract does not agree on the 3 (one read sees a 5 there, or the first sees the 8): refused', () => {
    const read = withCells(drawn, unsureAt([8, 22]));
    expect(confirmTemplateRead(read, [PRINTED, put(PRINTED, 22, '5')], OPTIONS).parsed.accepted).toBe(false);
    expect(confirmTemplateRead(read, [put(PRINTED, 22, '8'), PRINTED], OPTIONS).parsed.accepted).toBe(false);
    expect(secondPassCanAccept(read, put(PRINTED, 22, '8'), OPTIONS)).toBe(false);
  });

  it('an unsure 8 drawn like the document own 8s (their log-odds over 3): refused', () => {
    // The model's real probabilities for the document's own 8 at column 16, under the sure score.
    const own: Record<string, number> = Object.fromEntries([...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<'].map((ch) => [ch, drawn.scoreOf(1, 16, ch)]));
    const like = { ...own, '8': 0.75 };
    const read = withCells(drawn, { 8: UNSURE_8, 22: like });
    expect(read.cells[1]![22]!.score).toBeLessThan(CHECK_CONFIRM_SCORE);
    expect(confirmTemplateRead(read, [PRINTED, PRINTED], OPTIONS).parsed.accepted).toBe(false);
    expect(secondPassCanAccept(read, PRINTED, OPTIONS)).toBe(false);
  });

  it('no confirmed 8 of its own to compare with (tesseract confirms none of them): refused', () => {
    const read = withCells(drawn, unsureAt([8, 22]));
    const owns = [...PRINTED[1]!].flatMap((c, col) => (c === '8' ? [col] : []));
    expect(owns).toEqual([1, 3, 16, 35]);
    const noOwn = owns.reduce((l, col) => put(l, col, '6'), PRINTED);
    expect(confirmTemplateRead(read, [noOwn, noOwn], OPTIONS).parsed.accepted).toBe(false);
    expect(secondPassCanAccept(read, noOwn, OPTIONS)).toBe(false);
  });

  it('three repairs needed (three unsure 8s, tesseract sees three 3s): refused, and no second pass', () => {
    const read = withCells(drawn, unsureAt(THREES));
    expect(confirmTemplateRead(read, [PRINTED, PRINTED], OPTIONS).parsed.accepted).toBe(false);
    expect(secondPassCanAccept(read, PRINTED, OPTIONS)).toBe(false);
  });

  it('an altered document (an 8 printed where a 3 belongs, read as a sure 8) stays refused even where another 3 is misread', () => {
    const altered = put(PRINTED, 22, '8');
    const read = withCells(drawn, { 8: UNSURE_8, 22: { '8': 0.97, '3': 0.001 } });
    // Both tesseract reads see the printed 8 at 22 and the 3 at 8: one repair, the expiry still fails.
    expect(confirmTemplateRead(read, [altered, altered], OPTIONS).parsed.accepted).toBe(false);
    expect(secondPassCanAccept(read, altered, OPTIONS)).toBe(false);
  });
});
