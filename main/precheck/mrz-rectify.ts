// Straightens a located MRZ band seen at an angle, using the MRZ itself as the fiducial: every line of a
// format has the same number of printed cells (fillers are ink) starting at the same left margin, so the
// ends of the first and the last line are the corners of a rectangle on the document. Under a camera's
// keystone that rectangle is a general quadrilateral — lines of different lengths, converging, with the
// character pitch shrinking along a line — which a fixed-pitch cell grid cannot follow. Mapping the
// quadrilateral back to a rectangle (main/imaging/rectify.ts) makes the lines straight, parallel and
// evenly pitched again before the cells are cut.
import { otsuThreshold } from '../imaging/otsu';
import { homography, warp, type Point, type Quad } from '../imaging/rectify';
import { endsShort, extentColumnInk, inkMaskAt, lineExtent } from './mrz-line-extent';
import type { MrzBand } from './mrz-locate';
import { bandInkThreshold } from './mrz-normalise';
import { edgeStrokeColumns } from './mrz-edge-stroke';

/** Below these the band is taken as already straight (resampling would only blur it). */
const MIN_LENGTH_DIFFERENCE = 0.006;
const MIN_SLOPE_DIFFERENCE = 0.004;
const MIN_LEFT_SHIFT = 0.25;
/**
 * Lines that both lean by more than this (dy / dx, ~1.1°) are straightened too: the search's deskew was
 * pulled off by something else in the frame (a busy desk), and the cell grid's own slope, held to under
 * ~1.5° so that stray ink cannot tilt it, drops a lean measured just past that and samples the far end of
 * every line a third of a glyph off.
 */
const MIN_LEAN = 0.02;

interface LineEnds {
  left: Point;
  right: Point;
  height: number;
}

/** Left and right ends of one text line: the extent of its ink and the ink's vertical centre near each end. */
function lineEnds(band: MrzBand, ink: Uint8Array, index: number): LineEnds | null {
  const l = band.lines[index]!;
  const prev = band.lines[index - 1];
  const next = band.lines[index + 1];
  const h = l.bottom - l.top;
  const top = Math.max(0, Math.floor(prev ? (prev.bottom + l.top) / 2 : l.top - h * 0.5));
  const bottom = Math.min(band.height, Math.ceil(next ? (l.bottom + next.top) / 2 : l.bottom + h * 0.5));
  const w = band.width;
  // Ink of pieces bigger than a dot: halftone dots and specks beside a line are not its end.
  const cols = extentColumnInk(ink, w, top, bottom, h);
  const rows = bottom - top;
  // A column dark from top to bottom is the card edge or a shadow, not a character.
  // Within 1.5 line heights of where the search found the line: beyond it lie the card edge and the desk.
  const lo = Math.max(0, Math.floor(l.x0 - h * 1.5));
  const hi = Math.min(w, Math.ceil(l.x1 + h * 1.5));
  const span = cols.subarray(lo, hi);
  // Nor is the card's edge beside the line (mrz-edge-stroke.ts: ink with a straight side that runs on
  // through the line and beyond it), whose ragged side is dark on only some of the rows.
  const edge = edgeStrokeColumns(ink, w, band.height, Math.round(l.top), Math.round(l.bottom));
  const found = lineExtent(span, (i) => span[i]! >= 1 && span[i]! < rows * 0.9 && !edge?.[lo + i], Math.max(3, h * 1.8), h);
  const run = found ? [found[0] + lo, found[1] + lo] : null;
  if (!run || run[1]! - run[0]! < h * 10 || run[0] === lo || run[1] === hi - 1) return null;
  const centreY = (x0: number, x1: number): number | null => {
    let sum = 0;
    let n = 0;
    for (let y = top; y < bottom; y++)
      for (let x = Math.max(0, Math.round(x0)); x < Math.min(w, Math.round(x1)); x++)
        if (ink[y * w + x]) {
          sum += y;
          n++;
        }
    return n > 0 ? sum / n : null;
  };
  // Three character heights at each end: enough ink for a steady centre, little enough to follow a tilt.
  const [x0, x1] = [run[0]!, run[1]!];
  const yl = centreY(x0, x0 + 3 * h);
  const yr = centreY(x1 - 3 * h, x1 + 1);
  if (yl === null || yr === null) return null;
  return { left: { x: x0, y: yl }, right: { x: x1 + 1, y: yr }, height: h };
}

