// The reader's Gaussian blur (main/imaging/gaussian-blur.ts): libvips' integer mask, the fixed-point form
// its vector code gives it, the rounding and the edges. test/integration/precheck/
// mrz-pixels-cpu-independent.test.ts holds it to libvips' own vector code on a drawn passport; these are
// the cases that can be worked out by hand.
import { describe, expect, it } from 'vitest';
import { fixedPointMask, gaussianBlur, gaussianBlurChannels, gaussianMask } from '../../../main/imaging/gaussian-blur';

describe('gaussianMask', () => {
  it('is 20·exp(−x²/2σ²) rounded, out to the last tap of amplitude 0.2 or more, scaled by its sum', () => {
    // σ 1: exp(−½) = 0.61 → 12; exp(−2) = 0.14 is below 0.2.
    expect(gaussianMask(1)).toEqual({ taps: Int32Array.from([12, 20, 12]), scale: 44 });
    // σ 2: 20, 17.6, 12.1, 6.5 (amplitude 0.32); x = 4 is 0.14.
    expect(gaussianMask(2)).toEqual({ taps: Int32Array.from([6, 12, 18, 20, 18, 12, 6]), scale: 92 });
  });

  it('is a single tap while the next one would fall below the minimum amplitude', () => {
    expect(gaussianMask(0.5).taps).toEqual(Int32Array.from([20]));
  });
});

describe('fixedPointMask', () => {
  it('is round(128·tap/scale·2^−shift), 2^shift the largest tap/scale rounded up to a power of two, times two', () => {
    // σ 1: 20/44 = 0.45 rounds up to 2^−1, so shift 0 and the sum is shifted right by 7: 128·12/44 = 34.9.
    expect(fixedPointMask(Int32Array.from([12, 20, 12]), 44)).toEqual({ mantissas: Int32Array.from([35, 58, 35]), exp: 7 });
    // σ 2: 20/92 = 0.22 rounds up to 2^−2, so shift −1: 256·6/92 = 16.7.
    expect(fixedPointMask(Int32Array.from([6, 12, 18, 20, 18, 12, 6]), 92)).toEqual({ mantissas: Int32Array.from([17, 33, 50, 56, 50, 33, 17]), exp: 8 });
  });

  it('is none where libvips keeps to its C code: an even grey of 128 would come out more than 2 levels off', () => {
    // σ 0.6: [5, 20, 5] / 30 becomes [11, 43, 11] / 64, 130 for 128 (against libvips' own sum of the
    // true mask in floating point, 127.99…, taken as 127).
    expect(gaussianMask(0.6)).toEqual({ taps: Int32Array.from([5, 20, 5]), scale: 30 });
    expect(fixedPointMask(Int32Array.from([5, 20, 5]), 30)).toBeNull();
  });
});

describe('gaussianBlur', () => {
  it('leaves an even grey even, lifted only where the fixed-point mask does not sum to one', () => {
    const grey = new Uint8Array(30 * 20).fill(173);
    // σ 1: [35, 58, 35] sums to 128 = 2^7, so the grey stays as it is.
    expect(gaussianBlur(grey, 30, 20, 1)).toEqual(grey);
    // σ 3: the mantissas sum to 257 for 2^8, so each pass lifts it a little: 173 → 174 → 175, as libvips'
    // vector code does (its C code would leave 173).
    expect(gaussianBlur(grey, 30, 20, 3)).toEqual(new Uint8Array(30 * 20).fill(175));
  });

  it('spreads one dark pixel by the mask, rows then columns, each pass rounded to a byte', () => {
    const w = 7;
    const grey = new Uint8Array(w * w).fill(200);
    grey[3 * w + 3] = 24;
    const out = gaussianBlur(grey, w, w, 1);
    // σ 1: (Σ [35, 58, 35]·pixel + 64) >> 7. Rows: the dark pixel's row becomes 152, 120, 152
    // ((35·24 + 58·200 + 35·200 + 64) >> 7 = 152). Columns: the centre (35·200 + 58·120 + 35·200 + 64) >> 7
    // = 164, beside it 178, the corners 187; everything else stays 200.
    const row = (y: number) => Array.from(out.subarray(y * w, y * w + w));
    expect(row(2)).toEqual([200, 200, 187, 178, 187, 200, 200]);
    expect(row(3)).toEqual([200, 200, 178, 164, 178, 200, 200]);
    expect(row(4)).toEqual([200, 200, 187, 178, 187, 200, 200]);
    expect(row(0)).toEqual(Array(w).fill(200));
  });

  it('repeats the edge pixel beyond the image', () => {
    // A dark left column: beyond the left edge the image is taken to continue dark, so the column only
    // lightens by its right neighbour: (35·24 + 58·24 + 35·200 + 64) >> 7 = 72; the next one
    // (35·24 + 58·200 + 35·200 + 64) >> 7 = 152. Every row is the same, so the column pass (edge rows
    // repeated) changes nothing.
    const w = 5;
    const grey = new Uint8Array(w * 3).fill(200);
    for (let y = 0; y < 3; y++) grey[y * w] = 24;
    const out = gaussianBlur(grey, w, 3, 1);
    for (let y = 0; y < 3; y++) expect(Array.from(out.subarray(y * w, y * w + w))).toEqual([72, 152, 200, 200, 200]);
  });

  it('copies the image below σ 0.2 and refuses a buffer of the wrong size', () => {
    const grey = Uint8Array.from([1, 2, 3, 4]);
    expect(gaussianBlur(grey, 2, 2, 0.1)).toEqual(grey);
    expect(() => gaussianBlur(grey, 3, 2, 1)).toThrow(/expected 3x2 bytes/);
  });
});

