// The MRZ cell model (main/precheck/mrz-cell-model.ts) with its committed weights, against the OCR-B
// template classifier, on cells the reader's own grid fit cuts from synthetic bands:
//  - a typeface the model never saw in training (Anonymous Pro, test/fixtures/fonts), cleanly printed;
//  - OCR-B degraded the way counter cameras degrade it (small characters, blur, noise, JPEG, low
//    contrast, ink spread or thin print).
// Both classifiers read the same cells; the model must reach the stated accuracy, which the templates
// do not (their figure is asserted too, so the test says what it is measuring against).
import { describe, expect, it } from 'vitest';
import { loadOutlineFont, randomLines, renderBand, cutCells, seeded, CLEAN_STYLE, type BandStyle, type LabelledCell } from '../../../build/mrz-cell-model/synthetic-band';
import { UNSEEN_FONT } from '../../../build/mrz-cell-model/fonts';
import { committedCellModel, createModelCellClassifier } from '../../../main/precheck/mrz-cell-model';
import { createCellClassifier, MRZ_ALPHABET, type CellClassifier } from '../../../main/precheck/mrz-template';
import { ocrBFontPath } from '../../../main/fonts/ocr-b';

async function cellsOf(fontPath: string, styles: BandStyle[], seed: number): Promise<LabelledCell[]> {
  const rnd = seeded(seed);
  const out: LabelledCell[] = [];
  for (const style of styles) {
    const sb = await renderBand(loadOutlineFont(fontPath), randomLines(style.format, rnd), style, rnd);
    out.push(...(cutCells(sb, rnd) ?? []));
  }
  return out;
}

// Measured with the committed weights: Anonymous Pro 356 cells, model 100 %, templates 53 %; degraded
// OCR-B 213 cells, model 96 %, templates 89 %.
const MODEL_UNSEEN_FONT = 0.95;
const MODEL_DEGRADED_OCR_B = 0.94;

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
    expect(templates).toBeLessThan(MODEL_DEGRADED_OCR_B);
  });
});
