// Synthetic MRZ bands for training (and testing) the MRZ cell model: lines of random MRZ characters drawn
// from a font's outlines (opentype.js → SVG path → librsvg through sharp: no Pillow, no ImageMagick, so
// nothing is shared with the evaluation set's generator), then printed and photographed badly (stroke
// weight, halftone, glare and shading, low contrast, blur, noise, JPEG, low resolution), and cut into
// cells by the reader's own grid fit (readCells in main/precheck/mrz-cells.ts) and its cell sampling
// geometry (mrz-template.ts) — so the model learns on cells as the reader will hand them to it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { readCells } from '../../main/precheck/mrz-cells';
import type { MrzBand } from '../../main/precheck/mrz-locate';
import { MRZ_LINE_COUNT, MRZ_LINE_LENGTH, type MrzFormat } from '../../main/precheck/mrz-parse';
import { CELL_COLS, CELL_ROWS, MRZ_ALPHABET, cellSampleOffset, sampleGrey, type GreyImage } from '../../main/precheck/mrz-template';

interface OpenTypeFont {
  unitsPerEm: number;
  getAdvanceWidth(text: string, fontSize: number): number;
  getPath(text: string, x: number, y: number, fontSize: number): { commands: PathCommand[] };
  charToGlyph(c: string): { getBoundingBox(): { y1: number; y2: number } };
}
type PathCommand =
  | { type: 'M' | 'L'; x: number; y: number }
  | { type: 'Q'; x1: number; y1: number; x: number; y: number }
  | { type: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
  | { type: 'Z' };
const opentype = createRequire(import.meta.url)('opentype.js') as { parse(data: Uint8Array): OpenTypeFont };

export interface OutlineFont {
  /**
   * SVG path data of one character whose advance box is centred on x, baseline at y, cap height capPx;
   * widthScale (default 1) narrows or widens the glyph about x (condensed or extended print).
   */
  glyphPath(c: string, x: number, baseline: number, capPx: number, widthScale?: number): string;
}

const fonts = new Map<string, OutlineFont>();

/**
 * A font file's outlines (any TrueType/OpenType face), scaled by its own cap height (the H's). With
 * `fitToDigits` (a proportional face), glyphs wider than the digits (tabular in such faces) are narrowed
 * to the digits' advance, as monospaced versions of a proportional design draw them (a narrow M and W).
 */
export function loadOutlineFont(path: string, options: { fitToDigits?: boolean } = {}): OutlineFont {
  const key = `${path}\0${options.fitToDigits === true}`;
  const known = fonts.get(key);
  if (known) return known;
  const font = opentype.parse(readFileSync(path));
  const h = font.charToGlyph('H').getBoundingBox();
  const capUnits = h.y2 - h.y1;
  if (!(capUnits > 0)) throw new Error(`${path}: no cap height (the H has no outline)`);
  const digitAdvance = font.getAdvanceWidth('0', font.unitsPerEm);
  const fit = (c: string): number => (options.fitToDigits ? Math.min(1, digitAdvance / font.getAdvanceWidth(c, font.unitsPerEm)) : 1);
  const n = (v: number): string => String(Math.round(v * 100) / 100);
  const f: OutlineFont = {
    glyphPath(c, x, baseline, capPx, widthScale = 1) {
      const size = (capPx * font.unitsPerEm) / capUnits;
      const start = x - font.getAdvanceWidth(c, size) / 2;
      const k = widthScale * fit(c);
      const X = (v: number): string => n(x + (v - x) * k);
      return font
        .getPath(c, start, baseline, size)
        .commands.map((k) => {
          switch (k.type) {
            case 'M':
            case 'L':
              return `${k.type}${X(k.x)} ${n(k.y)}`;
            case 'Q':
              return `Q${X(k.x1)} ${n(k.y1)} ${X(k.x)} ${n(k.y)}`;
            case 'C':
              return `C${X(k.x1)} ${n(k.y1)} ${X(k.x2)} ${n(k.y2)} ${X(k.x)} ${n(k.y)}`;
            case 'Z':
              return 'Z';
          }
        })
        .join('');
    },
  };
  fonts.set(key, f);
  return f;
}

/** Seeded uniform [0, 1): the project's one replayable generator. */
export { seededRandom as seeded } from '../../shared/seeded-random';
const gauss = (rnd: () => number): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
const between = (rnd: () => number, a: number, b: number): number => a + (b - a) * rnd();

/** How a band is drawn and degraded. Every field has a neutral value (a clean, sharp print). */
export interface BandStyle {
  format: MrzFormat;
  /** Cap height in output pixels. */
  capPx: number;
  /** Pitch ÷ cap height. */
  pitchPerCap: number;
  /** Stroke added (> 0, ink spread) or removed (< 0, thin print), in cap heights. */
  stroke: number;
  /** Residual rotation of the band, degrees. */
  rotation: number;
  ink: number;
  paper: number;
  /** Halftone screen period in px (0: none). */
  halftone: number;
  /** Glare: brightness added at its centre (grey levels), and shading across the band (share). */
  glare: number;
  shading: number;
  /** Contrast kept (1: all). */
  contrast: number;
  blur: number;
  noise: number;
  /** JPEG quality (0: none). */
  jpeg: number;
  /** Drawn this many times larger, then reduced (resampling of a camera/scanner); 1: drawn at size. */
  supersample: number;
  /** Glyphs narrowed or widened about their centre (condensed or extended print of the same face). */
  widthScale: number;
  /** Uneven printing: each glyph's ink coverage is 1 minus up to this much (0: even). */
  inkVariation: number;
  /** Security print behind the MRZ: fine wavy lines this many grey levels darker than the paper (0: none). */
  guilloche: number;
  /** Laminate overlay over print and paper: a hologram patch (share of the way to white, 0: none) and a sheen band. */
  hologram: number;
  sheen: number;
  /** Ink bleeding into the paper (cap heights, 0: none): narrow gaps between strokes fill in, as a 3's open side closes towards an 8. */
  bleed: number;
  /** Toner specks on the paper and pinholes in the ink (share of pixels, 0: none). */
  speckle: number;
}

export const CLEAN_STYLE: Omit<BandStyle, 'format' | 'capPx'> = {
  pitchPerCap: 1.032,
  stroke: 0,
  rotation: 0,
  ink: 20,
  paper: 235,
  halftone: 0,
  glare: 0,
  shading: 0,
  contrast: 1,
  blur: 0,
  noise: 0,
  jpeg: 0,
  supersample: 1,
  widthScale: 1,
  inkVariation: 0,
  guilloche: 0,
  hologram: 0,
  sheen: 0,
  bleed: 0,
  speckle: 0,
};

/** Range of the glyph narrowing/widening (`widthScale`) drawn for half the bands: MRZ_CELL_WIDTH=lo,hi. */
export const WIDTH_RANGE: readonly [number, number] = widthRange(process.env.MRZ_CELL_WIDTH ?? '0.94,1.06');

function widthRange(spec: string): [number, number] {
  const [lo, hi] = spec.split(',').map(Number);
  if (!(lo! > 0 && hi! >= lo!)) throw new Error(`MRZ_CELL_WIDTH must be "lo,hi" with 0 < lo <= hi, not "${spec}"`);
  return [lo!, hi!];
}

/** A random style across the range the reader has to cope with. */
export function randomStyle(rnd: () => number): BandStyle {
  const r = rnd();
  const format: MrzFormat = r < 0.55 ? 'TD3' : r < 0.85 ? 'TD1' : 'TD2';
  const degraded = rnd() < 0.8;
  const pick = (p: number): boolean => degraded && rnd() < p;
  return {
    format,
    // Log-uniform 12–44 px cap height: the low end is where the templates give out.
    capPx: Math.exp(between(rnd, Math.log(12), Math.log(44))),
    pitchPerCap: 1.032 * between(rnd, 0.93, 1.12),
    // Stroke weight: thin print to heavy ink spread (the fourth round widened −5 … +7 % to −7 … +10 %).
    stroke: pick(0.55) ? between(rnd, -0.07, 0.1) : 0,
    rotation: pick(0.4) ? between(rnd, -0.7, 0.7) : 0,
    ink: between(rnd, 0, 80),
    paper: between(rnd, 170, 255),
    halftone: pick(0.2) ? between(rnd, 1.8, 5) : 0,
    glare: pick(0.3) ? between(rnd, 20, 110) : 0,
    shading: pick(0.3) ? between(rnd, 0.1, 0.5) : 0,
    contrast: pick(0.35) ? between(rnd, 0.3, 1) : 1,
    blur: pick(0.55) ? between(rnd, 0.3, 1.7) : 0,
    noise: pick(0.5) ? between(rnd, 2, 16) : 0,
    jpeg: pick(0.45) ? Math.round(between(rnd, 20, 95)) : 0,
    supersample: pick(0.35) ? between(rnd, 1.5, 3) : 1,
    // Print the evaluation's categories name but the first generator lacked: condensed/extended faces
    // (an O as narrow as a 0, a 0 as round as an O), uneven ink, guilloche, hologram and laminate sheen.
    // Range ±6 % by default (MRZ_CELL_WIDTH=lo,hi): the second round's 0.82–1.15 made a narrowed O look
    // like a widened 0 of the same face and cost clean OCR-B reads.
    widthScale: rnd() < 0.5 ? between(rnd, WIDTH_RANGE[0], WIDTH_RANGE[1]) : 1,
    inkVariation: pick(0.25) ? between(rnd, 0.1, 0.45) : 0,
    guilloche: pick(0.15) ? between(rnd, 15, 70) : 0,
    hologram: pick(0.12) ? between(rnd, 0.15, 0.55) : 0,
    sheen: pick(0.12) ? between(rnd, 0.15, 0.5) : 0,
    bleed: pick(0.18) ? between(rnd, 0.03, 0.09) : 0,
    speckle: pick(0.15) ? between(rnd, 0.002, 0.03) : 0,
  };
}

/** The characters the acceptance rules judge against each other (a letter printed where a digit must stand). */
export const LOOKALIKES = 'O0QDU8B1I5S2Z6G3MHWN';

/**
 * Random MRZ-like lines: every character equally likely, with runs of fillers like names have; with
 * `lookalikeShare` > 0 that share of the characters is drawn from the look-alikes instead (half of them
 * O or 0), so the model sees many more of the pairs it must keep apart.
 */
export function randomLines(format: MrzFormat, rnd: () => number, lookalikeShare = 0): string[] {
  return Array.from({ length: MRZ_LINE_COUNT[format] }, () => {
    let s = '';
    while (s.length < MRZ_LINE_LENGTH[format]) {
      if (rnd() < 0.06) s += '<'.repeat(1 + Math.floor(rnd() * 6));
      else if (lookalikeShare > 0 && rnd() < lookalikeShare) s += rnd() < 0.5 ? (rnd() < 0.5 ? 'O' : '0') : LOOKALIKES[Math.floor(rnd() * LOOKALIKES.length)]!;
      else s += MRZ_ALPHABET[Math.floor(rnd() * MRZ_ALPHABET.length)]!;
    }
    return s.slice(0, MRZ_LINE_LENGTH[format]);
  });
}

export interface SyntheticBand {
  band: MrzBand;
  lines: string[];
  /** True centre x of cell 0 and pitch, px of the band; and each line's baseline. */
  origin: number;
  pitch: number;
  baselines: number[];
  capPx: number;
}

function gaussianBlur(img: Float32Array, w: number, h: number, sigma: number): Float32Array {
  const r = Math.ceil(sigma * 3);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  const tmp = new Float32Array(img.length);
  const out = new Float32Array(img.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) s += img[y * w + Math.min(w - 1, Math.max(0, x + i))]! * k[i + r]!;
      tmp[y * w + x] = s / sum;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) s += tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x]! * k[i + r]!;
      out[y * w + x] = s / sum;
    }
  }
  return out;
}

