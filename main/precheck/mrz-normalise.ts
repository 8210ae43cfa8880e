// Local contrast normalisation of a located MRZ band (main/imaging/local-contrast.ts): glare over part
// of the lines, a shadow across them or a washed-out capture leave the print black on white, so the
// line ends (mrz-rectify.ts), the cell grid and cell samples (mrz-cells.ts) and tesseract's confirmation
// all see the same clean band.
import { descreen } from '../imaging/descreen';
import { normaliseLocalContrast } from '../imaging/local-contrast';
import { otsuThreshold } from '../imaging/otsu';
import { inkCapHeight, normaliseStrokeWidth } from '../imaging/stroke-width';
import type { MrzBand } from './mrz-locate';

/** The band with ink at 0 and paper at 255 around every pixel; geometry unchanged. */
export function normaliseBand(band: MrzBand): MrzBand {
  const h = Math.max(6, band.lineHeight);
  // A halftone screen first becomes its mean tone: its dots are as dark as the print.
  const { image: screened } = descreen({ data: band.grey, width: band.width, height: band.height });
  const { data } = normaliseLocalContrast(
    screened,
    // The closing must swallow the thickest stroke (bold faces, ink spread: ~0.2 of the cap height); the
    // ink window must hold a stroke wherever it is over a line.
    { paperRadius: Math.max(2, h * 0.3), inkRadius: Math.max(3, h * 0.8), minRangeShare: 0.8 },
  );
  const normalised = { data, width: band.width, height: band.height };
  // Worn or thin ink leaves hairlines a pixel wide at a 20 px cap (stroke ÷ cap height 0.04–0.055; every
  // tuning band without thin print 0.074 or more): a threshold breaks them into specks, a line seems to end
  // early and its grid slips a cell, and the cell model sees strokes fainter than any it learnt. Such
  // strokes are thickened to the faces' usual weight. Against the larger of two cap estimates (the
  // search's line height, the ink's own rows), so a band is called thin only when it is thin against both.
  // Every other band is returned bit for bit as before.
  const rows = { top: Math.floor(Math.min(...band.lines.map((l) => l.top))), bottom: Math.ceil(Math.max(...band.lines.map((l) => l.bottom))) };
  const cap = Math.max(band.lineHeight, inkCapHeight(normalised, band.lines));
  const { image } = normaliseStrokeWidth(normalised, cap, STROKE_BOUNDS, rows);
  return { ...band, grey: image.data, normalised: true };
}

/**
 * Stroke ÷ cap height: thinner print is thickened towards the nominal. Bold print (ink spread 0.14–0.19)
 * is left as it is: thinned to the nominal it gained no tuning image and turned a bold DejaVu D into O.
 */
export const STROKE_BOUNDS = { thin: 0.065, bold: Infinity, nominal: 0.1 };

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
