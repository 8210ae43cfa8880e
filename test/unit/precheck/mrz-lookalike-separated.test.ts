// A 0 or an O the cell model calls half its look-alike, where the document's own 0s and Os show by
// their outline which of the two it is (mrz-own-instances.ts outlineVerdict): read when its outline
// sits with its own kind, refused when it sits with the look-alikes — a printed O in a date or a printed
// 0 in a name (an invalid MRZ) keeps its own outline, whatever the model's probabilities.
//
// Part 1 builds the template read directly: the cells are drawn here as rings (an OCR-B-like 0 wider
// than its O, a DejaVu-like 0 with a dot in its middle), the probabilities given per cell. Part 2 reads
// whole low-resolution scans drawn by the independent evaluation set's Pillow renderer
// (test/mrz-eval/render_one.py: Pillow/FreeType and numpy, no drawing code shared with the reader) in
// OCR-B (assets/fonts/ocr-b) and DejaVu Sans Mono (Debian fonts-dejavu-core, free licence). The MRZ texts
// are made up for these tests (states NLD and PRT, valid check digits).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confirmTemplateRead } from '../../../main/precheck/mrz-confirm';
import { cellShape, outlineVerdict } from '../../../main/precheck/mrz-own-instances';
import { renderOne } from '../../mrz-eval/eval-set';
import { mrzReaderForFile } from './file-reader';
import { classes, DATE_ZEROS, JORIS, read, ring, type Given } from './ring-cells';

const zeros = (cell: Float32Array, p0: number, pO: number): Given => Object.fromEntries(DATE_ZEROS.map((k) => [k, { cell, p0, pO }]));
/** Both tesseract reads agree with every cell (rule 1 everywhere): only the look-alike rule decides. */
const agree = [JORIS, JORIS];

describe('OCR-B-like print: a 0 wider than the O, no dot', () => {
  const WIDE_ZERO = ring(5, false);
  const NARROW_O = ring(3.5, false);
  // The document's 0s at 0.1 O, its name's O at 0.85: by the log-odds alone a date cell at 0.55 O sits
  // nearer the O (the midpoint between the two is at 0.44 O).
  const doc = (cell: Float32Array): Given => ({ ...zeros(WIDE_ZERO, 0.9, 0.1), '0:15': { cell: NARROW_O, p0: 0.15, pO: 0.85 }, '1:15': { cell, p0: 0.45, pO: 0.55 } });

  it('the drawn shapes are apart by spread', () => {
    expect(cellShape(WIDE_ZERO).spread - cellShape(NARROW_O).spread).toBeGreaterThan(0.5);
  });

  it("reads a date 0 the model calls half an O when its outline sits with the document's 0s, apart from its O", () => {
    const t = read(doc(WIDE_ZERO));
    expect(outlineVerdict(t, classes, 1, 15, '0', 'O')).toBe('own');
    const c = confirmTemplateRead(t, agree);
    expect(c.parsed.problems).toEqual([]);
    expect(c.parsed.accepted).toBe(true);
  });

  it('still refuses an O printed in the date at the same probabilities: its outline sits with the O', () => {
    const t = read(doc(NARROW_O));
    expect(outlineVerdict(t, classes, 1, 15, '0', 'O')).toBe('lookalike');
    const c = confirmTemplateRead(t, agree);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.problems).toContain('line 2, character 16: looks more like "O", which cannot stand there');
  });

  it('has no outline verdict where the document does not keep its 0s and Os apart by outline', () => {
    // The name's O drawn as wide as the 0s: this capture does not show the difference, so the outline
    // cannot speak for the cell and the log-odds refuse it.
    const t = read({ ...doc(WIDE_ZERO), '0:15': { cell: ring(4.9, false), p0: 0.15, pO: 0.85 } });
    expect(outlineVerdict(t, classes, 1, 15, '0', 'O')).toBeNull();
    expect(confirmTemplateRead(t, agree).parsed.accepted).toBe(false);
  });
});

