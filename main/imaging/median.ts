// 3×3 median of a grey image, edges replicated: the same bytes as sharp's median(3) (libvips' rank
// filter, which extends the image by copying its edge pixels), for under half of its CPU. The MRZ band
// search (mrz-locate.ts) takes a 3×3 median of the page at the search width before its ink mask, and
// sharp's generic rank filter there is one of the costliest steps of a read (~30–40 ms of CPU).
//
// Each column's three values of the window are sorted once per row and shared by the three windows
// that hold that column; the median of the nine is then the median of the largest of the three
// smallest, the median of the three middles and the smallest of the three largest (the classic 3×3
// reduction, exact). All integer comparisons: the same result on every CPU.

/** The 3×3 median of a w × h grey image (one byte per pixel), edge pixels repeated outwards. */
export function median3x3(src: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  if (w === 0 || h === 0) return out;
  // Sorted triples (rows y − 1, y, y + 1) of columns −1 … w, the edge columns repeated.
  const lo = new Uint8Array(w + 2);
  const mid = new Uint8Array(w + 2);
  const hi = new Uint8Array(w + 2);
  for (let y = 0; y < h; y++) {
    const above = Math.max(0, y - 1) * w;
    const row = y * w;
    const below = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) {
      const a = src[above + x]!;
      const b = src[row + x]!;
      const c = src[below + x]!;
      const small = a < b ? a : b;
      const large = a < b ? b : a;
      lo[x + 1] = small < c ? small : c;
      hi[x + 1] = large > c ? large : c;
      mid[x + 1] = c < small ? small : c > large ? large : c;
    }
    lo[0] = lo[1]!;
    mid[0] = mid[1]!;
    hi[0] = hi[1]!;
    lo[w + 1] = lo[w]!;
    mid[w + 1] = mid[w]!;
    hi[w + 1] = hi[w]!;
    for (let x = 0; x < w; x++) {
      const l01 = lo[x]! > lo[x + 1]! ? lo[x]! : lo[x + 1]!;
      const maxLo = l01 > lo[x + 2]! ? l01 : lo[x + 2]!;
      const h01 = hi[x]! < hi[x + 1]! ? hi[x]! : hi[x + 1]!;
      const minHi = h01 < hi[x + 2]! ? h01 : hi[x + 2]!;
      const m0 = mid[x]!;
      const m1 = mid[x + 1]!;
      const m2 = mid[x + 2]!;
      const mSmall = m0 < m1 ? m0 : m1;
      const mLarge = m0 < m1 ? m1 : m0;
      const midMid = m2 < mSmall ? mSmall : m2 > mLarge ? mLarge : m2;
      const pSmall = maxLo < midMid ? maxLo : midMid;
      const pLarge = maxLo < midMid ? midMid : maxLo;
      out[row + x] = minHi < pSmall ? pSmall : minHi > pLarge ? pLarge : minHi;
    }
  }
  return out;
}
