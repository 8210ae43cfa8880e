// The MRZ band as tesseract gets it (renderBand in main/precheck/mrz-locate.ts): sharp's lanczos3 resize,
// then its threshold() when asked and its normalise(). The stretch is applied as a table over the 256 grey
// levels (main/imaging/grey-normalise.ts) instead of sharp's per-pixel CIELAB round trip; the rendered
// image must be byte for byte what the single sharp pipeline makes, on drawn MRZ bands (clean, faint,
// glared, locally normalised, with painted-out cells) at both of the reader's line heights, and on images
// whose histograms put the percentiles at the edges (a binary band, an almost flat one).
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { loadOutlineFont, randomLines, renderBand as drawBand, seeded, CLEAN_STYLE, type BandStyle } from '../../../build/mrz-cell-model/synthetic-band';
import { greyNormaliseTable } from '../../../main/imaging/grey-normalise';
import { renderBand, type MrzBand, type RenderOptions } from '../../../main/precheck/mrz-locate';
import { normaliseBand } from '../../../main/precheck/mrz-normalise';
import { ocrBFontPath } from '../../../main/fonts/ocr-b';

/** The definition: one sharp pipeline over the band, as a binary PGM. */
async function definition(band: MrzBand, opts: RenderOptions): Promise<Buffer> {
  const scale = opts.lineHeight / Math.max(1, band.lineHeight);
  let img = sharp(Buffer.from(band.grey), { raw: { width: band.width, height: band.height, channels: 1 } })
    .resize({ width: Math.max(8, Math.round(band.width * scale)), kernel: 'lanczos3' })
    .normalise();
  if (opts.threshold !== undefined) img = img.threshold(opts.threshold);
  const { data, info } = await img.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`, 'latin1'), data]);
}

const PASSES: RenderOptions[] = [{ lineHeight: 30 }, { lineHeight: 46, threshold: 110 }, { lineHeight: 22 }];

describe('MRZ band rendering for tesseract', () => {
  it('gives the single sharp pipeline’s bytes on drawn bands, raw and normalised', async () => {
    const rnd = seeded(17);
    const font = loadOutlineFont(ocrBFontPath()!);
    const styles: BandStyle[] = [
      { ...CLEAN_STYLE, format: 'TD3', capPx: 24 },
      { ...CLEAN_STYLE, format: 'TD1', capPx: 16, contrast: 0.35, noise: 6 },
      { ...CLEAN_STYLE, format: 'TD3', capPx: 20, glare: 70, blur: 0.8, jpeg: 60 },
      { ...CLEAN_STYLE, format: 'TD2', capPx: 13, ink: 80, noise: 10 },
    ];
    let renders = 0;
    let differs = 0;
    for (const style of styles) {
      const { band } = await drawBand(font, randomLines(style.format, rnd), style, rnd);
      const normalised = normaliseBand(band);
      // Cells painted out with the paper's grey, as the reader's masked pass does.
      const masked = { ...normalised, grey: Uint8Array.from(normalised.grey, (v, i) => (i % band.width < band.width / 3 ? 255 : v)) };
      for (const b of [band, normalised, masked])
        for (const pass of PASSES) {
          renders++;
          if (!(await renderBand(b, pass)).equals(await definition(b, pass))) differs++;
        }
    }
    expect(renders).toBe(36);
    expect(differs).toBe(0);
  });

  it('gives the same bytes when the percentiles fall on the histogram’s edges', async () => {
    const rnd = seeded(23);
    const w = 300;
    const h = 40;
    const bands: MrzBand[] = [
      // Binary: after the resize mostly 0 and 255 (the 99th percentile can fall past the top level).
      ...[0.02, 0.2, 0.5].map((ink) => ({ grey: Uint8Array.from({ length: w * h }, () => (rnd() < ink ? 0 : 255)), width: w, height: h })),
      // Almost flat (too small a range to stretch), and a flat grey with a few dark pixels.
      { grey: Uint8Array.from({ length: w * h }, () => 200 + Math.round(rnd())), width: w, height: h },
      { grey: Uint8Array.from({ length: w * h }, () => (rnd() < 0.005 ? 20 : 180)), width: w, height: h },
      // Every level present, in random amounts.
      { grey: Uint8Array.from({ length: w * h }, () => Math.floor(rnd() ** 2 * 256)), width: w, height: h },
    ].map((b) => ({ ...b, lineCount: 2, angle: 0, lineHeight: 12, lines: [] }));
    let differs = 0;
    for (const b of bands) for (const pass of PASSES) if (!(await renderBand(b, pass)).equals(await definition(b, pass))) differs++;
    expect(differs).toBe(0);
  });

  it('makes the table from a calibration image for most histograms (sharp runs on the image only as a fallback)', async () => {
    const rnd = seeded(29);
    let tables = 0;
    for (let k = 0; k < 40; k++) {
      const ink = rnd() * 0.4;
      const grey = Uint8Array.from({ length: 20_000 + Math.floor(rnd() * 50_000) }, () => (rnd() < ink ? Math.floor(rnd() * 90) : 160 + Math.floor(rnd() * 96)));
      if (await greyNormaliseTable(grey)) tables++;
    }
    expect(tables).toBe(40);
  });
});
