// Halftone (screen) removal for a grey image of print: a document printed or scanned through an ordered
// dither is a grid of dots — the paper around the print as much as the print itself. Thresholded, the dots
// of the paper are ink like the characters (a line's ink then runs from edge to edge and its cells cannot be
// placed), and dotted glyphs fall apart into rows of dots. A dither screen repeats with one short period
// along both axes; a box filter one period wide leaves the screen's mean tone (paper a little
// darker, glyphs solid) and keeps the strokes, which are wider than the dots.

export interface GreyImage8 {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Screen periods looked for, px: below 2.5 the capture's own blur already merges the dots. */
const MIN_PERIOD = 2.5;
const MAX_PERIOD = 10;
/**
 * Normalised autocorrelation the screen must reach at its period along both axes. Print without a screen
 * has no such peak along both axes (its strokes repeat at the character pitch, not every few pixels): none
 * of the MRZ bands of the evaluation set's tuning part without a halftone has one. A finely woven desk
 * cloth in a whole webcam frame can (0.22); averaging it away there costs the search nothing.
 */
const MIN_CORRELATION = 0.05;
/** The two axes' periods may differ by this share (a screen seen slightly sheared or scaled). */
const MAX_PERIOD_MISMATCH = 0.15;

/** `line` (a row, or a column) minus its running 2r+1 box mean, into `out`. */
function lineResidual(data: Uint8Array, base: number, stride: number, n: number, r: number, out: Float32Array): void {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < Math.min(n, r); i++) {
    sum += data[base + i * stride]!;
    count++;
  }
  for (let i = 0; i < n; i++) {
    if (i + r < n) {
      sum += data[base + (i + r) * stride]!;
      count++;
    }
    if (i - r - 1 >= 0) {
      sum -= data[base + (i - r - 1) * stride]!;
      count--;
    }
    out[i] = data[base + i * stride]! - sum / count;
  }
}

/**
 * Autocorrelation along rows (`horizontal`) or columns of the high-passed image (each line minus its running
 * mean over ±r), at integer lags 0…maxLag, normalised by lag 0, over every `step`-th line (a screen repeats
 * alike along every line; fewer lines cost less). Each lag's products are summed along the line in order;
 * all lags are summed in one walk along it (independent sums side by side, the same sums as lag by lag).
 */
export function autocorrelation(img: GreyImage8, horizontal: boolean, r: number, maxLag: number, step: number): Float64Array {
  const { data, width: w, height: h } = img;
  const n = horizontal ? w : h;
  const lines = horizontal ? h : w;
  const stride = horizontal ? 1 : w;
  const res = new Float32Array(n);
  const c = new Float64Array(maxLag + 1);
  const s = new Float64Array(maxLag + 1);
  for (let line = 0; line < lines; line += step) {
    lineResidual(data, horizontal ? line * w : line, stride, n, r, res);
    s.fill(0);
    // Every lag still has a partner up to n − maxLag; past it, each lag runs on alone to its own end.
    const shared = Math.max(0, n - maxLag);
    for (let i = 0; i < shared; i++) {
      const v = res[i]!;
      for (let lag = 0; lag <= maxLag; lag++) s[lag] = s[lag]! + v * res[i + lag]!;
    }
    for (let lag = 0; lag <= maxLag; lag++) {
      let t = s[lag]!;
      for (let i = shared, end = n - lag; i < end; i++) t += res[i]! * res[i + lag]!;
      c[lag] = c[lag]! + t;
    }
  }
  const c0 = c[0]! || 1;
  for (let lag = 0; lag <= maxLag; lag++) c[lag] = c[lag]! / c0;
  return c;
}

/** Period (fractional, by a parabola through the peak) of the autocorrelation's first peak, or null. */
function peak(c: Float64Array): { period: number; value: number } | null {
  let best: { period: number; value: number } | null = null;
  for (let lag = Math.ceil(MIN_PERIOD); lag < c.length - 1; lag++) {
    const v = c[lag]!;
    if (!(v > c[lag - 1]! && v >= c[lag + 1]!)) continue;
    // The trough before a screen's peak is negative (half a period: dot against gap).
    const trough = Math.min(...Array.from(c.subarray(1, lag)));
    if (trough >= 0) continue;
    const a = c[lag - 1]!;
    const b = c[lag + 1]!;
    const den = a - 2 * v + b;
    const period = den < 0 ? lag + (0.5 * (a - b)) / den : lag;
    if (!best || v > best.value) best = { period, value: v };
  }
  return best;
}

