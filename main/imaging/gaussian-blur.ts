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

/**
 * One pass of the blur: (Σ weight·pixel + round) / divisor, rounded down and clipped to a byte, the mask
 * symmetric so pixels at ±j share `half[j]`. The quotient is taken by a multiplication: by a power of two
 * that is exact; otherwise a quotient that is a whole number k comes out within 1e-13 of k, one that is
 * not is at least 1/divisor (> 1e-6) below the next, and `lift` (1e-7) brings the first back to k
 * without reaching the second.
 */
interface Pass {
  r: number;
  half: Float64Array;
  round: number;
  inv: number;
  lift: number;
}

/** `grey` (width × height, one byte per pixel) blurred with σ = `sigma` px: a new image of the same size. */
export function gaussianBlur(grey: Uint8Array, width: number, height: number, sigma: number, minAmplitude = MIN_AMPLITUDE): Uint8Array {
  if (grey.length !== width * height) throw new Error(`expected ${width}x${height} bytes, got ${grey.length}`);
  if (sigma < MIN_SIGMA) return grey.slice();
  if (grey.length === 0) return new Uint8Array(0);
  const { taps, scale } = gaussianMask(sigma, minAmplitude);
  const fixed = fixedPointMask(taps, scale);
  const weights = fixed ? fixed.mantissas : taps;
  const r = taps.length >> 1;
  const pass: Pass = {
    r,
    half: Float64Array.from(weights.subarray(r)),
    round: fixed ? 2 ** (fixed.exp - 1) : Math.floor(scale / 2),
    inv: 1 / (fixed ? 2 ** fixed.exp : scale),
    lift: fixed ? 0 : 1e-7,
  };
  const heaviest = 255 * weights.reduce((a, b) => a + b, 0) + pass.round;
  return heaviest < LANE ? blurTwoLanes(grey, width, height, pass) : blurOneLane(grey, width, height, pass);
}

// Two pixels travel in one double, the second 2^26 above the first, so one multiply-add weighs both: the
// blur's cost is mostly its multiply-adds, and this halves them. Every sum is a whole number below 2^52
// (each lane's below 2^26, checked against the heaviest mask), so it is exact and its lanes come apart
// exactly. Lane one of packed column i is image column i, lane two column i + w2 (w2 = ⌈width/2⌉): the row
// pass lays each row's left and right halves over each other, each half running r pixels on into the other
// (or repeating the edge pixel), so each lane has all the neighbours its blur needs. The column pass sums
// whole packed rows, r edge rows repeated above and below.
const LANE = 2 ** 26;
const BELOW_LANE = 2 ** -26;

/** `v` (a lane's sum) through the pass's division, clipped to a byte, rounded down. */
function toByte(v: number, inv: number, lift: number): number {
  return Math.trunc(Math.min(255, v * inv + lift));
}

/** Both lanes of `sum` through the pass's division, packed again. */
function packedBytes(sum: number, inv: number, lift: number): number {
  const upper = Math.floor(sum * BELOW_LANE);
  return toByte(sum - upper * LANE, inv, lift) + toByte(upper, inv, lift) * LANE;
}

/**
 * Both passes work out four outputs side by side: the pixel output k takes at +j, output k+1 took at
 * +(j−1) one step before, and the one at −j output k−1 took at −(j−1), so a step over j loads two values
 * (the outermost pair) and reuses six.
 */
function blurTwoLanes(grey: Uint8Array, width: number, height: number, pass: Pass): Uint8Array {
  const w2 = (width + 1) >> 1;
  // Packed rows are `stride` long (the last step of four may run past w2), with r edge rows above and
  // r + 3 below (the last step of four rows may run past the image).
  const stride = (w2 + 3) & ~3;
  const packed = new Float64Array(stride * (height + 2 * pass.r + 3));
  packedRowPass(grey, width, height, pass, packed, stride);
  const top = pass.r * stride;
  const bottom = (pass.r + height - 1) * stride;
  for (let k = 1; k <= pass.r; k++) packed.copyWithin(top - k * stride, top, top + stride);
  for (let k = 1; k <= pass.r + 3; k++) packed.copyWithin(bottom + k * stride, bottom, bottom + stride);
  return packedColumnPass(packed, stride, width, height, pass);
}

/**
 * The mask's sums (plus `round2`) for the four outputs at `c`, `c + step`, `c + 2·step`, `c + 3·step`
 * of `src` (a packed row, step 1, or the packed rows, step = their stride), into `sums`. Each step out
 * loads only the two new values on either side and reuses the ones loaded on the steps before.
 */
function fourSums(src: Float64Array, c: number, step: number, r: number, half: Float64Array, round2: number, sums: Float64Array): void {
  const h0 = half[0]!;
  const a0 = src[c]!;
  const a1 = src[c + step]!;
  const a2 = src[c + 2 * step]!;
  const a3 = src[c + 3 * step]!;
  let s0 = h0 * a0 + round2;
  let s1 = h0 * a1 + round2;
  let s2 = h0 * a2 + round2;
  let s3 = h0 * a3 + round2;
  // near1..3: the values loaded on the near side 1..3 steps ago; far1..3 likewise on the far side.
  let near1 = a0;
  let near2 = a1;
  let near3 = a2;
  let far1 = a3;
  let far2 = a2;
  let far3 = a1;
  for (let j = 1, lo = c - step, hi = c + 4 * step; j <= r; j++, lo -= step, hi += step) {
    const t = half[j]!;
    const near = src[lo]!;
    const far = src[hi]!;
    s0 += t * (near + far3);
    s1 += t * (near1 + far2);
    s2 += t * (near2 + far1);
    s3 += t * (near3 + far);
    near3 = near2;
    near2 = near1;
    near1 = near;
    far3 = far2;
    far2 = far1;
    far1 = far;
  }
  sums[0] = s0;
  sums[1] = s1;
  sums[2] = s2;
  sums[3] = s3;
}

