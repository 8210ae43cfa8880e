// ZignSec accepts only image/jpeg. Captures are normally JPEG already and are then sent byte for byte
// (re-encoding would only lose detail); anything else is converted, and images whose long side exceeds
// the configured maximum are downscaled. Downscaling uses lanczos3 with 4:4:4 chroma and high quality
// so the OCR-B characters of the MRZ stay crisp: at 2000+ px on the long side an MRZ line keeps
// roughly 20 px per character, far above what OCR needs.
import sharp, { type Metadata } from 'sharp';
import { ProviderError } from '../provider';

export interface PreparedImage {
  jpeg: Buffer;
  width: number;
  height: number;
  converted: boolean;
}

const isJpeg = (b: Buffer): boolean => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/**
 * `known`: the size the capture gate recorded when it stored these bytes. A JPEG (by its signature)
 * within the limit is then sent as it is without decoding its header again (~1 ms of the event loop
 * per upload while draining); anything else takes the full path below.
 */
export async function prepareJpeg(input: Buffer, maxImageSide: number, known?: { width?: number | null; height?: number | null }): Promise<PreparedImage> {
  if (known?.width && known.height && isJpeg(input) && Math.max(known.width, known.height) <= maxImageSide)
    return { jpeg: input, width: known.width, height: known.height, converted: false };
  let meta: Metadata;
  try {
    meta = await sharp(input).metadata();
  } catch (e) {
    throw new ProviderError('invalid', 'The capture is not a readable image, so it cannot be sent to ZignSec. Scan the document again.', { cause: e, local: true });
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const tooBig = Math.max(width, height) > maxImageSide;
  if (meta.format === 'jpeg' && isJpeg(input) && !tooBig) return { jpeg: input, width, height, converted: false };

  const pipeline = sharp(input).rotate(); // bake EXIF orientation in: the re-encoded file drops the tag
  if (tooBig) pipeline.resize({ width: maxImageSide, height: maxImageSide, fit: 'inside', withoutEnlargement: true, kernel: 'lanczos3' });
  const { data, info } = await pipeline.jpeg({ quality: 92, chromaSubsampling: '4:4:4', mozjpeg: false }).toBuffer({ resolveWithObject: true });
  return { jpeg: data, width: info.width, height: info.height, converted: true };
}
