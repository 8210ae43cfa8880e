// A coarse halftone screen taken out without making the print bold. The evaluation set's ImageMagick renderer
// prints its halftone cards through an ordered dither (`-ordered-dither h6x6o`/`h8x8o`): a clustered-dot
// screen with a period of a third of the cap height, its dots as dark as the ink. Averaged over one period
// (descreen.ts alone), every stroke spread over the period (stroke ÷ cap height ~0.15 where the faces print
// at 0.07–0.10), inner gaps filled in and cells were misread; with the screen's dots taken out first
// (screen-dots.ts) the strokes keep their weight. The scans are drawn by test/mrz-eval/render_one.py, the
// evaluation set's own renderer (no drawing code shared with the reader), with the ICAO 9303 specimen text.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { descreen } from '../../../main/imaging/descreen';
import { removeScreenDots } from '../../../main/imaging/screen-dots';
import { inkCapHeight, strokeWidth } from '../../../main/imaging/stroke-width';
import { readCells } from '../../../main/precheck/mrz-cells';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { normaliseBand } from '../../../main/precheck/mrz-normalise';
import { rectifyMrzBand } from '../../../main/precheck/mrz-rectify';
import { python } from '../../mrz-eval/eval-set';

const root = resolve(import.meta.dirname, '../../..');
const FONTS = { 'OCR-B': resolve(root, 'assets/fonts/ocr-b/OCRB.otf'), 'DejaVu Sans Mono': '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf' };
const TD3 = ['P<UTOMUSTERMANN<<WILHELM<KAREN<<<<<<<<<<<<<<', 'L898902C36UTO7408122M1204159ZE184226B<<<<<14'];

/** A light field under a 2×2-dot lattice of period 6, with vertical bars 3 px wide and 30 px tall. */
function screenedBars(): { data: Uint8Array; width: number; height: number; bar: (x: number, y: number) => boolean } {
  const width = 240;
  const height = 90;
  const bar = (x: number, y: number): boolean => y >= 30 && y < 60 && x >= 30 && x < 210 && (x - 30) % 20 < 3;
  const data = new Uint8Array(width * height).fill(235);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) if ((x % 6 < 2 && y % 6 < 2) || bar(x, y)) data[y * width + x] = 15;
  return { data, width, height, bar };
}

describe('screen dots', () => {
  it('the lattice goes and the bars keep their 3 px, where the period average spreads them over the period', () => {
    const img = screenedBars();
    const { image: mean, screen } = descreen(img);
    expect(screen).not.toBeNull();
    const out = removeScreenDots(img, mean, screen!.periodX, screen!.periodY);
    const { width: w, height: h } = img;
    // Away from the bars no dot is left darker than half-way to the paper (but in the image's corners, where
    // a dot has no neighbour outside the dots on both sides of any axis and keeps the period average).
    let dots = 0;
    let before = 0;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const nearBar = y >= 26 && y < 64 && x >= 26 && x < 214;
        const corner = (x < 2 || x >= w - 2) && (y < 2 || y >= h - 2);
        if (nearBar || corner) continue;
        if (img.data[y * w + x]! < 128) before++;
        if (out.data[y * w + x]! < 128) dots++;
      }
    expect(before).toBeGreaterThan(500);
    expect(dots).toBe(0);
    // Every bar pixel is still ink, but where a bar ends on a dot (no ink beyond it on any axis's far side).
    for (let y = 32; y < 58; y++) for (let x = 0; x < w; x++) if (img.bar(x, y)) expect(out.data[y * w + x], `${x},${y}`).toBeLessThan(128);
    // Across the bar at x 50–52, the pixels darker than the screen's mean tone on paper (~211) less 10.
    const across = (g: Uint8Array): number => {
      let n = 0;
      for (let x = 40; x < 63; x++) if (g[45 * w + x]! < 200) n++;
      return n;
    };
    expect(across(out.data)).toBe(3);
    expect(across(mean.data)).toBeGreaterThanOrEqual(7);
  });

  it('a band without a screen is not touched by the normalising step', () => {
    const data = new Uint8Array(200 * 60).fill(240);
    for (let y = 20; y < 40; y++) for (let x = 20; x < 180; x += 10) data[y * 200 + x] = 10;
    const img = { data, width: 200, height: 60 };
    expect(descreen(img).screen).toBeNull();
  });
});

describe('an MRZ printed through a coarse ordered-dither screen', () => {
  for (const [face, seed] of [['OCR-B', 4], ['DejaVu Sans Mono', 4]] as const) {
    it(`${face} TD3 at a 22 px cap (seed ${seed}): strokes of the face's weight, every cell read as printed`, { timeout: 60_000 }, async () => {
      const font = FONTS[face];
      expect(existsSync(font), `font at ${font}`).toBe(true);
      const job = { format: 'TD3', printed: TD3, font, camera: false, renderer: 'magick', effects: { seed, cap_px: 22, print: ['halftone'], jpeg: 90 } };
      const jpeg = execFileSync(python(), [resolve(root, 'test/mrz-eval/render_one.py')], { input: JSON.stringify(job), maxBuffer: 64 << 20 });
      const located = await locateMrzBand(jpeg);
      expect(located, 'an MRZ band').not.toBeNull();
      const band = normaliseBand(located!);
      const img = { data: band.grey, width: band.width, height: band.height };
      const cap = Math.max(located!.lineHeight, inkCapHeight(img, located!.lines));
      // The period average alone left 0.144 (OCR-B) and 0.149 (DejaVu) here.
      expect(strokeWidth(img) / cap).toBeLessThan(0.12);
      const read = readCells(rectifyMrzBand(band));
      expect(read?.lines).toEqual(TD3);
    });
  }
});
