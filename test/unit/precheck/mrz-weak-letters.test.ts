// A name letter the cell model splits with a letter tesseract misreads as it (weakLetter in
// mrz-confirm.ts). Names have no check digit, so a letter there rests on the two readers agreeing — and
// there tesseract's legacy engine is no independent second reader: a Q whose tail the halftone screen
// broke is an O to both. QUENTIN read as OUENTIN (the model's O at 0.7, its Q at 0.28) with one tesseract read
// seeing the O was accepted; it must not be. The template read is built directly with the model's
// probabilities for the cell (a pure function, no images), on the ICAO 9303 TD3 specimen's second line.
import { describe, expect, it } from 'vitest';
import { LOST_INTO, NAME_RIVAL, OVERRULE_SCORE, confirmTemplateRead } from '../../../main/precheck/mrz-confirm';
import { checkCoverage } from '../../../main/precheck/mrz-parse';
import { templateRead } from './template-read';

const PRINTED = ['P<UTOERIKSSON<<QUENTIN<<<<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const Q = 15;
const put = (lines: string[], li: number, col: number, c: string): string[] => lines.map((l, i) => (i === li ? l.slice(0, col) + c + l.slice(col + 1) : l));
/** The model's reading: OUENTIN. */
const MISREAD = put(PRINTED, 0, Q, 'O');
const opts = { extraStates: ['UTO'] };
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<';
const cov = checkCoverage('TD3');
const uncoveredOnly = (lines: string[]): string[] => lines.map((l, li) => [...l].map((c, col) => (cov[li]![col] === 0 ? c : '?')).join(''));
/** The model's probabilities for the Q's cell: the characters given, every other character 0. */
const probabilities = (p: Record<string, number>): Record<string, number> => Object.fromEntries([...ALPHABET].map((a) => [`0:${Q}:${a}`, p[a] ?? 0]));
/** The O at 0.7 with the Q at 0.28: the tail half lost. */
const weak = templateRead(MISREAD, { [`0:${Q}`]: 0.7 }, probabilities({ O: 0.7, Q: 0.28 }));

describe('a name letter the model splits with one tesseract misreads as it', () => {
  it('is not confirmed by a tesseract read seeing the same letter (QUENTIN read as OUENTIN is refused)', () => {
    expect(0.28).toBeGreaterThanOrEqual(NAME_RIVAL);
    expect(LOST_INTO.Q).toContain('O');
    const c = confirmTemplateRead(weak, [MISREAD], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.unconfirmed).toEqual([`0:${Q}`]);
    // The cheap first attempt (tesseract shown only the uncovered characters) refuses it too.
    expect(confirmTemplateRead(weak, [uncoveredOnly(MISREAD)], { ...opts, coveredByChecks: true }).parsed.accepted).toBe(false);
  });

  it('is not confirmed however many reads agree: every pass sees the same ink without its tail', () => {
    const c = confirmTemplateRead(weak, [MISREAD, MISREAD, MISREAD], opts);
    expect(c.parsed.accepted).toBe(false);
    expect(c.overruled).toEqual([]);
  });

  it('an H the model splits with an M is refused; an M it splits with an H, seen as M by tesseract, is confirmed', () => {
    // ERIKSSON's second S (0:10) as an H or an M: tesseract reads OCR-B's M as H, never the reverse.
    const asH = put(PRINTED, 0, 10, 'H');
    const hFit = Object.fromEntries([...ALPHABET].map((a) => [`0:10:${a}`, a === 'H' ? 0.7 : a === 'M' ? 0.28 : 0]));
    expect(confirmTemplateRead(templateRead(asH, { '0:10': 0.7 }, hFit), [asH], opts).parsed.accepted).toBe(false);
    const asM = put(PRINTED, 0, 10, 'M');
    const mFit = Object.fromEntries([...ALPHABET].map((a) => [`0:10:${a}`, a === 'M' ? 0.7 : a === 'H' ? 0.28 : 0]));
    expect(confirmTemplateRead(templateRead(asM, { '0:10': 0.7 }, mFit), [asM], opts).parsed.accepted).toBe(true);
  });

  it('a letter the model is sure of is confirmed by one read as before, whatever it gives the look-alike', () => {
    const sure = templateRead(MISREAD, { [`0:${Q}`]: OVERRULE_SCORE }, probabilities({ O: OVERRULE_SCORE, Q: 0.14 }));
    expect(confirmTemplateRead(sure, [MISREAD], opts).parsed.accepted).toBe(true);
  });

  it('an O the model gives the Q less than NAME_RIVAL, or splits with a D, is confirmed by one read as before', () => {
    const faint = templateRead(MISREAD, { [`0:${Q}`]: 0.7 }, probabilities({ O: 0.7, Q: NAME_RIVAL - 0.01, D: 0.2 }));
    expect(confirmTemplateRead(faint, [MISREAD], opts).parsed.accepted).toBe(true);
  });
});
