// Perspective rectification: the one place that turns a quadrilateral seen at an angle (a card in a
// camera still, the block of MRZ lines on it) into an upright rectangle. Pure TypeScript over raw pixel
// buffers, so the MRZ reader (one channel) and capture (three or four channels) share it.
//
// The projective map between two quadrilaterals is the 3×3 homography H with H·(x, y, 1) ∝ (u, v, 1),
// fixed by the four corner pairs (eight equations, eight unknowns, H[2][2] = 1). Warping samples the
// source at H⁻¹ of every output pixel (bilinear), so the output has no holes.

export interface Point {
  x: number;
  y: number;
}

/** Corners in order: top-left, top-right, bottom-right, bottom-left. */
export type Quad = readonly [Point, Point, Point, Point];

/** Row-major 3×3 matrix. */
export type Homography = readonly [number, number, number, number, number, number, number, number, number];

/** Raw interleaved pixels, `channels` bytes per pixel, rows of `width · channels` bytes. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/** Solves A·x = b (n×n, Gaussian elimination with partial pivoting); null when A is singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Whether three of the corners (nearly) lie on one line: such a quad has no projective map. */
function degenerate(q: Quad): boolean {
  const scale = Math.max(1, ...q.flatMap((p) => [Math.abs(p.x), Math.abs(p.y)]));
  for (let i = 0; i < 4; i++) {
    const [a, b, c] = [q[i]!, q[(i + 1) % 4]!, q[(i + 2) % 4]!];
    if (Math.abs((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)) < 1e-9 * scale * scale) return true;
  }
  return false;
}

/** The homography taking each corner of `from` to the same corner of `to`. Throws on degenerate quads. */
export function homography(from: Quad, to: Quad): Homography {
  if (degenerate(from) || degenerate(to)) throw new Error('degenerate quadrilateral: three of its corners are on one line');
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i]!;
    const { x: u, y: v } = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  const h = solve(a, b);
  if (!h || h.some((v) => !Number.isFinite(v))) throw new Error('degenerate quadrilateral: three of its corners are on one line');
  return [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!, 1];
}

export function applyHomography(h: Homography, p: Point): Point {
  const w = h[6] * p.x + h[7] * p.y + h[8];
  return { x: (h[0] * p.x + h[1] * p.y + h[2]) / w, y: (h[3] * p.x + h[4] * p.y + h[5]) / w };
}

/**
 * Puts four corners in the order top-left, top-right, bottom-right, bottom-left, whatever order they came
 * in (by angle around their centre, starting from the one nearest the top-left).
 */
export function orderQuad(points: readonly Point[]): Quad {
  if (points.length !== 4) throw new Error(`a quadrilateral has 4 corners, got ${points.length}`);
  const cx = points.reduce((s, p) => s + p.x, 0) / 4;
  const cy = points.reduce((s, p) => s + p.y, 0) / 4;
  const byAngle = [...points].sort((p, q) => Math.atan2(p.y - cy, p.x - cx) - Math.atan2(q.y - cy, q.x - cx));
  // Clockwise in image coordinates (y down): atan2 order is TL(−135°)…TR(−45°)…BR(45°)…BL(135°).
  let start = 0;
  byAngle.forEach((p, i) => {
    if (p.x + p.y < byAngle[start]!.x + byAngle[start]!.y) start = i;
  });
  return [0, 1, 2, 3].map((k) => byAngle[(start + k) % 4]!) as unknown as Quad;
}

/** Width and height an upright copy of the quad should have: the longer of each pair of opposite sides. */
export function uprightSize(quad: Quad): { width: number; height: number } {
  const d = (p: Point, q: Point): number => Math.hypot(p.x - q.x, p.y - q.y);
  const [tl, tr, br, bl] = quad;
  return { width: Math.max(1, Math.round(Math.max(d(tl, tr), d(bl, br)))), height: Math.max(1, Math.round(Math.max(d(tl, bl), d(tr, br)))) };
}

/**
 * Output pixel (x, y) of a `width × height` image takes the source at `toSource(x, y)`, bilinearly
 * interpolated; outside the source it gets `fill` (per channel).
 */
export function warp(src: RawImage, toSource: Homography, width: number, height: number, fill = 255): RawImage {
  const { data, width: sw, height: sh, channels: ch } = src;
  const out = new Uint8Array(width * height * ch);
  const h = toSource;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const w = h[6] * x + h[7] * y + h[8];
      const sx = (h[0] * x + h[1] * y + h[2]) / w;
      const sy = (h[3] * x + h[4] * y + h[5]) / w;
      const o = (y * width + x) * ch;
      if (!(sx >= 0 && sy >= 0 && sx <= sw - 1 && sy <= sh - 1)) {
        out.fill(fill, o, o + ch);
        continue;
      }
      const x0 = Math.min(sw - 2, Math.floor(sx));
      const y0 = Math.min(sh - 2, Math.floor(sy));
      const fx = sx - x0;
      const fy = sy - y0;
      const i = (y0 * sw + x0) * ch;
      const j = i + sw * ch;
      for (let c = 0; c < ch; c++) {
        const top = data[i + c]! + (data[i + ch + c]! - data[i + c]!) * fx;
        const bottom = data[j + c]! + (data[j + ch + c]! - data[j + c]!) * fx;
        out[o + c] = Math.round(top + (bottom - top) * fy);
      }
    }
  }
  return { data: out, width, height, channels: ch };
}

export interface RectifyOptions {
  /** Output size; default uprightSize(quad). */
  width?: number;
  height?: number;
  /** Extra output pixels kept around the quad on every side (the source beyond its edges). */
  margin?: number;
  /** Value for output pixels that fall outside the source. */
  fill?: number;
}

/**
 * An upright, straightened copy of the part of `src` inside `quad` (corners in any order), plus the map
 * from output to source pixels (to carry positions found in the output back to the original image).
 */
export function rectifyQuad(src: RawImage, quad: readonly Point[], options: RectifyOptions = {}): { image: RawImage; toSource: Homography } {
  const q = orderQuad(quad);
  const size = uprightSize(q);
  const width = options.width ?? size.width;
  const height = options.height ?? size.height;
  const m = options.margin ?? 0;
  const target: Quad = [
    { x: m, y: m },
    { x: m + width, y: m },
    { x: m + width, y: m + height },
    { x: m, y: m + height },
  ];
  const toSource = homography(target, q);
  return { image: warp(src, toSource, width + 2 * m, height + 2 * m, options.fill ?? 255), toSource };
}
