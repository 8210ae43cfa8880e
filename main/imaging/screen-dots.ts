// Removal of a halftone screen's dots that keeps the strokes sharp. A screen printed through an ordered
// dither (a clustered-dot screen at 6–8 px, about a third of the cap height) leaves the paper a lattice of
// dark dots as dark as the ink. Averaging it over one period (descreen.ts) also spreads every stroke over
// that period: a 3 px stroke comes out 6–8 px wide, an M's inner V and a 5's or an E's gaps fill in, and
// the readers see a face far bolder than any they know.
//
// A dot of the screen repeats one period away along both axes; a stroke does not (it runs along one axis
// at most, and a glyph is narrower than two periods). So a pixel darker than the screen's mean tone whose
// eight repeats (one and two periods left, right, up and down) are all darker than it too is taken for a
// dot, and is given the value its nearest neighbours outside the dots agree on: light on paper, dark where
// a stroke runs through the dot on both sides. Where the dots are so dense that most pixels repeat (a dark
// tint under the screen), no stroke can be told from the lattice by repetition; there the period average
// is kept.

import { rankFilter, type Grey8 } from './local-contrast';

/** Share of a period-sized neighbourhood taken for dots above which the period average is kept. */
const DENSE_SHARE = 0.6;
/** Share of dots around a pixel from which the period average is blended in, all of it at DENSE_SHARE. */
const DENSE_FROM = 0.45;
/**
 * Share of the image dense enough to blend in the period average above which the whole image keeps the period
 * average: two ways of removing the screen side by side give strokes of two weights, and the local contrast
 * normalisation after it takes the bolder, lighter ones for faint print.
 */
const MAX_DENSE_AREA = 0.1;
/** Steps searched along each direction for the nearest pixel outside the dots. */
const MAX_STEP = 4;

/**
 * `img` with the dots of a screen of period (periodX, periodY) replaced (see the header); `mean` is the
 * image averaged over one period (the screen's mean tone around every pixel, descreen.ts's output).
 */
export function removeScreenDots(img: Grey8, mean: Grey8, periodX: number, periodY: number): Grey8 {
  const { data, width: w, height: h } = img;
  const m = mean.data;
  // Dark: below half-way from the screen's mean tone to the paper between its dots (the lightest pixel
  // within half a period), so a dot's blurred fringe counts with it.
  const paper = rankFilter(img, Math.max(1, Math.round(Math.max(periodX, periodY) / 2)), 'max');
  const level = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) level[i] = (m[i]! + paper[i]!) >> 1;
  const ox = [Math.round(periodX), Math.round(2 * periodX)];
  const oy = [Math.round(periodY), Math.round(2 * periodY)];
  const dot = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const v = data[i]!;
      if (v >= level[i]!) continue;
      // Every repeat inside the image must be darker than the screen's tone at it; near an edge the repeats
      // on the inner side (at least two along each axis) must do.
      let repeats = true;
      let nx = 0;
      for (const d of ox)
        for (const s of [-d, d]) {
          if (x + s < 0 || x + s >= w) continue;
          nx++;
          if (data[i + s]! >= level[i + s]!) repeats = false;
        }
      let ny = 0;
      if (repeats)
        for (const d of oy)
          for (const s of [-d, d]) {
            if (y + s < 0 || y + s >= h) continue;
            ny++;
            if (data[i + s * w]! >= level[i + s * w]!) repeats = false;
          }
      if (nx < 2 || ny < 2) repeats = false;
      if (repeats) dot[i] = 1;
    }
  }
  // Share of dots around each pixel (a box one period wide), to find where the lattice is too dense.
  const rx = Math.max(1, Math.round(periodX / 2));
  const ry = Math.max(1, Math.round(periodY / 2));
  const share = boxShare(dot, w, h, rx, ry);
  let denseArea = 0;
  for (let i = 0; i < w * h; i++) if (share[i]! > DENSE_FROM) denseArea++;
  if (denseArea > MAX_DENSE_AREA * w * h) return mean;
  const out = Uint8Array.from(data);
  const dirs: [number, number][] = [
    [1, 0],
    [0, 1],
    [1, 1],
    [1, -1],
  ];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const dense = Math.min(1, Math.max(0, (share[i]! - DENSE_FROM) / (DENSE_SHARE - DENSE_FROM)));
      if (dense >= 1) {
        out[i] = m[i]!;
        continue;
      }
      if (!dot[i]) {
        if (dense > 0) out[i] = Math.round((1 - dense) * data[i]! + dense * m[i]!);
        continue;
      }
      // Along each axis, the lighter of the two nearest non-dot pixels: dark only when a stroke continues on
      // both sides. Over the axes, the darkest: a stroke through the dot along any one axis keeps it dark.
      let value = 255;
      let found = false;
      for (const [dx, dy] of dirs) {
        const a = nearestOutside(data, dot, w, h, x, y, dx, dy);
        const b = nearestOutside(data, dot, w, h, x, y, -dx, -dy);
        if (a < 0 || b < 0) continue;
        found = true;
        value = Math.min(value, Math.max(a, b));
      }
      // In an image's corner no axis may have a pixel outside the dots on both sides: the period average.
      out[i] = Math.round((1 - dense) * (found ? value : m[i]!) + dense * m[i]!);
    }
  }
  return { data: out, width: w, height: h };
}

/** Value of the first pixel outside the dots from (x, y) in direction (dx, dy), or −1 within MAX_STEP. */
function nearestOutside(data: Uint8Array, dot: Uint8Array, w: number, h: number, x: number, y: number, dx: number, dy: number): number {
  for (let s = 1; s <= MAX_STEP; s++) {
    const xx = x + s * dx;
    const yy = y + s * dy;
    if (xx < 0 || yy < 0 || xx >= w || yy >= h) return -1;
    const j = yy * w + xx;
    if (!dot[j]) return data[j]!;
  }
  return -1;
}

/** Share of set pixels of `mask` in the (2rx+1)×(2ry+1) box around each pixel (clipped at the edges). */
function boxShare(mask: Uint8Array, w: number, h: number, rx: number, ry: number): Float32Array {
  const tmp = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    let sum = 0;
    const row = y * w;
    for (let x = 0; x < Math.min(w, rx); x++) sum += mask[row + x]!;
    for (let x = 0; x < w; x++) {
      if (x + rx < w) sum += mask[row + x + rx]!;
      if (x - rx - 1 >= 0) sum -= mask[row + x - rx - 1]!;
      const n = Math.min(w - 1, x + rx) - Math.max(0, x - rx) + 1;
      tmp[row + x] = sum / n;
    }
  }
  const out = new Float32Array(w * h);
  for (let x = 0; x < w; x++) {
    let sum = 0;
    for (let y = 0; y < Math.min(h, ry); y++) sum += tmp[y * w + x]!;
    for (let y = 0; y < h; y++) {
      if (y + ry < h) sum += tmp[(y + ry) * w + x]!;
      if (y - ry - 1 >= 0) sum -= tmp[(y - ry - 1) * w + x]!;
      const n = Math.min(h - 1, y + ry) - Math.max(0, y - ry) + 1;
      out[y * w + x] = sum / n;
    }
  }
  return out;
}
