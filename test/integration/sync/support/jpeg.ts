// Synthetic, real JPEGs (sharp): a noisy card-sized image, so the sandbox judge sees a non-blank document.
import sharp from 'sharp';

export async function syntheticJpeg(width = 1000, height = 700, seed = 1): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let a = seed >>> 0;
  for (let i = 0; i < raw.length; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    raw[i] = a >>> 24;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
}
