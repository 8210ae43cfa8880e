// A camera still cut down to the document: the card finders (card-finder.ts) outline the card in the
// frame, and the shared rectification module warps that quadrilateral to an upright image with the
// document's own side ratio (ID-1 85.6 × 54, TD2, TD3 125 × 88), so review and the provider get the card
// and not the desk. Only an outline that looks like the document is trusted; otherwise the caller keeps the
// whole frame and says so (a wrong crop would hide the document, a whole frame only shows too much).
import sharp from 'sharp';
import type { DocumentType } from '../../shared/domain';
import { orderQuad, rectifyQuad, uprightSize, type Point as RectifyPoint, type Quad, type RawImage } from '../imaging/rectify';
import { expectedAspects, findCard, isPlausibleCard, type FoundCard } from './card-finder';
import { halve } from './halve';

/** The search copy is at most this wide: the desk-colour finder's corners are within a few pixels here. */
const SEARCH_MAX_WIDTH = 1000;

export interface CardOutline {
  /** The finder's result in full-resolution pixels (corners TL, TR, BR, BL), or null when nothing card-sized was found. */
  found: FoundCard | null;
  /** Whether the outline can be trusted as the document's: its shape, inside the frame. */
  trusted: boolean;
}

export interface CardCrop {
  jpeg: Buffer;
  width: number;
  height: number;
  /** The card's corners in the frame (TL, TR, BR, BL), full-resolution pixels. */
  corners: Quad;
  method: FoundCard['method'];
}

/** A decoded frame: interleaved RGB, full resolution. */
export interface RgbFrame {
  rgb: Uint8Array;
  width: number;
  height: number;
}

export async function decodeFrame(jpeg: Buffer): Promise<RgbFrame> {
  const { data, info } = await sharp(jpeg).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/** Finds the card in a decoded frame (searched on a halved copy of at most SEARCH_MAX_WIDTH px). */
export function outlineCard(frame: RgbFrame, documentType?: DocumentType): CardOutline {
  let img = frame.rgb;
  let w = frame.width;
  let h = frame.height;
  let scale = 1;
  while (w > SEARCH_MAX_WIDTH) {
    img = halve(img, w, h);
    w >>= 1;
    h >>= 1;
    scale *= 2;
  }
  const opts = documentType ? { documentType } : {};
  const found = findCard(img, w, h, 1, opts);
  if (!found) return { found: null, trusted: false };
  const trusted = isTrustedOutline(found, w, h, documentType);
  const up = ([x, y]: [number, number]): [number, number] => [x * scale, y * scale];
  return { found: { ...found, corners: [up(found.corners[0]), up(found.corners[1]), up(found.corners[2]), up(found.corners[3])] }, trusted };
}

/**
 * Whether a finder's outline (corners in the `w × h` image it searched) can be taken for the document: the
 * line finder returns only outlines of the document's shape; the desk-colour result is checked here.
 */
export function isTrustedOutline(found: FoundCard, w: number, h: number, documentType?: DocumentType): boolean {
  return !found.touchesEdge && (found.method === 'lines' || isPlausibleCard(found, w, h, documentType));
}

/**
 * The output size for an outline: the length of its longer pair of sides (no upscaling beyond what the
 * camera saw), the other side from the document's ratio nearest the outline's own. A card lying upright in
 * the frame stays upright (which way it was turned is not known here).
 */
export function cropSize(quad: Quad, documentType?: DocumentType): { width: number; height: number } {
  const { width, height } = uprightSize(quad);
  const long = Math.max(width, height);
  const seen = long / Math.max(1, Math.min(width, height));
  const aspect = expectedAspects(documentType).reduce((best, a) => (Math.abs(a - seen) < Math.abs(best - seen) ? a : best));
  const short = Math.round(long / aspect);
  return width >= height ? { width: long, height: short } : { width: short, height: long };
}

/** The card warped upright out of the frame, as a JPEG; null when the outline is not trusted. */
export async function cropCard(frame: RgbFrame, outline: CardOutline, documentType?: DocumentType): Promise<CardCrop | null> {
  if (!outline.trusted || !outline.found) return null;
  const { image, quad } = straightenCard({ data: frame.rgb, width: frame.width, height: frame.height, channels: 3 }, outline.found.corners, documentType);
  const jpeg = await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
  return { jpeg, width: image.width, height: image.height, corners: quad, method: outline.found.method };
}

/**
 * The card inside `corners` (full-resolution pixels of `frame`, any order) warped upright at cropSize, with
 * `margin` (a share of the output's longer side) of the frame kept around it on every side. Any channel
 * count: capture crops the RGB frame, the MRZ reader a grey one.
 */
export function straightenCard(
  frame: RawImage,
  corners: FoundCard['corners'],
  documentType?: DocumentType,
  margin = 0,
): { image: RawImage; quad: Quad } {
  const points: RectifyPoint[] = corners.map(([x, y]) => ({ x, y }));
  const quad = orderQuad(points);
  const size = cropSize(quad, documentType);
  const m = Math.round(Math.max(size.width, size.height) * margin);
  const { image } = rectifyQuad(frame, quad, { ...size, margin: m });
  return { image, quad };
}