/**
 * The blur by its definition, one output pixel at a time in whole numbers: each pass
 * ⌊(Σ weight·pixel + round) / divisor⌋ clipped to 255, indices beyond the image clamped to its edge.
 */
function blurByDefinition(grey: Uint8Array, width: number, height: number, sigma: number, minAmplitude?: number): Uint8Array {
  const { taps, scale } = gaussianMask(sigma, minAmplitude);
  const fixed = fixedPointMask(taps, scale);
  const weights = fixed ? fixed.mantissas : taps;
  const divisor = fixed ? 2 ** fixed.exp : scale;
  const round = fixed ? 2 ** (fixed.exp - 1) : Math.floor(scale / 2);
  const r = taps.length >> 1;
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  const pass = (sum: number) => Math.min(255, (sum + round - ((sum + round) % divisor)) / divisor);
  const across = new Uint8Array(width * height);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -r; k <= r; k++) sum += weights[k + r]! * grey[y * width + clamp(x + k, width)]!;
      across[y * width + x] = pass(sum);
    }
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -r; k <= r; k++) sum += weights[k + r]! * across[clamp(y + k, height) * width + x]!;
      out[y * width + x] = pass(sum);
    }
  return out;
}

describe('gaussianBlur against its definition', () => {
  // gaussianBlur carries two pixels in each double and works out four outputs at a time; these shapes put
  // the image's halves, its edges and the last, partial groups of four in every position.
  const shapes: [number, number][] = [[1, 1], [1, 9], [9, 1], [2, 3], [3, 2], [5, 5], [7, 4], [8, 13], [13, 6], [31, 17], [64, 33]];
  const pictures: [string, (i: number) => number][] = [
    ['white', () => 255],
    ['black', () => 0],
    ['noise', (i) => (Math.imul(i + 1, 2654435761) >>> 24) & 255],
    ['ink on paper', (i) => ((Math.imul(i + 7, 40503) >>> 9) % 7 === 0 ? 20 : 235)],
  ];
  // 0.6: libvips' C arithmetic; 3: fixed-point sums of 257/256 (white is clipped back to 255); 6.67 the
  // ink mask at the search width; 16.7 a mask wider than most of these images.
  for (const sigma of [0.6, 0.8, 1.33, 3, 6.67, 16.7]) {
    it(`is the same pixels at σ ${sigma} on every shape`, () => {
      for (const [width, height] of shapes)
        for (const [name, pixel] of pictures) {
          const grey = Uint8Array.from({ length: width * height }, (_, i) => pixel(i));
          expect(gaussianBlur(grey, width, height, sigma), `${width}x${height} ${name}`).toEqual(blurByDefinition(grey, width, height, sigma));
        }
    });
  }

  it('is the same pixels for a mask too heavy for two pixels to a double (sums reaching 2^26)', () => {
    // σ 8400 with the mask cut at amplitude 0.5: 19,781 taps summing to 320,724; a near-white image sums
    // to more than 250 times that, past 2^26.
    const grey = Uint8Array.from({ length: 5 * 3 }, (_, i) => 250 + (i % 6));
    expect(gaussianMask(8400, 0.5).scale * 250).toBeGreaterThan(2 ** 26);
    expect(gaussianBlur(grey, 5, 3, 8400, 0.5)).toEqual(blurByDefinition(grey, 5, 3, 8400, 0.5));
  });

  it('gives an empty image for an empty one', () => {
    expect(gaussianBlur(new Uint8Array(0), 0, 4, 2)).toEqual(new Uint8Array(0));
  });
});

describe('gaussianBlurChannels', () => {
  it('blurs each interleaved channel as gaussianBlur blurs that channel alone', () => {
    const [w, h] = [9, 7];
    const planes = [0, 1, 2].map((c) => Uint8Array.from({ length: w * h }, (_, i) => (i * (37 + c * 11) + c * 90) % 256));
    const rgb = Uint8Array.from({ length: w * h * 3 }, (_, i) => planes[i % 3]![Math.floor(i / 3)]!);
    const out = gaussianBlurChannels(rgb, w, h, 3, 1.4);
    planes.forEach((plane, c) => {
      const alone = gaussianBlur(plane, w, h, 1.4);
      expect(Uint8Array.from({ length: w * h }, (_, i) => out[i * 3 + c]!)).toEqual(alone);
      expect(alone).not.toEqual(plane);
    });
    expect(() => gaussianBlurChannels(rgb, w, h, 4, 1)).toThrow(/expected 9x7x4 bytes/);
  });
});
