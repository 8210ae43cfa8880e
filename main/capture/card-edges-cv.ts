// The opencv.js card finder: finds the card where the desk-colour finder (card-edges.ts)
// cannot, i.e. on a cluttered counter, at ~4× its cost. card-finder.ts calls it only when the desk-colour
// result is implausible, so plain desks keep the cheap path. Figures: README "Measured figures".
//
// Why lines and not the textbook "largest 4-point contour": on real cards a full-width colour band (the
// header of most ID cards) cuts the inside of the outline in two, and clutter touching the card merges its
// outline into a bigger contour, so no contour is the card (measured: corners ~110 px off on the plain-desk
// specimens, before clutter). Instead: colour Canny (every channel, so a dark-blue band on a brown desk still
// has an edge) → Hough lines → every pair of near-parallel pairs that crosses into a convex quadrilateral →
// scored by how much of its outline lies on edges (each side must be mostly edge, right up to its corners)
// and by its size → the best one's sides refitted to their edge pixels (sub-pixel corners).
//
// WORKER THREAD ONLY: the WebAssembly module takes ~0.3–1 s to start, and opencv.js installs process-wide
// uncaughtException / unhandledRejection handlers that must not land in the kiosk's main process. Importing
// this module loads nothing; only loadOpenCv() does, and only analysis-worker.ts calls it.
import { createRequire } from 'node:module';
import type { CardQuad, Point } from './card-edges';

/** The few opencv.js calls used here (its bundled typings pull in a large type package). */
export interface OpenCv {
  Mat: new () => CvMat;
  MatVector: new () => { size(): number; get(i: number): CvMat; delete(): void };
  Size: new (w: number, h: number) => unknown;
  matFromArray(rows: number, cols: number, type: number, data: ArrayLike<number>): CvMat;
  CV_8UC3: number;
  CV_32FC2: number;
  INTER_LINEAR: number;
  BORDER_REPLICATE: number;
  MORPH_RECT: number;
  GaussianBlur(src: CvMat, dst: CvMat, ksize: unknown, sigma: number): void;
  Canny(src: CvMat, dst: CvMat, t1: number, t2: number): void;
  dilate(src: CvMat, dst: CvMat, kernel: CvMat): void;
  getStructuringElement(shape: number, size: unknown): CvMat;
  HoughLines(src: CvMat, lines: CvMat, rho: number, theta: number, threshold: number): void;
  mean(src: CvMat): number[];
  getPerspectiveTransform(src: CvMat, dst: CvMat): CvMat;
  warpPerspective(src: CvMat, dst: CvMat, m: CvMat, size: unknown, flags: number, border: number): void;
}

export interface CvMat {
  rows: number;
  cols: number;
  data: Uint8Array;
  data32F: Float32Array;
  delete(): void;
}

let loading: Promise<{ cv: OpenCv }> | null = null;
let loaded: OpenCv | null = null;

/**
 * Starts loading opencv.js (once); resolves when its WebAssembly runtime is ready. The Emscripten module is
 * itself a thenable that resolves to itself, so a promise (or async function) resolved with it never settles:
 * it travels wrapped in `{ cv }`.
 */
