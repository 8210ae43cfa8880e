// Whether an MRZ is printed in OCR-B, and what OCR-B's own glyphs say about one of its cells.
//
// ICAO 9303 prints the MRZ in OCR-B. Where a document offers nothing of its own to judge a 0 or an O
// by (no 0 in a date, no O in a name: mrz-own-instances.ts), the face itself can: OCR-B draws its 0 and
// its O as different shapes, and the committed OCR-B templates (mrz-template.ts) tell them apart by
// 0.13–0.31 correlation on clean OCR-B prints. That says nothing for another face — DejaVu Sans Mono's
// O correlates with OCR-B's 0 — so it is only asked where the document's cells fit OCR-B's glyphs
// throughout: the lower quartile of their correlation with their own character's template. Measured on
// the independent set's tuning part and the kiosk's specimens: OCR-B prints 0.74–0.95 (scans and sharp
// frames ≥ 0.87), DejaVu Sans Mono ≤ 0.80, Liberation Mono ≤ 0.79 — a whole face, not one glyph, has to
// look like OCR-B before its 0 and O are judged by OCR-B's.
import type { TemplateRead } from './mrz-cells';
import { createCellClassifier, MRZ_ALPHABET as OCRB_ALPHABET, type CellClassifier } from './mrz-template';

/** Lower quartile of the cells' fit to OCR-B at and above which the document counts as printed in OCR-B. */
export const OCRB_FACE_FIT = 0.88;
/** How much better a cell must match OCR-B's `c` than OCR-B's `a` for the face to call it `c`. */
export const OCRB_GLYPH_MARGIN = 0.1;

let templates: CellClassifier | null = null;
const classifier = (): CellClassifier => (templates ??= createCellClassifier());

const faceFit = new WeakMap<TemplateRead, number | null>();

/**
 * The lower quartile of the correlation of the document's read cells (fillers and empty cells left out:
 * every face draws '<' alike) with OCR-B's template of the character read there; null without samples
 * or with fewer than 8 such cells.
 */
export function ocrBFaceFit(t: TemplateRead): number | null {
  if (faceFit.has(t)) return faceFit.get(t)!;
  let fit: number | null = null;
  if (t.sample) {
    const scores: number[] = [];
    t.lines.forEach((line, li) => {
      for (let col = 0; col < line.length; col++) {
        const c = line[col]!;
        if (c !== '<' && c !== '?') scores.push(classifier().score(t.sample!(li, col), c));
      }
    });
    if (scores.length >= 8) fit = scores.sort((a, b) => a - b)[Math.floor(scores.length / 4)]!;
  }
  faceFit.set(t, fit);
  return fit;
}

/**
 * Does OCR-B itself call the cell at (li, col) `c` rather than its look-alike `a`? Only for a document
 * printed in OCR-B (ocrBFaceFit at least OCRB_FACE_FIT), and only by OCRB_GLYPH_MARGIN of correlation.
 */
export function ocrBGlyphConfirms(t: TemplateRead, li: number, col: number, c: string, a: string): boolean {
  const fit = ocrBFaceFit(t);
  if (fit === null || fit < OCRB_FACE_FIT || !t.sample) return false;
  const cell = t.sample(li, col);
  return classifier().score(cell, c) - classifier().score(cell, a) >= OCRB_GLYPH_MARGIN;
}

/**
 * Lower quartile of the cells' fit to OCR-B at and above which OCR-B's glyphs may back a letter against
 * tesseract's (ocrBGlyphBacks). Lower than OCRB_FACE_FIT: print effects (halftone, ink spread, sheen) take
 * OCR-B prints down to 0.74–0.84 while their letters still fit their own glyphs best, and on the evaluation
 * set's tuning parts (50,448 cells) a letter's glyph fit another letter's 0.1 better than its own only in
 * faces other than OCR-B (D as O or B, R as H, E as L, Q as O in Liberation Mono and DejaVu Sans Mono) —
 * never where the model was sure of that other letter — or on documents below 0.7 (a grid off by a
 * cell, where every reader sees the neighbour's ink).
 */
export const OCRB_BACKING_FIT = 0.7;

/**
 * Does OCR-B itself back the character `c` read at (li, col) against every character another reader
 * offered there (`offered`)? Only where the document fits OCR-B at least OCRB_BACKING_FIT: `c` must be the
 * OCR-B glyph the cell fits best of the whole alphabet, and fit it OCRB_GLYPH_MARGIN better than each
 * offered character (than the next best glyph when none was offered). A source beside the cell model and
 * tesseract: the glyphs are correlated with the cell's samples as the font draws them, not learnt from
 * renderings. Which confusions it may settle is the caller's (mrz-confirm.ts, rule 4).
 */
export function ocrBGlyphBacks(t: TemplateRead, li: number, col: number, c: string, offered: readonly string[]): boolean {
  const fit = ocrBFaceFit(t);
  if (fit === null || fit < OCRB_BACKING_FIT || !t.sample) return false;
  const cell = t.sample(li, col);
  const best = classifier().classify(cell, OCRB_ALPHABET);
  if (best.char !== c) return false;
  const rivals = offered.filter((a) => a !== c);
  if (rivals.length === 0) return best.score - best.secondScore >= OCRB_GLYPH_MARGIN;
  return rivals.every((a) => best.score - classifier().score(cell, a) >= OCRB_GLYPH_MARGIN);
}
