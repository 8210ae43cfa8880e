// The pixels the MRZ reader makes from images, by the steps that blur: the ink mask of the band search
// (inkMask), the band cut from the image (locateMrzBand), the band with a print screen smoothed out
// (smoothScreen), and the band as tesseract is given it (renderBand), each as base64, with whether libvips runs its vector code in this process — one JSON
// line. Tests run it as a child process under another environment (VIPS_NOVECTOR=1: libvips' plain C code,
// what a CPU without the vector instructions it looks for gets) and compare the pixels.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { inkMask, locateMrzBand, renderBand } from '../../main/precheck/mrz-locate';
import { SCREEN_BLUR, smoothScreen } from '../../main/precheck/mrz-screen-smooth';

/** Width the band search works at (mrz-locate.ts), and the blurs of a print screen a band may get. */
const SEARCH_WIDTH = 800;
const SCREEN_SIGMAS = [0.8, 1.33, 2.2];
/** Cap heights the band is rendered at for tesseract (scaled down and up), grey and binarised. */
const RENDERS = [{ lineHeight: 24 }, { lineHeight: 44 }, { lineHeight: 44, threshold: 140 }];

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: mrz-pixels-once.ts <image file>...');
const b64 = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const images: Record<string, Record<string, string>> = {};
for (const file of files) {
  const jpeg = readFileSync(file);
  const { data, info } = await sharp(jpeg).greyscale().resize({ width: SEARCH_WIDTH }).raw().toBuffer({ resolveWithObject: true });
  const pixels: Record<string, string> = { grey: data.toString('base64') };
  pixels.ink = b64(await inkMask({ data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height }));
  const band = await locateMrzBand(jpeg);
  if (band) {
    pixels.band = b64(band.grey);
    pixels.bandGeometry = JSON.stringify({ width: band.width, height: band.height, angle: band.angle, lineHeight: band.lineHeight, lines: band.lines });
    for (const sigma of [band.lineHeight * SCREEN_BLUR, ...SCREEN_SIGMAS]) pixels[`smooth σ${sigma.toFixed(2)}`] = b64(await smoothScreen(band.grey, band.width, band.height, sigma));
    for (const opts of RENDERS) pixels[`render ${JSON.stringify(opts)}`] = (await renderBand(band, opts)).toString('base64');
  }
  images[file] = pixels;
}
process.stdout.write(`${JSON.stringify({ vector: sharp.simd(), images })}\n`);
