// The MRZ read from the document straightened by its outline: camera frames of a card at an angle on a
// desk, where the MRZ band cannot be found as the frame shows it, are read once the card's outline (capture's
// card finder) is warped upright. Frames drawn by the independent evaluation set's Pillow renderer
// (test/mrz-eval/render_one.py: Pillow/FreeType and numpy, no drawing code shared with the reader or the
// kiosk's specimen generator), with the ICAO 9303 specimen texts (state "Utopia").
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { straightenCard } from '../../../main/capture/card-crop';
import { homography, warp, type Quad } from '../../../main/imaging/rectify';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { createMrzReader, readMrzWith, type MrzReader } from '../../../main/precheck/mrz-ocr';
import { outlineShape, outlineWorthStraightening, uprightDocument } from '../../../main/precheck/mrz-outline';
import { createOcrEngine, type OcrEngine } from '../../../main/precheck/mrz-worker';
import { renderOne } from '../../mrz-eval/eval-set';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
const TD2_ASPECT = 105 / 74;

function render(format: 'TD2', printed: string[], effects: Record<string, unknown>): Buffer {
  expect(existsSync(OCRB), `OCR-B font at ${OCRB}`).toBe(true);
  const job = { format, printed, font: OCRB, camera: true, effects };
  return renderOne(job);
}

/** A TD2 on a wood desk leaning away at its bottom edge (6.7 % keystone), tilted 7.6°. */
const WOOD = { background: 'wood', keystone: 0.067, keystone_side: 'bottom', rotate: 7.6, card_fill: 0.65, seed: 6 };
/**
 * A TD2 on a wood desk leaning away at its left edge (10 % keystone), tilted −8°, with sensor noise, a
 * little blur and JPEG at 88: the frame as it is reads with a wrong character ("invalid"). The reader's
 * own band rectification now reads the frame above (and keystones of 10–16 % at the top or bottom edge) as it is.
 */
const WOOD_LEFT = { background: 'wood', keystone: 0.1, keystone_side: 'left', rotate: -8, card_fill: 0.58, noise: 2.2, blur: 0.35, jpeg: 88, seed: 648115680 };

let reader: MrzReader;
let engine: OcrEngine;
beforeAll(async () => {
  engine = await createOcrEngine({ profile: 'mrz' });
  reader = await createMrzReader({ extraStates: ['UTO'], engine });
}, 60_000);
afterAll(async () => {
  await reader?.close();
  await engine?.close();
});

describe('MRZ reader: the document straightened by its outline', () => {
  for (const [name, effects] of [
    ['a TD2 on a wood desk, 10 % keystone at the left edge, tilted −8°, noise and JPEG', WOOD_LEFT],
  ] as const) {
    it(`${name}: the frame as it is is not accepted; the reader accepts it with the printed text`, { timeout: 120_000 }, async () => {
      const frame = render('TD2', TD2, effects);
      // The band route alone (the frame as the camera saw it) does not read this frame.
      const direct = await readMrzWith(engine, frame, { extraStates: ['UTO'] });
      expect(direct.status).not.toBe('accepted');
      const r = await reader.read(frame);
      expect({ status: r.status, lines: r.lines, problems: r.problems }).toEqual({ status: 'accepted', lines: TD2, problems: [] });
    });
  }

  it('the upright document has the TD2 side ratio and its MRZ lines are level and equally long', { timeout: 60_000 }, async () => {
    const doc = await uprightDocument(render('TD2', TD2, WOOD));
    expect(doc).not.toBeNull();
    expect(doc!.width / doc!.height).toBeGreaterThan(TD2_ASPECT * 0.98);
    expect(doc!.width / doc!.height).toBeLessThan(TD2_ASPECT * 1.02);
    const band = await locateMrzBand(doc!.grey);
    expect(band?.lineCount).toBe(2);
    expect(Math.abs(band!.angle)).toBeLessThan(0.5);
    const [a, b] = band!.lines.map((l) => l.x1 - l.x0) as [number, number];
    expect(Math.abs(a - b) / Math.max(a, b)).toBeLessThan(0.02);
  });

  it('the second read takes the straightened grey as it is: the same band as from a lossless image file of it', { timeout: 60_000 }, async () => {
    const doc = await uprightDocument(render('TD2', TD2, WOOD));
    const { grey, width, height } = doc!.grey;
    expect(grey.length).toBe(width * height);
    const png = await sharp(Buffer.from(grey), { raw: { width, height, channels: 1 } }).png().toBuffer();
    const [fromGrey, fromPng] = await Promise.all([locateMrzBand(doc!.grey), locateMrzBand(png)]);
    expect(fromGrey?.lineCount).toBe(2);
    expect({ ...fromGrey, grey: Buffer.from(fromGrey!.grey).toString('base64') }).toEqual({ ...fromPng, grey: Buffer.from(fromPng!.grey).toString('base64') });
  });
});

