import { describe, expect, it } from 'vitest';
import { applyHomography, homography, orderQuad, rectifyQuad, uprightSize, warp, type Point, type Quad, type RawImage } from '../../../main/imaging/rectify';

/** A grey test card: white with black bars of varying width, so any misplacement shows. */
function card(width: number, height: number, channels = 1): RawImage {
  const data = new Uint8Array(width * height * channels).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bar = Math.floor(x / 7) % 3 === 0 || (Math.floor(y / 9) % 4 === 0 && x % 5 < 2);
      if (bar) for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = c === 1 ? 40 : 0;
    }
  }
  return { data, width, height, channels };
}

const meanAbsDiff = (a: RawImage, b: RawImage, inset: number): number => {
  let sum = 0;
  let n = 0;
  for (let y = inset; y < a.height - inset; y++)
    for (let x = inset; x < a.width - inset; x++)
      for (let c = 0; c < a.channels; c++) {
        sum += Math.abs(a.data[(y * a.width + x) * a.channels + c]! - b.data[(y * b.width + x) * b.channels + c]!);
        n++;
      }
  return sum / n;
};

describe('homography', () => {
  const from: Quad = [
    { x: 0, y: 0 },
    { x: 100, y: 0 },
    { x: 100, y: 60 },
    { x: 0, y: 60 },
  ];
  const to: Quad = [
    { x: 12, y: 20 },
    { x: 118, y: 6 },
    { x: 125, y: 80 },
    { x: 4, y: 71 },
  ];

  it('takes each corner to its counterpart, and its inverse takes it back', () => {
    const h = homography(from, to);
    const back = homography(to, from);
    from.forEach((p, i) => {
      const q = applyHomography(h, p);
      expect(q.x).toBeCloseTo(to[i]!.x, 6);
      expect(q.y).toBeCloseTo(to[i]!.y, 6);
      const r = applyHomography(back, q);
      expect(r.x).toBeCloseTo(p.x, 6);
      expect(r.y).toBeCloseTo(p.y, 6);
    });
  });

  it('keeps straight lines straight (the midpoint of an edge stays on the mapped edge)', () => {
    const h = homography(from, to);
    const m = applyHomography(h, { x: 50, y: 0 });
    const [a, b] = [to[0], to[1]];
    const cross = (b.x - a.x) * (m.y - a.y) - (b.y - a.y) * (m.x - a.x);
    expect(Math.abs(cross)).toBeLessThan(1e-6);
  });

  it('refuses a quadrilateral with three corners on one line', () => {
    const flat: Quad = [
      { x: 0, y: 0 },
      { x: 50, y: 0 },
      { x: 100, y: 0 },
      { x: 0, y: 60 },
    ];
    expect(() => homography(from, flat)).toThrow(/degenerate/);
  });
});

describe('orderQuad and uprightSize', () => {
  it('orders corners given in any order as top-left, top-right, bottom-right, bottom-left', () => {
    const tl = { x: 10, y: 12 };
    const tr = { x: 200, y: 30 };
    const br = { x: 190, y: 140 };
    const bl = { x: 5, y: 120 };
    for (const shuffled of [[br, tl, bl, tr], [bl, br, tr, tl], [tr, bl, tl, br]]) expect(orderQuad(shuffled)).toEqual([tl, tr, br, bl]);
    expect(() => orderQuad([tl, tr, br])).toThrow(/4 corners/);
  });

  it('sizes the upright copy by the longer of each pair of opposite sides', () => {
    expect(uprightSize([{ x: 0, y: 0 }, { x: 90, y: 0 }, { x: 100, y: 50 }, { x: 0, y: 50 }])).toEqual({ width: 100, height: 51 });
  });
});

describe('rectifyQuad', () => {
  // A 160 × 100 card photographed with a 10 % keystone and a few degrees of rotation.
  const original = card(160, 100);
  const seenAt: Quad = [
    { x: 38, y: 30 },
    { x: 190, y: 44 },
    { x: 196, y: 150 },
    { x: 22, y: 138 },
  ];
  const rect: Quad = [
    { x: 0, y: 0 },
    { x: 160, y: 0 },
    { x: 160, y: 100 },
    { x: 0, y: 100 },
  ];
  // The camera's view: each frame pixel takes the card at the inverse map (grey desk outside).
  const frame = warp(original, homography(seenAt, rect), 240, 180, 128);

  it('gives back the card as it was before the camera saw it at an angle', () => {
    const { image } = rectifyQuad(frame, [seenAt[2], seenAt[0], seenAt[3], seenAt[1]], { width: 160, height: 100 });
    expect(image.width).toBe(160);
    expect(image.height).toBe(100);
    // Only interpolation differs: a few grey levels on average, where a misplaced bar would cost ~100.
    expect(meanAbsDiff(image, original, 3)).toBeLessThan(25);
    // The frame as seen, cropped near the card, is far from it (the comparison can fail).
    const crop: RawImage = { data: new Uint8Array(160 * 100), width: 160, height: 100, channels: 1 };
    for (let y = 0; y < 100; y++) for (let x = 0; x < 160; x++) crop.data[y * 160 + x] = frame.data[(y + 30) * 240 + x + 30]!;
    expect(meanAbsDiff(crop, original, 3)).toBeGreaterThan(60);
  });

  it('maps positions found in the upright copy back to the frame', () => {
    const { toSource } = rectifyQuad(frame, seenAt, { width: 160, height: 100, margin: 4 });
    const corner = applyHomography(toSource, { x: 4 + 160, y: 4 + 100 });
    expect(corner.x).toBeCloseTo(seenAt[2].x, 6);
    expect(corner.y).toBeCloseTo(seenAt[2].y, 6);
  });

  it('works on colour images, channel by channel', () => {
    const colour = card(160, 100, 3);
    const seen = warp(colour, homography(seenAt, rect), 240, 180, 128);
    const { image } = rectifyQuad(seen, seenAt, { width: 160, height: 100 });
    expect(image.channels).toBe(3);
    expect(meanAbsDiff(image, colour, 3)).toBeLessThan(25);
    // The second channel kept its own value (40 in the bars), not the first channel's (0).
    const p: Point = { x: 1, y: 50 };
    expect(image.data[(p.y * 160 + p.x) * 3 + 1]).toBeGreaterThan(image.data[(p.y * 160 + p.x) * 3]!);
  });
});
