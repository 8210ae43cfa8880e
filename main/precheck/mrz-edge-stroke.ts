// Tells the card's edge from a character beside it. Where the card lies on a darker desk, the edge is
// ink beside the MRZ's first (or last) characters: in the search's mask, which compares each pixel with
// its blurred surroundings, a stripe along the desk side of the edge; in the band cut out and normalised,
// the whole desk up to the edge. Bridged to the character next to it, it makes the line seem to start at
// the edge — a line that no longer aligns with the other lines of its MRZ, or a cell grid that starts a
// cell early. It is told by its shape, not by how dark or how high it is: ink whose side facing the
// line is one straight, unbroken boundary running on through the line and well beyond it above and
// below — either a stroke of even width (the stripe) or ink reaching the side of the image on every row
// (the desk). No glyph is that: glyphs end at the cap line and the baseline, MRZ lines are at least half
// a line apart, and a stroke of a glyph meets the other strokes of its glyph (its width jumps).

/** A stripe is at most this many line heights wide, its width even to within WIDTH_SPREAD line heights. */
const MAX_WIDTH = 0.5;
const WIDTH_SPREAD = 0.2;
/** It runs on at least this many line heights past the line's top and bottom. */
const REACH = 0.6;
/** Its side (the stripe's centre) lies on a straight line to within this many px … */
const STRAIGHT = 1.5;
/** … at most this far off the vertical (dx / dy): the edge of a card at an angle, not a guilloche curve. */
const MAX_SLANT = 0.35;

/**
 * Columns of the card's edge beside the line over rows [top, bottom) of a 0/1 mask `w` × `h` (the line as
 * located, without the gaps around it): each run of ink on the line's middle row is followed row by row up
 * and down (each row's run overlapping the last one's, moved by at most a column) for REACH line heights
 * past the line. Returned: 1 for every column the edge's ink touches on those rows, for the caller to
 * leave out of the line's extent; null when there is no edge.
 */
export function edgeStrokeColumns(mask: Uint8Array, w: number, h: number, top: number, bottom: number): Uint8Array | null {
  const height = bottom - top;
  const reach = Math.max(2, Math.round(height * REACH));
  if (height < 2 || top - reach < 0 || bottom + reach > h) return null;
  const mid = Math.floor((top + bottom) / 2);
  let out: Uint8Array | null = null;
  const row = mid * w;
  for (let x = 0; x < w; ) {
    if (!mask[row + x]) {
      x++;
      continue;
    }
    let end = x;
    while (end + 1 < w && mask[row + end + 1]) end++;
    const runs = traceEdge(mask, w, mid, x, end, top - reach, bottom + reach, height);
    if (runs) {
      out ??= new Uint8Array(w);
      for (const [a, b] of runs) out.fill(1, a, b + 1);
    }
    x = end + 1;
  }
  return out;
}

/**
 * The runs [a, b] of the edge on every row of [from, to), followed from the run [x0, x1] on row `mid`;
 * null when the ink breaks off before either end, or is neither a straight stripe nor a margin of ink
 * from the image's side with a straight inner side.
 */
function traceEdge(mask: Uint8Array, w: number, mid: number, x0: number, x1: number, from: number, to: number, height: number): Array<[number, number]> | null {
  const runs: Array<[number, number]> = new Array(to - from);
  runs[mid - from] = [x0, x1];
  const follow = (dir: 1 | -1): boolean => {
    let [a, b] = [x0, x1];
    for (let y = mid + dir; y >= from && y < to; y += dir) {
      const r = y * w;
      // The run on this row overlapping [a − 1, b + 1].
      let c = -1;
      for (let x = Math.max(0, a - 1); x <= Math.min(w - 1, b + 1); x++)
        if (mask[r + x]) {
          c = x;
          break;
        }
      if (c < 0) return false;
      let [na, nb] = [c, c];
      while (na > 0 && mask[r + na - 1]) na--;
      while (nb + 1 < w && mask[r + nb + 1]) nb++;
      runs[y - from] = [na, nb];
      [a, b] = [na, nb];
    }
    return true;
  };
  if (!follow(-1) || !follow(1)) return null;
  const maxWidth = Math.max(2, height * MAX_WIDTH);
  const widths = runs.map(([a, b]) => b - a + 1).sort((p, q) => p - q);
  if (widths[widths.length - 1]! <= maxWidth) {
    const [lo, hi] = [widths[Math.floor(widths.length * 0.1)]!, widths[Math.floor(widths.length * 0.9)]!];
    return hi - lo <= Math.max(2, height * WIDTH_SPREAD) && straight(runs.map(([a, b]) => (a + b) / 2)) ? runs : null;
  }
  // Wider: the desk, from the image's left or right side up to the edge on every row.
  if (runs.every(([a]) => a === 0)) return straight(runs.map(([, b]) => b)) ? runs : null;
  if (runs.every(([, b]) => b === w - 1)) return straight(runs.map(([a]) => a)) ? runs : null;
  return null;
}

/** Whether the positions (one per row) lie on a straight line within STRAIGHT px, at most MAX_SLANT off the vertical. */
function straight(xs: number[]): boolean {
  const n = xs.length;
  let [sy, sx, syy, sxy] = [0, 0, 0, 0];
  xs.forEach((x, i) => {
    sy += i;
    sx += x;
    syy += i * i;
    sxy += i * x;
  });
  const slope = (n * sxy - sy * sx) / Math.max(1e-9, n * syy - sy * sy);
  if (Math.abs(slope) > MAX_SLANT) return false;
  const icept = (sx - slope * sy) / n;
  return xs.every((x, i) => Math.abs(x - (icept + slope * i)) <= STRAIGHT);
}
