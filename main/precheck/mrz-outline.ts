// The document straightened from its own outline, for the MRZ reader. A camera at a counter sees the card
// at an angle: the MRZ band's own line ends (mrz-rectify.ts) straighten a mild keystone, but a strong one
// breaks the band up before it is found, or leaves the character pitch changing along a line. The card's
// edges are a larger, sharper fiducial: capture's card finder (card-finder.ts, the desk-colour search and,
// where it is loaded, the line finder) outlines the card on a small copy of the frame, and the outline —
// only one capture would trust as the document's — is warped upright at the document's own side ratio
// from the full-resolution grey frame (card-crop.ts, main/imaging/rectify.ts). The reader then looks for
// the MRZ band on that upright document as on a scan.
import sharp from 'sharp';
import type { DocumentType } from '../../shared/domain';
import { straightenCard } from '../capture/card-crop';
import { decodeRgbAtWidth } from '../capture/card-edges';
import { findCard, isPlausibleLinesCard, type FoundCard } from '../capture/card-finder';
import type { GreyImage } from './mrz-locate';
import { inStage, type StageTrace } from './stage-trace';

/** The finders search a copy this wide (a JPEG shrinks on load): corners within ~3 px of a 1600 px frame. */
const SEARCH_WIDTH = 480;
/** The full-resolution grey is used up to this width (as the MRZ locator decodes it). */
const MAX_WIDTH = 1920;
/**
 * The warp starts this share of the card's longer side inside the outline: the corners are a few pixels
 * off at the search size, and a sliver of dark desk along an edge next to the MRZ's first characters
 * breaks the band's line ends (measured on the tuning part: 8 recovered reads with no inset, 9 with it).
 */
const INSET = 0.006;

/**
 * An outline worth a second read: the document's shape, lying landscape, inside the frame. Looser than the
 * outline capture trusts for a crop (that also asks the desk-coloured-out area to fill the quad, which
 * wood grain and cloth fail while the corners are right): a wrong outline here costs one more read, never
 * a wrong crop, and every read still has to pass the same check digits and second reader.
 */
export function outlineWorthReading(found: FoundCard, w: number, h: number, documentType?: DocumentType): boolean {
  return !found.touchesEdge && isPlausibleLinesCard(found, w, h, documentType);
}

/** How far an outline is from a level rectangle: what straightening it could change. */
export interface OutlineShape {
  /** The larger relative length difference of the opposite sides (0 for a rectangle, 0.1 for 10 %). */
  keystone: number;
  /** The mean slope of the top and bottom sides, degrees (positive: clockwise in image coordinates). */
  tiltDeg: number;
}

export function outlineShape(corners: ReadonlyArray<readonly [number, number]>): OutlineShape {
  const [tl, tr, br, bl] = corners as [readonly [number, number], readonly [number, number], readonly [number, number], readonly [number, number]];
  const len = (a: readonly [number, number], b: readonly [number, number]) => Math.hypot(b[0] - a[0], b[1] - a[1]);
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(a, b, 1e-9);
  const keystone = Math.max(rel(len(tl, tr), len(bl, br)), rel(len(tl, bl), len(tr, br)));
  const slope = (a: readonly [number, number], b: readonly [number, number]) => (Math.atan2(b[1] - a[1], b[0] - a[0]) * 180) / Math.PI;
  return { keystone, tiltDeg: (slope(tl, tr) + slope(bl, br)) / 2 };
}

/**
 * Below both, the card already lies flat and level in the frame: straightening it changes next to nothing
 * the band's own rectification does not, so its second read is skipped (measured on the tuning part, see
 * docs/mrz-cell-model.md).
 */
export const FLAT_KEYSTONE = 0.02;
export const LEVEL_TILT_DEG = 3;

/** The outline is keystoned or tilted enough that a read of the straightened document can differ. */
export function outlineWorthStraightening(shape: OutlineShape): boolean {
  return shape.keystone >= FLAT_KEYSTONE || Math.abs(shape.tiltDeg) >= LEVEL_TILT_DEG;
}

export interface UprightDocument {
  /** The straightened document, 8-bit grey (the MRZ locator takes it without an image file between). */
  grey: GreyImage;
  width: number;
  height: number;
  /** The card's corners in the frame (TL, TR, BR, BL), full-resolution pixels. */
  corners: Array<{ x: number; y: number }>;
}

