// Print screens smoothed out for tesseract. Halftoned ink (strokes made of dots) and a fine dot or line
// pattern printed over the card ("security print", a hologram's grid) are texture finer than an MRZ
// stroke. The cell model (mrz-cells.ts) reads a cell's ink as a whole; tesseract's legacy engine instead
// segments connected blobs, so to it a dotted stroke is a spray of specks (an R becomes a 3, an O a 9)
// and a band covered in dots is a picture region in which it finds no text at all.
//
// A Gaussian blur with σ of a thirtieth of the cap height (about a fifth of an OCR-B stroke, which is
// ~1/7 of the cap) merges dots a few pixels apart into an even grey and leaves the strokes' shape; the
// binarisation after it drops the grey of a background screen to paper and turns a dotted stroke solid.
// The result is still tesseract's own reading of the printed ink: nothing of the cell model's read goes
// into it. (The band's own descreen, main/imaging/descreen.ts, averages away a screen it finds by its
// period, for every reader; this is for tesseract when that was not enough — a screen seen turned or
// blurred, or one over the ink only — and runs only after a pass found no text.)
import sharp from 'sharp';
import { gaussianBlur } from '../imaging/gaussian-blur';
import type { MrzBand } from './mrz-locate';

/** σ of the blur, in cap heights. */
export const SCREEN_BLUR = 1 / 30;
/** Grey level a smoothed image is binarised at (paper 255, ink near 0 after normalising). */
export const SCREEN_THRESHOLD = 128;

/** `grey` (width × height, one byte per pixel) blurred with σ = `sigma` px, normalised and binarised. */
export async function smoothScreen(grey: Uint8Array, width: number, height: number, sigma: number): Promise<Uint8Array> {
  // The blur is ours (imaging/gaussian-blur.ts: sharp's integer blur() as libvips' vector code computes it,
  // on every CPU; sharp's own gives other pixels on libvips' C code). Up to σ 0.55 its mask is a single
  // tap: the screen is under a pixel and nothing needs smoothing.
  const blurred = gaussianBlur(grey, width, height, sigma);
  const { data, info } = await sharp(Buffer.from(blurred.buffer, blurred.byteOffset, blurred.byteLength), { raw: { width, height, channels: 1 } })
    .normalise()
    .threshold(SCREEN_THRESHOLD)
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 || info.width !== width || info.height !== height) throw new Error(`expected ${width}x${height}x1, got ${info.width}x${info.height}x${info.channels}`);
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/** The band with its print screen smoothed out (see the header), same size and geometry. */
export async function smoothBandScreen(band: MrzBand): Promise<MrzBand> {
  return { ...band, grey: await smoothScreen(band.grey, band.width, band.height, band.lineHeight * SCREEN_BLUR) };
}