/** Draws `lines` in `font` with `style`: the band as the locator would hand it to readCells. */
export async function renderBand(font: OutlineFont, lines: string[], style: BandStyle, rnd: () => number): Promise<SyntheticBand> {
  const s = style.supersample;
  const cap = style.capPx;
  const pitch = cap * style.pitchPerCap;
  const n = lines[0]!.length;
  const lineStep = cap * between(rnd, 1.55, 2.1);
  const marginX = pitch * between(rnd, 1, 2.5);
  const marginTop = cap * between(rnd, 0.7, 1.2);
  const width = Math.round(2 * marginX + n * pitch);
  const height = Math.round(2 * marginTop + cap + (lines.length - 1) * lineStep);
  const baselines = lines.map((_, i) => marginTop + cap + i * lineStep);
  const glyphs = lines.flatMap((line, li) => [...line].map((c, i) => font.glyphPath(c, (marginX + (i + 0.5) * pitch) * s, baselines[li]! * s, cap * s, style.widthScale)));
  const strokeW = Math.abs(style.stroke) * cap * s * 2;
  const paint =
    style.stroke > 0
      ? `fill="#000" stroke="#000" stroke-width="${strokeW.toFixed(2)}" stroke-linejoin="round"`
      : style.stroke < 0
        ? `fill="#000" stroke="#fff" stroke-width="${strokeW.toFixed(2)}" stroke-linejoin="round"`
        : 'fill="#000"';
  const W = Math.round(width * s);
  const H = Math.round(height * s);
  // Even ink: one path. Uneven ink: one path per glyph, each with its own coverage.
  const paths =
    style.inkVariation > 0
      ? glyphs.map((d) => `<path d="${d}" ${paint} opacity="${(1 - style.inkVariation * rnd()).toFixed(3)}"/>`).join('')
      : `<path d="${glyphs.join('')}" ${paint}/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="#fff"/><g transform="rotate(${style.rotation.toFixed(3)} ${W / 2} ${H / 2})">${paths}</g></svg>`;
  let pipeline = sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).toColourspace('b-w');
  if (s !== 1) pipeline = sharp(await pipeline.png().toBuffer()).resize(width, height, { kernel: rnd() < 0.5 ? 'cubic' : 'lanczos3' }).toColourspace('b-w');
  const raw = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (raw.info.channels !== 1) throw new Error(`expected one channel, got ${raw.info.channels}`);
  const w = raw.info.width;
  const h = raw.info.height;
  let img: Float32Array = new Float32Array(w * h);
  const cover = new Float32Array(w * h);
  for (let i = 0; i < cover.length; i++) cover[i] = 1 - raw.data[i]! / 255;
  if (style.bleed > 0) {
    // Ink spreads into the paper and pools where strokes come close: blur the coverage and cut it at a
    // low threshold, so strokes thicken and narrow gaps (a 3's open side, a C's mouth) fill first.
    const spread = gaussianBlur(cover, w, h, Math.max(0.5, style.bleed * cap));
    const cut = between(rnd, 0.2, 0.4);
    for (let i = 0; i < cover.length; i++) cover[i] = Math.max(cover[i]!, Math.min(1, Math.max(0, (spread[i]! - cut) / 0.15)));
  }
  if (style.speckle > 0) {
    // Toner specks on the paper and pinholes in the ink, a pixel or two across.
    const dot = Math.max(1, Math.round(cap / 20));
    for (let n = Math.round(style.speckle * w * h); n > 0; n--) {
      const x0 = Math.floor(rnd() * w);
      const y0 = Math.floor(rnd() * h);
      const v = cover[y0 * w + x0]! > 0.5 ? 0 : 1;
      for (let y = y0; y < Math.min(h, y0 + dot); y++) for (let x = x0; x < Math.min(w, x0 + dot); x++) cover[y * w + x] = v;
    }
  }
  const angle = Math.atan2(h, w) * rnd();
  const cosA = Math.cos(angle + Math.PI / 4);
  const sinA = Math.sin(angle + Math.PI / 4);
  for (let i = 0; i < img.length; i++) {
    let coverage = cover[i]!;
    if (style.halftone > 0) {
      // A rotated dot screen: ink only where the coverage beats the screen's threshold.
      const x = i % w;
      const y = (i / w) | 0;
      const u = (x * cosA + y * sinA) / style.halftone;
      const v = (-x * sinA + y * cosA) / style.halftone;
      const screen = 0.5 + 0.25 * (Math.cos(2 * Math.PI * u) + Math.cos(2 * Math.PI * v));
      coverage = Math.min(1, Math.max(0, (coverage - screen) * 3 + 0.5 * coverage));
    }
    img[i] = style.paper - (style.paper - style.ink) * coverage;
  }
  if (style.guilloche > 0) {
    // Thin wavy lines printed under the MRZ (security background): darker paper where there is no ink.
    const period = between(rnd, 0.25, 0.7) * style.capPx;
    const wave = between(rnd, 0.2, 1.2) * style.capPx;
    const waveLen = between(rnd, 2, 6) * style.capPx;
    const tilt = between(rnd, -1, 1);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const phase = (y + tilt * x + wave * Math.sin((2 * Math.PI * x) / waveLen)) / period;
        const line = Math.pow(0.5 + 0.5 * Math.cos(2 * Math.PI * phase), 8);
        const i = y * w + x;
        img[i] = Math.min(img[i]!, style.paper - style.guilloche * line);
      }
    }
  }
  if (style.hologram > 0 || style.sheen > 0) {
    // Laminate over everything: a hologram patch (interference fringes) and a sheen band, both lifting
    // print and paper towards white.
    const hx = between(rnd, 0, w);
    const hy = between(rnd, 0, h);
    const hr = between(rnd, 0.08, 0.3) * w;
    const fringe = between(rnd, 0.3, 1.5) * style.capPx;
    const sx = between(rnd, 0, w);
    const sw = between(rnd, 0.03, 0.15) * w;
    const slant = between(rnd, -2, 2);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let lift = 0;
        if (style.hologram > 0) {
          const r2 = ((x - hx) ** 2 + (y - hy) ** 2) / (hr * hr);
          if (r2 < 4) lift += style.hologram * Math.exp(-r2) * (0.5 + 0.5 * Math.sin((2 * Math.PI * Math.sqrt(r2) * hr) / fringe + x / fringe));
        }
        if (style.sheen > 0) lift += style.sheen * Math.exp(-(((x - sx - slant * (y - h / 2)) / sw) ** 2));
        const i = y * w + x;
        img[i] = img[i]! + (255 - img[i]!) * Math.min(0.9, lift);
      }
    }
  }
  if (style.glare > 0 || style.shading > 0 || style.contrast < 1) {
    const gx = between(rnd, 0, w);
    const gy = between(rnd, 0, h);
    const gr = between(rnd, 0.1, 0.6) * w;
    const dir = rnd() < 0.5 ? 1 : -1;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        let v = 128 + (img[i]! - 128) * style.contrast;
        v *= 1 - style.shading * (dir > 0 ? x / w : 1 - x / w);
        v += style.glare * Math.exp(-((x - gx) ** 2 + (y - gy) ** 2) / (2 * gr * gr));
        img[i] = v;
      }
    }
  }
  if (style.blur > 0) img = gaussianBlur(img, w, h, style.blur);
  if (style.noise > 0) for (let i = 0; i < img.length; i++) img[i] = img[i]! + gauss(rnd) * style.noise;
  let grey = new Uint8Array(w * h);
  for (let i = 0; i < img.length; i++) grey[i] = Math.max(0, Math.min(255, Math.round(img[i]!)));
  if (style.jpeg > 0) {
    const jpg = await sharp(grey, { raw: { width: w, height: h, channels: 1 } }).jpeg({ quality: style.jpeg }).toBuffer();
    const back = await sharp(jpg).toColourspace('b-w').raw().toBuffer();
    grey = new Uint8Array(back.buffer, back.byteOffset, back.length);
  }
  // The locator's line positions are approximate (found on a reduced image).
  const band: MrzBand = {
    grey,
    width: w,
    height: h,
    lineCount: lines.length,
    angle: 0,
    lineHeight: cap,
    lines: baselines.map((b) => ({
      top: Math.round(b - cap + gauss(rnd) * cap * 0.06),
      bottom: Math.round(b + gauss(rnd) * cap * 0.06),
      x0: Math.round(marginX),
      x1: Math.round(width - marginX),
    })),
  };
  return { band, lines, origin: marginX + pitch / 2, pitch, baselines, capPx: cap };
}

