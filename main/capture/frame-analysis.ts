// One live-preview frame: scaled to the preview width, measured and searched for the card, from a single
// decode. Runs inside the analysis worker (analysis-worker.ts); pure enough to test in-process.
import sharp from 'sharp';
import type { QualityVerdict } from '../../shared/domain';
import { grabFrame } from './camera';
import { findCard, type CardFinderMethod } from './card-finder';
import type { PreviewFrameInput } from './device';
import { halve } from './halve';
import { previewVerdict } from './preview-guidance';
import { greenChannel, measureGrey, type QualityMetrics } from './quality';
import { renderWebcamFrame } from './specimen/webcam';
import type { DocumentType } from '../../shared/domain';

export { halve } from './halve';

/** Preview frames are at most this wide: enough to frame a card, cheap to analyse and send 8 times a second. */
export const PREVIEW_WIDTH = 640;

export interface FrameAnalysis {
  /** The preview JPEG (≤ PREVIEW_WIDTH wide). */
  jpeg: Uint8Array;
  width: number;
  height: number;
  metrics: Omit<QualityMetrics, 'width' | 'height'>;
  /** Card corners as fractions of the frame (TL, TR, BR, BL), so the renderer can draw them at any size. */
  corners: [number, number][] | null;
  cardArea: number | null;
  /** Which finder outlined the card (card-finder.ts): 'desk' colour, or opencv.js 'lines'; null without a card. */
  cardMethod: CardFinderMethod | null;
  verdict: QualityVerdict;
}

export async function analyseFrame(input: PreviewFrameInput, opts: { checkCard: boolean; documentType?: DocumentType }): Promise<FrameAnalysis> {
  let source: Buffer;
  if (input.kind === 'specimen') {
    // Rendered straight at preview size: the specimen camera's preview costs what a real one's does.
    const frame = await renderWebcamFrame(Buffer.from(input.document), { width: PREVIEW_WIDTH, height: 360, ...input.variant });
    source = frame.jpeg;
  } else if (input.kind === 'fswebcam') {
    source = await grabFrame(input.binary, input.source, input.settings, input.timeoutMs);
  } else {
    source = Buffer.from(input.jpeg.buffer, input.jpeg.byteOffset, input.jpeg.byteLength);
  }
  const meta = await sharp(source).metadata();
  const fullW = meta.width ?? 0;
  if (!fullW) throw new Error('preview frame has no width');
  const resized = fullW > PREVIEW_WIDTH;
  const { data, info } = await sharp(source)
    .removeAlpha()
    .toColourspace('srgb')
    .resize(resized ? { width: PREVIEW_WIDTH } : undefined)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  const channels = info.channels;
  const metrics = measureGrey(greenChannel(data, w, h, channels), w, h); // green channel as luma, as measureQuality does
  // The card is searched at half the preview size: 4× fewer pixels for the connected-component pass (the
  // bulk of a frame's cost), still ±2 preview px, which is plenty for the outline and the framing checks.
  // On a cluttered counter the opencv.js line finder takes over at the same size (card-finder.ts).
  const quad = opts.checkCard && channels === 3 ? findCard(halve(data, w, h), w >> 1, h >> 1, 2, { documentType: opts.documentType }) : null;
  const jpeg = resized ? await sharp(data, { raw: { width: w, height: h, channels } }).jpeg({ quality: 72 }).toBuffer() : source;
  return {
    jpeg,
    width: w,
    height: h,
    metrics,
    corners: quad ? quad.corners.map(([x, y]) => [x / w, y / h] as [number, number]) : null,
    cardArea: quad?.area ?? null,
    cardMethod: quad?.method ?? null,
    verdict: previewVerdict(metrics, quad, opts.checkCard),
  };
}
