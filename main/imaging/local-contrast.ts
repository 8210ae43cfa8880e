// Local contrast normalisation of a grey image of dark print on a lighter ground (an MRZ band, a page):
// the paper level and the ink level are estimated around every pixel, and the pixel is mapped so that
// local ink is 0 and local paper is 255. Glare (light added over part of the print), a shadow (light
// taken away) and a low-contrast capture then all come out as black print on white, and a single
// threshold (Otsu) separates ink from paper everywhere.
//
//  paper level: grey-level closing (max filter, then min filter) with a window wider than a stroke, so
//               the print disappears into the paper around it, then a box blur;
//  ink level:   min filter with a window of about a character (every window over print holds a stroke),
//               then a box blur;
//  range:       paper − ink, never below a share of the band's typical range: away from the print (the
//               gaps between lines) the local range is only noise, which must not be stretched to black.

export interface Grey8 {
  data: Uint8Array;
  width: number;
  height: number;
}

// Every max and min below is taken without a branch: for bytes a and b, d = a − b lies in −255…255 and
// d >> 31 is all ones exactly when a < b, so max = a − (d & (d >> 31)) and min = b + (d & (d >> 31)).
// Whether a pixel is lighter than its neighbour is a coin toss on print, and a branch the CPU guesses
// wrong half the time costs more than the arithmetic. With the column pass comparing source rows in place
// (no copy of each row first), the rank filters give the same values for about a sixth less CPU.

/**
 * Running max (or min) over a window of 2·radius+1 along each row, by the van Herk / Gil–Werman method:
 * three comparisons per pixel whatever the radius.
 */
function rowRank(src: Uint8Array, w: number, h: number, radius: number, max: boolean): Uint8Array {
  const out = new Uint8Array(src.length);
  const k = 2 * radius + 1;
  const total = w + 2 * radius + k;
  const padded = new Uint8Array(total);
  const g = new Uint8Array(total);
  const hh = new Uint8Array(total);
  // Max and min written out separately: a comparison passed in as a function costs a call per pixel.
  for (let line = 0; line < h; line++) {
    const base = line * w;
    padded.fill(max ? 0 : 255);
    padded.set(src.subarray(base, base + w), radius);
    for (let start = 0; start < total; start += k) {
      const end = Math.min(total, start + k);
      let run = padded[start]!;
      g[start] = run;
      let back = padded[end - 1]!;
      hh[end - 1] = back;
      if (max) {
        for (let i = start + 1; i < end; i++) {
          const d = padded[i]! - run;
          run += d & ~(d >> 31);
          g[i] = run;
        }
        for (let i = end - 2; i >= start; i--) {
          const d = padded[i]! - back;
          back += d & ~(d >> 31);
          hh[i] = back;
        }
      } else {
        for (let i = start + 1; i < end; i++) {
          const d = padded[i]! - run;
          run += d & (d >> 31);
          g[i] = run;
        }
        for (let i = end - 2; i >= start; i--) {
          const d = padded[i]! - back;
          back += d & (d >> 31);
          hh[i] = back;
        }
      }
    }
    // Window [i, i + k − 1] of the padded line is centred on source position i.
    if (max) {
      for (let i = 0; i < w; i++) {
        const a = hh[i]!;
        const d = a - g[i + k - 1]!;
        out[base + i] = a - (d & (d >> 31));
      }
    } else {
      for (let i = 0; i < w; i++) {
        const b = g[i + k - 1]!;
        const d = hh[i]! - b;
        out[base + i] = b + (d & (d >> 31));
      }
    }
  }
  return out;
}

/**
 * The same running max (or min) down each column. The method runs on whole rows at a time — each step
 * compares a row with the one before it, element by element — so memory is read along rows (contiguous)
 * instead of a column's stride apart. A padding row (the fill value) leaves the running max or min as it
 * was, so it is a copy of the row before.
 */
function columnRank(src: Uint8Array, w: number, h: number, radius: number, max: boolean): Uint8Array {
  const out = new Uint8Array(src.length);
  const k = 2 * radius + 1;
  const total = h + 2 * radius + k;
  const fill = max ? 0 : 255;
  // Row i of the padded column block is source row i − radius, or the fill value outside the image.
  const g = new Uint8Array(total * w);
  const hh = new Uint8Array(total * w);
  const row = (dst: Uint8Array, i: number): void => {
    const y = i - radius;
    if (y >= 0 && y < h) dst.set(src.subarray(y * w, y * w + w), i * w);
    else dst.fill(fill, i * w, i * w + w);
  };
  // dst's row i: source row i − radius against dst's row `prev` (the one just before in the running order).
  const step = (dst: Uint8Array, i: number, prev: number): void => {
    const y = i - radius;
    const at = i * w;
    const from = prev * w;
    if (y < 0 || y >= h) {
      dst.copyWithin(at, from, from + w);
      return;
    }
    const s = y * w;
    if (max)
      for (let x = 0; x < w; x++) {
        const a = src[s + x]!;
        const d = a - dst[from + x]!;
        dst[at + x] = a - (d & (d >> 31));
      }
    else
      for (let x = 0; x < w; x++) {
        const b = dst[from + x]!;
        const d = src[s + x]! - b;
        dst[at + x] = b + (d & (d >> 31));
      }
  };
  for (let start = 0; start < total; start += k) {
    const end = Math.min(total, start + k);
    row(g, start);
    row(hh, end - 1);
    for (let i = start + 1; i < end; i++) step(g, i, i - 1);
    for (let i = end - 2; i >= start; i--) step(hh, i, i + 1);
  }
  // Window [i, i + k − 1] of the padded rows is centred on source row i.
  const lag = (k - 1) * w;
  if (max)
    for (let x = 0; x < w * h; x++) {
      const a = hh[x]!;
      const d = a - g[x + lag]!;
      out[x] = a - (d & (d >> 31));
    }
  else
    for (let x = 0; x < w * h; x++) {
      const b = g[x + lag]!;
      const d = hh[x]! - b;
      out[x] = b + (d & (d >> 31));
    }
  return out;
}

