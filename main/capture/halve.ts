// Halving an RGB image: the card finders search a smaller copy of the frame (4× fewer pixels per halving).
/** 2 × 2 box average of an RGB image (odd last row/column dropped). */
export function halve(rgb: Uint8Array, w: number, h: number): Uint8Array {
  const hw = w >> 1;
  const hh = h >> 1;
  const out = new Uint8Array(hw * hh * 3);
  for (let y = 0; y < hh; y++) {
    const r0 = 2 * y * w * 3;
    const r1 = r0 + w * 3;
    for (let x = 0; x < hw; x++) {
      const i = r0 + 6 * x;
      const j = r1 + 6 * x;
      const o = (y * hw + x) * 3;
      out[o] = (rgb[i]! + rgb[i + 3]! + rgb[j]! + rgb[j + 3]! + 2) >> 2;
      out[o + 1] = (rgb[i + 1]! + rgb[i + 4]! + rgb[j + 1]! + rgb[j + 4]! + 2) >> 2;
      out[o + 2] = (rgb[i + 2]! + rgb[i + 5]! + rgb[j + 2]! + rgb[j + 5]! + 2) >> 2;
    }
  }
  return out;
}
