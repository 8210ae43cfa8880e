// Finding the card in a camera frame, then deskewing and cropping it. Pure JS on a 960 px copy: the desk
// colour is learnt from the frame border, everything clearly different from it is "document", the largest
// such region is the card and its four extreme points are the corners. Good for the counter set-up (card on
// a plain desk, rotated up to ~±25°, mild perspective); on a cluttered counter it takes the largest
// non-desk blob (papers and all) for the card. card-finder.ts notices that (wrong shape, runs off the frame)
// and then asks the opencv.js line finder (card-edges-cv.ts, ~4× the cost) instead, so plain desks keep this
// cheap path. Figures: README "Measured figures", and `npx tsx test/bench/_capture-edges.ts`.
import sharp from 'sharp';
import { homography } from './specimen/webcam';

export type Point = [number, number];

export interface CardQuad {
  /** Corners in full-resolution pixels: top-left, top-right, bottom-right, bottom-left. */
  corners: [Point, Point, Point, Point];
  /** Share of the frame the card covers (0..1). */
  area: number;
  /** The card region touches the frame edge: part of the document is probably cut off. */
  touchesEdge: boolean;
}

const ANALYSIS_WIDTH = 960;

/** An image decoded to RGB at most `maxWidth` wide, and the factor back to its full-resolution pixels. */
export interface ScaledRgb {
  rgb: Uint8Array;
  width: number;
  height: number;
  scale: number;
}

/** Decodes a JPEG to RGB at most `maxWidth` wide (the card finders search a smaller copy); null without a width. */
export async function decodeRgbAtWidth(jpeg: Buffer, maxWidth: number): Promise<ScaledRgb | null> {
  const meta = await sharp(jpeg).metadata();
  const fullW = meta.width ?? 0;
  if (!fullW) return null;
  const { data, info } = await sharp(jpeg)
    .removeAlpha()
    .resize({ width: Math.min(maxWidth, fullW) })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height, scale: fullW / info.width };
}

export async function findCardQuad(jpeg: Buffer): Promise<CardQuad | null> {
  const img = await decodeRgbAtWidth(jpeg, ANALYSIS_WIDTH);
  return img ? findCardQuadInRgb(img.rgb, img.width, img.height, img.scale) : null;
}

/**
 * The same search on an already decoded RGB image (`w × h`, 3 bytes per pixel), so a live-preview frame
 * decoded once for the quality metrics is not decoded again. Corners are multiplied by `scale`.
 */