/**
 * Ends of the first and the last line. On a normalised band ink is what lies below INK_LEVEL
 * (bandInkThreshold); the strokes of thin print stay lighter than that, their mask breaks into specks
 * that the extent drops, and a line seems to end characters early — a corner that is not one, and the
 * warp shears the band. When an end lies well inside the line as located (endsShort), the ends are
 * found again in the mask at the band's own Otsu level, and taken from there if none is.
 */
function firstAndLastEnds(band: MrzBand): [LineEnds | null, LineEnds | null] {
  const last = band.lines.length - 1;
  const endsAt = (threshold: number): [LineEnds | null, LineEnds | null] => {
    const ink = inkMaskAt(band.grey, threshold);
    return [lineEnds(band, ink, 0), lineEnds(band, ink, last)];
  };
  const short = (ends: LineEnds | null, index: number): boolean => ends !== null && endsShort(band.lines[index]!, ends.left.x, ends.right.x);
  const threshold = bandInkThreshold(band);
  const found = endsAt(threshold);
  if (!band.normalised || !(short(found[0], 0) || short(found[1], last))) return found;
  const otsu = otsuThreshold(band.grey);
  if (otsu <= threshold) return found;
  const again = endsAt(otsu);
  return again[0] && again[1] && !short(again[0], 0) && !short(again[1], last) ? again : found;
}

/**
 * The band with its lines made straight, parallel, equally long and evenly pitched, or the band itself
 * when it already is (or its line ends cannot be found).
 */
export function rectifyMrzBand(band: MrzBand): MrzBand {
  if (band.lines.length < 2) return band;
  const [first, last] = firstAndLastEnds(band);
  if (!first || !last) return band;
  const lenTop = first.right.x - first.left.x;
  const lenBottom = last.right.x - last.left.x;
  const slopeTop = (first.right.y - first.left.y) / lenTop;
  const slopeBottom = (last.right.y - last.left.y) / lenBottom;
  const h = (first.height + last.height) / 2;
  const straight =
    Math.abs(lenTop - lenBottom) / Math.max(lenTop, lenBottom) < MIN_LENGTH_DIFFERENCE &&
    Math.abs(slopeTop - slopeBottom) < MIN_SLOPE_DIFFERENCE &&
    Math.abs(first.left.x - last.left.x) < h * MIN_LEFT_SHIFT &&
    Math.abs(slopeTop + slopeBottom) / 2 < MIN_LEAN;
  if (straight) return band;
  // A keystone of up to ~15 % and lines found where the search put them; anything else is a misfit.
  const plausible =
    Math.abs(lenTop - lenBottom) / Math.max(lenTop, lenBottom) < 0.15 && Math.abs(first.left.x - last.left.x) < h * 3 && Math.abs(slopeTop - slopeBottom) < 0.1;
  if (!plausible) return band;

  const width = Math.max(lenTop, lenBottom);
  const spacing = (last.left.y - first.left.y + last.right.y - first.right.y) / 2;
  if (spacing < h) return band;
  const mx = Math.round(h * 1.5);
  const my = Math.round(h * 1.4);
  const outW = Math.round(width + 2 * mx);
  const outH = Math.round(spacing + 2 * my);
  const target: Quad = [
    { x: mx, y: my },
    { x: mx + width, y: my },
    { x: mx + width, y: my + spacing },
    { x: mx, y: my + spacing },
  ];
  const seen: Quad = [first.left, first.right, last.right, last.left];
  let toBand;
  try {
    toBand = homography(target, seen);
  } catch {
    return band;
  }
  const image = warp({ data: band.grey, width: band.width, height: band.height, channels: 1 }, toBand, outW, outH, 255);
  const n = band.lines.length;
  const lines = band.lines.map((l, i) => {
    const centre = my + (spacing * i) / (n - 1);
    const lh = l.bottom - l.top;
    return { top: centre - lh / 2, bottom: centre + lh / 2, x0: mx, x1: mx + width };
  });
  return { ...band, grey: image.data, width: outW, height: outH, lines };
}
