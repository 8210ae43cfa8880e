// The chip's face image made ready to show beside the document photo and the selfie: JPEG as the chip
// holds it; JPEG 2000 (common in older passports) decoded with OpenJPEG compiled to WebAssembly
// (@cornerstonejs/codec-openjpeg, which reads both JP2 files and bare codestreams) and re-encoded as JPEG
// with sharp, since neither browsers nor sharp's libvips show JPEG 2000.
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { ChipFaceImage } from './dg2-face';
import { ChipError } from './errors';

export interface DisplayableFace {
  mime: 'image/jpeg';
  bytes: Buffer;
  width: number;
  height: number;
  /** The format the chip stored. */
  source: ChipFaceImage['format'];
}

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
}

interface J2kDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

interface OpenJpegModule {
  J2KDecoder: new () => J2kDecoder;
}

let openJpeg: Promise<OpenJpegModule> | null = null;

/** The WebAssembly decoder, loaded once on first use; its console chatter is silenced. */
function loadOpenJpeg(): Promise<OpenJpegModule> {
  if (!openJpeg) {
    const factory = createRequire(import.meta.url)('@cornerstonejs/codec-openjpeg/decodewasmjs') as (options: object) => Promise<OpenJpegModule>;
    const quiet = (): void => {};
    openJpeg = factory({ print: quiet, printErr: quiet });
  }
  return openJpeg;
}

const unsupported = (why: string): ChipError => new ChipError('bad-apdu', `The chip's JPEG 2000 face image cannot be shown: ${why}.`);

/** Decodes a JPEG 2000 image (JP2 or codestream) to 8-bit pixels. */
export async function decodeJpeg2000(bytes: Uint8Array): Promise<{ pixels: Buffer; width: number; height: number; channels: 1 | 3 }> {
  const lib = await loadOpenJpeg();
  const decoder = new lib.J2KDecoder();
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    try {
      decoder.decode();
    } catch {
      throw unsupported('the image data is damaged');
    }
    const info = decoder.getFrameInfo();
    if (info.componentCount !== 1 && info.componentCount !== 3) throw unsupported(`${info.componentCount} colour components`);
    if (info.bitsPerSample !== 8) throw unsupported(`${info.bitsPerSample} bits per sample`);
    const pixels = Buffer.from(decoder.getDecodedBuffer());
    if (pixels.length !== info.width * info.height * info.componentCount) throw unsupported('the decoded size does not match its header');
    return { pixels, width: info.width, height: info.height, channels: info.componentCount };
  } finally {
    decoder.delete();
  }
}

export async function faceForDisplay(face: ChipFaceImage): Promise<DisplayableFace> {
  if (face.format === 'jpeg') {
    const meta = await sharp(face.bytes).metadata();
    return { mime: 'image/jpeg', bytes: face.bytes, width: meta.width ?? face.width, height: meta.height ?? face.height, source: 'jpeg' };
  }
  const decoded = await decodeJpeg2000(face.bytes);
  const bytes = await sharp(decoded.pixels, { raw: { width: decoded.width, height: decoded.height, channels: decoded.channels } }).jpeg({ quality: 90 }).toBuffer();
  return { mime: 'image/jpeg', bytes, width: decoded.width, height: decoded.height, source: 'jpeg2000' };
}
