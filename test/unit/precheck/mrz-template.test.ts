// The OCR-B template classifier on real renderings: the repository's OCR-B font file drawn by librsvg as
// outlines (as the specimen generator draws it, and as a printer would), band location, cell grid, correlation with the committed
// templates.
// No tesseract here: this is the template reader alone.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import { readCells } from '../../../main/precheck/mrz-cells';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { committedTemplates, MRZ_ALPHABET, renderTemplates } from '../../../main/precheck/mrz-template';
import { loadOcrBFont } from '../../../main/fonts/ocr-b';

/** A page with MRZ-like lines in OCR-B at 300 dpi (2.54 mm pitch, 3.4 mm type), one <text> per character. */
async function mrzPage(lines: string[]): Promise<Buffer> {
  const mm = (v: number): number => (v / 25.4) * 300;
  const width = Math.round(mm(125));
  const height = Math.round(mm(40));
  const texts = lines.flatMap((line, row) =>
    [...line].map(
      (c, i) =>
        loadOcrBFont().svgText(c, +(mm(6) + i * mm(2.54)).toFixed(1), +(mm(20) + row * mm(5.2)).toFixed(1), +mm(3.4).toFixed(1), { fill: '#111' }),
    ),
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f4f6f2"/>${texts.join('')}</svg>`;
  return sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer();
}

describe('committed OCR-B templates', () => {
  it('hold all 37 MRZ characters and match a fresh rendering from the repository font file', async () => {
    const committed = committedTemplates();
    expect(Object.keys(committed.glyphs).sort().join('')).toBe([...MRZ_ALPHABET].sort().join(''));
    const fresh = await renderTemplates();
    expect(fresh.pitchPerCapHeight).toBeCloseTo(committed.pitchPerCapHeight, 3);
    for (const c of MRZ_ALPHABET) {
      const a = committed.glyphs[c]!;
      const b = fresh.glyphs[c]!;
      expect(a.length).toBe(b.length);
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      // Same font, same geometry: at most rounding differences (regenerate mrz-glyphs.ts if this fails).
      expect(worst, `template ${c}`).toBeLessThanOrEqual(2);
    }
  });
});

describe('template classifier', () => {
  it('reads every one of the 37 characters of rendered OCR-B lines', async () => {
    const lines = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<<<', '<9876543210ZYXWVUTSRQPONMLKJIHGFEDCBA<<<<<<<'];
    const band = await locateMrzBand(await mrzPage(lines));
    expect(band).not.toBeNull();
    const read = readCells(band!, { format: 'TD3', unrestricted: true });
    expect(read?.lines).toEqual(lines);
    // Each character is clearly its own template, not a near tie.
    for (const cell of read!.cells.flat()) expect(cell.score - cell.secondScore).toBeGreaterThan(0.03);
  });

  it.each([
    { format: 'TD1', seed: 301 },
    { format: 'TD2', seed: 302 },
    { format: 'TD3', seed: 303 },
  ] as const)('reads the whole $format MRZ of a generated 300 dpi specimen and finds its format', async ({ format, seed }) => {
    const sp = await generateSpecimen(randomSpecimenSpec(seed, { format, side: format === 'TD1' ? 'back' : 'front' }));
    const read = readCells((await locateMrzBand(sp.jpeg))!);
    expect(read?.format).toBe(format);
    expect(read?.lines).toEqual(sp.mrz);
  });

  it('reads a rotated, blurred, noisy webcam-like frame of a specimen', async () => {
    const sp = await generateSpecimen(randomSpecimenSpec(304, { format: 'TD3' }));
    const frame = await renderWebcamFrame(sp.jpeg, { seed: 304, rotationDeg: 3, blurSigma: 0.8, noise: 5, light: 0.7, scale: 0.55, quality: 80 });
    const read = readCells((await locateMrzBand(frame.jpeg))!);
    expect(read?.lines).toEqual(sp.mrz);
  });

  it('reads a name letter changed in the image as the letter printed, not the expected one', async () => {
    const lines = ['P<NLDDE<VRIES<<ERIK<<<<<<<<<<<<<<<<<<<<<<<<<', 'YC07972160NLD9012190M340915494454761007<<<98'];
    const altered = ['P<NLDDE<VRIES<<ERIC<<<<<<<<<<<<<<<<<<<<<<<<<', lines[1]!];
    const read = readCells((await locateMrzBand(await mrzPage(altered)))!, { format: 'TD3' });
    expect(read?.lines[0]).toBe(altered[0]);
  });

  it('marks an erased character as unread instead of guessing', async () => {
    const lines = ['P<NLDDE<VRIES<<ERIK<<<<<<<<<<<<<<<<<<<<<<<<<', 'YC07972160NLD9012190M340915494454761007<<<98'];
    const band = (await locateMrzBand(await mrzPage(lines)))!;
    const g = readCells(band, { format: 'TD3' })!.grids[0]!;
    // White-out over the 'K' of ERIK (line 1, column 18), paper colour, in the located band itself.
    const paper = band.grey[0]!;
    const cx = g.origin + 18 * g.pitch;
    for (let y = Math.floor(g.capTop - 4); y < g.capBottom + 4; y++)
      for (let x = Math.floor(cx - g.pitch * 0.45); x < cx + g.pitch * 0.45; x++) band.grey[y * band.width + x] = paper;
    const read = readCells(band, { format: 'TD3' });
    expect(read?.lines[0]![18]).toBe('?');
    expect(read?.lines[0]!.slice(0, 18)).toBe(lines[0]!.slice(0, 18));
    expect(read?.lines[0]!.slice(19)).toBe(lines[0]!.slice(19));
  });
});
