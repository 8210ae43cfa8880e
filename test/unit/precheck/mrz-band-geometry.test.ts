// The MRZ reader's geometry before any character is judged — band search, line grouping, line ends, the
// TD2/TD3 decision and the cell rows — on documents drawn by the evaluation set's renderer with one
// disturbance added (mrz-band-scenes.ts). Each case failed before the change it tests: no band, the
// wrong number of lines, the wrong format, or a grid a cell or a third of a glyph off.
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readCells, type TemplateRead } from '../../../main/precheck/mrz-cells';
import { locateMrzBand, type MrzBand } from '../../../main/precheck/mrz-locate';
import { normaliseBand } from '../../../main/precheck/mrz-normalise';
import { rectifyMrzBand } from '../../../main/precheck/mrz-rectify';
import { TD1, TD2, TD3, mrzLines, paint, renderScan, stretchVertically, toPng, type Grey } from './mrz-band-scenes';

async function locate(g: Grey): Promise<MrzBand> {
  const band = await locateMrzBand({ grey: g.data, width: g.width, height: g.height });
  expect(band, 'an MRZ band').not.toBeNull();
  return band!;
}

const cellRead = (band: MrzBand): TemplateRead | null => readCells(rectifyMrzBand(normaliseBand(band)));

describe('MRZ band search', () => {
  it('the middle line of a TD1 runs on to the right (a light stroke from its last character, 3 line heights long): one MRZ of three lines', { timeout: 60_000 }, async () => {
    const g = await renderScan('TD1', TD1, { background: 'plain', card_fill: 0.55, noise: 0.5 }, true);
    const [, middle] = mrzLines(g, 3);
    const h = middle!.bottom - middle!.top;
    paint(g, middle!.x1 + 1, (middle!.top + middle!.bottom) / 2 - 1.5, h * 3, 3, 140);
    const band = await locate(g);
    expect(band.lineCount).toBe(3);
    expect(cellRead(band)?.lines).toEqual(TD1);
  });

  it('the second line of a TD3 runs on to the right (a light guilloche stroke from its last character, 3 line heights long), the left ends agree: one MRZ of two lines', { timeout: 60_000 }, async () => {
    const g = await renderScan('TD3', TD3, { cap_px: 24 });
    const [, second] = mrzLines(g, 2);
    const h = second!.bottom - second!.top;
    // Down to the right at 0.3 px a column, from the line's top to below it: its columns on the line's
    // rows lengthen the line by ~3 line heights in the search's mask (lighter than the MRZ's ink).
    for (let x = 0; x < h * 3.5; x++) paint(g, second!.x1 + 1 + x, second!.top - h * 0.1 + x * 0.3, 4, 4, 130);
    // Before, the search found no MRZ: the lines are not equally long, and only a left end could run on.
    const band = await locate(g);
    expect(band.lineCount).toBe(2);
    const [a, b] = band.lines;
    expect(Math.abs(a!.x0 - b!.x0)).toBeLessThan(band.lineHeight * 1.5);
    expect(b!.x1 - a!.x1).toBeGreaterThan(band.lineHeight * 2);
  });

  it('the first line of a TD1 runs on to the left and the last to the right (a stroke from the first or last character, 2.5 line heights long), the other two aligned: one MRZ of three lines', { timeout: 60_000 }, async () => {
    for (const index of [0, 2]) {
      const g = await renderScan('TD1', TD1, { cap_px: 24 });
      const line = mrzLines(g, 3)[index]!;
      const h = line.bottom - line.top;
      // A bar on the line's middle rows (a hologram's or a guilloche's stroke), from just past its end
      // outwards: in the search's mask its ink extends the line.
      const x = index === 0 ? line.x0 - h * 2.5 - 1 : line.x1 + 1;
      paint(g, x, (line.top + line.bottom) / 2 - 1.5, h * 2.5, 3, 110);
      // Before, the two aligned lines were taken for a TD2 or TD3 and the run-on line left out.
      const band = await locate(g);
      expect(band.lineCount, `line ${index + 1} runs on`).toBe(3);
      // All three, the first at the first line's rows (the bar itself, as dark as print, is where the
      // straightening takes that line to end: the band's line ends are another test's matter).
      expect(Math.abs(band.lines[0]!.bottom - band.lines[0]!.top - band.lineHeight)).toBeLessThan(band.lineHeight * 0.3);
      expect(cellRead(band)?.format).toBe('TD1');
    }
  });

  it('a TD2 printed through a coarse ordered dither (the whole card a field of dots): found by the search on the descreened image', { timeout: 60_000 }, async () => {
    const clean = await renderScan('TD2', TD2, { cap_px: 20 });
    const dithered = execFileSync('convert', ['png:-', '-ordered-dither', 'h6x6o', 'png:-'], { input: await toPng(clean), maxBuffer: 64 << 20 });
    const { data, info } = await sharp(dithered).greyscale().raw().toBuffer({ resolveWithObject: true });
    const band = await locate({ data: new Uint8Array(data), width: info.width, height: info.height });
    expect(band.lineCount).toBe(2);
    expect(cellRead(band)?.lines).toEqual(TD2);
  });

  it('a TD2 and a mid-grey portrait above it printed through a coarse ordered dither: the MRZ is found, not the rows of the portrait\'s dots', { timeout: 60_000 }, async () => {
    const g = await renderScan('TD2', TD2, { cap_px: 20 });
    const [first] = mrzLines(g, 2);
    const h = first!.bottom - first!.top;
    // The portrait's dots merge in rows a few pixels high, as long as a short MRZ; the MRZ's own lines,
    // their fillers broken by the screen, no longer have one length, so the portrait was the lowest
    // aligned pair of lines and the descreened search never ran.
    paint(g, first!.x0, first!.top - h * 13, h * 9, h * 11, 150);
    const dithered = execFileSync('convert', ['png:-', '-ordered-dither', 'h6x6o', 'png:-'], { input: await toPng(g), maxBuffer: 64 << 20 });
    const { data, info } = await sharp(dithered).greyscale().raw().toBuffer({ resolveWithObject: true });
    const band = await locate({ data: new Uint8Array(data), width: info.width, height: info.height });
    expect(band.lineCount).toBe(2);
    expect(cellRead(band)?.lines).toEqual(TD2);
  });
});

