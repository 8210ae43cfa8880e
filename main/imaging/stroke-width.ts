// Stroke width of dark print on a normalised grey image (ink near 0, paper 255), and its correction
// towards a nominal width. Print effects change a face's stroke without changing its shapes: ink spread
// (a blotted print, or a halftone screen averaged to its mean tone) fattens every stroke until an M's
// inner V and an E's gaps fill in; worn or thin ink leaves hairlines one pixel wide that a threshold breaks
// into specks. Both readers of the MRZ — the cell model and tesseract — know the faces at their usual
// weight, so a band whose strokes are far off it is brought back before its cells are judged.
import { rankFilter, type Grey8 } from './local-contrast';

/** Grey level at which a stroke's width is measured: half-way between ink and paper. */
const MID_GREY = 128;

/**
 * Mean stroke width, px, of what lies below MID_GREY: twice the ink area over its outline length (a stroke
 * of width w and length L has area w·L and an outline of ~2L). Only the rows from `top` to `bottom` count
 * (the MRZ lines, not the margins' background print). 0 when nothing is ink.
 */
export function strokeWidth(img: Grey8, top = 0, bottom = img.height - 1): number {
  const { data, width: w, height: h } = img;
  let area = 0;
  let outline = 0;
  for (let y = Math.max(1, top); y <= Math.min(h - 2, bottom); y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (data[i]! >= MID_GREY) continue;
      area++;
      if (data[i - 1]! >= MID_GREY) outline++;
      if (data[i + 1]! >= MID_GREY) outline++;
      if (data[i - w]! >= MID_GREY) outline++;
      if (data[i + w]! >= MID_GREY) outline++;
    }
  }
  return outline === 0 ? 0 : (2 * area) / outline;
}

export interface StrokeBounds {
  /** Stroke ÷ cap height below which print is thin: thickened. */
  thin: number;
  /** Stroke ÷ cap height above which print is bold: thinned. */
  bold: number;
  /** Stroke ÷ cap height aimed at. */
  nominal: number;
}

/**
 * The image with its strokes brought towards `nominal` × capHeight when they are thinner than `thin` or
 * bolder than `bold` × capHeight: a grey min filter (ink grows by a pixel each side per radius) or max filter
 * (ink shrinks). Within the bounds the image is returned as it is.
 */
export function normaliseStrokeWidth(
  img: Grey8,
  capHeight: number,
  bounds: StrokeBounds,
  rows?: { top: number; bottom: number },
): { image: Grey8; stroke: number; radius: number } {
  const stroke = strokeWidth(img, rows?.top, rows?.bottom);
  const ratio = stroke / Math.max(1, capHeight);
  if (stroke === 0 || (ratio >= bounds.thin && ratio <= bounds.bold)) return { image: img, stroke, radius: 0 };
  // A radius-r filter moves each edge of a stroke by r px, the width by 2r; a change that is not a whole
  // number of pixels each side (a 1 px hairline at a 20 px cap needs ~1 px more, not 2) is the filtered
  // image blended in by that share, which moves the stroke's grey edge by the fraction.
  const change = Math.abs(bounds.nominal * capHeight - stroke);
  const radius = Math.max(1, Math.ceil(change / 2));
  const share = Math.min(1, change / (2 * radius));
  const filtered = rankFilter(img, radius, ratio < bounds.thin ? 'min' : 'max');
  const data = new Uint8Array(filtered.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(img.data[i]! + share * (filtered[i]! - img.data[i]!));
  return { image: { data, width: img.width, height: img.height }, stroke, radius: ratio < bounds.thin ? -radius : radius };
}

/**
 * Cap height of lines of print, px, from the ink itself: for each line (its rows as located, searched
 * half a line height beyond), the number of rows whose ink (below MID_GREY) reaches 30 % of the line's
 * fullest row — a capital's top and bottom bars and every vertical stroke fill the rows between cap line
 * and baseline, while the rows above and below hold only specks. The median over the lines; 0 when
 * no line has ink.
 */
export function inkCapHeight(img: Grey8, lines: ReadonlyArray<{ top: number; bottom: number }>): number {
  const { data, width: w, height: h } = img;
  const heights: number[] = [];
  for (const line of lines) {
    const reach = (line.bottom - line.top) / 2;
    const y0 = Math.max(0, Math.floor(line.top - reach));
    const y1 = Math.min(h - 1, Math.ceil(line.bottom + reach));
    const counts: number[] = [];
    for (let y = y0; y <= y1; y++) {
      let n = 0;
      for (let x = 0, i = y * w; x < w; x++, i++) if (data[i]! < MID_GREY) n++;
      counts.push(n);
    }
    const peak = Math.max(0, ...counts);
    if (peak > 0) heights.push(counts.filter((n) => n >= peak * 0.3).length);
  }
  if (heights.length === 0) return 0;
  heights.sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)]!;
}
