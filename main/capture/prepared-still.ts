// What the kiosk keeps of a captured still, and its quality verdict. A scanner image is the document
// itself and is kept as it is. A camera still is cut down to the card and straightened (card-crop.ts), so
// review and the provider see the document rather than the desk, and the quality checks judge the card's
// own pixels; when no outline can be trusted, the whole frame is kept and the verdict says so.
import sharp from 'sharp';
import type { QualityVerdict } from '../../shared/domain';
import { cropCard, decodeFrame, outlineCard } from './card-crop';
import type { CapturedImage } from './device';
import { ANALYSIS_WIDTH, measureGrey } from './quality';
import { assessQuality, QUALITY_THRESHOLDS, verdictFromMetrics, type AssessOptions, type QualityInstruction } from './quality-verdict';

export interface PreparedStill {
  /** The image to store, show and send: the straightened card, or the still as captured. */
  image: CapturedImage;
  quality: QualityVerdict;
}

/** A card under ~12 % of the frame leaves the MRZ characters too few pixels to read. */
const MIN_CARD_AREA = 0.12;

export async function prepareStill(still: CapturedImage, opts: AssessOptions): Promise<PreparedStill> {
  if (opts.kind !== 'camera') return { image: still, quality: await assessQuality(still, opts) };
  const frame = await decodeFrame(still.jpeg);
  const outline = outlineCard(frame, opts.documentType);
  const crop = await cropCard(frame, outline, opts.documentType);
  if (!crop) {
    // The frame as captured: light first (it changes everything else), then why no card was cut out —
    // none in view, one running off the frame, or an outline that is not the document's shape. Never
    // "good": the teller sees the whole frame and is told so.
    const verdict = await assessQuality(still, opts);
    const light = verdict.instruction === 'too_dark' || verdict.instruction === 'too_bright';
    const why: QualityInstruction = !outline.found ? 'no_document' : outline.found.touchesEdge ? 'cropped' : 'not_outlined';
    return { image: still, quality: { ...verdict, ok: false, instruction: light ? verdict.instruction : why, framing: 'full_frame' } };
  }
  // The card's own pixels for light, glare, focus and contrast; its size in the frame for "too small"
  // (the crop is as large as the camera saw it, so the frame's resolution stands for the capture's).
  const metrics = await measureAtFrameScale(crop.jpeg, crop.width, ANALYSIS_WIDTH / Math.max(ANALYSIS_WIDTH, frame.width));
  const verdict = verdictFromMetrics({ ...metrics, width: frame.width, height: frame.height }, QUALITY_THRESHOLDS, opts);
  const small = verdict.ok && (outline.found?.area ?? 0) < MIN_CARD_AREA;
  const quality: QualityVerdict = { ...verdict, ...(small ? { ok: false, instruction: 'too_small' } : {}), framing: 'card' };
  return { image: { jpeg: crop.jpeg, width: crop.width, height: crop.height }, quality };
}

/**
 * The crop's metrics at the scale the frame itself is measured (the thresholds are calibrated on frames
 * brought to ANALYSIS_WIDTH): focus is about 1 / blur width², so measuring the crop at another scale would
 * move every blur verdict. Green channel as luma, linear kernel, as measureQuality does.
 */
async function measureAtFrameScale(jpeg: Buffer, width: number, factor: number): Promise<ReturnType<typeof measureGrey>> {
  const { data, info } = await sharp(jpeg)
    .extractChannel(1)
    .resize({ width: Math.max(1, Math.round(width * factor)), kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return measureGrey(data, info.width, info.height);
}
