// Where a text line's ink starts and ends along the line, from its column profile (ink pixels per column
// over the line's rows). Used by the band's rectification (the line ends are its corners) and by the cell
// grid (all ink must lie inside the cells).
import { longestRun } from './mrz-locate';

/**
 * The extent [first, last] (inclusive) of the longest run of inked columns, gaps of up to `bridge` columns
 * bridged (a missing character), without the specks at either end: a cluster of columns (gaps of one
 * column closed) holding less than 0.3 × `h` ink pixels (a thin '<' on a line `h` px high has ~1 × h) and
 * set apart from the rest of the line by more than 0.4 × h columns is noise — a dot of a guilloche line, a
 * speck of dust — not a glyph, and the line must not be taken to start or end there (faint glyphs, e.g. a
 * row of thin '<', stand a glyph gap apart and stay). Null when no column is inked.
 */
export function lineExtent(profile: ArrayLike<number>, isInk: (x: number) => boolean, bridge: number, h: number): [number, number] | null {
  const [minInk, minGap] = [h * 0.3, h * 0.4];
  const run = longestRun(profile.length, isInk, bridge);
  if (!run) return null;
  let [first, last] = run;
  // The cluster starting at `from` going in `dir`: its far end, its ink, and the next inked column.
  const cluster = (from: number, dir: 1 | -1): { end: number; ink: number; next: number } => {
    let end = from;
    let ink = 0;
    let x = from;
    for (; x >= first && x <= last; x += dir) {
      if (isInk(x)) {
        end = x;
        ink += profile[x]!;
      } else if (Math.abs(x - end) > 1) break;
    }
    while (x >= first && x <= last && !isInk(x)) x += dir;
    return { end, ink, next: x };
  };
  for (;;) {
    const c = cluster(first, 1);
    if (c.ink >= minInk || c.next > last || c.next - c.end <= minGap) break;
    first = c.next;
  }
  for (;;) {
    const c = cluster(last, -1);
    if (c.ink >= minInk || c.next < first || c.end - c.next <= minGap) break;
    last = c.next;
  }
  return [first, last];
}

/**
 * Ink per column over rows [top, bottom) of a 0/1 mask `w` wide, for finding where a line of `h` px high
 * glyphs starts and ends: only pixels of 8-connected pieces bigger than a dot count — the dots of a
 * halftone screen the band's descreen did not find (a screen seen rotated), dust and JPEG specks are a few
 * pixels each, a glyph or a piece of a thin broken stroke is more. Unless that leaves less than
 * SOLID_SHARE of the ink: then the print itself is dots, and all ink counts. Never a piece that reaches the
 * mask's left or right side: the band is cut with a margin of over a line height beyond its lines' ends,
 * so that is the desk beyond the card's edge (or print beside the MRZ), which normalising leaves dark only
 * near the edge — a patch beside the first characters that would be bridged to them.
 */
const SOLID_SHARE = 0.7;
export function extentColumnInk(ink: Uint8Array, w: number, top: number, bottom: number, h: number): Uint16Array {
  const all = new Uint16Array(w);
  for (let y = top; y < bottom; y++) for (let x = 0; x < w; x++) all[x]! += ink[y * w + x]!;
  const outside = new Uint16Array(w);
  const solid = solidColumnInk(ink, w, top, bottom, minPieceArea(h), outside);
  let [sumAll, sumSolid] = [0, 0];
  for (let x = 0; x < w; x++) {
    all[x]! -= outside[x]!;
    sumAll += all[x]!;
    sumSolid += solid[x]!;
  }
  return sumSolid >= sumAll * SOLID_SHARE ? solid : all;
}

/** Smallest ink piece (px) taken as print on a line `h` px high: 1 % of h², at least 4 px. */
const minPieceArea = (h: number): number => Math.max(4, Math.round(h * h * 0.01));

/**
 * Ink per column over rows [top, bottom), counting only 8-connected pieces of at least `minArea` pixels;
 * with `outside`, not the pieces that reach the first or last column: their ink goes there instead.
 */
export function solidColumnInk(ink: Uint8Array, w: number, top: number, bottom: number, minArea: number, outside?: Uint16Array): Uint16Array {
  const rows = bottom - top;
  const out = new Uint16Array(w);
  const seen = new Uint8Array(w * rows);
  const stack: number[] = [];
  const piece: number[] = [];
  for (let start = 0; start < w * rows; start++) {
    if (seen[start] || !ink[(top + ((start / w) | 0)) * w + (start % w)]) continue;
    seen[start] = 1;
    stack.push(start);
    piece.length = 0;
    let side = false;
    while (stack.length > 0) {
      const p = stack.pop()!;
      piece.push(p);
      const y = (p / w) | 0;
      const x = p % w;
      if (x === 0 || x === w - 1) side = true;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= rows) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const q = yy * w + xx;
          if (!seen[q] && ink[(top + yy) * w + xx]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    if (outside && side) for (const p of piece) outside[p % w]!++;
    else if (piece.length >= minArea) for (const p of piece) out[p % w]!++;
  }
  return out;
}

/** 0/1 mask of the pixels at or below `threshold`. */
export function inkMaskAt(grey: Uint8Array, threshold: number): Uint8Array {
  const ink = new Uint8Array(grey.length);
  for (let i = 0; i < ink.length; i++) ink[i] = grey[i]! <= threshold ? 1 : 0;
  return ink;
}

/**
 * Whether ink found over [x0, x1) stops more than 3 line heights (two characters) inside either end of
 * the line as the band search located it: the mask lost the line's end glyphs (thin print broken into
 * specks the extent drops), not a card edge or a run-on the search took in (those are under ~2).
 */
const SHORT_END = 3;
export function endsShort(located: { top: number; bottom: number; x0: number; x1: number }, x0: number, x1: number): boolean {
  const h = located.bottom - located.top;
  return x0 > located.x0 + h * SHORT_END || x1 < located.x1 - h * SHORT_END;
}