/** Samples one cell exactly as the reader does (mrz-cells.ts): darkness, COLS × ROWS, row-major. */
export function sampleCellAt(img: GreyImage, cx: number, pitch: number, capTop: number, capH: number): Float32Array {
  const out = new Float32Array(CELL_COLS * CELL_ROWS);
  for (let r = 0; r < CELL_ROWS; r++) {
    for (let q = 0; q < CELL_COLS; q++) {
      const [ox, oy] = cellSampleOffset(q, r);
      out[r * CELL_COLS + q] = 255 - sampleGrey(img, cx + ox * pitch, capTop + oy * capH);
    }
  }
  return out;
}

export interface LabelledCell {
  cell: Float32Array;
  char: string;
}

export interface CutOptions {
  /** Extra misplacement on top of the reader's own grid error: across (pitches), down and in height (cap heights). */
  jitterX?: number;
  jitterY?: number;
  jitterH?: number;
  /** Cut the band this many times (the first without the extra jitter): more cells per drawing. */
  copies?: number;
}

/**
 * The band cut into cells by the reader's grid fit, each labelled with the character drawn there. Cells
 * the grid put more than a third of a pitch away from the drawn character are left out (a grid shifted
 * by a cell is the locator's failure, not something the classifier can learn). Null when the reader
 * cannot cut the band at all.
 */
