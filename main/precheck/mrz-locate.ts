// Finds the MRZ band on a document image (a scanner page or a webcam frame with the card on a desk):
//  1. dark-on-light "ink" mask relative to the local background (so dim light and desk colour matter little);
//  2. skew from the row projection of the ink (the angle that makes text rows sharpest), then rotate;
//  3. text lines = runs of rows with many SHORT ink runs (characters; a card edge is one long run);
//  4. the MRZ = the lowest group of 2–3 lines that are long, equally wide, left-aligned and evenly spaced.
// Returns a cropped, upright, greyscale crop of just those lines for the OCR, or null when none is found.
import sharp, { type Sharp } from 'sharp';
import { greyNormaliseTable } from '../imaging/grey-normalise';
import { descreen, descreenWith, detectScreen } from '../imaging/descreen';
import { gaussianBlur } from '../imaging/gaussian-blur';
import { median3x3 } from '../imaging/median';
import { edgeStrokeColumns } from './mrz-edge-stroke';

export interface MrzBand {
  /** Upright greyscale crop of the MRZ lines with a margin (raw, one byte per pixel). */
  grey: Uint8Array;
  width: number;
  height: number;
  /** Number of text lines found in the band (2 or 3). */
  lineCount: number;
  /** Skew corrected, degrees. */
  angle: number;
  /** Height of one text line (capital letters) in the crop, px. */
  lineHeight: number;
  /** Where each text line was found in the crop (px; approximate, from the reduced search image). */
  lines: Array<{ top: number; bottom: number; x0: number; x1: number }>;
  /** The grey levels are locally normalised (mrz-normalise.ts): ink near 0, paper 255 everywhere. */
  normalised?: boolean;
}

/** An 8-bit grey image already decoded (one byte per pixel, rows top to bottom). */
export interface GreyImage {
  grey: Uint8Array;
  width: number;
  height: number;
}

export interface RenderOptions {
  /** Line (cap) height to scale to, px; the legacy engine reads OCR-B best at roughly 30–50 px. */
  lineHeight: number;
  /** Binarise at this grey level (after normalising) instead of handing over grey levels. */
  threshold?: number;
}

/**
 * The band as an image file for the OCR, scaled to the wanted line height: a binary PGM (P5), which
 * leptonica inside tesseract.js reads without inflating anything. Same pixels as a PNG, but no zlib on
 * either side — about 30 ms less CPU per tesseract pass than the PNG it replaced.
 *
 * The pixels are sharp's lanczos3 resize, then its threshold() when asked and its normalise(). sharp's
 * normalise() works in CIELAB over every pixel (twice); the same stretch is applied here as a table over
 * the 256 grey levels, made from sharp's own arithmetic (imaging/grey-normalise.ts) — identical pixels for
 * a fraction of the CPU. Should no table be found, sharp does it on the image as before.
 */
export async function renderBand(band: MrzBand, opts: RenderOptions): Promise<Buffer> {
  const scale = opts.lineHeight / Math.max(1, band.lineHeight);
  const resized = sharp(Buffer.from(band.grey.buffer, band.grey.byteOffset, band.grey.byteLength), { raw: { width: band.width, height: band.height, channels: 1 } }).resize({
    width: Math.max(8, Math.round(band.width * scale)),
    kernel: 'lanczos3',
  });
  const { data, info } = await resized.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one channel, got ${info.channels}`);
  const table = await greyNormaliseTable(data, opts.threshold);
  let pixels: Buffer;
  if (table) {
    pixels = Buffer.allocUnsafe(data.length);
    for (let i = 0; i < data.length; i++) pixels[i] = table[data[i]!]!;
  } else {
    let img = sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } }).normalise();
    if (opts.threshold !== undefined) img = img.threshold(opts.threshold);
    pixels = await img.toColourspace('b-w').raw().toBuffer();
  }
  return Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`, 'latin1'), pixels]);
}

export interface LocateOptions {
  /** Working width: larger images are reduced to this for the search (and the crop). */
  maxWidth?: number;
  /** Largest skew searched, degrees. */
  maxSkew?: number;
}

interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

interface Line {
  top: number;
  bottom: number;
  x0: number;
  x1: number;
}

