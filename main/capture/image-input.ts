// The single gate every captured or imported image passes before it is stored or sent.
// It fully decodes the image (a header check alone does not catch a truncated file), applies EXIF
// orientation, converts to sRGB and re-encodes as a baseline JPEG without metadata (EXIF may hold GPS or
// device serials we have no reason to keep). Anything unusable becomes KioskError('bad_image', sentence).
import sharp from 'sharp';
import { KioskError } from '../errors';
import { kioskMessage, type KioskMessage } from '../../shared/kiosk-message';
import type { CapturedImage } from './device';

export interface NormalizeOptions {
  /** Larger inputs are refused before decoding (config capture.maxImageBytes, 20 MB by default). */
  maxBytes: number;
  /** Decompression-bomb guard: refuse images with more pixels than this (default 40 MP; a 600 dpi passport page is ~6 MP). */
  maxPixels?: number;
  /** Smallest useful image (default 320 × 200): smaller cannot hold a readable document. */
  minWidth?: number;
  minHeight?: number;
  /** JPEG quality of the normalised output (default 92: near-lossless for OCR and provider checks). */
  quality?: number;
}

export const DEFAULT_MAX_PIXELS = 40_000_000;
const MB = 1024 * 1024;

const bad = (message: KioskMessage, cause?: unknown): KioskError => new KioskError('bad_image', message, cause === undefined ? undefined : { cause });

/** Formats we convert to JPEG. PNG, WebP and TIFF are lossless or high quality (scanner software saves them). */
const CONVERTIBLE = new Set(['jpeg', 'png', 'webp', 'tiff']);

export async function normalizeImage(buf: Buffer, opts: NormalizeOptions): Promise<CapturedImage> {
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  const minWidth = opts.minWidth ?? 320;
  const minHeight = opts.minHeight ?? 200;

  if (buf.length === 0) throw bad(kioskMessage('image_empty'));
  if (buf.length > opts.maxBytes) {
    throw bad(kioskMessage('image_too_many_bytes', { sizeMb: Math.round((buf.length / MB) * 10) / 10, limitMb: Math.round(opts.maxBytes / MB) }));
  }

  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    // Header only: cheap, and lets us refuse a bomb before allocating its pixels.
    meta = await sharp(buf, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw bad(kioskMessage('image_not_image'), e);
  }
  const format = meta.format ?? 'unknown';
  if (format === 'gif') {
    // Rejected, not converted: GIF's 256-colour palette has already thrown away the fine print and
    // security-pattern detail the document checks need, so a converted GIF would only fail later.
    throw bad(kioskMessage('image_gif'));
  }
  if (!CONVERTIBLE.has(format)) {
    throw bad(kioskMessage('image_format', { format: format.toUpperCase().slice(0, 20) }));
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > maxPixels) {
    throw bad(kioskMessage('image_too_large', { width, height }));
  }
  if (width < minWidth || height < minHeight) {
    // Compare the short and long sides so a portrait-oriented capture is not refused for being "narrow".
    const [short, long] = width < height ? [width, height] : [height, width];
    if (short < Math.min(minWidth, minHeight) || long < Math.max(minWidth, minHeight)) {
      throw bad(kioskMessage('image_too_small', { width, height }));
    }
  }

  try {
    // failOn 'warning': libjpeg reports overwritten scan data ("Corrupt JPEG data") only as a warning and
    // would otherwise hand back a half-grey image that fails at the provider days later.
    const { data, info } = await sharp(buf, { limitInputPixels: maxPixels, failOn: 'warning', sequentialRead: true })
      .autoOrient() // EXIF orientation applied to the pixels; the tag is dropped with the rest of the metadata
      .toColourspace('srgb') // CMYK (print workflows) and greyscale become sRGB, which providers expect
      .flatten({ background: '#ffffff' }) // PNG transparency → white paper, not black
      .jpeg({ quality: opts.quality ?? 92, progressive: false, chromaSubsampling: '4:4:4' })
      .toBuffer({ resolveWithObject: true });
    return { jpeg: data, width: info.width, height: info.height };
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (/pixel limit/i.test(text)) {
      throw bad(kioskMessage('image_too_large', { width, height }), e);
    }
    throw bad(kioskMessage('image_damaged'), e);
  }
}

/** A small JPEG (≤ 640 px wide) for the renderer; the stored image stays full size. */
export async function makePreview(jpeg: Buffer, maxWidth = 640): Promise<Buffer> {
  return sharp(jpeg).resize({ width: maxWidth, withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
}
