// The MRZ reader's character classifier: a small convolutional network over the reader's character cell
// (CELL_ROWS × CELL_COLS darkness samples, mrz-template.ts), trained on cells cut by the reader itself from
// synthetic MRZ lines in OCR-B and several other monospace faces, printed and photographed badly (blur,
// noise, JPEG, glare, low contrast, halftone, ink spread, 12 px characters, misplaced grids). The OCR-B
// templates alone know one rendering of one face; this has seen many.
//
// Training: build/mrz-cell-model (generate-cells.ts → train.py, which writes mrz-cell-weights.ts). The
// network is mirrored here in plain TypeScript (no runtime dependency):
//   cell standardised (minus its mean, over its standard deviation, at least 8 grey levels)
//   conv 3×3 → 12, ReLU, max-pool 2 · conv 3×3 → 24, ReLU, max-pool 2 · dense → 64, ReLU · dense → 37
// Its softmax (logits over the fitted temperature) is a calibrated probability: of the validation cells
// it gave 0.9, about 9 in 10 were right.
import { MRZ_CELL_WEIGHTS } from './mrz-cell-weights';
import { CELL_COLS, CELL_ROWS, MRZ_ALPHABET, type CellClassifier, type CellReading } from './mrz-template';

export interface Layer {
  shape: readonly number[];
  weights: Float32Array;
  bias: Float32Array;
}

export function decodeLayer(entry: { shape: readonly number[]; weights: string; scales: string; bias: string }): Layer {
  const raw = Buffer.from(entry.weights, 'base64');
  const q = new Int8Array(raw.buffer, raw.byteOffset, raw.length);
  const scales = floats(entry.scales);
  const bias = floats(entry.bias);
  const out = entry.shape[0]!;
  const per = q.length / out;
  if (!Number.isInteger(per) || scales.length !== out || bias.length !== out) throw new Error('mrz-cell-weights.ts is inconsistent: regenerate it (build/mrz-cell-model/train.py)');
  const weights = new Float32Array(q.length);
  for (let o = 0; o < out; o++) for (let i = 0; i < per; i++) weights[o * per + i] = q[o * per + i]! * scales[o]!;
  return { shape: entry.shape, weights, bias };
}

function floats(b64: string): Float32Array {
  const b = Buffer.from(b64, 'base64');
  const copy = new Uint8Array(b.length);
  copy.set(b);
  return new Float32Array(copy.buffer);
}

/**
 * 3×3 convolution, padding 1, then ReLU and 2×2 max-pooling (floor). Input/output channel-major.
 *
 * Every output value is the bias plus the products of its kernel with the input window, summed in the
 * order (channel, row, column) in double precision and stored as float32 — the definition the network was
 * exported with. Two things make it cheap without changing a bit of that:
 *  - the window's zero inputs are skipped (padding, and the ReLU'd first layer's zeros: most of the second
 *    layer's input): a product with 0 adds ±0, which leaves the sum as it is;
 *  - the products of one input are added to four output channels at once (weights laid out input-major),
 *    so four independent sums run side by side instead of one long dependent chain;
 *  - a last row or column the pooling drops (an odd height or width) is not worked out at all.
 */
