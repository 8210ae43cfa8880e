// Quality metrics → one instruction for the teller (a `quality.*` key of the renderer locales).
// One instruction at a time, most fundamental first: light before glare before focus before size, because
// fixing the light changes every other number (Laplacian variance scales with contrast²).
import type { QualityVerdict } from '../../shared/domain';
import type { CapturedImage } from './device';
import type { DocumentType } from '../../shared/domain';
import sharp from 'sharp';
import { findCard, type FoundCard } from './card-finder';
import { halve } from './halve';
import { ANALYSIS_WIDTH, greenChannel, measureGrey, measureQuality, type QualityMetrics } from './quality';

export type QualityInstruction =
  | 'too_dark'
  | 'too_bright'
  | 'glare'
  | 'blurry'
  | 'low_contrast'
  | 'too_small'
  | 'no_document'
  | 'cropped'
  | 'not_outlined'
  | 'same_side'
  | 'other_document';

/** English fallbacks, the same sentences as renderer/src/i18n/locales/en.json `quality.*`. */
export const QUALITY_INSTRUCTION_TEXT: Record<QualityInstruction, string> = {
  too_dark: 'The image is too dark. Add light or close the scanner lid, then scan again.',
  too_bright: 'The image is too bright. Reduce the light, then scan again.',
  glare: 'There is glare on the document. Close the scanner lid or tilt the document, then scan again.',
  blurry: 'The image is blurred. Keep the document flat and still, then scan again.',
  low_contrast: 'The image has too little contrast. Clean the glass and scan again.',
  too_small: 'The document is too small in the image. Move it closer or place it flat on the glass, then scan again.',
  no_document: 'No document was found in the image. Place the document on the glass and scan again.',
  cropped: 'Part of the document is cut off. Place the whole document inside the outline, then scan again.',
  not_outlined: 'The edges of the document could not be found, so the whole camera picture is kept. Place the document flat on a plain surface and scan again, or check the picture yourself.',
  same_side: 'This is the same side as the one already scanned. Turn the document over and scan the other side.',
  other_document: 'This side seems to belong to a different document than the other side. Scan both sides of the same document.',
};

/**
 * Calibrated on the specimen set (test/unit/capture/quality.test.ts prints the table; 960 px analysis width,
 * 1920 × 1080 webcam-like frames with sensor noise σ3, TD1 back and TD3 data page):
 *   variant             sharpness (Laplacian var)  focus        glare %     brightness  contrast
 *   sharp / rotated      844–907                    0.50–0.74    0.01–0.22   137–150     82–83
 *   blur σ1              537–578                    0.40–0.55    ≤ 0.15      140–150     82
 *   blur σ2              142–204                    0.24–0.26    ≈ 0         140–150     81
 *   blur σ4              18–28                      0.09–0.10    0           140–150     79–80
 *   strong glare (0.9)   808–829                    0.50–0.74    3.6–3.9     143–152     84
 *   low light (×0.3)     83–87                      0.53–0.78    0           42–45       25
 *   clean 300 dpi scans  510–750                    —            0–0.45      196–216     54–67
 * Blur is decided on `focus`, not the raw Laplacian variance: the variance grows with the amount of print
 * (σ2 on a text-dense MRZ side scores higher than σ1 on a sparse front), the ratio does not.
 * σ2 and worse is "blurry", σ1 passes (OCR still reads it); strong glare fails, a faint sheen (0.4 %) passes.
 */
export const QUALITY_THRESHOLDS = {
  minBrightness: 70,
  maxBrightness: 235,
  maxGlare: 0.01,
  minFocus: 0.32,
  minContrast: 20,
  /** Effective resolution: a long side under 1000 px cannot hold a readable 44-character MRZ line. */
  minLongSide: 1000,
  minShortSide: 600,
};

export type QualityThresholds = typeof QUALITY_THRESHOLDS;