/** The row pass, into `packed` from its r-th row on. */
function packedRowPass(grey: Uint8Array, width: number, height: number, { r, half, round, inv, lift }: Pass, packed: Float64Array, stride: number): void {
  const round2 = round * (1 + LANE);
  const w2 = (width + 1) >> 1;
  // Packed position i (0 ≤ i < stride + 2r) holds image columns i − r and i − r + w2, clamped to the
  // image; from r to r + width − w2 neither needs the clamp, elsewhere the columns are looked up.
  const span = stride + 2 * r;
  const inner = r + width - w2;
  const line = new Float64Array(span);
  const sums = new Float64Array(4);
  const edges = Int32Array.from({ length: span }, (_, i) => i).filter((i) => i < r || i >= inner);
  const lower = edges.map((i) => Math.min(width - 1, Math.max(0, i - r)));
  const upper = edges.map((i) => Math.min(width - 1, Math.max(0, i - r + w2)));
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let i = r, a = row, b = row + w2; i < inner; i++, a++, b++) line[i] = grey[a]! + grey[b]! * LANE;
    for (let k = 0; k < edges.length; k++) line[edges[k]!] = grey[row + lower[k]!]! + grey[row + upper[k]!]! * LANE;
    const o = (y + r) * stride;
    for (let x = 0; x < w2; x += 4) {
      fourSums(line, x + r, 1, r, half, round2, sums);
      packed[o + x] = packedBytes(sums[0]!, inv, lift);
      packed[o + x + 1] = packedBytes(sums[1]!, inv, lift);
      packed[o + x + 2] = packedBytes(sums[2]!, inv, lift);
      packed[o + x + 3] = packedBytes(sums[3]!, inv, lift);
    }
  }
}

/** The column pass over the packed rows, unpacked into the image. */
function packedColumnPass(packed: Float64Array, stride: number, width: number, height: number, { r, half, round, inv, lift }: Pass): Uint8Array {
  const round2 = round * (1 + LANE);
  const w2 = (width + 1) >> 1;
  // Four rows per step; lane one goes to column i, lane two to column i + w2 (if there is one).
  const out = new Uint8Array(width * height);
  const sums = new Float64Array(4);
  const secondLane = width - w2;
  for (let y = 0; y < height; y += 4) {
    const rows = Math.min(4, height - y);
    const base = (y + r) * stride;
    for (let i = 0; i < w2; i++) {
      fourSums(packed, base + i, stride, r, half, round2, sums);
      const s0 = sums[0]!;
      const s1 = sums[1]!;
      const s2 = sums[2]!;
      const s3 = sums[3]!;
      const o = y * width + i;
      const two = i < secondLane;
      let upper = Math.floor(s0 * BELOW_LANE);
      out[o] = toByte(s0 - upper * LANE, inv, lift);
      if (two) out[o + w2] = toByte(upper, inv, lift);
      if (rows > 1) {
        upper = Math.floor(s1 * BELOW_LANE);
        out[o + width] = toByte(s1 - upper * LANE, inv, lift);
        if (two) out[o + width + w2] = toByte(upper, inv, lift);
      }
      if (rows > 2) {
        upper = Math.floor(s2 * BELOW_LANE);
        out[o + 2 * width] = toByte(s2 - upper * LANE, inv, lift);
        if (two) out[o + 2 * width + w2] = toByte(upper, inv, lift);
      }
      if (rows > 3) {
        upper = Math.floor(s3 * BELOW_LANE);
        out[o + 3 * width] = toByte(s3 - upper * LANE, inv, lift);
        if (two) out[o + 3 * width + w2] = toByte(upper, inv, lift);
      }
    }
  }
  return out;
}

/**
 * The same blur one pixel at a time, for a mask so heavy that a lane's sum could reach 2^26 (a σ of
 * thousands of pixels, or a large minimum amplitude).
 */
function blurOneLane(grey: Uint8Array, width: number, height: number, { r, half, round, inv, lift }: Pass): Uint8Array {
  // Rows: each row with r edge pixels repeated on either side.
  const across = new Uint8Array(width * height);
  const padded = new Float64Array(width + 2 * r);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    padded.fill(grey[row]!, 0, r);
    padded.fill(grey[row + width - 1]!, r + width);
    for (let x = 0; x < width; x++) padded[r + x] = grey[row + x]!;
    for (let x = 0; x < width; x++) {
      const c = x + r;
      let sum = half[0]! * padded[c]! + round;
      for (let j = 1; j <= r; j++) sum += half[j]! * (padded[c - j]! + padded[c + j]!);
      across[row + x] = toByte(sum, inv, lift);
    }
  }
  // Columns: every output row sums whole input rows (edge rows repeated), so memory is read in order.
  const out = new Uint8Array(width * height);
  const sums = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) sums[x] = half[0]! * across[row + x]! + round;
    for (let j = 1; j <= r; j++) {
      const t = half[j]!;
      const above = Math.max(0, y - j) * width;
      const below = Math.min(height - 1, y + j) * width;
      for (let x = 0; x < width; x++) sums[x]! += t * (across[above + x]! + across[below + x]!);
    }
    for (let x = 0; x < width; x++) out[row + x] = toByte(sums[x]!, inv, lift);
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
