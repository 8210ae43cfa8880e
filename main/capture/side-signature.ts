// A small signature of a document side's layout, to tell "the same side again" from "the other side".
// Both sides of a card share its outline and often its coloured header, so brightness alone does not
// separate them (a grey thumbnail correlated 0.93 between the front and back of one specimen card); where
// the print is does: the portrait and field labels of a front against the MRZ band or barcode of a back.
// The signature is the edge density (gradient magnitude) of the image brought to 240 × 152, summed over a
// 12 × 8 grid, centred and scaled to unit length; two signatures are compared by correlation. Taken from the
// image the kiosk keeps (a scan, or a camera still cut down to the card), either way up.
import sharp, { type Sharp } from 'sharp';

const W = 240;
const H = 152;
const COLS = 12;
const ROWS = 8;

export type SideSignature = Float32Array;

async function signatureOf(image: Sharp): Promise<SideSignature> {
  const g = await image.greyscale().resize(W, H, { fit: 'fill' }).raw().toBuffer();
  const cells = new Float32Array(COLS * ROWS);
  for (let y = 1; y < H - 1; y++) {
    const row = Math.floor((y * ROWS) / H) * COLS;
    for (let x = 1; x < W - 1; x++) {
      const i = y * W + x;
      const gx = g[i + 1]! - g[i - 1]!;
      const gy = g[i + W]! - g[i - W]!;
      cells[row + Math.floor((x * COLS) / W)]! += Math.sqrt(gx * gx + gy * gy);
    }
  }
  const mean = cells.reduce((s, v) => s + v, 0) / cells.length;
  let norm = 0;
  for (let i = 0; i < cells.length; i++) {
    cells[i] = cells[i]! - mean;
    norm += cells[i]! * cells[i]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < cells.length; i++) cells[i] = cells[i]! / norm;
  return cells;
}

/** The signature of an image as it lies, and of the same image turned half a turn (a card put down upside down). */
export async function sideSignatures(jpeg: Buffer): Promise<[SideSignature, SideSignature]> {
  return Promise.all([signatureOf(sharp(jpeg)), signatureOf(sharp(jpeg).rotate(180))]);
}

/**
 * 1 − correlation of the layouts, the smaller of `image` either way up against `other` upright:
 * 0 = the same layout, 1 = unrelated, up to 2 = opposite.
 */
export function sideDistance(image: readonly [SideSignature, SideSignature], other: SideSignature): number {
  const dot = (a: SideSignature): number => a.reduce((s, v, i) => s + v * other[i]!, 0);
  return 1 - Math.max(dot(image[0]), dot(image[1]));
}

/**
 * Below this distance the two images show the same side. Measured on specimen ID cards and driving licences
 * (scans and camera crops with blur, tilt, dim light and glare; test/unit/capture/side-signature.test.ts):
 * the same side ≤ 0.19 (also another person's card of the same template), front against back ≥ 0.52.
 */
export const SAME_SIDE_DISTANCE = 0.35;