export function cutCells(sb: SyntheticBand, rnd: () => number, options: CutOptions = {}): LabelledCell[] | null {
  const format: MrzFormat = sb.lines.length === 3 ? 'TD1' : sb.lines[0]!.length === 36 ? 'TD2' : 'TD3';
  const read = readCells(sb.band, { format });
  if (!read) return null;
  const img: GreyImage = { data: sb.band.grey, width: sb.band.width, height: sb.band.height };
  const out: LabelledCell[] = [];
  for (let copy = 0; copy < (options.copies ?? 1); copy++) {
    const k = copy === 0 ? 0 : 1;
    read.grids.forEach((g, li) => {
      const capH = g.capBottom - g.capTop;
      for (let c = 0; c < sb.lines[li]!.length; c++) {
        const cx = g.origin + c * g.pitch;
        if (Math.abs(cx - (sb.origin + c * sb.pitch)) > sb.pitch / 3) continue;
        const jx = k * (options.jitterX ?? 0) * (2 * rnd() - 1) * g.pitch;
        const jy = k * (options.jitterY ?? 0) * (2 * rnd() - 1) * capH;
        const jh = 1 + k * (options.jitterH ?? 0) * (2 * rnd() - 1);
        out.push({ cell: sampleCellAt(img, cx + jx, g.pitch, g.capTop + g.slope * c * g.pitch + jy, capH * jh), char: sb.lines[li]![c]! });
      }
    });
  }
  return out;
}