/** Max (dilation of the light) or min (erosion) over a (2·radius+1)² square. */
export function rankFilter(img: Grey8, radius: number, kind: 'max' | 'min'): Uint8Array {
  const r = Math.max(0, Math.round(radius));
  if (r === 0) return Uint8Array.from(img.data);
  const max = kind === 'max';
  return columnRank(rowRank(img.data, img.width, img.height, r, max), img.width, img.height, r, max);
}

/**
 * Mean over a (2·radius+1)² square (clipped at the edges), by running sums: along each row, then down each
 * column. The columns' running sums are kept side by side and moved down a row at a time (rows are
 * contiguous in memory; each column's sum takes the same additions in the same order as one column at a
 * time would).
 */
export function boxBlur(img: Grey8, radius: number): Uint8Array {
  const { width: w, height: h } = img;
  const r = Math.max(0, Math.round(radius));
  if (r === 0) return Uint8Array.from(img.data);
  const src = img.data;
  const tmp = new Float32Array(w * h);
  // Along a row the window [x − r, x + r] is clipped at both ends; the sum and count are integers, so
  // the row is taken in three stretches (window growing, full, shrinking) without a test per pixel.
  const grow = Math.min(w, r + 1);
  const full = Math.max(grow, w - r);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let sum = 0;
    let count = 0;
    for (let x = 0; x < Math.min(w, r); x++) {
      sum += src[row + x]!;
      count++;
    }
    for (let x = 0; x < grow; x++) {
      if (x + r < w) {
        sum += src[row + x + r]!;
        count++;
      }
      tmp[row + x] = sum / count;
    }
    for (let x = grow; x < full; x++) {
      sum += src[row + x + r]! - src[row + x - r - 1]!;
      tmp[row + x] = sum / count;
    }
    for (let x = full; x < w; x++) {
      sum -= src[row + x - r - 1]!;
      count--;
      tmp[row + x] = sum / count;
    }
  }
  const out = new Uint8Array(w * h);
  const sums = new Float64Array(w);
  let count = 0;
  for (let y = 0; y < Math.min(h, r); y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) sums[x] = sums[x]! + tmp[row + x]!;
    count++;
  }
  for (let y = 0; y < h; y++) {
    if (y + r < h) {
      const add = (y + r) * w;
      for (let x = 0; x < w; x++) sums[x] = sums[x]! + tmp[add + x]!;
      count++;
    }
    if (y - r - 1 >= 0) {
      const sub = (y - r - 1) * w;
      for (let x = 0; x < w; x++) sums[x] = sums[x]! - tmp[sub + x]!;
      count--;
    }
    const row = y * w;
    for (let x = 0; x < w; x++) out[row + x] = Math.round(sums[x]! / count);
  }
  return out;
}

export interface LocalContrastOptions {
  /** Window radius of the paper estimate, px: wider than the thickest stroke (≈ 0.3 of a character height). */
  paperRadius: number;
  /** Window radius of the ink estimate, px: about a character, so each window over print holds some ink. */
  inkRadius: number;
  /** Smallest range stretched to full scale, as a share of the image's median local range (default 0.5). */
  minRangeShare?: number;
}

/** Paper level around every pixel: closing (max, then min) and a box blur. */
export function paperLevel(img: Grey8, radius: number): Uint8Array {
  const closed = rankFilter({ ...img, data: rankFilter(img, radius, 'max') }, radius, 'min');
  return boxBlur({ ...img, data: closed }, radius);
}

/** The image with local ink mapped to 0 and local paper to 255 (see the file comment). */
export function normaliseLocalContrast(img: Grey8, options: LocalContrastOptions): Grey8 {
  const { width: w, height: h } = img;
  const paper = paperLevel(img, options.paperRadius);
  const ink = boxBlur({ ...img, data: rankFilter(img, options.inkRadius, 'min') }, options.inkRadius);
  const ranges = new Uint32Array(256);
  for (let i = 0; i < w * h; i++) ranges[Math.max(0, paper[i]! - ink[i]!)]!++;
  // The median over the pixels that see print: the upper half of the ranges (gaps between lines are
  // the lower part).
  let seen = 0;
  let typical = 0;
  for (let v = 0; v < 256; v++) {
    seen += ranges[v]!;
    if (seen >= w * h * 0.6) {
      typical = v;
      break;
    }
  }
  const floor = Math.max(12, typical * (options.minRangeShare ?? 0.5));
  const out = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const p = paper[i]!;
    const range = Math.max(floor, p - ink[i]!);
    const v = 255 - ((p - img.data[i]!) * 255) / range;
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
  }
  return { data: out, width: w, height: h };
}