export function findCardQuadInRgb(data: Uint8Array, w: number, h: number, scale = 1): CardQuad | null {
  // Desk colour model from a border strip (3 % of each side): median and median absolute deviation per
  // channel, so a card that pokes into the border does not drag the model towards paper colours.
  const band = Math.max(2, Math.round(Math.min(w, h) * 0.03));
  const hist = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  let n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (x >= band && x < w - band && y >= band && y < h - band) continue;
      const i = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) hist[c]![data[i + c]!]!++;
      n++;
    }
  }
  const median = (hg: Uint32Array): number => {
    let acc = 0;
    for (let v = 0; v < 256; v++) if ((acc += hg[v]!) * 2 >= n) return v;
    return 255;
  };
  const mean = hist.map(median);
  const mad = hist.map((hg, c) => {
    const dev = new Uint32Array(256);
    for (let v = 0; v < 256; v++) dev[Math.abs(v - mean[c]!)]! += hg[v]!;
    return median(dev);
  });
  // 1.4826·MAD estimates the standard deviation; 3σ plus a floor for JPEG noise. The floor scales with the
  // desk's brightness: in dim light every colour difference shrinks with the exposure, and a fixed floor of 40
  // lost the card's dark print band (corners ~110 px off at light × 0.5, see test/unit/capture/card-edges.test.ts).
  const deskLuma = 0.299 * mean[0]! + 0.587 * mean[1]! + 0.114 * mean[2]!;
  const floor = 40 * Math.min(1, Math.max(0.25, deskLuma / 75));
  const limit = Math.max(floor, 3 * 1.4826 * Math.hypot(mad[0]!, mad[1]!, mad[2]!));

  // Squared distances: Math.hypot per pixel was a third of the whole search's time.
  const limit2 = limit * limit;
  const [m0, m1, m2] = mean as [number, number, number];
  const mask = new Uint8Array(w * h);
  for (let p = 0, i = 0; p < w * h; p++, i += 3) {
    const d0 = data[i]! - m0;
    const d1 = data[i + 1]! - m1;
    const d2 = data[i + 2]! - m2;
    if (d0 * d0 + d1 * d1 + d2 * d2 > limit2) mask[p] = 1;
  }

  // Largest 4-connected region of "not desk" pixels.
  const label = new Int32Array(w * h);
  const queue = new Int32Array(w * h);
  let best = { id: 0, size: 0 };
  let next = 1;
  for (let start = 0; start < w * h; start++) {
    if (!mask[start] || label[start]) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    label[start] = next;
    const total = w * h;
    // Unrolled neighbours: no per-pixel array allocation in the hot loop.
    while (head < tail) {
      const p = queue[head++]!;
      const x = p % w;
      let q = p - 1;
      if (x > 0 && mask[q] && !label[q]) {
        label[q] = next;
        queue[tail++] = q;
      }
      q = p + 1;
      if (x < w - 1 && mask[q] && !label[q]) {
        label[q] = next;
        queue[tail++] = q;
      }
      q = p - w;
      if (q >= 0 && mask[q] && !label[q]) {
        label[q] = next;
        queue[tail++] = q;
      }
      q = p + w;
      if (q < total && mask[q] && !label[q]) {
        label[q] = next;
        queue[tail++] = q;
      }
    }
    if (tail > best.size) best = { id: next, size: tail };
    next++;
  }
  if (best.size < w * h * 0.05) return null; // nothing card-sized in view

  // Extreme points along the diagonals are the corners of a (moderately) rotated quadrilateral.
  let tl: Point = [0, 0];
  let tr: Point = [0, 0];
  let br: Point = [0, 0];
  let bl: Point = [0, 0];
  let minSum = Infinity;
  let maxSum = -Infinity;
  let minDiff = Infinity;
  let maxDiff = -Infinity;
  let touchesEdge = false;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (label[y * w + x] !== best.id) continue;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1) touchesEdge = true;
      const s = x + y;
      const d = x - y;
      if (s < minSum) [minSum, tl] = [s, [x, y]];
      if (s > maxSum) [maxSum, br] = [s, [x + 1, y + 1]];
      if (d > maxDiff) [maxDiff, tr] = [d, [x + 1, y]];
      if (d < minDiff) [minDiff, bl] = [d, [x, y + 1]];
    }
  }
  const up = ([x, y]: Point): Point => [x * scale, y * scale];
  return { corners: [up(tl), up(tr), up(br), up(bl)], area: best.size / (w * h), touchesEdge };
}

/** The card cut out of the frame and warped flat to `width × height` (default: ID-1 at 300 dpi). */
export async function deskewCard(jpeg: Buffer, corners: CardQuad['corners'], width = 1011, height = 638): Promise<Buffer> {
  const { data: src, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sw = info.width;
  const sh = info.height;
  // Maps output pixels to frame pixels.
  const m = homography(
    [
      [0, 0],
      [width - 1, 0],
      [width - 1, height - 1],
      [0, height - 1],
    ],
    corners,
  );
  const out = new Uint8ClampedArray(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = m[6]! * x + m[7]! * y + 1;
      const u = Math.min(sw - 1.001, Math.max(0, (m[0]! * x + m[1]! * y + m[2]!) / d));
      const v = Math.min(sh - 1.001, Math.max(0, (m[3]! * x + m[4]! * y + m[5]!) / d));
      const x0 = u | 0;
      const y0 = v | 0;
      const fx = u - x0;
      const fy = v - y0;
      const i00 = (y0 * sw + x0) * 3;
      const i01 = i00 + sw * 3;
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        out[o + c] = (src[i00 + c]! * (1 - fx) + src[i00 + 3 + c]! * fx) * (1 - fy) + (src[i01 + c]! * (1 - fx) + src[i01 + 3 + c]! * fx) * fy;
      }
    }
  }
  return sharp(Buffer.from(out.buffer), { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}