describe('MRZ format: TD2 or TD3 by where the cell boundaries fall', () => {
  it('a TD2 scanned at 85 % vertical resolution (its height says TD3) is cut into 36 cells', { timeout: 60_000 }, async () => {
    const g = await stretchVertically(await renderScan('TD2', TD2, { cap_px: 30 }), 0.85);
    const t = cellRead(await locate(g));
    expect(t?.format).toBe('TD2');
    expect(t?.lines[0]).toBe(TD2[0]);
  });

  it('a TD3 scanned at 118 % vertical resolution (its height says TD2) is cut into 44 cells', { timeout: 60_000 }, async () => {
    const g = await stretchVertically(await renderScan('TD3', TD3, { cap_px: 30 }), 1.18);
    const t = cellRead(await locate(g));
    expect(t?.format).toBe('TD3');
    expect(t?.lines).toEqual(TD3);
  });
});

describe('MRZ line ends and cell grid', () => {
  it('a speck of dust 0.7 line heights before the second line of a TD3: neither the straightening nor the grid starts there', { timeout: 60_000 }, async () => {
    const g = await renderScan('TD3', TD3);
    const [, second] = mrzLines(g, 2);
    const h = second!.bottom - second!.top;
    paint(g, second!.x0 - h * 0.7, (second!.top + second!.bottom) / 2, 2, 2, 30);
    expect(cellRead(await locate(g))?.lines).toEqual(TD3);
  });

  it('halftone dots in the margin before a TD1 (a screen the descreen does not find): the grid starts at the first character', { timeout: 60_000 }, async () => {
    const g = await renderScan('TD1', TD1);
    const lines = mrzLines(g, 3);
    const h = lines[0]!.bottom - lines[0]!.top;
    const x0 = lines[0]!.x0;
    for (let y = lines[0]!.top - h; y < lines[2]!.bottom + h; y += 6) for (let x = x0 - h - 3; x < x0 - 3; x += 6) paint(g, x + ((y / 6) % 2) * 3, y, 2, 2, 60);
    expect(cellRead(await locate(g))?.lines).toEqual(TD1);
  });

  it('print broken into rows (every third pixel row missing, as from a line screen): cap line and baseline still span the glyphs', { timeout: 60_000 }, async () => {
    const g = await renderScan('TD3', TD3, { cap_px: 28 });
    const [first, second] = mrzLines(g, 2);
    const paper = g.data[(first!.top - 5) * g.width + first!.x0 - 5]!;
    for (let y = first!.top - 2; y < second!.bottom + 2; y++) if (y % 3 === 0) paint(g, 0, y, g.width, 1, paper);
    expect(cellRead(await locate(g))?.lines).toEqual(TD3);
  });

  it('capitals short for their pitch (pitch 1.4 × cap height) on a TD1 whose first line is half fillers: its baseline at the letters, not at the fillers', { timeout: 60_000 }, async () => {
    const g = await renderScan('TD1', TD1, { pitch_ratio: 1.4 });
    const printed = mrzLines(g, 3);
    const t = cellRead(await locate(g));
    expect(t?.format).toBe('TD1');
    // A straight scan is cropped, not warped: the baselines stand as far apart as on the scan.
    const [b0, b1] = [t!.grids[0]!.capBottom, t!.grids[1]!.capBottom];
    expect(Math.abs(b1 - b0 - (printed[1]!.bottom - printed[0]!.bottom))).toBeLessThan(1);
  });
});

describe('MRZ thin print (strokes lighter than the ink level of the normalised band)', () => {
  it('a TD3 in thin print: the second line is cut into 44 cells over all of it, not over the part before the fillers', { timeout: 60_000 }, async () => {
    const g = await renderScan('TD3', TD3, { print: ['ink_thin'], cap_px: 26 });
    expect(cellRead(await locate(g))?.lines).toEqual(TD3);
  });

  it('a TD2 in thin screened print: the straightening finds the true line ends and does not shear the band', { timeout: 60_000 }, async () => {
    const g = await renderScan('TD2', TD2, { print: ['ink_thin', 'halftone'], cap_px: 26 });
    expect(cellRead(await locate(g))?.lines).toEqual(TD2);
  });
});
