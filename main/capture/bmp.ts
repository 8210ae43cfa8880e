// The one BMP flavour CommandCam writes (its DirectShow sample grabber is set to MEDIASUBTYPE_RGB24: a
// BITMAPFILEHEADER, the VIDEOINFOHEADER's BITMAPINFOHEADER, then bottom-up BGR rows padded to 4 bytes).
// sharp's prebuilt libvips has no BMP loader, so this decodes uncompressed 24/32-bit BMPs to RGB for
// sharp to encode as JPEG, and refuses everything else (palettes, RLE, bit fields, absurd sizes).

export interface RgbImage {
  /** Top-down RGB, 3 bytes per pixel. */
  data: Buffer;
  width: number;
  height: number;
}

const MAX_SIDE = 8192;

export function decodeBmp(buf: Buffer): RgbImage {
  if (buf.length < 54 || buf[0] !== 0x42 || buf[1] !== 0x4d) throw new Error('not a BMP file');
  const offBits = buf.readUInt32LE(10);
  const headerSize = buf.readUInt32LE(14);
  if (headerSize < 40) throw new Error('unsupported BMP header (OS/2)');
  const width = buf.readInt32LE(18);
  const rawHeight = buf.readInt32LE(22);
  const bitCount = buf.readUInt16LE(28);
  const compression = buf.readUInt32LE(30);
  if (compression !== 0) throw new Error(`unsupported BMP compression ${compression}`);
  if (bitCount !== 24 && bitCount !== 32) throw new Error(`unsupported BMP bit depth ${bitCount}`);
  const height = Math.abs(rawHeight);
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) throw new Error(`BMP size out of range: ${width}x${height}`);
  const bpp = bitCount / 8;
  const stride = Math.ceil((width * bpp) / 4) * 4;
  if (offBits < 14 + headerSize || offBits + stride * height > buf.length) throw new Error('BMP file is truncated');
  const bottomUp = rawHeight > 0;
  const data = Buffer.allocUnsafe(width * height * 3);
  for (let y = 0; y < height; y++) {
    let i = offBits + (bottomUp ? height - 1 - y : y) * stride;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, i += bpp, o += 3) {
      data[o] = buf[i + 2]!;
      data[o + 1] = buf[i + 1]!;
      data[o + 2] = buf[i]!;
    }
  }
  return { data, width, height };
}

/** A bottom-up 24-bit BMP, as CommandCam writes (for tests and the fake CommandCam). */
export function encodeBmp24(img: RgbImage): Buffer {
  const stride = Math.ceil((img.width * 3) / 4) * 4;
  const size = 54 + stride * img.height;
  const out = Buffer.alloc(size);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(size, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(img.width, 18);
  out.writeInt32LE(img.height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(stride * img.height, 34);
  for (let y = 0; y < img.height; y++) {
    const row = 54 + (img.height - 1 - y) * stride;
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 3;
      out[row + x * 3] = img.data[i + 2]!;
      out[row + x * 3 + 1] = img.data[i + 1]!;
      out[row + x * 3 + 2] = img.data[i]!;
    }
  }
  return out;
}
