// Gaussian blur of an 8-bit grey image, in integer arithmetic, the same on every CPU.
//
// sharp's blur() at its default (integer) precision is libvips' separable integer convolution, which has two
// code paths: a vector one (highway SIMD, taken where libvips finds the vector instructions it looks for)
// and plain C (VIPS_NOVECTOR, or a CPU without them). They round the mask differently, so they give pixels
// up to 2 grey levels apart (4 at σ ≈ 1.3), and a reader built on sharp's blur could read the same image
// differently on different machines. This is libvips' vector path, step for step, in JavaScript — the
// pixels the reader was tuned on — whatever the CPU (the vector path's arithmetic is integer, the same
// on every vector unit):
//  - the mask is one row, libvips' gaussmat: 20·exp(−x²/2σ²) rounded to an integer, out to the last x
//    whose amplitude is at least `minAmplitude` (sharp's default 0.2), its scale the sum of the taps;
//  - the vector path turns it into fixed point, tap/scale as a 7-bit mantissa under one shared exponent
//    (libvips' vips_convi_intize), and each pass is (Σ mantissa·pixel + 2^(exp−1)) >> exp, clipped to a
//    byte; where libvips finds that form too coarse it runs its C code, and so does this: each pass
//    (Σ tap·pixel + ⌊scale/2⌋) / scale;
//  - rows first, then columns; beyond the image's edge the edge pixel repeats.
// test/integration/precheck/mrz-pixels-cpu-independent.test.ts holds it to libvips' vector path byte for
// byte, and the reader's pixels to being the same with libvips' vector code on and off.

/** sharp's default minimum amplitude of the Gaussian (the mask stops where it falls below it). */
export const MIN_AMPLITUDE = 0.2;
/** Below this σ libvips copies the image (its mask would be a single tap). */
const MIN_SIGMA = 0.2;
/** libvips' limit on the mask's half-width. */
const MASK_SANITY = 10_000;