export function convReluPool(input: Float32Array, inC: number, h: number, w: number, layer: Layer): Float32Array {
  const outC = layer.shape[0]!;
  const K = inC * 9;
  const kt = inputMajor(layer);
  const hw = h * w;
  const conv = scratch.conv.length >= outC * hw ? scratch.conv : (scratch.conv = new Float32Array(outC * hw));
  const bias = layer.bias;
  if (scratch.tapW.length < K) [scratch.tapW, scratch.tapX] = [new Int32Array(K), new Float64Array(K)];
  const { tapW, tapX } = scratch;
  const ph = h >> 1;
  const pw = w >> 1;
  for (let y = 0; y < 2 * ph; y++) {
    for (let x = 0; x < 2 * pw; x++) {
      let m = 0;
      for (let c = 0; c < inC; c++) {
        for (let dy = -1; dy <= 1; dy++) {
          const yy = y + dy;
          if (yy < 0 || yy >= h) continue;
          const row = (c * h + yy) * w;
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx;
            if (xx < 0 || xx >= w) continue;
            const v = input[row + xx]!;
            if (v === 0) continue;
            tapW[m] = (c * 9 + (dy + 1) * 3 + dx + 1) * outC;
            tapX[m++] = v;
          }
        }
      }
      const p = y * w + x;
      let o = 0;
      // Four channels at a time in locals; then any remainder one by one.
      for (; o + 4 <= outC; o += 4) {
        let a0 = bias[o]!;
        let a1 = bias[o + 1]!;
        let a2 = bias[o + 2]!;
        let a3 = bias[o + 3]!;
        for (let t = 0; t < m; t++) {
          const v = tapX[t]!;
          const at = tapW[t]! + o;
          a0 += kt[at]! * v;
          a1 += kt[at + 1]! * v;
          a2 += kt[at + 2]! * v;
          a3 += kt[at + 3]! * v;
        }
        conv[o * hw + p] = a0;
        conv[(o + 1) * hw + p] = a1;
        conv[(o + 2) * hw + p] = a2;
        conv[(o + 3) * hw + p] = a3;
      }
      for (; o < outC; o++) {
        let a = bias[o]!;
        for (let t = 0; t < m; t++) a += kt[tapW[t]! + o]! * tapX[t]!;
        conv[o * hw + p] = a;
      }
    }
  }
  const out = new Float32Array(outC * ph * pw);
  for (let o = 0; o < outC; o++) {
    for (let y = 0; y < ph; y++) {
      for (let x = 0; x < pw; x++) {
        const i = o * hw + 2 * y * w + 2 * x;
        // ReLU after the max is the same as before it.
        out[(o * ph + y) * pw + x] = Math.max(0, conv[i]!, conv[i + 1]!, conv[i + w]!, conv[i + w + 1]!);
      }
    }
  }
  return out;
}

/** Working memory of convReluPool, reused from call to call (every value it reads is written first). */
const scratch = { conv: new Float32Array(0), tapW: new Int32Array(0), tapX: new Float64Array(0) };

/** A convolution's weights transposed to [input tap][output channel] (made once per layer). */
const transposed = new WeakMap<Layer, Float32Array>();
function inputMajor(layer: Layer): Float32Array {
  let kt = transposed.get(layer);
  if (kt) return kt;
  const outC = layer.shape[0]!;
  const K = layer.weights.length / outC;
  kt = new Float32Array(layer.weights.length);
  for (let o = 0; o < outC; o++) for (let i = 0; i < K; i++) kt[i * outC + o] = layer.weights[o * K + i]!;
  transposed.set(layer, kt);
  return kt;
}

/**
 * Fully connected layer (optionally ReLU'd): each output's sum in input order, zero inputs skipped (see
 * convReluPool), four outputs' sums side by side over the same inputs.
 */
export function dense(input: Float32Array, layer: Layer, relu: boolean): Float32Array {
  const outN = layer.shape[0]!;
  const inN = layer.shape[1]!;
  const nz = new Int32Array(inN);
  let m = 0;
  for (let i = 0; i < inN; i++) if (input[i] !== 0) nz[m++] = i;
  const weights = layer.weights;
  const bias = layer.bias;
  const out = new Float32Array(outN);
  let o = 0;
  for (; o + 4 <= outN; o += 4) {
    const r0 = o * inN;
    const r1 = r0 + inN;
    const r2 = r1 + inN;
    const r3 = r2 + inN;
    let s0 = bias[o]!;
    let s1 = bias[o + 1]!;
    let s2 = bias[o + 2]!;
    let s3 = bias[o + 3]!;
    for (let t = 0; t < m; t++) {
      const i = nz[t]!;
      const v = input[i]!;
      s0 += weights[r0 + i]! * v;
      s1 += weights[r1 + i]! * v;
      s2 += weights[r2 + i]! * v;
      s3 += weights[r3 + i]! * v;
    }
    out[o] = relu && s0 < 0 ? 0 : s0;
    out[o + 1] = relu && s1 < 0 ? 0 : s1;
    out[o + 2] = relu && s2 < 0 ? 0 : s2;
    out[o + 3] = relu && s3 < 0 ? 0 : s3;
  }
  for (; o < outN; o++) {
    let s = bias[o]!;
    const row = o * inN;
    for (let t = 0; t < m; t++) {
      const i = nz[t]!;
      s += weights[row + i]! * input[i]!;
    }
    out[o] = relu && s < 0 ? 0 : s;
  }
  return out;
}

