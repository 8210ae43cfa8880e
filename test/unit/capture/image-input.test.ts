// The bad-input set: every case is generated here (no committed photos) and each asserts the outcome.
import { beforeAll, describe, expect, it } from 'vitest';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { makePreview, normalizeImage } from '../../../main/capture/image-input';
import { KioskError } from '../../../main/errors';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';

const MAX = 20 * 1024 * 1024;
let good: Buffer; // a real specimen JPEG, 1011 x 638
let width = 0;
let height = 0;

beforeAll(async () => {
  const s = await generateSpecimen(randomSpecimenSpec(11, { format: 'TD1' }));
  good = s.jpeg;
  width = s.width;
  height = s.height;
});

async function rejected(buf: Buffer, opts = { maxBytes: MAX }): Promise<KioskError> {
  try {
    await normalizeImage(buf, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(KioskError);
    expect((e as KioskError).code).toBe('bad_image');
    return e as KioskError;
  }
  throw new Error('expected normalizeImage to reject');
}

async function pixelAt(jpeg: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

describe('normalizeImage accepts and normalises', () => {
  it('a good JPEG passes with its size, as a baseline sRGB JPEG', async () => {
    const out = await normalizeImage(good, { maxBytes: MAX });
    expect([out.width, out.height]).toEqual([width, height]);
    const meta = await sharp(out.jpeg).metadata();
    expect([meta.format, meta.space, meta.isProgressive]).toEqual(['jpeg', 'srgb', false]);
  });

  it('a progressive JPEG is accepted and re-encoded baseline', async () => {
    const progressive = await sharp(good).jpeg({ progressive: true }).toBuffer();
    expect((await sharp(progressive).metadata()).isProgressive).toBe(true);
    const out = await normalizeImage(progressive, { maxBytes: MAX });
    expect((await sharp(out.jpeg).metadata()).isProgressive).toBe(false);
    expect([out.width, out.height]).toEqual([width, height]);
  });

  it('an EXIF-rotated JPEG is turned upright and the orientation tag dropped', async () => {
    // Store the pixels rotated 90° clockwise-compensated: orientation 6 means "rotate 90° CW to display".
    const stored = await sharp(good).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const storedMeta = await sharp(stored).metadata();
    expect([storedMeta.width, storedMeta.height, storedMeta.orientation]).toEqual([height, width, 6]);
    const out = await normalizeImage(stored, { maxBytes: MAX });
    expect([out.width, out.height]).toEqual([width, height]);
    const meta = await sharp(out.jpeg).metadata();
    expect(meta.orientation ?? 1).toBe(1);
    // The dark header band of the card is at the top again once oriented.
    const top = await pixelAt(out.jpeg, Math.round(width / 2), 10);
    const bottom = await pixelAt(out.jpeg, Math.round(width / 2), height - 10);
    expect(top[0]!).toBeLessThan(90);
    expect(bottom[0]!).toBeGreaterThan(150);
  });

  it('a CMYK JPEG is converted to sRGB', async () => {
    const cmyk = await sharp(good).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const out = await normalizeImage(cmyk, { maxBytes: MAX });
    const meta = await sharp(out.jpeg).metadata();
    expect([meta.space, meta.channels]).toEqual(['srgb', 3]);
    // Colours survive the round trip: the dark blue header stays dark and bluish.
    const [r, g, b] = await pixelAt(out.jpeg, 20, 10);
    expect(b!).toBeGreaterThan(r!);
    expect(r! + g! + b!).toBeLessThan(300);
  });

  it('a PNG named .jpg is converted to JPEG (lossless source, nothing lost)', async () => {
    const png = await sharp(good).png().toBuffer();
    const out = await normalizeImage(png, { maxBytes: MAX });
    expect((await sharp(out.jpeg).metadata()).format).toBe('jpeg');
    expect([out.width, out.height]).toEqual([width, height]);
  });
});

describe('normalizeImage rejects with a plain sentence', () => {
  it('zero bytes', async () => {
    expect((await rejected(Buffer.alloc(0))).userMessage).toMatch(/empty/);
  });

  it('a truncated JPEG', async () => {
    const e = await rejected(good.subarray(0, Math.floor(good.length * 0.6)));
    expect(e.userMessage).toMatch(/damaged or incomplete/);
  });

  it('a corrupt JPEG (scan data overwritten)', async () => {
    const corrupt = Buffer.from(good);
    corrupt.fill(0x00, 2000, corrupt.length - 2);
    const e = await rejected(corrupt);
    expect(e.userMessage).toMatch(/damaged or incomplete/);
  });

  it('bytes that are not an image at all', async () => {
    const e = await rejected(Buffer.from('this is a text file renamed to passport.jpg'));
    expect(e.userMessage).toMatch(/not an image/);
  });

  it('a GIF named .jpg is rejected, not converted', async () => {
    const gif = await sharp(good).gif().toBuffer();
    const e = await rejected(gif);
    expect(e.userMessage).toMatch(/GIF images are not accepted/);
  });

  it('a 1 x 1 image', async () => {
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    expect((await rejected(tiny)).userMessage).toMatch(/only 1 × 1 pixels/);
  });

  it('a decompression bomb (tiny file, huge declared size) is refused before decoding', async () => {
    const bomb = pngBomb(50_000, 50_000); // 2.5 gigapixels declared, a few dozen bytes on disk
    expect((await sharp(bomb, { limitInputPixels: false }).metadata()).width).toBe(50_000);
    expect((await rejected(bomb)).userMessage).toMatch(/too large to process safely/);
  });

  it('more than the byte limit (20 MB)', async () => {
    const big = Buffer.concat([good, Buffer.alloc(MAX + 1 - good.length)]);
    expect((await rejected(big)).userMessage).toMatch(/more than the 20 MB limit/);
  });
});

/** A valid PNG header declaring w x h pixels with one deflated row: what a decompression bomb looks like to a decoder. */
function pngBomb(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1 + w * 3))), chunk('IEND', Buffer.alloc(0))]);
}

describe('makePreview', () => {
  it('gives a JPEG at most 640 px wide, keeping the aspect ratio', async () => {
    const preview = await makePreview(good);
    const meta = await sharp(preview).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(640);
    expect(meta.height).toBe(Math.round((640 * height) / width));
    expect(preview.length).toBeLessThan(good.length);
  });
});