/** C's rint(): round half to even. */
function rint(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The integer mask (one row, odd length, symmetric) and its scale, as libvips' gaussmat makes it. */
export function gaussianMask(sigma: number, minAmplitude = MIN_AMPLITUDE): { taps: Int32Array; scale: number } {
  const sig2 = 2 * sigma * sigma;
  const maxX = Math.trunc(Math.min(Math.max(0, 8 * sigma), MASK_SANITY));
  let x = 0;
  for (; x < maxX; x++) if (Math.exp(-(x * x) / sig2) < minAmplitude) break;
  if (x >= MASK_SANITY) throw new Error(`blur mask too large for sigma ${sigma}`);
  const width = 2 * Math.max(x - 1, 0) + 1;
  const taps = new Int32Array(width);
  let scale = 0;
  for (let i = 0; i < width; i++) {
    const d = i - (width >> 1);
    taps[i] = rint(20 * Math.exp(-(d * d) / sig2));
    scale += taps[i]!;
  }
  return { taps, scale: scale === 0 ? 1 : scale };
}

/**
 * The mask as libvips' vector path uses it: each tap/scale as round(128·tap/scale·2^−shift), where 2^shift
 * is the largest tap/scale rounded up to a power of two, times two; the pass shifts the sum right by
 * 7 − shift. Null where libvips keeps to its C code: the shift out of range, the mask too long, or the
 * fixed-point mask more than 2 grey levels from the true one on an even image.
 */
export function fixedPointMask(taps: Int32Array, scale: number): { mantissas: Int32Array; exp: number } | null {
  const scaled = Array.from(taps, (t) => t / scale);
  const max = Math.max(...scaled);
  // ceil(log2(max) + 1), by powers of two (exact, where a logarithm might be an ulp off at a power of two).
  let shift = 0;
  while (2 ** (shift - 1) < max) shift++;
  while (2 ** (shift - 2) >= max) shift--;
  if (shift > 6 || shift < -24) return null;
  if (Math.ceil(Math.log2(taps.length)) > 10) return null;
  const exp = 7 - shift;
  const mantissas = Int32Array.from(scaled, (v) => rint(128 * v * 2 ** -shift));
  if (mantissas.some((m) => m < -128 || m > 127)) return null;
  let trueSum = 0;
  let intSum = 0;
  scaled.forEach((v, i) => {
    if (mantissas[i] === 0) return;
    trueSum += 128 * v;
    intSum += 128 * mantissas[i]!;
  });
  const trueValue = Math.trunc(Math.min(255, Math.max(0, trueSum)));
  const intValue = Math.min(255, Math.max(0, (intSum + 2 ** (exp - 1)) >> exp));
  return Math.abs(trueValue - intValue) > 2 ? null : { mantissas, exp };
}

/** `grey` (width × height, one byte per pixel) blurred with σ = `sigma` px: a new image of the same size. */
export function gaussianBlur(grey: Uint8Array, width: number, height: number, sigma: number, minAmplitude = MIN_AMPLITUDE): Uint8Array {
  if (grey.length !== width * height) throw new Error(`expected ${width}x${height} bytes, got ${grey.length}`);
  if (sigma < MIN_SIGMA) return grey.slice();
  const { taps, scale } = gaussianMask(sigma, minAmplitude);
  const fixed = fixedPointMask(taps, scale);
  // One pass's weights, its rounding and its divisor: (Σ weight·pixel + round) / divisor, rounded down.
  const weights = fixed ? fixed.mantissas : taps;
  const divisor = fixed ? 2 ** fixed.exp : scale;
  const round = fixed ? 2 ** (fixed.exp - 1) : Math.floor(scale / 2);
  const r = taps.length >> 1;
  // The mask is symmetric: each pair of pixels at ±j shares a weight. The sums are whole numbers far below
  // 2^53, so doubles hold them exactly (and V8 runs this faster than in int32).
  const half = Float64Array.from(weights.subarray(r));
  // The quotient rounded down, by a multiplication. By a power of two that is exact. Otherwise a quotient
  // that is a whole number k comes out within 1e-13 of k, one that is not is at least 1/scale (> 1e-6)
  // below the next; the 1e-7 lifts the first back to k without reaching the second. A byte store
  // truncates, after the clip to 255.
  const inv = 1 / divisor;
  const LIFT = fixed ? 0 : 1e-7;

  // Rows: each row with r edge pixels repeated on either side.
  const across = new Uint8Array(width * height);
  const padded = new Float64Array(width + 2 * r);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const first = grey[row]!;
    const last = grey[row + width - 1]!;
    for (let i = 0; i < r; i++) {
      padded[i] = first;
      padded[r + width + i] = last;
    }
    for (let x = 0; x < width; x++) padded[r + x] = grey[row + x]!;
    for (let x = 0; x < width; x++) {
      const c = x + r;
      let sum = half[0]! * padded[c]! + round;
      for (let j = 1; j <= r; j++) sum += half[j]! * (padded[c - j]! + padded[c + j]!);
      across[row + x] = Math.min(255, sum * inv + LIFT);
    }
  }

  // Columns: every output row sums whole input rows (edge rows repeated), so memory is read in order.
  const out = new Uint8Array(width * height);
  const sums = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const t0 = half[0]!;
    for (let x = 0; x < width; x++) sums[x] = t0 * across[row + x]! + round;
    for (let j = 1; j <= r; j++) {
      const t = half[j]!;
      const above = Math.max(0, y - j) * width;
      const below = Math.min(height - 1, y + j) * width;
      for (let x = 0; x < width; x++) sums[x]! += t * (across[above + x]! + across[below + x]!);
    }
    for (let x = 0; x < width; x++) out[row + x] = Math.min(255, sums[x]! * inv + LIFT);
  }
  return out;
}

/**
 * `pixels` with `channels` interleaved bytes per pixel, each channel blurred on its own as by
 * gaussianBlur: what libvips' vector code computes for a colour image, on every CPU.
 */
export function gaussianBlurChannels(pixels: Uint8Array, width: number, height: number, channels: number, sigma: number): Uint8Array {
  if (pixels.length !== width * height * channels) throw new Error(`expected ${width}x${height}x${channels} bytes, got ${pixels.length}`);
  const out = new Uint8Array(pixels.length);
  const plane = new Uint8Array(width * height);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < plane.length; i++) plane[i] = pixels[i * channels + c]!;
    const blurred = gaussianBlur(plane, width, height, sigma);
    for (let i = 0; i < plane.length; i++) out[i * channels + c] = blurred[i]!;
  }
  return out;
}
