// Local contrast normalisation of a located MRZ band (main/imaging/local-contrast.ts): glare over part
// of the lines, a shadow across them or a washed-out capture leave the print black on white, so the
// line ends (mrz-rectify.ts), the cell grid and cell samples (mrz-cells.ts) and tesseract's confirmation
// all see the same clean band.
import { descreen } from '../imaging/descreen';
import { normaliseLocalContrast } from '../imaging/local-contrast';
import { otsuThreshold } from '../imaging/otsu';
import type { MrzBand } from './mrz-locate';

/** The band with ink at 0 and paper at 255 around every pixel; geometry unchanged. */
export function normaliseBand(band: MrzBand): MrzBand {
  const h = Math.max(6, band.lineHeight);
  // A halftone screen first becomes its mean tone: its dots are as dark as the print.
  const { image } = descreen({ data: band.grey, width: band.width, height: band.height });
  const { data } = normaliseLocalContrast(
    image,
    // The closing must swallow the thickest stroke (bold faces, ink spread: ~0.2 of the cap height); the
    // ink window must hold a stroke wherever it is over a line.
    { paperRadius: Math.max(2, h * 0.3), inkRadius: Math.max(3, h * 0.8), minRangeShare: 0.8 },
  );
  return { ...band, grey: data, normalised: true };
}

/**
 * Highest grey level taken as ink. Otsu's threshold of the band, but on a normalised band never above
 * INK_LEVEL: ink is near 0 there, while faint background print (guilloche lines, a desk's texture) is
 * stretched towards the middle where no ink is near it, and must not become ink.
 */
export const INK_LEVEL = 100;
export function bandInkThreshold(band: MrzBand): number {
  const otsu = otsuThreshold(band.grey);
  return band.normalised ? Math.min(otsu, INK_LEVEL) : otsu;
}
