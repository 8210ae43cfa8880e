// Which card finder to trust for one frame. The desk-colour finder (card-edges.ts, 3–5 ms)
// runs first; its quad is kept when it looks like the document being captured. On a cluttered counter it
// outlines papers and pens instead (a blob running off the frame, a wrong shape), and only then the opencv.js
// line finder (card-edges-cv.ts, ~15 ms at 480 px) is asked. opencv.js exists only in the analysis worker
// once it has warmed up; until then, or anywhere else, the desk-colour result stands (never wait for wasm).
import type { DocumentType } from '../../shared/domain';
import { decodeRgbAtWidth, findCardQuadInRgb, type CardQuad, type Point } from './card-edges';
import { findCardQuadCv, openCvIfReady, polygonArea } from './card-edges-cv';
import { halve } from './halve';

export type CardFinderMethod = 'desk' | 'lines';

export interface FoundCard extends CardQuad {
  /** 'desk': the desk-colour finder's quad; 'lines': the opencv.js line finder's. */
  method: CardFinderMethod;
}

/** Long side / short side of the documents a kiosk captures: ID-1 (cards, licences), TD2, TD3 (passport page). */
const ID1 = 85.6 / 54;
const TD2 = 105 / 74;
const TD3 = 125 / 88;

export function expectedAspects(documentType?: DocumentType): number[] {
  if (documentType === 'passport') return [TD3];
  if (documentType === 'id_card' || documentType === 'drivers_license') return [ID1];
  return [ID1, TD2, TD3];
}

/**
 * Mild perspective changes the outline's side ratio by up to ~7 % on the specimens (tilt 0.12); clutter
 * outlines measured 1.6–3.2 against 1.42/1.59, so 12 % separates them.
 */
const ASPECT_TOLERANCE = 0.12;

const dist = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

function isConvex(q: readonly Point[]): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = q[i]!;
    const [bx, by] = q[(i + 1) % 4]!;
    const [cx, cy] = q[(i + 2) % 4]!;
    const z = Math.sign((bx - ax) * (cy - by) - (by - ay) * (cx - bx));
    if (z === 0) return false;
    if (sign === 0) sign = z;
    else if (z !== sign) return false;
  }
  return true;
}

/** Side ratio of a quad whose corners run TL, TR, BR, BL; above 1 when it lies landscape. */
function landscapeRatio(c: CardQuad['corners']): number {
  const across = (dist(c[0], c[1]) + dist(c[2], c[3])) / 2;
  const down = (dist(c[1], c[2]) + dist(c[3], c[0])) / 2;
  return across / down;
}

function hasDocumentShape(c: CardQuad['corners'], w: number, h: number, documentType?: DocumentType): boolean {
  if (!isConvex(c)) return false;
  const sides = [dist(c[0], c[1]), dist(c[1], c[2]), dist(c[2], c[3]), dist(c[3], c[0])];
  if (Math.min(...sides) < Math.min(w, h) * 0.08) return false;
  const r = landscapeRatio(c);
  const aspect = r >= 1 ? r : 1 / r;
  return expectedAspects(documentType).some((e) => Math.abs(aspect / e - 1) <= ASPECT_TOLERANCE);
}

/**
 * Is the desk-colour finder's quad (corners in the `w × h` image it searched) the document? Not when it
 * touches the frame edge (clutter running off the picture — a really cut-off card gets a second opinion
 * too), is not convex, has a collapsed side, has the wrong shape, or when the desk-coloured-out region is
 * much bigger or smaller than the quad (it outlined more than one object).
 */
export function isPlausibleCard(q: CardQuad, w: number, h: number, documentType?: DocumentType): boolean {
  if (q.touchesEdge || !hasDocumentShape(q.corners, w, h, documentType)) return false;
  // Card pixels ≈ quad area on the specimens (0.96–1.0); a blob of papers around the card is far off.
  const fill = (q.area * w * h) / polygonArea(q.corners);
  return fill > 0.85 && fill < 1.15;
}

/**
 * Is the line finder's quad the document? The document's shape, lying landscape as the preview's outline
 * asks: on a card cut off by the frame edge the line finder otherwise outlines the (portrait) photo inside
 * it, and "too small" would replace the right instruction, "cut off".
 */
export function isPlausibleLinesCard(q: CardQuad, w: number, h: number, documentType?: DocumentType): boolean {
  return hasDocumentShape(q.corners, w, h, documentType) && landscapeRatio(q.corners) >= 1;
}

/** The opencv.js finder works best at ~320–480 px wide (sub-pixel refit); larger images are halved first. */
const LINES_MAX_WIDTH = 520;

/**
 * The card in an RGB image (`w × h`, 3 bytes per pixel), corners multiplied by `scale`: the desk-colour
 * quad when plausible, else the line finder's if opencv.js is ready and finds one, else the desk-colour
 * result as it was (null, or an implausible quad that the verdict reads as cropped / no document).
 */
export function findCard(rgb: Uint8Array, w: number, h: number, scale = 1, opts: { documentType?: DocumentType } = {}): FoundCard | null {
  const desk = findCardQuadInRgb(rgb, w, h, 1);
  if (desk && isPlausibleCard(desk, w, h, opts.documentType)) return scaled({ ...desk, method: 'desk' }, scale);
  const cv = openCvIfReady();
  if (cv) {
    let img = rgb;
    let iw = w;
    let ih = h;
    let s = 1;
    while (iw > LINES_MAX_WIDTH) {
      img = halve(img, iw, ih);
      iw >>= 1;
      ih >>= 1;
      s *= 2;
    }
    try {
      const lines = findCardQuadCv(cv, img, iw, ih, s);
      if (lines && isPlausibleLinesCard(lines, w, h, opts.documentType)) return scaled({ ...lines, method: 'lines' }, scale);
    } catch {
      // A wasm failure (out of memory…) must not cost the frame: the desk-colour result stands.
    }
  }
  return desk ? scaled({ ...desk, method: 'desk' }, scale) : null;
}

function scaled(q: FoundCard, scale: number): FoundCard {
  if (scale === 1) return q;
  const up = ([x, y]: Point): Point => [x * scale, y * scale];
  return { ...q, corners: [up(q.corners[0]), up(q.corners[1]), up(q.corners[2]), up(q.corners[3])] };
}

/**
 * Stills are searched at 480 px: the verdict only needs the card's size and whether it touches the edge, and
 * a 480 px decode (JPEG shrink-on-load) plus the search costs a fraction of the 960 px one (the desk-colour
 * search at 960 px alone was ~3 decodes of the frame). The line finder is at home at this size too.
 */
const STILL_SEARCH_WIDTH = 480;

/** findCard on a still (decoded at STILL_SEARCH_WIDTH), corners in full-resolution pixels. */
export async function findCardInJpeg(jpeg: Buffer, opts: { documentType?: DocumentType } = {}): Promise<FoundCard | null> {
  const img = await decodeRgbAtWidth(jpeg, STILL_SEARCH_WIDTH);
  return img ? findCard(img.rgb, img.width, img.height, img.scale, opts) : null;
}
