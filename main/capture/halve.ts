// Downsampling decoded frames in JS: the card finders search a smaller copy of the frame (4× fewer pixels
// per halving), and 1920 px stills are halved to the 960 px analysis width here.
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

// Halving a decoded 1920 px frame (halveLinear) to the 960 px analysis width here, in one pass, instead of by libvips:
// sharp keeps JPEG shrink-on-load for factors of 3 and more only, so its 960 px linear resize decodes at
// full size and then costs MORE than the decode itself (measured 22 vs 17 ms per 1080p frame). This pass
// reproduces libvips' linear 2× reduce (the triangle filter spans 4 input pixels per axis: weights 1 3 3 1,
// edges repeated) so the metrics, and the thresholds calibrated on them, do not move.

/**
 * One channel (`channel` of `channels` interleaved) of a `w × h` image halved with the 1 3 3 1 kernel on
 * both axes: (w/2) × (h/2) bytes. Four horizontally filtered rows are kept in a ring, so the pass reads
 * each input pixel once.
 */
export function halveLinear(data: Uint8Array, w: number, h: number, channels: number, channel: number): Uint8Array {
  const ow = w >> 1;
  const oh = h >> 1;
  const out = new Uint8Array(ow * oh);
  const rows = [new Uint16Array(ow), new Uint16Array(ow), new Uint16Array(ow), new Uint16Array(ow)];
  const stride = w * channels;
  const filterRow = (y: number, into: Uint16Array): void => {
    const yy = y < 0 ? 0 : y >= h ? h - 1 : y;
    const base = yy * stride + channel;
    const px = (x: number): number => data[base + (x < 0 ? 0 : x >= w ? w - 1 : x) * channels]!;
    into[0] = px(-1) + 3 * px(0) + 3 * px(1) + px(2);
    let i = base + channels; // pixel 2x - 1 for x = 1
    const c = channels;
    for (let x = 1; x < ow - 1; x++, i += 2 * c) into[x] = data[i]! + 3 * data[i + c]! + 3 * data[i + 2 * c]! + data[i + 3 * c]!;
    const last = ow - 1;
    into[last] = px(2 * last - 1) + 3 * px(2 * last) + 3 * px(2 * last + 1) + px(2 * last + 2);
  };
  // rows[(r + 1) & 3] holds input row r (r from -1): output row y needs input rows 2y-1 … 2y+2.
  filterRow(-1, rows[0]!);
  for (let y = 0; y < oh; y++) {
    const r = 2 * y;
    if (y === 0) filterRow(0, rows[1]!);
    filterRow(r + 1, rows[(r + 2) & 3]!);
    filterRow(r + 2, rows[(r + 3) & 3]!);
    const a = rows[r & 3]!;
    const b = rows[(r + 1) & 3]!;
    const c = rows[(r + 2) & 3]!;
    const d = rows[(r + 3) & 3]!;
    const o = y * ow;
    for (let x = 0; x < ow; x++) out[o + x] = (a[x]! + 3 * b[x]! + 3 * c[x]! + d[x]! + 32) >> 6;
  }
  return out;
}

/**
 * RGB at 1/k size (k ≥ 2 and even) from the centre 2 × 2 pixels of each k × k block: the card finders
 * look for outlines a few pixels wide at this size, so a quarter of the reads is enough.
 */
export function sampleRgb(rgb: Uint8Array, w: number, h: number, k: number): Uint8Array {
  const ow = Math.floor(w / k);
  const oh = Math.floor(h / k);
  const out = new Uint8Array(ow * oh * 3);
  const stride = w * 3;
  const c = (k >> 1) - 1; // top-left of the centre 2 × 2
  let o = 0;
  for (let y = 0; y < oh; y++) {
    let i = (y * k + c) * stride + c * 3;
    for (let x = 0; x < ow; x++, i += 3 * k) {
      const j = i + stride;
      out[o++] = (rgb[i]! + rgb[i + 3]! + rgb[j]! + rgb[j + 3]! + 2) >> 2;
      out[o++] = (rgb[i + 1]! + rgb[i + 4]! + rgb[j + 1]! + rgb[j + 4]! + 2) >> 2;
      out[o++] = (rgb[i + 2]! + rgb[i + 5]! + rgb[j + 2]! + rgb[j + 5]! + 2) >> 2;
    }
  }
  return out;
}
