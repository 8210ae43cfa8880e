// The MRZ cell model (main/precheck/mrz-cell-model.ts) with its committed weights, against the OCR-B
// template classifier, on cells the reader's own grid fit cuts from synthetic bands:
//  - a typeface the model never saw in training (Anonymous Pro, test/fixtures/fonts), cleanly printed;
//  - OCR-B degraded the way counter cameras degrade it (small characters, blur, noise, JPEG, low
//    contrast, ink spread or thin print);
//  - the O and the 0 of DejaVu Sans Mono, a face kept out of training (the independent evaluation set
//    prints in it), whose O is nearly as narrow as its (dotted) 0: the acceptance rules compare each
//    cell's O-versus-0 odds with the document's own Os and 0s, so the two groups must sit well apart.
// Both classifiers read the same cells; the model must reach the stated accuracy, which the templates
// do not (their figure is asserted too, so the test says what it is measuring against).
import { describe, expect, it } from 'vitest';
import { loadOutlineFont, randomLines, renderBand, cutCells, seeded, CLEAN_STYLE, type BandStyle, type LabelledCell } from '../../../build/mrz-cell-model/synthetic-band';
import { UNSEEN_FONT } from '../../../build/mrz-cell-model/fonts';
import { committedCellModel, createModelCellClassifier } from '../../../main/precheck/mrz-cell-model';
import { createCellClassifier, MRZ_ALPHABET, type CellClassifier } from '../../../main/precheck/mrz-template';
import { ocrBFontPath } from '../../../main/fonts/ocr-b';

async function cellsOf(fontPath: string, styles: BandStyle[], seed: number, lookalikeShare = 0): Promise<LabelledCell[]> {
  const rnd = seeded(seed);
  const out: LabelledCell[] = [];
  for (const style of styles) {
    const sb = await renderBand(loadOutlineFont(fontPath), randomLines(style.format, rnd, lookalikeShare), style, rnd);
    out.push(...(cutCells(sb, rnd) ?? []));
  }
  return out;
}

// Measured with the committed weights: Anonymous Pro 356 cells, model 100 % (templates 53 %); degraded
// OCR-B 251 cells, model 95.6 % (when the grid fit cut 213 of them: model 96 %, templates 89 %).
const MODEL_UNSEEN_FONT = 0.95;
const MODEL_DEGRADED_OCR_B = 0.94;

// DejaVu Sans Mono (Debian fonts-dejavu-core, as the evaluation set's generator and render_one.py use
// it): never trained on (build/mrz-cell-model/fonts.ts keeps it out).
const DEJAVU_SANS_MONO = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
// Measured: 2.8 / 3.0 / 3.5 (clean, small and blurred, low contrast) with the committed weights; the
// weights trained on ten faces only: 0.9 / 0.7 / 1.2.
const MODEL_DEJAVU_O_0_GAP = 2;

const accuracy = (c: CellClassifier, cells: LabelledCell[]): number => cells.filter((x) => c.classify(x.cell, MRZ_ALPHABET).char === x.char).length / cells.length;