export interface CellModel {
  /** Probability of every MRZ_ALPHABET character (calibrated softmax), in MRZ_ALPHABET order. */
  probabilities(cell: Float32Array): Float32Array;
}

let model: CellModel | null = null;

/** The committed model (mrz-cell-weights.ts), decoded once. */
export function committedCellModel(): CellModel {
  if (model) return model;
  const W = MRZ_CELL_WEIGHTS;
  if (W.rows !== CELL_ROWS || W.cols !== CELL_COLS || W.alphabet !== MRZ_ALPHABET) {
    throw new Error('mrz-cell-weights.ts was trained for another cell geometry or alphabet: retrain it (build/mrz-cell-model)');
  }
  const c1 = decodeLayer(W.c1);
  const c2 = decodeLayer(W.c2);
  const f1 = decodeLayer(W.f1);
  const f2 = decodeLayer(W.f2);
  const n = CELL_ROWS * CELL_COLS;
  model = {
    probabilities(cell) {
      if (cell.length !== n) throw new Error(`a cell has ${n} samples, got ${cell.length}`);
      let mean = 0;
      for (let i = 0; i < n; i++) mean += cell[i]!;
      mean /= n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (cell[i]! - mean) ** 2;
      const sd = Math.max(Math.sqrt(v / n), 8);
      const x = new Float32Array(n);
      for (let i = 0; i < n; i++) x[i] = (cell[i]! - mean) / sd;
      const a = convReluPool(x, 1, CELL_ROWS, CELL_COLS, c1);
      const b = convReluPool(a, c1.shape[0]!, CELL_ROWS >> 1, CELL_COLS >> 1, c2);
      const logits = dense(dense(b, f1, true), f2, false);
      let max = -Infinity;
      for (const l of logits) max = Math.max(max, l);
      let sum = 0;
      const p = new Float32Array(logits.length);
      for (let i = 0; i < p.length; i++) sum += p[i] = Math.exp((logits[i]! - max) / W.temperature);
      for (let i = 0; i < p.length; i++) p[i] = p[i]! / sum;
      return p;
    },
  };
  return model;
}

/**
 * The model as the reader's CellClassifier. `classify` picks among the characters allowed at the
 * position; its score is the probability renormalised over them (how sure it is which of them this is),
 * the runner-up kept. `score(cell, c)` is c's probability over the whole alphabet (so a B in a digit
 * position still shows as a B to the acceptance rules). Probabilities are computed once per cell.
 */
export function createModelCellClassifier(m: CellModel = committedCellModel()): CellClassifier {
  const cache = new WeakMap<Float32Array, Float32Array>();
  const probs = (cell: Float32Array): Float32Array => {
    let p = cache.get(cell);
    if (!p) cache.set(cell, (p = m.probabilities(cell)));
    return p;
  };
  const blank = (cell: Float32Array): boolean => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of cell) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi - lo < 1e-6;
  };
  return {
    score(cell, char) {
      const i = MRZ_ALPHABET.indexOf(char);
      return i < 0 || blank(cell) ? 0 : probs(cell)[i]!;
    },
    classify(cell, allowed): CellReading {
      if (blank(cell)) return { char: '?', score: 0, second: '?', secondScore: 0 };
      const p = probs(cell);
      let total = 0;
      let best = '?';
      let bestP = -1;
      let second = '?';
      let secondP = -1;
      for (const c of new Set(allowed)) {
        const i = MRZ_ALPHABET.indexOf(c);
        if (i < 0) continue;
        const q = p[i]!;
        total += q;
        if (q > bestP) {
          [second, secondP] = [best, bestP];
          [best, bestP] = [c, q];
        } else if (q > secondP) [second, secondP] = [c, q];
      }
      if (best === '?' || total <= 0) return { char: '?', score: 0, second: '?', secondScore: 0 };
      return { char: best, score: bestP / total, second, secondScore: second === '?' ? 0 : secondP / total };
    },
  };
}