export function verdictFromMetrics(m: QualityMetrics, t: QualityThresholds = QUALITY_THRESHOLDS, opts: { checkGlare?: boolean } = {}): QualityVerdict {
  const long = Math.max(m.width, m.height);
  const short = Math.min(m.width, m.height);
  let instruction: QualityInstruction | null = null;
  if (m.brightness < t.minBrightness) instruction = 'too_dark';
  else if (m.brightness > t.maxBrightness) instruction = 'too_bright';
  else if ((opts.checkGlare ?? true) && m.glare > t.maxGlare) instruction = 'glare';
  else if (m.focus < t.minFocus) instruction = 'blurry';
  else if (m.contrast < t.minContrast) instruction = 'low_contrast';
  else if (long < t.minLongSide || short < t.minShortSide) instruction = 'too_small';
  return verdictOf(instruction, m);
}

/** The verdict shape for the renderer: the one instruction (null = passes) and the rounded metrics. */
export function verdictOf(instruction: QualityInstruction | null, m: Omit<QualityMetrics, 'width' | 'height'>): QualityVerdict {
  const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
  return {
    ok: instruction === null,
    instruction,
    sharpness: round(m.sharpness, 1),
    glare: round(m.glare, 4),
    brightness: round(m.brightness, 1),
    contrast: round(m.contrast, 1),
  };
}

export interface AssessOptions {
  /** false for scanners whose calibration clips white paper to 255 (not glare; needs blob analysis to tell). */
  checkGlare?: boolean;
  /**
   * 'camera': also look for the card in the frame (no_document / cropped / too_small by card size).
   * Scanner images are the document itself, so the card search does not apply to them.
   */
  kind?: 'scanner' | 'camera';
  /** The document being captured: the card finder expects its outline shape (any ID-1/TD2/TD3 without it). */
  documentType?: DocumentType;
}

/** The verdict for a stored capture: one instruction, the most fundamental problem first. */
export async function assessQuality(image: Pick<CapturedImage, 'jpeg'> & Partial<CapturedImage>, opts: AssessOptions = {}): Promise<QualityVerdict> {
  if (opts.kind !== 'camera') return verdictFromMetrics(await measureQuality(image.jpeg), QUALITY_THRESHOLDS, opts);
  const { metrics, quad } = await measureCameraStill(image.jpeg, opts);
  const verdict = verdictFromMetrics(metrics, QUALITY_THRESHOLDS, opts);
  // Light comes first (it changes everything else); then "is the card there at all", before focus or glare.
  if (verdict.instruction === 'too_dark' || verdict.instruction === 'too_bright') return verdict;
  const withInstruction = (instruction: QualityInstruction): QualityVerdict => ({ ...verdict, ok: false, instruction });
  if (!quad) return withInstruction('no_document');
  if (quad.touchesEdge) return withInstruction('cropped');
  if (!verdict.ok) return verdict;
  // A card under ~12 % of the frame leaves the MRZ characters too few pixels to read.
  return quad.area < 0.12 ? withInstruction('too_small') : verdict;
}

/**
 * Metrics and card search of a camera still from ONE decode at the analysis width: the green channel for the
 * metrics (as measureQuality, same linear kernel), the colour image halved to 480 px for the card finders
 * (the verdict needs only the card's size and whether it is cut off). Two decodes cost ~2× one.
 */
async function measureCameraStill(jpeg: Buffer, opts: AssessOptions): Promise<{ metrics: QualityMetrics; quad: FoundCard | null }> {
  const meta = await sharp(jpeg).metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const { data, info } = await sharp(jpeg)
    .removeAlpha()
    .toColourspace('srgb')
    .resize({ width: Math.min(ANALYSIS_WIDTH, width), kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  const channels = info.channels;
  const metrics = { ...measureGrey(greenChannel(data, w, h, channels), w, h), width, height };
  if (channels !== 3) return { metrics, quad: null };
  const quad = findCard(halve(data, w, h), w >> 1, h >> 1, width / (w >> 1), opts.documentType ? { documentType: opts.documentType } : {});
  return { metrics, quad };
}
