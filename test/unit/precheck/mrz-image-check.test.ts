// The MRZ reader's input check (main/precheck/mrz-image-check.ts) on its own: what it refuses from the
// header alone, with which words, and where the pixel limit lies (a limit of N pixels lets exactly N
// through). The images are PNG headers from png-claiming.ts (IHDR with the claimed size and only a few rows of
// pixel data: the check must not need more) and small images made by sharp.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageRefusal, MRZ_MAX_PIXELS } from '../../../main/precheck/mrz-image-check';
import { pngClaiming } from './png-claiming';

describe('MRZ input check', () => {
  it('refuses an empty file as empty (not as an undecodable one)', async () => {
    expect(await imageRefusal(Buffer.alloc(0))).toBe('The image is empty.');
    // Even with a limit nothing could pass.
    expect(await imageRefusal(Buffer.alloc(0), 0)).toBe('The image is empty.');
  });

  it('refuses bytes that are not an image, and a file cut inside its header', async () => {
    const plain = 'The file is not an image the reader can decode.';
    expect(await imageRefusal(Buffer.from('%PDF-1.7 not an image\n'.repeat(10)))).toBe(plain);
    expect(await imageRefusal(Buffer.from([0]))).toBe(plain);
    expect(await imageRefusal(pngClaiming(100, 100).subarray(0, 20))).toBe(plain);
  });

  it('lets a small real image through, in any format sharp reads', async () => {
    const base = sharp({ create: { width: 64, height: 32, channels: 3, background: '#ffffff' } });
    expect(await imageRefusal(await base.clone().png().toBuffer())).toBeNull();
    expect(await imageRefusal(await base.clone().jpeg().toBuffer())).toBeNull();
    expect(await imageRefusal(await base.clone().webp().toBuffer())).toBeNull();
  });

  it('keeps the capture gate’s limit of 40 megapixels: exactly 40 000 000 pass, one row more does not', async () => {
    expect(MRZ_MAX_PIXELS).toBe(40_000_000);
    expect(await imageRefusal(pngClaiming(8000, 5000))).toBeNull();
    expect(await imageRefusal(pngClaiming(5000, 8000))).toBeNull();
    expect(await imageRefusal(pngClaiming(8000, 5001))).toBe('The image is too large to read (8000 × 5001 pixels; at most 40 megapixels).');
  });

  it('refuses a decompression bomb from its header, with its claimed size', async () => {
    const bomb = pngClaiming(20000, 20000);
    expect(bomb.length).toBeLessThan(200_000);
    expect(await imageRefusal(bomb)).toBe('The image is too large to read (20000 × 20000 pixels; at most 40 megapixels).');
  });

  it('takes the limit it is given, width times height, with the megapixels rounded', async () => {
    const img = await sharp({ create: { width: 50, height: 30, channels: 3, background: '#000000' } }).png().toBuffer();
    expect(await imageRefusal(img, 1500)).toBeNull();
    expect(await imageRefusal(img, 1499)).toBe('The image is too large to read (50 × 30 pixels; at most 0 megapixels).');
    // A width alone or a height alone over the limit is not what counts: their product is.
    expect(await imageRefusal(pngClaiming(3000, 1), 2999)).toBe('The image is too large to read (3000 × 1 pixels; at most 0 megapixels).');
    expect(await imageRefusal(pngClaiming(1, 3000), 3000)).toBeNull();
    expect(await imageRefusal(pngClaiming(2000, 1000), 1_600_000)).toBe('The image is too large to read (2000 × 1000 pixels; at most 2 megapixels).');
    expect(await imageRefusal(pngClaiming(2000, 1000), 1_400_000)).toBe('The image is too large to read (2000 × 1000 pixels; at most 1 megapixels).');
  });
});
