// Halftone removal (main/imaging/descreen.ts) at its edges, on dot grids drawn here: the smallest image
// searched, the two axes' periods agreeing or not, a screen along one axis only, the longest period
// taken, and what the box filter makes of a screen (its mean tone, flat) and of print (kept).
import { describe, expect, it } from 'vitest';
import { descreen, detectScreen, screenPeaks, type GreyImage8 } from '../../../main/imaging/descreen';

/** Paper of grey 235 with 2 × 2 dots of grey 20 every `px` columns and `py` rows (fractional periods rounded per dot). */
function dots(width: number, height: number, px: number, py: number): GreyImage8 {
  const data = new Uint8Array(width * height).fill(235);
  for (let j = 0; Math.round(j * py) < height; j++)
    for (let i = 0; Math.round(i * px) < width; i++)
      for (let dy = 0; dy < 2; dy++)
        for (let dx = 0; dx < 2; dx++) {
          const x = Math.round(i * px) + dx;
          const y = Math.round(j * py) + dy;
          if (x < width && y < height) data[y * width + x] = 20;
        }
  return { data, width, height };
}

describe('halftone screen: where it is looked for', () => {
  it('an image 40 px on a side is searched; one a pixel narrower or lower is not', () => {
    expect(detectScreen(dots(40, 40, 4, 4))).not.toBeNull();
    expect(detectScreen(dots(39, 120, 4, 4))).toBeNull();
    expect(detectScreen(dots(120, 39, 4, 4))).toBeNull();
    expect(screenPeaks(dots(39, 120, 4, 4))).toEqual({ px: null, py: null });
  });

  it('the same period along both axes is a screen, with its period along each', () => {
    for (const p of [3, 4, 6, 8]) {
      const s = detectScreen(dots(160, 160, p, p));
      expect(s, `period ${p}`).not.toBeNull();
      expect(s!.periodX).toBeCloseTo(p, 1);
      expect(s!.periodY).toBeCloseTo(p, 1);
      expect(s!.strength).toBeGreaterThan(0.05);
      expect(s!.strength).toBeLessThanOrEqual(1);
    }
  });

  it('periods that differ by more than 15 % between the axes are no screen; within it they are', () => {
    expect(detectScreen(dots(200, 200, 6, 7))).not.toBeNull();
    expect(detectScreen(dots(200, 200, 7, 6))).not.toBeNull();
    expect(detectScreen(dots(200, 200, 6, 8))).toBeNull();
    expect(detectScreen(dots(200, 200, 8, 6))).toBeNull();
  });

  it('the longest period taken is 10 px, along either axis', () => {
    const near = detectScreen(dots(240, 240, 9.8, 9.8));
    expect(near?.periodX).toBeGreaterThan(9.5);
    expect(near?.periodX).toBeLessThanOrEqual(10);
    // A screen of 10.2 px is found by the search (its peak lies at lag 10) but taken for no screen.
    expect(screenPeaks(dots(240, 240, 10.2, 10.2)).px?.period).toBeGreaterThan(10);
    expect(detectScreen(dots(240, 240, 10.2, 10.2))).toBeNull();
    expect(detectScreen(dots(240, 240, 9.8, 10.2))).toBeNull();
    expect(detectScreen(dots(240, 240, 10.2, 9.8))).toBeNull();
  });

  it('a fractional period is found between the lags (the parabola through the peak)', () => {
    const s = detectScreen(dots(240, 240, 6.5, 6.5));
    expect(s?.periodX).toBeCloseTo(6.5, 1);
    expect(s?.periodY).toBeCloseTo(6.5, 1);
  });

  it('a period past the lags searched has no peak: no screen', () => {
    for (const p of [11, 12]) {
      expect(screenPeaks(dots(240, 240, p, p)), `period ${p}`).toEqual({ px: null, py: null });
      expect(detectScreen(dots(240, 240, p, p))).toBeNull();
    }
  });

  it('the strength is the weaker axis’s', () => {
    const img = dots(240, 240, 7.5, 7);
    const { px, py } = screenPeaks(img);
    const s = detectScreen(img);
    expect(s).not.toBeNull();
    expect(px!.value).toBeLessThan(py!.value - 0.1);
    expect(s!.strength).toBe(px!.value);
  });

  it('lines repeating along one axis only are no screen (the columns are not searched without a row peak)', () => {
    // Horizontal lines every 6 rows: nothing repeats along a row.
    const rows = new Uint8Array(160 * 160).fill(235);
    for (let y = 0; y < 160; y += 6) rows.fill(20, y * 160, y * 160 + 320);
    const img = { data: rows, width: 160, height: 160 };
    expect(screenPeaks(img)).toEqual({ px: null, py: null });
    expect(detectScreen(img)).toBeNull();
    // Vertical lines every 6 columns: a row peak, none along the columns.
    const cols = new Uint8Array(160 * 160).fill(235);
    for (let y = 0; y < 160; y++) for (let x = 0; x < 160; x += 6) cols[y * 160 + x] = cols[y * 160 + x + 1] = 20;
    const v = screenPeaks({ data: cols, width: 160, height: 160 });
    expect(v.px?.period).toBeCloseTo(6, 1);
    expect(v.py).toBeNull();
    expect(detectScreen({ data: cols, width: 160, height: 160 })).toBeNull();
  });

  it('a flat page and plain noise are no screen', () => {
    expect(detectScreen({ data: new Uint8Array(100 * 100).fill(200), width: 100, height: 100 })).toBeNull();
    let s = 5;
    const noise = Uint8Array.from({ length: 120 * 120 }, () => ((s = (s * 1103515245 + 12345) % 2 ** 31) % 256));
    expect(detectScreen({ data: noise, width: 120, height: 120 })).toBeNull();
  });
});

describe('halftone screen: removed', () => {
  it('a screen alone becomes its mean tone, flat', () => {
    const img = dots(120, 120, 6, 6);
    const out = descreen(img);
    expect(out.screen).not.toBeNull();
    expect(out.image).not.toBe(img);
    expect([out.image.width, out.image.height]).toEqual([120, 120]);
    const mean = 235 - (4 / 36) * 215;
    let worst = 0;
    for (let y = 10; y < 110; y++) for (let x = 10; x < 110; x++) worst = Math.max(worst, Math.abs(out.image.data[y * 120 + x]! - mean));
    expect(worst).toBeLessThan(1);
  });

  it('print on a screen is kept: a bar 12 px wide stays dark, the paper beside it light', () => {
    const img = dots(160, 160, 6, 6);
    for (let y = 40; y < 120; y++) for (let x = 70; x < 82; x++) img.data[y * 160 + x] = 10;
    const out = descreen(img);
    expect(out.screen).not.toBeNull();
    expect(out.image.data[80 * 160 + 76]!).toBeLessThan(40);
    expect(out.image.data[80 * 160 + 40]!).toBeGreaterThan(190);
  });

  it('an image without a screen is returned as it is', () => {
    const img = { data: new Uint8Array(80 * 80).fill(128), width: 80, height: 80 };
    const out = descreen(img);
    expect(out).toEqual({ image: img, screen: null });
    expect(out.image).toBe(img);
  });
});
