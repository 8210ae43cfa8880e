// Live-preview frame metrics → the one instruction shown over the preview. Same order of checks as
// assessQuality (light first, then "is the card there", then glare, focus, contrast, size), but with
// thresholds for a ≤ 640 px preview frame: focus (≈ 1 / blur width²) reads higher on a downscaled frame,
// and the resolution check belongs to the full-resolution still, not the preview.
import type { QualityVerdict } from '../../shared/domain';
import type { QualityMetrics } from './quality';
import { QUALITY_THRESHOLDS, verdictOf, type QualityInstruction } from './quality-verdict';

/**
 * Calibrated on specimen webcam frames rendered at 640 × 360 with sensor noise σ4, five document types and
 * sides (test/unit/capture/preview-guidance.test.ts prints the table):
 *   frame                     focus        near-white share (glare)   card area
 *   settled, blur σ 0.4       0.90–1.61    0.34–1.77 %                0.33–0.37
 *   blur σ 0.6                0.44–0.66
 *   blur σ 0.8                0.32–0.42
 *   blur σ 1.2 / moving σ 1.6 0.18–0.23
 *   ceiling-light glare 0.9   0.90–1.62    3.35–5.16 %
 *   half out of view          —            —                          0.21–0.23, touches the edge
 * Blur σ 0.8 at 640 px is σ ≈ 2.4 at 1920 px, past the still's "blurry" limit (σ 2), so focus must be above
 * 0.43. White paper at preview scale reads ≥ 252 on up to 1.8 % of the centre, so glare starts at 2.5 %,
 * between clean paper (≤ 1.8 %) and a ceiling light (≥ 3.3 %).
 */
export const PREVIEW_THRESHOLDS = {
  minBrightness: QUALITY_THRESHOLDS.minBrightness,
  maxBrightness: QUALITY_THRESHOLDS.maxBrightness,
  maxGlare: 0.025,
  minFocus: 0.43,
  minContrast: QUALITY_THRESHOLDS.minContrast,
  /** A card covering less of the frame than this leaves the MRZ too few pixels in the still ("move closer"). */
  minCardArea: 0.12,
};

export interface PreviewCard {
  area: number;
  touchesEdge: boolean;
}

/**
 * `card` is null when no card was found; `checkCard` false (selfie) skips the card checks and glare
 * (skin highlights are not glare on a document).
 */
export function previewVerdict(m: Omit<QualityMetrics, 'width' | 'height'>, card: PreviewCard | null, checkCard: boolean): QualityVerdict {
  const t = PREVIEW_THRESHOLDS;
  let instruction: QualityInstruction | null = null;
  if (m.brightness < t.minBrightness) instruction = 'too_dark';
  else if (m.brightness > t.maxBrightness) instruction = 'too_bright';
  else if (checkCard && !card) instruction = 'no_document';
  else if (checkCard && card?.touchesEdge) instruction = 'cropped';
  else if (checkCard && m.glare > t.maxGlare) instruction = 'glare';
  else if (m.focus < t.minFocus) instruction = 'blurry';
  else if (m.contrast < t.minContrast) instruction = 'low_contrast';
  else if (checkCard && card && card.area < t.minCardArea) instruction = 'too_small';
  return verdictOf(instruction, m);
}
