// The OCR-B typeface of machine-readable zones (ISO 1073-2), read from the font file that ships with the
// kiosk (assets/fonts/ocr-b/OCRB.otf; packaged: <resources>/fonts/ocr-b/OCRB.otf) and drawn as SVG
// outlines. Nothing goes through the fonts installed on the machine: SVG <text> is drawn by librsvg via
// fontconfig, which silently substitutes another typeface when a family is missing, and whose per-thread
// font caches do not see a font file added after the first text was drawn. An outline is the same
// drawing on every machine. Used by the specimen generator (training mode, tests) and to render the MRZ
// reader's character templates.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The family name in the font's name table (what an SVG font-family would ask for). */
export const OCR_B_FAMILY = 'OCR B';

/** Where the file sits under the repository's assets/ and under the packaged app's resources/. */
const IN_ASSETS = ['assets', 'fonts', 'ocr-b', 'OCRB.otf'];
const IN_RESOURCES = ['fonts', 'ocr-b', 'OCRB.otf'];

export class OcrBFontError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OcrBFontError';
  }
}

/**
 * The font file: in a packaged app under `resourcesPath` (electron-builder extraResources, outside the
 * asar); from sources, in tests and in the built web host (out/main, out/main/chunks), under assets/ of the
 * nearest folder above `here` that has it. Null when there is none.
 */
export function ocrBFontPath(here: string = import.meta.dirname, resourcesPath: string | undefined = electronResourcesPath()): string | null {
  const candidates: string[] = [];
  if (resourcesPath) candidates.push(join(resourcesPath, ...IN_RESOURCES));
  for (let dir = here, depth = 0; depth < 6; depth++) {
    candidates.push(join(dir, ...IN_ASSETS));
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return candidates.find((p) => existsSync(p)) ?? null;
}

function electronResourcesPath(): string | undefined {
  return (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
}

export interface SvgTextOptions {
  /** Like SVG text-anchor: x is the start (default) or the middle of the text's advance. */
  anchor?: 'start' | 'middle';
  fill?: string;
}

export interface OcrBFont {
  /** The file the outlines come from. */
  readonly path: string;
  /** An SVG <path> drawing `text` as <text x y font-size> would: x at the start (or middle), y the baseline. */
  svgText(text: string, x: number, baseline: number, fontSize: number, options?: SvgTextOptions): string;
}

// The subset of opentype.js used here (the package ships no type declarations).
interface OpenTypeFont {
  getEnglishName(name: string): string | undefined;
  getAdvanceWidth(text: string, fontSize: number): number;
  getPath(text: string, x: number, y: number, fontSize: number): { commands: PathCommand[] };
}
type PathCommand =
  | { type: 'M' | 'L'; x: number; y: number }
  | { type: 'Q'; x1: number; y1: number; x: number; y: number }
  | { type: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
  | { type: 'Z' };

/**
 * SVG path data of the outline, coordinates to 1/100 px. Written here rather than with opentype.js's
 * toPathData, whose rounding turns a coordinate a hair off an integer into "NaN" (it rounds via a string
 * like "1.1e-13e+2"), and librsvg then drops the rest of the glyph.
 */
function pathData(commands: PathCommand[]): string {
  const n = (v: number): string => {
    if (!Number.isFinite(v)) throw new OcrBFontError(`the OCR-B outline has a coordinate that is not a number (${v})`);
    return String(Math.round(v * 100) / 100);
  };
  return commands
    .map((c) => {
      switch (c.type) {
        case 'M':
        case 'L':
          return `${c.type}${n(c.x)} ${n(c.y)}`;
        case 'Q':
          return `Q${n(c.x1)} ${n(c.y1)} ${n(c.x)} ${n(c.y)}`;
        case 'C':
          return `C${n(c.x1)} ${n(c.y1)} ${n(c.x2)} ${n(c.y2)} ${n(c.x)} ${n(c.y)}`;
        case 'Z':
          return 'Z';
      }
    })
    .join('');
}
// Loaded through require: the package is a UMD bundle whose ESM build only a bundler would pick.
const opentype = createRequire(import.meta.url)('opentype.js') as { parse(data: Uint8Array): OpenTypeFont };

const loaded = new Map<string, OcrBFont>();

/**
 * Reads the OCR-B font file (the shipped one unless `path` is given), once per file. Throws an
 * OcrBFontError when it is missing, cannot be read as a font, or is a font of another family.
 */
export function loadOcrBFont(path: string | null = ocrBFontPath()): OcrBFont {
  if (!path) throw new OcrBFontError('the OCR-B font file (assets/fonts/ocr-b/OCRB.otf; packaged: resources/fonts/ocr-b/OCRB.otf) was not found');
  const known = loaded.get(path);
  if (known) return known;
  if (!existsSync(path)) throw new OcrBFontError(`the OCR-B font file ${path} does not exist`);
  let font: OpenTypeFont;
  try {
    font = opentype.parse(readFileSync(path));
  } catch (e) {
    throw new OcrBFontError(`${path} cannot be read as a font (${(e as Error).message})`, { cause: e });
  }
  const family = font.getEnglishName('fontFamily')?.trim();
  if (family !== OCR_B_FAMILY) throw new OcrBFontError(`${path} is the font "${family ?? '(unnamed)'}", not "${OCR_B_FAMILY}"`);
  const ocrB: OcrBFont = {
    path,
    svgText(text, x, baseline, fontSize, options = {}) {
      const start = options.anchor === 'middle' ? x - font.getAdvanceWidth(text, fontSize) / 2 : x;
      const d = pathData(font.getPath(text, start, baseline, fontSize).commands);
      return d ? `<path d="${d}" fill="${options.fill ?? '#000'}"/>` : '';
    },
  };
  loaded.set(path, ocrB);
  return ocrB;
}