describe('straightenCard', () => {
  /** A 400 × 252 "card" (ID-1 ratio): a 10 × 6 checkerboard of 40 × 42 px squares. */
  const W = 400;
  const H = 252;
  const card = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) card[y * W + x] = (Math.floor(x / 40) + Math.floor(y / 42)) % 2 ? 30 : 220;

  it('warps a keystoned, tilted card back to the upright card, inset by the share asked for', () => {
    // The card as a camera sees it: corners in a 640 × 480 frame (top edge 12 % shorter, tilted).
    const seen: Quad = [
      { x: 140, y: 110 },
      { x: 500, y: 95 },
      { x: 540, y: 360 },
      { x: 95, y: 385 },
    ];
    const cardQuad: Quad = [
      { x: 0, y: 0 },
      { x: W, y: 0 },
      { x: W, y: H },
      { x: 0, y: H },
    ];
    const frame = warp({ data: card, width: W, height: H, channels: 1 }, homography(seen, cardQuad), 640, 480, 128);
    const corners = seen.map((p) => [p.x, p.y] as [number, number]) as unknown as [[number, number], [number, number], [number, number], [number, number]];
    const inset = 0.02;
    const { image } = straightenCard(frame, corners, 'id_card', -inset);
    // cropSize: the outline's longer side, the ID-1 ratio; the inset takes the same margin off every side.
    const long = Math.round(Math.max(Math.hypot(500 - 140, 95 - 110), Math.hypot(540 - 95, 360 - 385)));
    const m = Math.round(long * inset);
    expect(image.width).toBe(long - 2 * m);
    expect(image.height).toBe(Math.round(long / (85.6 / 54)) - 2 * m);
    // Every output pixel compared with the card pixel it should show: the same square colour nearly everywhere.
    const sx = W / long;
    const sy = H / Math.round(long / (85.6 / 54));
    let agree = 0;
    for (let y = 0; y < image.height; y++)
      for (let x = 0; x < image.width; x++) {
        const cx = Math.min(W - 1, Math.floor((x + m) * sx));
        const cy = Math.min(H - 1, Math.floor((y + m) * sy));
        if (Math.abs(image.data[y * image.width + x]! - card[cy * W + cx]!) < 95) agree++;
      }
    expect(agree / (image.width * image.height)).toBeGreaterThan(0.97);
  });

  it('keeps the frame around the card with a positive margin (fill outside the frame)', () => {
    const frame = { data: new Uint8Array(300 * 200).fill(90), width: 300, height: 200, channels: 1 };
    const { image } = straightenCard(frame, [[10, 10], [290, 10], [290, 190], [10, 190]], undefined, 0.05);
    expect(image.width).toBe(280 + 2 * 14);
    // The margin reaches past the frame's edge: those pixels get the fill.
    expect(image.data[0]).toBe(255);
    expect(image.data[Math.floor(image.height / 2) * image.width + Math.floor(image.width / 2)]).toBe(90);
  });
});

describe('the outline gate: a second read only for a card that straightening changes', () => {
  /** A TD2-shaped outline centred at (800, 450), `keystone` shorter at its bottom side, rotated by `deg`. */
  function quad(keystone: number, deg: number): Array<[number, number]> {
    const w = 700;
    const h = w / TD2_ASPECT;
    const a = (deg * Math.PI) / 180;
    const pts: Array<[number, number]> = [
      [-w / 2, -h / 2],
      [w / 2, -h / 2],
      [(w / 2) * (1 - keystone), h / 2],
      [(-w / 2) * (1 - keystone), h / 2],
    ];
    return pts.map(([x, y]) => [800 + x * Math.cos(a) - y * Math.sin(a), 450 + x * Math.sin(a) + y * Math.cos(a)]);
  }

  it('measures keystone and tilt from the corners', () => {
    const s = outlineShape(quad(0.067, 7.6));
    expect(s.keystone).toBeCloseTo(0.067, 3);
    expect(s.tiltDeg).toBeCloseTo(7.6, 3);
    expect(outlineShape(quad(0, -4)).tiltDeg).toBeCloseTo(-4, 6);
  });

  it('skips a flat, level card and keeps a keystoned or tilted one', () => {
    expect(outlineWorthStraightening(outlineShape(quad(0, 0)))).toBe(false);
    expect(outlineWorthStraightening(outlineShape(quad(0.01, 1.5)))).toBe(false);
    expect(outlineWorthStraightening(outlineShape(quad(0.06, 0)))).toBe(true);
    expect(outlineWorthStraightening(outlineShape(quad(0, -5)))).toBe(true);
  });

  it('a flat, level card on a desk: no upright document for the fallback, one when asked without the gate', { timeout: 60_000 }, async () => {
    const frame = render('TD2', TD2, { background: 'dark', keystone: 0, rotate: 0, card_fill: 0.7, seed: 3 });
    expect(await uprightDocument(frame)).not.toBeNull();
    expect(await uprightDocument(frame, undefined, { onlyWhenSkewed: true })).toBeNull();
    const keystoned = render('TD2', TD2, WOOD);
    expect(await uprightDocument(keystoned, undefined, { onlyWhenSkewed: true })).not.toBeNull();
  });
});
