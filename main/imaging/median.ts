// 3×3 median of a grey image, edges replicated: the same bytes as sharp's median(3) (libvips' rank
// filter, which extends the image by copying its edge pixels), for a fraction of its CPU. The MRZ band
// search (mrz-locate.ts) takes a 3×3 median of the page at the search width before its ink mask, and
// sharp's generic rank filter there is one of the costliest steps of a read (~30–40 ms of CPU).
//
// Each column's three values of the window are sorted once per row and shared by the three windows
// that hold that column; the median of the nine is then the median of the largest of the three
// smallest, the median of the three middles and the smallest of the three largest (the classic 3×3
// reduction, exact). All integer arithmetic: the same result on every CPU.
//
// Every min and max is taken without a branch: d = a − b lies in −255…255, d >> 31 is all ones exactly
// when a < b, so (d & (d >> 31)) is d when a < b and 0 otherwise, and min = b + that, max = a − that.
// On a photographed page whether one neighbour is darker than another is a coin toss, and a branch
// the CPU guesses wrong half the time cost more than the comparisons themselves (about twice the CPU).

/** The larger of two bytes, without a branch. */
function max(a: number, b: number): number {
  const d = a - b;
  return a - (d & (d >> 31));
}

/** The smaller of two bytes, without a branch. */
function min(a: number, b: number): number {
  const d = a - b;
  return b + (d & (d >> 31));
}

/** The middle of three bytes: the smaller of the pair, or c clipped to the pair, whichever is larger. */
function middle(a: number, b: number, c: number): number {
  return max(min(a, b), min(max(a, b), c));
}

/** The 3×3 median of a w × h grey image (one byte per pixel), edge pixels repeated outwards. */
export function median3x3(src: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  if (w === 0 || h === 0) return out;
  // Sorted triples (rows y − 1, y, y + 1) of columns −1 … w, the edge columns repeated.
  const lo = new Int32Array(w + 2);
  const mid = new Int32Array(w + 2);
  const hi = new Int32Array(w + 2);
  for (let y = 0; y < h; y++) {
    const above = Math.max(0, y - 1) * w;
    const row = y * w;
    const below = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) {
      const a = src[above + x]!;
      const b = src[row + x]!;
      const c = src[below + x]!;
      const small = min(a, b);
      const large = max(a, b);
      lo[x + 1] = min(small, c);
      hi[x + 1] = max(large, c);
      mid[x + 1] = min(max(small, c), large);
    }
    lo[0] = lo[1]!;
    mid[0] = mid[1]!;
    hi[0] = hi[1]!;
    lo[w + 1] = lo[w]!;
    mid[w + 1] = mid[w]!;
    hi[w + 1] = hi[w]!;
    for (let x = 0; x < w; x++) {
      const maxLo = max(max(lo[x]!, lo[x + 1]!), lo[x + 2]!);
      const minHi = min(min(hi[x]!, hi[x + 1]!), hi[x + 2]!);
      const midMid = middle(mid[x]!, mid[x + 1]!, mid[x + 2]!);
      out[row + x] = middle(maxLo, midMid, minHi);
    }
  }
  return out;
}