/**
 * The document in a camera-like frame warped upright, or null when no trusted outline is found (a scan
 * filling the page, a card cut off by the frame edge, a cluttered counter the desk-colour search cannot
 * separate while the line finder is not loaded).
 */
export async function uprightDocument(
  image: Buffer,
  documentType?: DocumentType,
  options: { onlyWhenSkewed?: boolean; trace?: StageTrace } = {},
): Promise<UprightDocument | null> {
  const trace = options.trace;
  const small = await inStage(trace, 'outline decode', () => decodeRgbAtWidth(image, SEARCH_WIDTH));
  if (!small) return null;
  const found = await inStage(trace, 'outline find', () => findCard(small.rgb, small.width, small.height, 1, documentType ? { documentType } : {}));
  if (!found) return null;
  if (!outlineWorthReading(found, small.width, small.height, documentType)) return null;
  if (options.onlyWhenSkewed && !outlineWorthStraightening(outlineShape(found.corners))) return null;
  return inStage(trace, 'outline warp', () => warpUpright(image, found, small.width, documentType));
}

/** The outline `found` (in a copy `searchWidth` wide) warped upright out of the full-resolution grey frame. */
async function warpUpright(image: Buffer, found: FoundCard, searchWidth: number, documentType?: DocumentType): Promise<UprightDocument> {
  const meta = await sharp(image).metadata();
  const fullWidth = meta.width ?? 0;
  let base = sharp(image, { failOn: 'none' }).greyscale();
  if (fullWidth > MAX_WIDTH) base = base.resize({ width: MAX_WIDTH });
  const { data, info } = await base.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one channel, got ${info.channels}`);
  // The search copy's pixels to the grey frame's (both scaled from the same full-resolution frame).
  const k = info.width / searchWidth;
  const corners = found.corners.map(([x, y]) => [x * k, y * k] as [number, number]) as typeof found.corners;
  const grey = { data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height), width: info.width, height: info.height, channels: 1 };
  const { image: upright, quad } = straightenCard(grey, corners, documentType, -INSET);
  const doc = { grey: upright.data, width: upright.width, height: upright.height };
  return { grey: doc, width: upright.width, height: upright.height, corners: quad.map((p) => ({ x: p.x, y: p.y })) };
}

/** What the fallback needs of a read's result (mrz-ocr.ts's MrzReadResult). */
export interface OutlineRead {
  status: 'accepted' | 'unreadable' | 'invalid';
  /** Wall time, ms: the fallback's result carries the time of both reads and the outline step. */
  ms: number;
  /** The frame's print was read with confidence and does not validate: straightening cannot change that. */
  confidentRefusal?: boolean;
}

/**
 * The MRZ read from the frame as it is, and — when that is not accepted and the card's outline is found —
 * from the document straightened by its outline, unless that outline is already flat and level or the first
 * read refused print it read with confidence (confidentRefusal). Second, not first: most frames read as they are (the band
 * is straightened from its own lines), and the outline search, warp and a second read cost ~55 ms plus
 * a read, so only the frames that would otherwise be refused pay for it. The straightened read is kept when
 * accepted, or when the frame showed no MRZ at all and the straightened document did (its problems are
 * the more telling); otherwise the first read's result stands.
 */
export async function readWithOutlineFallback<R extends OutlineRead>(
  image: Buffer,
  read: (image: Buffer | GreyImage, trace?: StageTrace) => Promise<R>,
  trace?: StageTrace,
): Promise<R> {
  const started = performance.now();
  const direct = await read(image, trace);
  if (direct.status === 'accepted' || direct.confidentRefusal) return direct;
  let upright: UprightDocument | null;
  try {
    upright = await uprightDocument(image, undefined, { onlyWhenSkewed: true, ...(trace ? { trace } : {}) });
  } catch {
    upright = null; // an image the card search cannot decode was already reported by the first read
  }
  if (!upright) return { ...direct, ms: Math.round(performance.now() - started) };
  const second: StageTrace | undefined = trace ? {} : undefined;
  const straightened = await read(upright.grey, second);
  if (trace && second) for (const [k, v] of Object.entries(second)) trace[`upright ${k}`] = (trace[`upright ${k}`] ?? 0) + v;
  const chosen = straightened.status === 'accepted' || (direct.status === 'unreadable' && straightened.status !== 'unreadable') ? straightened : direct;
  return { ...chosen, ms: Math.round(performance.now() - started) };
}
