// What the MRZ reader refuses before decoding anything: an empty file, a file that is not an image, and
// an image so large that decoding it would hold the one shared reader, and hundreds of megabytes, for
// seconds (a decompression bomb: a few hundred kilobytes of PNG can claim 20000 × 20000 pixels). Only the
// header is read. The capture gate (capture/image-input.ts) refuses the same for captured images; the
// reader checks again because it also reads images that never passed that gate (the training
// emulators' uploads, tools), and it keeps the gate's pixel limit.
import sharp from 'sharp';
import { DEFAULT_MAX_PIXELS } from '../capture/image-input';

export const MRZ_MAX_PIXELS = DEFAULT_MAX_PIXELS;

/** Why the reader will not decode `image`, in plain words for the teller; null when it may. */
export async function imageRefusal(image: Buffer, maxPixels = MRZ_MAX_PIXELS): Promise<string | null> {
  if (image.length === 0) return 'The image is empty.';
  let width: number;
  let height: number;
  try {
    const meta = await sharp(image, { limitInputPixels: false }).metadata();
    width = meta.width ?? 0;
    height = meta.height ?? 0;
  } catch {
    return 'The file is not an image the reader can decode.';
  }
  if (width * height > maxPixels) {
    return `The image is too large to read (${width} × ${height} pixels; at most ${Math.round(maxPixels / 1e6)} megapixels).`;
  }
  return null;
}
