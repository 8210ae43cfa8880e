// The cell model's inference (main/precheck/mrz-cell-model.ts) computes exactly what the network's
// definition does: every layer's output bit for bit equal to a plain im2col convolution and dense layer
// (the form the network was first mirrored in), on cells the reader's grid fit cuts from synthetic bands
// and on random inputs with zeros in them. The fast layers skip zero inputs and sum several output
// channels side by side; a different summation order would move float32 outputs by an ulp here and there.
import { describe, expect, it } from 'vitest';
import { loadOutlineFont, randomLines, renderBand, cutCells, seeded, CLEAN_STYLE } from '../../../build/mrz-cell-model/synthetic-band';
import { convReluPool, decodeLayer, dense, type Layer } from '../../../main/precheck/mrz-cell-model';
import { MRZ_CELL_WEIGHTS } from '../../../main/precheck/mrz-cell-weights';
import { CELL_COLS, CELL_ROWS } from '../../../main/precheck/mrz-template';
import { ocrBFontPath } from '../../../main/fonts/ocr-b';

/** The definition: im2col (padding as zeros), one dot product per output in (channel, row, column) order. */
function referenceConvReluPool(input: Float32Array, inC: number, h: number, w: number, layer: Layer): Float32Array {
  const outC = layer.shape[0]!;
  const K = inC * 9;
  const cols = new Float32Array(h * w * K);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < inC; c++)
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            if (yy >= 0 && yy < h && xx >= 0 && xx < w) cols[(y * w + x) * K + c * 9 + (dy + 1) * 3 + dx + 1] = input[(c * h + yy) * w + xx]!;
          }
  const conv = new Float32Array(outC * h * w);
  for (let o = 0; o < outC; o++)
    for (let p = 0; p < h * w; p++) {
      let s = layer.bias[o]!;
      for (let i = 0; i < K; i++) s += layer.weights[o * K + i]! * cols[p * K + i]!;
      conv[o * h * w + p] = s;
    }
  const out = new Float32Array(outC * (h >> 1) * (w >> 1));
  for (let o = 0; o < outC; o++)
    for (let y = 0; y < h >> 1; y++)
      for (let x = 0; x < w >> 1; x++) {
        const i = o * h * w + 2 * y * w + 2 * x;
        out[(o * (h >> 1) + y) * (w >> 1) + x] = Math.max(0, conv[i]!, conv[i + 1]!, conv[i + w]!, conv[i + w + 1]!);
      }
  return out;
}

function referenceDense(input: Float32Array, layer: Layer, relu: boolean): Float32Array {
  const [outN, inN] = layer.shape as [number, number];
  const out = new Float32Array(outN);
  for (let o = 0; o < outN; o++) {
    let s = layer.bias[o]!;
    for (let i = 0; i < inN; i++) s += layer.weights[o * inN + i]! * input[i]!;
    out[o] = relu && s < 0 ? 0 : s;
  }
  return out;
}

const standardised = (cell: Float32Array): Float32Array => {
  const n = cell.length;
  const mean = cell.reduce((a, b) => a + b, 0) / n;
  const sd = Math.max(Math.sqrt(cell.reduce((a, b) => a + (b - mean) ** 2, 0) / n), 8);
  return cell.map((v) => (v - mean) / sd);
};

const sameBits = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('MRZ cell model inference', () => {
  const layers = { c1: decodeLayer(MRZ_CELL_WEIGHTS.c1), c2: decodeLayer(MRZ_CELL_WEIGHTS.c2), f1: decodeLayer(MRZ_CELL_WEIGHTS.f1), f2: decodeLayer(MRZ_CELL_WEIGHTS.f2) };

  /** Both forward passes layer by layer; the number of layer outputs that differ in any bit. */
  function compare(cell: Float32Array): number {
    const x = standardised(cell);
    let differs = 0;
    const check = (fast: Float32Array, ref: Float32Array): Float32Array => {
      if (!sameBits(fast, ref)) differs++;
      return ref;
    };
    const a = check(convReluPool(x, 1, CELL_ROWS, CELL_COLS, layers.c1), referenceConvReluPool(x, 1, CELL_ROWS, CELL_COLS, layers.c1));
    const c1Out = layers.c1.shape[0]!;
    const b = check(convReluPool(a, c1Out, CELL_ROWS >> 1, CELL_COLS >> 1, layers.c2), referenceConvReluPool(a, c1Out, CELL_ROWS >> 1, CELL_COLS >> 1, layers.c2));
    const h = check(dense(b, layers.f1, true), referenceDense(b, layers.f1, true));
    check(dense(h, layers.f2, false), referenceDense(h, layers.f2, false));
    return differs;
  }

  it('gives bit-identical layer outputs on cells cut from synthetic bands', async () => {
    const rnd = seeded(5);
    const cells = [];
    for (const style of [
      { ...CLEAN_STYLE, format: 'TD3' as const, capPx: 22 },
      { ...CLEAN_STYLE, format: 'TD1' as const, capPx: 14, blur: 0.9, noise: 8, jpeg: 50, contrast: 0.5 },
    ]) {
      const band = await renderBand(loadOutlineFont(ocrBFontPath()!), randomLines(style.format, rnd), style, rnd);
      cells.push(...(cutCells(band, rnd) ?? []));
    }
    expect(cells.length).toBeGreaterThan(100);
    let differs = 0;
    for (const c of cells) differs += compare(c.cell);
    expect(differs).toBe(0);
  });

  it('gives bit-identical layer outputs on random cells with exact zeros, blank cells and flat runs', () => {
    const rnd = seeded(9);
    let differs = 0;
    for (let k = 0; k < 60; k++) {
      const cell = new Float32Array(CELL_ROWS * CELL_COLS).map(() => (rnd() < 0.3 ? 0 : Math.round(rnd() * 255)));
      differs += compare(cell);
    }
    differs += compare(new Float32Array(CELL_ROWS * CELL_COLS));
    // Odd heights and widths: the row or column the pooling drops is never worked out.
    for (const [h, w] of [
      [5, 7],
      [3, 3],
      [1, 4],
      [6, 1],
    ] as const)
      for (const layer of [layers.c1, layers.c2]) {
        const x = new Float32Array(layer.shape[1]! * h * w).map(() => (rnd() < 0.3 ? 0 : rnd() * 4 - 2));
        if (!sameBits(convReluPool(x, layer.shape[1]!, h, w, layer), referenceConvReluPool(x, layer.shape[1]!, h, w, layer))) differs++;
      }
    differs += compare(new Float32Array(CELL_ROWS * CELL_COLS).map((_, i) => (i % CELL_COLS < 8 ? 255 : 0)));
    expect(differs).toBe(0);
  });
});