describe('DejaVu-like print: a 0 with a dot, an O as wide without (3.9 columns drawn against 4: the same spread)', () => {
  const DOT_ZERO = ring(4, true);
  const PLAIN_O = ring(3.9, false);
  // The name's only O: the model gives it 0.8 of being a 0; the document's 0s are sure (0.99).
  const doc = (cell: Float32Array): Given => ({ ...zeros(DOT_ZERO, 0.99, 0.01), '0:15': { cell, p0: 0.8, pO: 0.2 } });

  it("reads a name's only O as an O when it lacks the dot of every one of the document's 0s", () => {
    expect(Math.abs(cellShape(DOT_ZERO).spread - cellShape(PLAIN_O).spread)).toBeLessThan(0.1);
    const t = read(doc(PLAIN_O));
    expect(outlineVerdict(t, classes, 0, 15, 'O', '0')).toBe('own');
    const c = confirmTemplateRead(t, agree);
    expect(c.parsed.problems).toEqual([]);
    expect(c.parsed.accepted).toBe(true);
  });

  it('still refuses a 0 printed in the name at the same probabilities: it has the dot', () => {
    const t = read(doc(DOT_ZERO));
    expect(outlineVerdict(t, classes, 0, 15, 'O', '0')).toBeNull();
    const c = confirmTemplateRead(t, agree);
    expect(c.parsed.accepted).toBe(false);
    expect(c.parsed.problems).toContain('line 1, character 16: looks more like "0", which cannot stand there');
  });
});

const root = resolve(import.meta.dirname, '../../..');
const FONTS = { dejavu: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf', ocrb: resolve(root, 'assets/fonts/ocr-b/OCRB.otf') };
/** A flatbed scan at a low resolution: capitals `cap_px` high. */
function scan(printed: string[], font: keyof typeof FONTS, cap_px: number, seed: number): Buffer {
  const effects = { cap_px, pitch_ratio: 0.96, jpeg: 82, noise: 1.3, blur: 0.3, rotate: -0.3, seed };
  const job = { format: 'TD2', printed, font: FONTS[font], camera: false, effects };
  return renderOne(job);
}
const put = (lines: string[], li: number, col: number, c: string): string[] => lines.map((l, i) => (i === li ? l.slice(0, col) + c + l.slice(col + 1) : l));
/** TD2 card (NLD): MOLENAAR<<TOON, born 800102, expiring 300610. */
const TOON = ['IDNLDMOLENAAR<<TOON<<<<<<<<<<<<<<<<<', 'XR40K70519NLD8001025M3006106<<<<<<<0'];
/** TD2 card (PRT): SILVA<<JOSE (one O), born 920811, expiring 300813. */
const JOSE = ['IDPRTSILVA<<JOSE<<<<<<<<<<<<<<<<<<<<', '2DD0GD2610PRT9208119M3008133<<<<<<<8'];

const reader = mrzReaderForFile();

describe('MRZ reader: look-alikes in low-resolution scans, on drawn images', () => {
  it('reads an OCR-B card scanned at 12 px capitals, and never accepts it with an O printed in the date of birth', { timeout: 120_000 }, async () => {
    const good = await reader.read(scan(TOON, 'ocrb', 12.2, 1));
    expect({ status: good.status, lines: good.lines }).toEqual({ status: 'accepted', lines: TOON });
    for (const seed of [1, 2]) {
      const r = await reader.read(scan(put(TOON, 1, 14, 'O'), 'ocrb', 12.2, seed));
      expect({ seed, status: r.status }).toEqual({ seed, status: 'invalid' });
      expect(r.problems).toContain('line 2, character 15: looks more like "O", which cannot stand there');
    }
  });

  it('reads a DejaVu Sans Mono card scanned at 15 px capitals, and never accepts it with a 0 printed in the name', { timeout: 120_000 }, async () => {
    const good = await reader.read(scan(JOSE, 'dejavu', 15.1, 1));
    expect({ status: good.status, lines: good.lines }).toEqual({ status: 'accepted', lines: JOSE });
    for (const seed of [1, 2]) {
      const r = await reader.read(scan(put(JOSE, 0, 13, '0'), 'dejavu', 15.1, seed));
      expect({ seed, status: r.status }).toEqual({ seed, status: 'invalid' });
      expect(r.problems).toContain('line 1, character 14: looks more like "0", which cannot stand there');
    }
  });
});