export function loadOpenCv(): Promise<{ cv: OpenCv }> {
  loading ??= new Promise<{ cv: OpenCv }>((resolve, reject) => {
    try {
      const require = createRequire(import.meta.url);
      const cv = require('@techstark/opencv-js') as OpenCv & { onRuntimeInitialized?: () => void };
      const done = (): void => {
        loaded = cv;
        resolve({ cv });
      };
      if (typeof cv.Mat === 'function') done();
      else cv.onRuntimeInitialized = done;
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
  return loading;
}

/** opencv.js if it has finished loading, else null (callers fall back to the JS finder meanwhile). */
export function openCvIfReady(): OpenCv | null {
  return loaded;
}

interface Line {
  rho: number;
  theta: number;
  /** cos θ and sin θ, computed once: the quad search intersects lines tens of thousands of times. */
  c: number;
  s: number;
}

function line(rho: number, theta: number): Line {
  return { rho, theta, c: Math.cos(theta), s: Math.sin(theta) };
}

/** Shortest angle between two line directions, radians (lines are undirected: period π). */
function angleBetween(a: number, b: number): number {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
}

/** Signed distance between two near-parallel lines, measured along the first one's normal. */
function signedOffset(a: Line, b: Line): number {
  // b's rho as seen along a's normal: flip b when its normal points the other way.
  return Math.cos(a.theta - b.theta) > 0 ? b.rho - a.rho : -b.rho - a.rho;
}

function distanceToOrigin(l: Line): number {
  return Math.abs(l.rho);
}

const MAX_LINES = 48;

function intersect(a: Line, b: Line): Point | null {
  const ca = a.c;
  const sa = a.s;
  const cb = b.c;
  const sb = b.s;
  const det = ca * sb - sa * cb;
  if (Math.abs(det) < 1e-6) return null;
  return [(a.rho * sb - b.rho * sa) / det, (ca * b.rho - cb * a.rho) / det];
}

/** TL, TR, BR, BL from four points of a convex quadrilateral. */
function orderCorners(pts: Point[]): [Point, Point, Point, Point] {
  const cx = pts.reduce((s, p) => s + p[0], 0) / 4;
  const cy = pts.reduce((s, p) => s + p[1], 0) / 4;
  const byAngle = [...pts].sort((p, q) => Math.atan2(p[1] - cy, p[0] - cx) - Math.atan2(q[1] - cy, q[0] - cx));
  // Sorted clockwise on screen starting near -π (left); rotate so the point with the smallest x + y is first.
  let start = 0;
  for (let i = 1; i < 4; i++) if (byAngle[i]![0] + byAngle[i]![1] < byAngle[start]![0] + byAngle[start]![1]) start = i;
  const r = [0, 1, 2, 3].map((i) => byAngle[(start + i) % 4]!);
  return [r[0]!, r[1]!, r[2]!, r[3]!];
}

/** Area of a simple polygon (shoelace formula), in square pixels. */
export function polygonArea(q: readonly Point[]): number {
  let a = 0;
  for (let i = 0; i < q.length; i++) {
    const [x1, y1] = q[i]!;
    const [x2, y2] = q[(i + 1) % q.length]!;
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a) / 2;
}

/**
 * Edge hits along a whole line, as prefix sums over 1-px steps, so the share of any stretch of it that lies
 * on edges costs O(1): the quad search below scores tens of thousands of candidate sides.
 */
class LineProfile {
  readonly x0: number;
  readonly y0: number;
  readonly dx: number;
  readonly dy: number;
  private readonly offset: number;
  private readonly prefix: Uint32Array;

  constructor(
    readonly line: Line,
    edges: Uint8Array,
    w: number,
    h: number,
  ) {
    this.x0 = line.rho * line.c;
    this.y0 = line.rho * line.s;
    this.dx = -line.s;
    this.dy = line.c;
    const reach = Math.ceil(Math.hypot(w, h));
    this.offset = reach;
    this.prefix = new Uint32Array(2 * reach + 2);
    for (let t = -reach; t <= reach; t++) {
      const x = Math.round(this.x0 + this.dx * t);
      const y = Math.round(this.y0 + this.dy * t);
      const hit = x >= 0 && y >= 0 && x < w && y < h && edges[y * w + x] ? 1 : 0;
      this.prefix[t + reach + 1] = this.prefix[t + reach]! + hit;
    }
  }

  /** Position of a point (on the line) along it. */
  at(p: Point): number {
    return (p[0] - this.x0) * this.dx + (p[1] - this.y0) * this.dy;
  }

  /** The weaker of the two end tenths of the stretch between two points. */
  endSupport(a: Point, b: Point): number {
    const lerp = (t: number): Point => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    return Math.min(this.support(a, lerp(0.1)), this.support(lerp(0.9), b));
  }

  /** Share of the stretch between two points (ends trimmed by 5 %) that lies on edge pixels. */
  support(a: Point, b: Point): number {
    let t1 = this.at(a);
    let t2 = this.at(b);
    if (t1 > t2) [t1, t2] = [t2, t1];
    const trim = (t2 - t1) * 0.05;
    const lo = Math.max(0, Math.round(t1 + trim) + this.offset);
    const hi = Math.min(this.prefix.length - 1, Math.round(t2 - trim) + this.offset + 1);
    if (hi - lo < 4) return 0;
    return (this.prefix[hi]! - this.prefix[lo]!) / (hi - lo);
  }
}

/** Least-squares refit of a side to the edge pixels within `band` px of it (between its trimmed ends). */
function refit(edges: Uint8Array, w: number, h: number, a: Point, b: Point, band: number): Line | null {
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (len < 4) return null;
  const nx = -(b[1] - a[1]) / len;
  const ny = (b[0] - a[0]) / len;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let n = 0;
  const steps = Math.floor(len);
  for (let i = Math.floor(steps * 0.1); i <= steps - Math.floor(steps * 0.1); i++) {
    const t = i / steps;
    const px = a[0] + (b[0] - a[0]) * t;
    const py = a[1] + (b[1] - a[1]) * t;
    for (let o = -band; o <= band; o++) {
      const x = Math.round(px + nx * o);
      const y = Math.round(py + ny * o);
      if (x < 0 || y < 0 || x >= w || y >= h || !edges[y * w + x]) continue;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
      n++;
    }
  }
  if (n < 10) return null;
  // Total least squares: the line's normal is the covariance matrix's smaller eigenvector.
  const mx = sx / n;
  const my = sy / n;
  const cxx = sxx / n - mx * mx;
  const cyy = syy / n - my * my;
  const cxy = sxy / n - mx * my;
  const dir = 0.5 * Math.atan2(2 * cxy, cxx - cyy); // direction of the larger eigenvector
  const theta = dir + Math.PI / 2;
  return line(mx * Math.cos(theta) + my * Math.sin(theta), theta);
}

export interface CvFinderOptions {
  /** Smallest share of the frame a card may cover (default 0.05, as the JS finder). */
  minArea?: number;
}

/**
 * The card in an RGB image (`w × h`, 3 bytes per pixel), corners multiplied by `scale`. Meant for a
 * downscaled frame (~640 px wide): the refit makes the corners sub-pixel at that size.
 */
export function findCardQuadCv(cv: OpenCv, rgb: Uint8Array, w: number, h: number, scale = 1, opts: CvFinderOptions = {}): CardQuad | null {
  const src = cv.matFromArray(h, w, cv.CV_8UC3, rgb);
  const edges = new cv.Mat();
  const lines = new cv.Mat();
  const kernel = cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(3, 3));
  try {
    cv.GaussianBlur(src, src, new cv.Size(5, 5), 0);
    // Canny thresholds follow the exposure: in dim light every contrast shrinks with it.
    const m = cv.mean(src);
    const f = Math.min(1, Math.max(0.2, (m[0]! + m[1]! + m[2]!) / 3 / 110));
    cv.Canny(src, edges, 30 * f, 90 * f); // on 3 channels OpenCV uses the strongest channel's gradient
    const thin = Uint8Array.from(edges.data);
    const minSide = Math.min(w, h);
    // Hough on the thin edges (the dilated ones give each side as a fan of near-identical lines).
    cv.HoughLines(edges, lines, 1, Math.PI / 180, Math.round(minSide * 0.2));
    cv.dilate(edges, edges, kernel);
    const thick = edges.data;
    // Strongest first; near-duplicates (one side seen several times) dropped. Clutter (paper edges, text
    // rows, pens) makes many strong lines, so the card's may be far down the list.
    const found: LineProfile[] = [];
    const ld = lines.data32F; // a getter that makes a new view on every access: read it once
    for (let i = 0; i < lines.rows && found.length < MAX_LINES; i++) {
      const l = line(ld[2 * i]!, ld[2 * i + 1]!);
      if (found.some((f2) => angleBetween(f2.line.theta, l.theta) < 0.05 && Math.abs(distanceToOrigin(f2.line) - distanceToOrigin(l)) < minSide * 0.03)) continue;
      found.push(new LineProfile(l, thick, w, h));
    }
    // Opposite sides: near-parallel (perspective tilts them up to ~20°), well apart.
    const pairs: { a: LineProfile; b: LineProfile; gap: number }[] = [];
    for (let i = 0; i < found.length; i++) {
      for (let j = i + 1; j < found.length; j++) {
        const a = found[i]!.line;
        const b = found[j]!.line;
        if (angleBetween(a.theta, b.theta) > 0.35) continue;
        const gap = Math.abs(signedOffset(a, b));
        if (gap < minSide * 0.15) continue;
        pairs.push({ a: found[i]!, b: found[j]!, gap });
      }
    }
    let best: { q: [Point, Point, Point, Point]; score: number } | null = null;
    const minArea = (opts.minArea ?? 0.05) * w * h;
    for (let i = 0; i < pairs.length; i++) {
      for (let j = i + 1; j < pairs.length; j++) {
        const { a: a1, b: a2, gap: gapA } = pairs[i]!;
        const { a: b1, b: b2, gap: gapB } = pairs[j]!;
        // Cheap rejections first (most of the candidates): the two gaps are roughly the card's height and
        // width, so their product and ratio already rule out most pairings.
        const gapRatio = gapA > gapB ? gapA / gapB : gapB / gapA;
        if (gapA * gapB < minArea * 0.8 || gapRatio < 1.05 || gapRatio > 2.4) continue;
        if (angleBetween(a1.line.theta, b1.line.theta) < Math.PI / 4) continue; // the card's two directions
        // Corners in order around the quad: a1∩b1, b1∩a2, a2∩b2, b2∩a1.
        const c0 = intersect(a1.line, b1.line);
        const c1 = intersect(b1.line, a2.line);
        const c2 = intersect(a2.line, b2.line);
        const c3 = intersect(b2.line, a1.line);
        if (!c0 || !c1 || !c2 || !c3) continue;
        if ([c0, c1, c2, c3].some((p) => p[0] < -w * 0.02 || p[1] < -h * 0.02 || p[0] > w * 1.02 || p[1] > h * 1.02)) continue;
        const area = polygonArea([c0, c1, c2, c3]);
        if (area < minArea) continue;
        // Long sides / short sides: ID-1 1.59, passport page 1.42; perspective stretches it a little.
        const la = Math.hypot(c1[0] - c0[0], c1[1] - c0[1]) + Math.hypot(c3[0] - c2[0], c3[1] - c2[1]);
        const lb = Math.hypot(c3[0] - c0[0], c3[1] - c0[1]) + Math.hypot(c2[0] - c1[0], c2[1] - c1[1]);
        const ratio = Math.max(la, lb) / Math.min(la, lb);
        if (ratio < 1.15 || ratio > 2.1) continue;
        // Every side must really be an edge: clutter lines rarely close a quadrilateral.
        const weakest = Math.min(b1.support(c0, c1), a2.support(c1, c2), b2.support(c2, c3), a1.support(c3, c0));
        if (weakest < 0.5) continue;
        // ...and right up to the corners: a clutter line (a pen, a paper's edge) crossing beyond the card
        // closes a bigger quad whose sides overhang the card's corners with nothing under them.
        if (Math.min(b1.endSupport(c0, c1), a2.endSupport(c1, c2), b2.endSupport(c2, c3), a1.endSupport(c3, c0)) < 0.5) continue;
        const score = area * weakest;
        if (!best || score > best.score) best = { q: orderCorners([c0, c1, c2, c3]), score };
      }
    }
    if (!best) return null;
    // Sub-pixel corners: each side refitted to the thin edge pixels along it, then intersected again.
    const q = best.q;
    const refitted = [0, 1, 2, 3].map((k) => refit(thin, w, h, q[k]!, q[(k + 1) % 4]!, 2));
    let corners: [Point, Point, Point, Point] = q;
    if (refitted.every((l) => l !== null)) {
      const r = refitted as Line[];
      const c = [intersect(r[3]!, r[0]!), intersect(r[0]!, r[1]!), intersect(r[1]!, r[2]!), intersect(r[2]!, r[3]!)];
      // Keep the refit only if it stayed close (a refit dragged off by clutter is worse than none).
      if (c.every((p, k) => p && Math.hypot(p[0] - q[k]![0], p[1] - q[k]![1]) < minSide * 0.03)) corners = c as [Point, Point, Point, Point];
    }
    const touchesEdge = corners.some(([x, y]) => x <= 1 || y <= 1 || x >= w - 2 || y >= h - 2);
    // Pixel i of a frame downscaled by `scale` is centred on full-size pixel (i + 0.5)·scale − 0.5.
    const up = ([x, y]: Point): Point => [(x + 0.5) * scale - 0.5, (y + 0.5) * scale - 0.5];
    return { corners: [up(corners[0]), up(corners[1]), up(corners[2]), up(corners[3])], area: polygonArea(corners) / (w * h), touchesEdge };
  } finally {
    src.delete();
    edges.delete();
    lines.delete();
    kernel.delete();
  }
}