describe('MRZ cell model', () => {
  it('loads the committed weights and gives a probability for every MRZ character', () => {
    const p = committedCellModel().probabilities(new Float32Array(22 * 16).map((_, i) => (i % 16 > 6 && i % 16 < 9 ? 255 : 0)));
    expect(p.length).toBe(MRZ_ALPHABET.length);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
  });

  it('keeps to the characters allowed at a position, with a calibrated score and the runner-up', async () => {
    const cells = await cellsOf(ocrBFontPath()!, [{ ...CLEAN_STYLE, format: 'TD3', capPx: 24 }], 11);
    const model = createModelCellClassifier();
    const b = cells.find((c) => c.char === 'B')!;
    const asDigit = model.classify(b.cell, '0123456789<');
    expect(asDigit.char).toMatch(/[0-9<]/);
    expect(asDigit.second).toMatch(/[0-9<]/);
    expect(asDigit.score).toBeGreaterThanOrEqual(asDigit.secondScore);
    // Over the whole alphabet the printed B still wins clearly (what the acceptance rules check).
    expect(model.score(b.cell, 'B') - model.score(b.cell, asDigit.char)).toBeGreaterThan(0.5);
    const free = model.classify(b.cell, MRZ_ALPHABET);
    expect(free.char).toBe('B');
    expect(free.score).toBeGreaterThan(0.9);
    expect(free.score).toBeLessThanOrEqual(1);
    expect(model.classify(new Float32Array(22 * 16), MRZ_ALPHABET).char).toBe('?');
  });

  it('reads a typeface it was never trained on far better than the OCR-B templates', async () => {
    const styles: BandStyle[] = [20, 28].flatMap((capPx) => (['TD3', 'TD1'] as const).map((format) => ({ ...CLEAN_STYLE, format, capPx })));
    const cells = await cellsOf(UNSEEN_FONT.path, styles, 12);
    expect(cells.length).toBeGreaterThan(300);
    const model = accuracy(createModelCellClassifier(), cells);
    const templates = accuracy(createCellClassifier(), cells);
    expect(model).toBeGreaterThanOrEqual(MODEL_UNSEEN_FONT);
    expect(templates).toBeLessThan(MODEL_UNSEEN_FONT);
  });

  it('reads degraded OCR-B (12–14 px characters, blur, noise, JPEG, low contrast, ink spread) better than the templates', async () => {
    const degraded = (over: Partial<BandStyle>): BandStyle => ({ ...CLEAN_STYLE, format: 'TD3', capPx: 13, blur: 0.9, noise: 9, jpeg: 45, contrast: 0.45, ...over });
    const styles = [degraded({}), degraded({ capPx: 12, stroke: 0.05 }), degraded({ capPx: 14, stroke: -0.035, ink: 60 }), degraded({ format: 'TD1', pitchPerCap: 1.12, glare: 60 })];
    const cells = await cellsOf(ocrBFontPath()!, styles, 13);
    expect(cells.length).toBeGreaterThan(150);
    const model = accuracy(createModelCellClassifier(), cells);
    const templates = accuracy(createCellClassifier(), cells);
    expect(model).toBeGreaterThanOrEqual(MODEL_DEGRADED_OCR_B);
    // The grid fit serves both classifiers, so a better grid lifts the templates too: the model must
    // still read more of these cells than they do.
    expect(templates).toBeLessThan(model);
  });

  it('keeps the O and the 0 of a face it never saw well apart, as the acceptance rules compare them', async () => {
    // The rules compare a cell's ln p(O)/p(0) with the document's own Os (letter-only cells) and 0s
    // (digit-only cells): what matters is how far apart the two groups sit, print for print.
    const prints: BandStyle[][] = [
      [{ ...CLEAN_STYLE, format: 'TD3', capPx: 20 }, { ...CLEAN_STYLE, format: 'TD1', capPx: 28 }],
      [{ ...CLEAN_STYLE, format: 'TD3', capPx: 15, blur: 0.8, noise: 6, jpeg: 60 }, { ...CLEAN_STYLE, format: 'TD1', capPx: 17, blur: 0.6, noise: 4, jpeg: 70 }],
      [{ ...CLEAN_STYLE, format: 'TD3', capPx: 18, contrast: 0.5, noise: 8, jpeg: 50 }, { ...CLEAN_STYLE, format: 'TD3', capPx: 22, stroke: 0.04, blur: 1.0 }],
    ];
    const model = createModelCellClassifier();
    const logOdds = (c: LabelledCell): number => Math.log(model.score(c.cell, 'O') / model.score(c.cell, '0'));
    const quantile = (v: number[], f: number): number => [...v].sort((a, b) => a - b)[Math.floor(f * (v.length - 1))]!;
    for (const styles of prints) {
      const cells = await cellsOf(DEJAVU_SANS_MONO, styles, 21, 0.5);
      const os = cells.filter((c) => c.char === 'O').map(logOdds);
      const zeros = cells.filter((c) => c.char === '0').map(logOdds);
      expect(os.length).toBeGreaterThan(15);
      expect(zeros.length).toBeGreaterThan(15);
      // Its lowest-reading Os (10th percentile) above its highest-reading 0s (90th) by this much.
      expect(quantile(os, 0.1) - quantile(zeros, 0.9)).toBeGreaterThanOrEqual(MODEL_DEJAVU_O_0_GAP);
    }
  });
});
