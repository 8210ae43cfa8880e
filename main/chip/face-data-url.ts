// The chip's stored face picture as a small JPEG data URL for a screen: decoded (JPEG 2000 too) and
// re-encoded by sharp, at most 480 px wide, so the screen gets pixels, never the chip's own bytes or
// data groups. Null when there is no picture or it cannot be decoded (the verdict stands without it).
import sharp from 'sharp';
import { faceForDisplay } from './face-display';

const MAX_WIDTH = 480;

export async function chipFaceDataUrl(face: { bytes: Buffer; format: 'jpeg' | 'jpeg2000' } | null): Promise<string | null> {
  if (!face) return null;
  try {
    const shown = await faceForDisplay({ format: face.format, bytes: face.bytes, width: 0, height: 0 });
    const jpeg = await sharp(shown.bytes).rotate().resize({ width: MAX_WIDTH, withoutEnlargement: true }).jpeg({ quality: 85 }).toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  } catch {
    return null;
  }
}