export interface Screen {
  /** Period along rows and along columns, px. */
  periodX: number;
  periodY: number;
  /** Autocorrelation at the period, the weaker axis (0…1). */
  strength: number;
}

/** The autocorrelation peaks along rows and columns (what detectScreen decides on). */
export function screenPeaks(img: GreyImage8, lineStep = 2): { px: { period: number; value: number } | null; py: { period: number; value: number } | null } {
  if (img.width < 4 * MAX_PERIOD || img.height < 4 * MAX_PERIOD) return { px: null, py: null };
  const maxLag = Math.ceil(MAX_PERIOD) + 1;
  const r = Math.ceil(MAX_PERIOD);
  const px = peak(autocorrelation(img, true, r, maxLag, lineStep));
  // No screen along the rows: the columns need not be looked at.
  if (!px || px.value < MIN_CORRELATION) return { px, py: null };
  return { px, py: peak(autocorrelation(img, false, r, maxLag, lineStep)) };
}

/**
 * The image's halftone screen, when it has one: a peak of the high-passed image's autocorrelation at the
 * same short period (2.5–10 px) along rows and along columns, with the anti-correlated trough before it.
 */
export function detectScreen(img: GreyImage8, lineStep = 2): Screen | null {
  const { px, py } = screenPeaks(img, lineStep);
  if (!px || !py) return null;
  const strength = Math.min(px.value, py.value);
  if (strength < MIN_CORRELATION || Math.abs(px.period - py.period) > MAX_PERIOD_MISMATCH * Math.max(px.period, py.period)) return null;
  if (px.period > MAX_PERIOD || py.period > MAX_PERIOD) return null;
  return { periodX: px.period, periodY: py.period, strength };
}

/**
 * Weights of a box of (fractional) width `period` centred on a pixel, integrated over each pixel: its
 * response is zero at the screen's frequency and all its harmonics, and it blurs a stroke less than a
 * Gaussian that damps the screen as much.
 */
function boxKernel(period: number): Float32Array {
  const half = period / 2;
  const r = Math.ceil(half - 0.5);
  const k = new Float32Array(2 * r + 1);
  for (let i = -r; i <= r; i++) k[i + r] = Math.max(0, Math.min(i + 0.5, half) - Math.max(i - 0.5, -half)) / period;
  return k;
}

/**
 * Separable convolution with kernel kx along rows and ky along columns, edges clamped. Each output sums its
 * taps in kernel order (the clamped edge pixels only differ in which pixel a tap reads).
 */
export function separableFilter(img: GreyImage8, kx: Float32Array, ky: Float32Array): GreyImage8 {
  const { width: w, height: h, data } = img;
  const rx = (kx.length - 1) / 2;
  const ry = (ky.length - 1) / 2;
  const tmp = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let s = 0;
      if (x - rx >= 0 && x + rx < w) {
        const at = row + x - rx;
        for (let j = 0; j < kx.length; j++) s += kx[j]! * data[at + j]!;
      } else {
        for (let i = -rx; i <= rx; i++) {
          const xx = x + i < 0 ? 0 : x + i >= w ? w - 1 : x + i;
          s += kx[i + rx]! * data[row + xx]!;
        }
      }
      tmp[row + x] = s;
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const inside = y - ry >= 0 && y + ry < h;
    for (let x = 0; x < w; x++) {
      let s = 0;
      if (inside) {
        let at = (y - ry) * w + x;
        for (let j = 0; j < ky.length; j++, at += w) s += ky[j]! * tmp[at]!;
      } else {
        for (let i = -ry; i <= ry; i++) {
          const yy = y + i < 0 ? 0 : y + i >= h ? h - 1 : y + i;
          s += ky[i + ry]! * tmp[yy * w + x]!;
        }
      }
      out[y * w + x] = Math.round(s);
    }
  }
  return { data: out, width: w, height: h };
}

/** The image with its halftone screen removed, or the image itself when it has none. */
export function descreen(img: GreyImage8, lineStep = 2): { image: GreyImage8; screen: Screen | null } {
  const screen = detectScreen(img, lineStep);
  if (!screen) return { image: img, screen };
  return { image: descreenWith(img, screen), screen };
}

/** The image with a screen already detected in it (detectScreen) averaged away. */
export function descreenWith(img: GreyImage8, screen: Screen): GreyImage8 {
  return separableFilter(img, boxKernel(screen.periodX), boxKernel(screen.periodY));
}
