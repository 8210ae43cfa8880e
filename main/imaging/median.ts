// 3×3 median of a grey image, edges replicated: the same bytes as sharp's median(3) (libvips' rank
// filter, which extends the image by copying its edge pixels), for a fraction of its CPU. The MRZ band
// search (mrz-locate.ts) takes a 3×3 median of the page at the search width before its ink mask, and
// sharp's generic rank filter there is one of the costliest steps of a read (~30–40 ms of CPU).
//
// Each column's three values of the window are sorted once per row and shared by the three windows
// that hold that column; the median of the nine is then the median of the largest of the three
// smallest, the median of the three middles and the smallest of the three largest (the classic 3×3
// reduction, exact). The three sorted columns of a window slide along the row in local variables (each
// column sorted once, then passed on), which costs about a quarter less CPU than keeping them in arrays.
// All integer arithmetic: the same result on every CPU.
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
  for (let y = 0; y < h; y++) {
    const above = Math.max(0, y - 1) * w;
    const row = y * w;
    const below = Math.min(h - 1, y + 1) * w;
    // The sorted triples (low, middle, high of rows y − 1, y, y + 1) of columns x − 1 (l0, m0, h0) and
    // x (l1, m1, h1); column −1 is column 0 repeated.
    let a = src[above]!;
    let b = src[row]!;
    let c = src[below]!;
    let small = min(a, b);
    let large = max(a, b);
    let l1 = min(small, c);
    let h1 = max(large, c);
    let m1 = min(max(small, c), large);
    let l0 = l1;
    let m0 = m1;
    let h0 = h1;
    for (let x = 0; x < w; x++) {
      // Column x + 1, or column w − 1 repeated past the edge.
      const next = x + 1 < w ? x + 1 : x;
      a = src[above + next]!;
      b = src[row + next]!;
      c = src[below + next]!;
      small = min(a, b);
      large = max(a, b);
      const l2 = min(small, c);
      const h2 = max(large, c);
      const m2 = min(max(small, c), large);
      out[row + x] = middle(max(max(l0, l1), l2), middle(m0, m1, m2), min(min(h0, h1), h2));
      l0 = l1;
      m0 = m1;
      h0 = h1;
      l1 = l2;
      m1 = m2;
      h1 = h2;
    }
  }
  return out;
}
