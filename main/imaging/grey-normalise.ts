// sharp's normalise() for an 8-bit grey image, as a lookup table. sharp stretches the luminance so its
// 1st percentile becomes black and its 99th white, and it does so in CIELAB: every pixel is converted to
// LAB (twice: once for the percentiles, once for the output) and back — most of the CPU of rendering an
// MRZ band for tesseract, on an image that only has 256 grey levels. Here the same result is built from
// sharp's own arithmetic on 256 pixels:
//  - L of each grey level, from sharp (the LAB conversion is per pixel), truncated to an integer as
//    libvips' histogram takes it;
//  - the percentiles as libvips' percent() finds them: cumulative histogram of those integers, scaled so
//    its maximum is 65535 (float arithmetic, truncated), and the first level above p % of 65536;
//  - the stretched grey of every level between the two percentiles, from sharp's normalise() over just
//    those levels with lower 0 / upper 100 (their own min and max are the same two integers); levels below
//    go to black, above to white, and with less than 2 L between the percentiles the image is unchanged
//    (what sharp does).
// test/unit/precheck/grey-normalise.test.ts holds it to sharp's own output on drawn bands.
import sharp from 'sharp';

let lightness: Promise<Uint8Array> | null = null;

/** L* (truncated) of every grey level, as sharp converts 8-bit grey to LAB. */
function lightnessLevels(): Promise<Uint8Array> {
  lightness ??= (async () => {
    const ramp = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const { data } = await sharp(ramp, { raw: { width: 256, height: 1, channels: 1 } }).toColourspace('lab').raw({ depth: 'float' }).toBuffer({ resolveWithObject: true });
    const lab = new Float32Array(data.buffer, data.byteOffset, data.length / 4);
    return Uint8Array.from({ length: 256 }, (_, g) => Math.max(0, Math.min(255, Math.trunc(lab[3 * g]!))));
  })();
  return lightness;
}

/**
 * libvips percent() on the histogram of L (integers 0…top, `top` the largest L in the image): the
 * cumulative counts scaled so their maximum is `top` (float arithmetic, truncated to an integer), and the
 * first level whose scaled count exceeds `percent` % of the histogram's top + 1 levels.
 */
function percentLevel(cumulative: Float64Array, total: number, top: number, percent: number): number {
  const limit = (percent / 100) * (top + 1);
  const scale = Math.fround(top / total);
  for (let l = 0; l <= top; l++) if (Math.trunc(Math.fround(scale * Math.fround(cumulative[l]!))) > limit) return l;
  return top + 1;
}

/** The 1st and 99th percentile levels of L (see percentLevel) of a histogram of grey levels. */
function percentiles(counts: ArrayLike<number>, levels: Uint8Array): { min: number; max: number; top: number } {
  const cumulative = new Float64Array(101);
  let total = 0;
  let top = 0;
  for (let g = 0; g < 256; g++) {
    if (counts[g]! === 0) continue;
    cumulative[levels[g]!]! += counts[g]!;
    total += counts[g]!;
    if (levels[g]! > top) top = levels[g]!;
  }
  for (let l = 1; l < cumulative.length; l++) cumulative[l]! += cumulative[l - 1]!;
  return { min: percentLevel(cumulative, total, top, 1), max: percentLevel(cumulative, total, top, 99), top };
}

const stretched = new Map<number, Promise<Uint8Array | null>>();

/**
 * A few hundred pixels whose normalise() stretches exactly like the image's: every grey level whose L lies
 * in [min, top] once, and more of the levels at min and at top until their percentiles (percentLevel) are
 * the image's own min and max. Null when no such handful is found (the caller then lets sharp do it all).
 */
function calibration(min: number, max: number, top: number, levels: Uint8Array): number[] | null {
  const inside: number[] = [];
  for (let g = 0; g < 256; g++) if (levels[g]! >= min && levels[g]! <= top) inside.push(g);
  if (inside.length === 0) return null;
  const low = inside[0]!;
  const high = inside[inside.length - 1]!;
  for (let extraLow = 0; extraLow <= 64; extraLow++) {
    for (let extraHigh = 0; extraHigh <= 64; extraHigh++) {
      const counts = new Uint32Array(256);
      for (const g of inside) counts[g]!++;
      counts[low]! += extraLow;
      counts[high]! += extraHigh;
      const p = percentiles(counts, levels);
      if (p.min === min && p.max === max && p.top === top) {
        const pixels: number[] = [];
        for (let g = 0; g < 256; g++) for (let k = 0; k < counts[g]!; k++) pixels.push(g);
        return pixels;
      }
    }
  }
  return null;
}

/**
 * Grey level → stretched grey level for an image whose L percentiles are min and max and whose largest L
 * is top: sharp's own normalise() over a calibration image with the same percentiles. Null when no
 * calibration image is found.
 */
function stretchTable(min: number, max: number, top: number, levels: Uint8Array): Promise<Uint8Array | null> {
  const key = (min * 128 + max) * 128 + top;
  let table = stretched.get(key);
  if (table) return table;
  table = (async () => {
    const pixels = calibration(min, max, top, levels);
    if (!pixels) return null;
    const { data } = await sharp(Buffer.from(pixels), { raw: { width: pixels.length, height: 1, channels: 1 } })
      .normalise()
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    // Levels below min (not in the calibration) stretch below black; none lies above top.
    const out = new Uint8Array(256);
    pixels.forEach((g, i) => (out[g] = data[i]!));
    return out;
  })();
  if (stretched.size > 4096) stretched.clear();
  stretched.set(key, table);
  return table;
}

/**
 * The table that sharp's threshold() when given (sharp applies it first: ≥ threshold white, else black),
 * then its normalise() (1st and 99th percentile) apply to this 8-bit grey image: out = table[in]. Null
 * when it cannot be had from a calibration image (the caller then runs sharp on the image itself).
 */
export async function greyNormaliseTable(grey: Uint8Array, threshold?: number): Promise<Uint8Array | null> {
  const levels = await lightnessLevels();
  const counts = new Uint32Array(256);
  for (let i = 0; i < grey.length; i++) counts[grey[i]!]!++;
  // sharp takes threshold 0 as none.
  const before = Uint8Array.from({ length: 256 }, (_, g) => (threshold ? (g >= threshold ? 255 : 0) : g));
  const seen = new Uint32Array(256);
  for (let g = 0; g < 256; g++) seen[before[g]!]! += counts[g]!;
  const { min, max, top } = percentiles(seen, levels);
  // Too small a range: sharp leaves the image as it is.
  if (Math.abs(max - min) <= 1) return before;
  const stretch = await stretchTable(min, max, top, levels);
  return stretch && before.map((v) => stretch[v]!);
}