async function toGrey(img: Sharp): Promise<Grey> {
  // Operations on 1-channel raw input come back as sRGB unless told otherwise.
  const { data, info } = await img.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one channel, got ${info.channels}`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/**
 * Ink = clearly darker than the blurred local background: below 62 % of it (text on paper; guilloche,
 * watermark and desk grain are not), or — for a washed-out or glared capture (strongest local darkening,
 * its 99.5th percentile, below WASHED_OUT grey levels), where print is only 40–80 grey levels below its
 * paper — darker than it by at least 40 % of that strongest darkening, whatever the desk or card colour.
 */
const WASHED_OUT = 110;
export async function inkMask(g: Grey): Promise<Uint8Array> {
  const sigma = Math.max(4, g.width / 120);
  // Our blur, not sharp's: sharp's integer blur() gives different pixels on libvips' vector and C code
  // (imaging/gaussian-blur.ts), and the mask would then depend on the CPU.
  const bg = { data: gaussianBlur(g.data, g.width, g.height, sigma) };
  const n = g.width * g.height;
  const darker = new Uint32Array(256);
  for (let i = 0; i < n; i++) darker[Math.max(0, bg.data[i]! - g.data[i]!)]!++;
  let strong = 0;
  for (let v = 255, seen = 0; v > 0; v--) {
    seen += darker[v]!;
    if (seen >= n * 0.005) {
      strong = v;
      break;
    }
  }
  // Only in a washed-out capture: where print is strong, desk weave and plasma-like prints would pass too.
  const minDrop = strong < WASHED_OUT ? Math.max(20, strong * 0.4) : 256;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const b = bg.data[i]!;
    const v = g.data[i]!;
    mask[i] = b > 40 && (v < b * 0.62 || b - v >= minDrop) ? 1 : 0;
  }
  return mask;
}

/** Skew that maximises the sharpness (sum of squares) of the row projection of the ink. */
function estimateSkew(mask: Uint8Array, w: number, h: number, maxSkew: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  // Subsample ink pixels: a few tens of thousands are plenty for a projection.
  let ink = 0;
  for (let i = 0; i < mask.length; i++) ink += mask[i]!;
  const step = Math.max(1, Math.ceil(Math.sqrt(ink / 40_000)));
  for (let y = 0; y < h; y += step) for (let x = 0; x < w; x += step) {
      if (mask[y * w + x]) {
        xs.push(x);
        ys.push(y);
      }
    }
  if (xs.length < 100) return 0;
  const bins = new Float64Array(h * 2 + w);
  const score = (deg: number): number => {
    const t = (deg * Math.PI) / 180;
    const s = Math.sin(t);
    const c = Math.cos(t);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) bins[Math.round((ys[i]! * c - xs[i]! * s) / 2 + w / 2)]! += 1;
    let sum = 0;
    for (let i = 0; i < bins.length; i++) sum += bins[i]! * bins[i]!;
    return sum;
  };
  let best = 0;
  let bestScore = -1;
  for (let a = -maxSkew; a <= maxSkew + 1e-9; a += 0.5) {
    const sc = score(a);
    if (sc > bestScore) [best, bestScore] = [a, sc];
  }
  for (let a = best - 0.4; a <= best + 0.4 + 1e-9; a += 0.1) {
    const sc = score(a);
    if (sc > bestScore) [best, bestScore] = [a, sc];
  }
  return best;
}

/** Text lines: bands of rows with many short ink runs; each with the extent of its widest run cluster. */
function findLines(mask: Uint8Array, w: number, h: number): Line[] {
  const maxRun = Math.max(6, Math.round(w / 30));
  const rowScore = new Float64Array(h);
  for (let y = 0; y < h; y++) {
    let runs = 0;
    let len = 0;
    const row = y * w;
    for (let x = 0; x <= w; x++) {
      if (x < w && mask[row + x]) len++;
      else if (len > 0) {
        if (len <= maxRun) runs++;
        len = 0;
      }
    }
    rowScore[y] = runs;
  }
  const sorted = Array.from(rowScore).sort((a, b) => a - b);
  const peak = sorted[Math.floor(sorted.length * 0.995)] ?? 0;
  const threshold = Math.max(6, peak * 0.22);
  const bands: Array<[number, number]> = [];
  let start = -1;
  let gap = 0;
  for (let y = 0; y <= h; y++) {
    const on = y < h && rowScore[y]! >= threshold;
    if (on) {
      if (start < 0) start = y;
      gap = 0;
    } else if (start >= 0) {
      gap++;
      if (gap > 1 || y === h) {
        const end = y - gap + 1;
        if (end - start >= 4) bands.push([start, end]);
        start = -1;
        gap = 0;
      }
    }
  }
  const lines: Line[] = [];
  for (const [top, bottom] of bands) {
    const height = bottom - top;
    const cols = new Uint8Array(w);
    for (let y = top; y < bottom; y++) for (let x = 0; x < w; x++) if (mask[y * w + x]) cols[x] = 1;
    // The card's edge crossing the line is no part of it: bridged to the first character it would make
    // this line start at the edge (mrz-edge-stroke.ts).
    const edge = edgeStrokeColumns(mask, w, h, top, bottom);
    if (edge) for (let x = 0; x < w; x++) if (edge[x]) cols[x] = 0;
    // Widest cluster of ink columns, gaps up to ~1.5 line heights bridged (the space between characters).
    const bridge = Math.max(3, Math.round(height * 1.5));
    const run = longestRun(w, (x) => cols[x] === 1, bridge);
    const best: [number, number] = run && run[1] > run[0] ? run : [0, 0];
    lines.push({ top, bottom, x0: best[0], x1: best[1] });
  }
  return lines;
}

/**
 * The longest run of positions 0…n-1 where `isSet` holds, set positions at most `bridge` apart counted
 * as one run (gaps bridged): [first, last] (inclusive; the first of equally long runs), or null when
 * nothing is set.
 */
export function longestRun(n: number, isSet: (x: number) => boolean, bridge: number): [number, number] | null {
  let best: [number, number] | null = null;
  let start = -1;
  let last = -1;
  const keep = (): void => {
    if (start >= 0 && (!best || last - start > best[1] - best[0])) best = [start, last];
  };
  for (let x = 0; x < n; x++) {
    if (!isSet(x)) continue;
    if (start < 0) start = x;
    else if (x - last > bridge) {
      keep();
      start = x;
    }
    last = x;
  }
  keep();
  return best;
}

/**
 * Whether `cand` can follow `prev` in one MRZ: the same height, close below it, equally long and
 * left-aligned to within a character (the card edge against a textured desk below the MRZ also looks like
 * a row of short ink runs, but is longer and ragged). With `runOn`, one end may run on: print, a card edge
 * or the desk's texture touching a line's first or last character extends its ink by up to a few
 * characters (~4 line heights); the other ends must then agree closely. Either end: the card's edge and
 * the guilloche strokes that cross it are as near the last characters as the first (a card turned and
 * seen at an angle, a line ending a character from the edge).
 */
function follows(prev: Line, cand: Line, runOn: boolean, maxGap = 2.2): boolean {
  const hp = prev.bottom - prev.top;
  const hc = cand.bottom - cand.top;
  const h = Math.max(hp, hc);
  const width = prev.x1 - prev.x0;
  const sameHeight = hc / hp > 0.72 && hc / hp < 1.4;
  const dx0 = Math.abs(cand.x0 - prev.x0);
  const aligned = (dx0 < h * 1.5 && Math.abs(cand.x1 - cand.x0 - width) < Math.max(width * 0.06, h * 2)) || (runOn && endsRunOn(prev, cand));
  const close = cand.top - prev.bottom < h * maxGap;
  return sameHeight && aligned && close;
}

/** One end of `b` runs on past `a` by up to ~4 line heights while the other end agrees (either end). */
function endsRunOn(a: Line, b: Line): boolean {
  const h = Math.max(a.bottom - a.top, b.bottom - b.top);
  const dx0 = Math.abs(b.x0 - a.x0);
  const dx1 = Math.abs(b.x1 - a.x1);
  return (dx0 < h * 1.5 && dx1 < h * 4) || (dx1 < h * 1.5 && dx0 < h * 4);
}

/** The lowest group of 2–3 long, aligned, evenly spaced lines of the same height. */
function pickMrzLines(lines: Line[], runOn = false): Line[] | null {
  const long = lines.filter((l) => (l.x1 - l.x0) / (l.bottom - l.top) >= 14);
  let best: Line[] | null = null;
  for (let i = 0; i < long.length; ) {
    const group = [long[i]!];
    // Three lines whose outer two are aligned and whose middle one runs on at one end (a guilloche
    // stroke or the card's edge touching its last character): one MRZ, not its last two lines.
    const [a, m, c] = [long[i]!, long[i + 1], long[i + 2]];
    if (m && c && !follows(a, m, runOn) && follows(a, c, false, 2.2 * 2 + 1.4) && endsRunOn(a, m) && endsRunOn(c, m)) {
      const runOnMiddle = { ...m, x0: Math.max(m.x0, Math.min(a.x0, c.x0)), x1: Math.min(m.x1, Math.max(a.x1, c.x1)) };
      if (follows(a, runOnMiddle, false) && follows(runOnMiddle, c, false)) group.push(m, c);
    }
    for (let j = i + 1; j < long.length && group.length < 3; j++) {
      if (follows(group[group.length - 1]!, long[j]!, runOn)) group.push(long[j]!);
      else break;
    }
    // An aligned pair with a line just before or after it that runs on at one end (halftone, a hologram
    // or the card's edge touching a TD1's first or last characters): that line is the MRZ's third, when
    // it stands at the pair's own spacing. Otherwise the pair alone would be taken for a TD2 or TD3.
    const added = group.length === 2 ? runOnNeighbour(long[i - 1], group[0]!, group[1]!, long[i + 2]) : null;
    // Keep scanning: the MRZ is the lowest such group. Groups never overlap, so a 3-line MRZ is not
    // replaced by its own last two lines.
    if (group.length >= 2) best = added === 'before' ? [long[i - 1]!, ...group] : added === 'after' ? [...group, long[i + 2]!] : group;
    i += group.length + (added === 'after' ? 1 : 0);
  }
  return best;
}

/**
 * Whether `before` (above `a`) or `after` (below `b`) completes the aligned pair a, b to three lines of
 * one MRZ: the same height, one end where the pair's is and the other running on by up to ~4 line
 * heights (endsRunOn), and as far from the pair as its two lines are from each other (to a quarter of
 * that pitch) — a label or a desk row beside a TD2 or TD3 is not evenly spaced with it.
 */
function runOnNeighbour(before: Line | undefined, a: Line, b: Line, after: Line | undefined): 'before' | 'after' | null {
  const pitch = b.top - a.top;
  const evenly = (upper: Line, lower: Line): boolean => Math.abs(lower.top - upper.top - pitch) < pitch * 0.25;
  const fits = (upper: Line, lower: Line, aligned: Line): boolean => follows(upper, lower, true) && endsRunOn(aligned, upper === aligned ? lower : upper) && evenly(upper, lower);
  if (before && fits(before, a, a)) return 'before';
  if (after && fits(b, after, b)) return 'after';
  return null;
}

/** Width the band search works at: text lines of an MRZ stay 10+ px high there, and it is 4× cheaper. */
const SEARCH_WIDTH = 800;

/** Rotates a 0/1 mask so text rows are horizontal (nearest neighbour), on a canvas that holds all of it. */
function rotateMask(mask: Uint8Array, w: number, h: number, geo: Rotation): Uint8Array {
  const out = new Uint8Array(geo.width * geo.height);
  for (let v = 0; v < geo.height; v++) {
    // Source position is linear in u: step along the row instead of mapping every pixel.
    let [x, y] = geo.toSource(0, v);
    for (let u = 0; u < geo.width; u++, x += geo.cos, y += geo.sin) {
      const xi = Math.round(x);
      const yi = Math.round(y);
      if (xi >= 0 && yi >= 0 && xi < w && yi < h && mask[yi * w + xi]) out[v * geo.width + u] = 1;
    }
  }
  return out;
}

/**
 * Upright coordinates (u, v) of an image rotated by `angle` (the skew estimateSkew finds) on an enlarged
 * canvas, and the map back to the source. Ours rather than sharp's rotate: the band is then cut from the
 * full-resolution image with the same geometry, without rotating the whole frame.
 */
interface Rotation {
  width: number;
  height: number;
  /** Source step per unit of u. */
  cos: number;
  sin: number;
  toSource(u: number, v: number): [number, number];
}

function rotation(w: number, h: number, angle: number): Rotation {
  const t = (angle * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const width = Math.ceil(w * Math.abs(c) + h * Math.abs(s));
  const height = Math.ceil(w * Math.abs(s) + h * Math.abs(c));
  const [cu, cv, cx, cy] = [width / 2, height / 2, w / 2, h / 2];
  // Projection rows of estimateSkew are y·cos − x·sin = const; u runs along them.
  return {
    width,
    height,
    cos: c,
    sin: s,
    toSource: (u, v) => {
      const du = u - cu;
      const dv = v - cv;
      return [cx + du * c - dv * s, cy + du * s + dv * c];
    },
  };
}

/** Bilinear sample of the upright rectangle (left, top, width × height at `scale`) out of the grey image. */
function sampleUpright(g: Grey, geo: Rotation, left: number, top: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const { data, width: w, height: h } = g;
  for (let y = 0; y < height; y++) {
    let [sx, sy] = geo.toSource(left, top + y);
    for (let x = 0; x < width; x++, sx += geo.cos, sy += geo.sin) {
      if (sx < 0 || sy < 0 || sx > w - 1.001 || sy > h - 1.001) {
        out[y * width + x] = 255;
        continue;
      }
      const x0 = sx | 0;
      const y0 = sy | 0;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const top0 = data[i]! + (data[i + 1]! - data[i]!) * fx;
      const bot0 = data[i + w]! + (data[i + w + 1]! - data[i + w]!) * fx;
      out[y * width + x] = Math.round(top0 + (bot0 - top0) * fy);
    }
  }
  return out;
}

/** The skew and the MRZ lines found in an ink mask of the search image, or null. */
function searchLines(mask0: Uint8Array, w: number, h: number, maxSkew: number): { angle: number; group: Line[] } | null {
  const linesAt = (angle: number, runOn = false): Line[] | null => {
    const geo = rotation(w, h, Math.abs(angle) >= 0.15 ? angle : 0);
    return pickMrzLines(findLines(Math.abs(angle) >= 0.15 ? rotateMask(mask0, w, h, geo) : mask0, geo.width, geo.height), runOn);
  };
  let angle = estimateSkew(mask0, w, h, maxSkew);
  let group = linesAt(angle);
  const tried = [angle];
  // Seen at an angle (keystone), the lines of a card are not parallel: the skew that makes its top text
  // sharpest can leave the MRZ lines a degree or two off, enough to break them up. Then the skew of each
  // horizontal strip of the image on its own, bottom first (where an MRZ usually is).
  for (const [from, to] of [[0.5, 1], [0.25, 0.75], [0, 0.5]] as const) {
    if (group) break;
    const strip = mask0.slice();
    strip.fill(0, 0, Math.floor(h * from) * w);
    strip.fill(0, Math.ceil(h * to) * w);
    const a = estimateSkew(strip, w, h, maxSkew);
    if (tried.some((t) => Math.abs(a - t) < 0.2)) continue;
    tried.push(a);
    const found = linesAt(a);
    if (found) [angle, group] = [a, found];
  }
  // Only when no skew gives two aligned lines: lines whose left ends differ by a run-on (a skew that
  // leaves the lines slightly broken can also look like that, so aligned lines are preferred).
  for (const a of tried) {
    if (group) break;
    const found = linesAt(a, true);
    if (found) [angle, group] = [a, found];
  }
  return group ? { angle, group } : null;
}

/**
 * A group that can be MRZ lines: no more than ~70 line heights long (44 characters whose found height is
 * at least ~60 % of their pitch). Rows of halftone dots across the whole card are 100+.
 */
const MAX_LINE_ASPECT = 70;
function plausibleGroup(group: Line[] | undefined): boolean {
  if (!group) return false;
  const aspects = group.map((l) => (l.x1 - l.x0) / Math.max(1, l.bottom - l.top)).sort((a, b) => a - b);
  return aspects[Math.floor(aspects.length / 2)]! <= MAX_LINE_ASPECT;
}

/**
 * Height (px at the search width) below which a group's lines may be rows of halftone dots, and only then
 * is the image looked at for a screen: nearly every MRZ is 12+ px high there (the tuning parts' 8–11 px
 * ones have no screen), rows of a screen's dots are a period or two.
 */
const THIN_LINE = 10;
/** A row of dots is at most this many screen periods high (two rows of dots the median merged). */
const SCREEN_ROW_PERIODS = 2;
const groupHeight = (group: Line[]): number => {
  const heights = group.map((l) => l.bottom - l.top).sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)]!;
};
const thinLines = (group: Line[]): boolean => groupHeight(group) < THIN_LINE;
/** Whether two groups (found at skews a few degrees apart at most) span the same rows of the image. */
function sameRows(a: Line[], b: Line[]): boolean {
  return a[0]!.top < b[b.length - 1]!.bottom && b[0]!.top < a[a.length - 1]!.bottom;
}

export async function locateMrzBand(image: Buffer | GreyImage, options: LocateOptions = {}): Promise<MrzBand | null> {
  // 1920: a 1080p webcam frame is used as decoded. Resampling it to a smaller working width cost more
  // CPU (~40–60 ms, lanczos over the whole frame) than decoding it; only the band is ever cut out of it.
  const maxWidth = options.maxWidth ?? 1920;
  // An image file is decoded (and turned upright by its EXIF orientation); decoded grey is used as it is.
  const width = Buffer.isBuffer(image) ? ((await sharp(image).metadata()).width ?? 0) : image.width;
  const base = Buffer.isBuffer(image)
    ? sharp(image, { failOn: 'none' }).rotate().greyscale()
    : sharp(Buffer.from(image.grey.buffer, image.grey.byteOffset, image.grey.byteLength), { raw: { width: image.width, height: image.height, channels: 1 } });
  const full = await toGrey(width > maxWidth ? base.resize({ width: maxWidth }) : base);
  // Search (skew, text lines) on a reduced copy; cut the band from the full-resolution grey.
  const scale = Math.min(1, SEARCH_WIDTH / full.width);
  const g =
    scale < 1
      ? await toGrey(sharp(Buffer.from(full.data), { raw: { width: full.width, height: full.height, channels: 1 } }).resize({ width: Math.round(full.width * scale) }))
      : full;
  // A 3×3 median first: a halftone screen or dithered print is a field of dots the row search would take
  // for lines of text; the strokes of characters 8+ px high at this width pass it.
  const maxSkew = options.maxSkew ?? 10;
  // Our median, not sharp's: the same bytes as its median(3), for a third of the CPU (imaging/median.ts).
  const median = (img: Grey): Grey => ({ data: median3x3(img.data, img.width, img.height), width: img.width, height: img.height });
  let found = searchLines(await inkMask(median(g)), g.width, g.height, maxSkew);
  // When that finds no MRZ, or only "lines" far too thin for their length (rows of halftone dots too big
  // for the median), two other masks, only then (they cost a blur each): the image with its halftone
  // screen averaged away (descreen.ts), and the image without the median (print so thin that the median
  // erases whole characters).
  if (!plausibleGroup(found?.group)) {
    const screened = descreen(g, 4);
    const retries = screened.screen ? [median(screened.image), g] : [g];
    for (const img of retries) {
      const again = searchLines(await inkMask(img), g.width, g.height, maxSkew);
      if (plausibleGroup(again?.group)) {
        found = again;
        break;
      }
    }
  } else if (thinLines(found!.group)) {
    // Lines of a plausible length but only a few pixels high can be rows of a screened portrait's dots
    // that the median merged (while the MRZ below, its lines broken by the same screen, no longer pairs
    // up): a screen whose period is at least half their height could have made them. Then the descreened
    // image is searched too: lines found there elsewhere are the print (the screen's rows are gone from
    // it); the same lines found there keep the first search's geometry.
    const screen = detectScreen(g, 4);
    if (screen && Math.max(screen.periodX, screen.periodY) * SCREEN_ROW_PERIODS >= groupHeight(found!.group)) {
      const image = descreenWith(g, screen);
      const again = searchLines(await inkMask(median(image)), g.width, g.height, maxSkew);
      if (plausibleGroup(again?.group) && !sameRows(found!.group, again!.group)) found = again;
    }
  }
  if (!found) return null;
  const { angle, group } = found;

  // Back to full resolution: the same rotation about the centre; upright coordinates scale by 1/k.
  const k = g.width / full.width;
  const fullGeo = rotation(full.width, full.height, Math.abs(angle) >= 0.15 ? angle : 0);
  const lineHeight = Math.max(...group.map((l) => l.bottom - l.top)) / k;
  const first = group[0]!;
  const last = group[group.length - 1]!;
  const left = Math.max(0, Math.min(...group.map((l) => l.x0)) / k - lineHeight * 1.5);
  const right = Math.min(fullGeo.width, Math.max(...group.map((l) => l.x1)) / k + lineHeight * 1.5);
  const top = Math.max(0, first.top / k - lineHeight * 0.9);
  const bottom = Math.min(fullGeo.height, last.bottom / k + lineHeight * 0.9);
  const crop = { left: Math.round(left), top: Math.round(top), width: Math.round(right - left), height: Math.round(bottom - top) };
  if (crop.width < 20 || crop.height < 10) return null;
  const grey = sampleUpright(full, fullGeo, crop.left, crop.top, crop.width, crop.height);
  const lines = group.map((l) => ({ top: l.top / k - crop.top, bottom: l.bottom / k - crop.top, x0: l.x0 / k - crop.left, x1: l.x1 / k - crop.left }));
  return { grey, width: crop.width, height: crop.height, lineCount: group.length, angle, lineHeight, lines };
}
