// A 0 or an O the check digits cannot see swapped, on a document with nothing of its own to judge it by
// (no other 0 in its dates or check digits, no O in its names): OCR-B's own glyphs judge it, where the
// document is printed in OCR-B throughout (mrz-ocrb-face.ts); in any other face it is refused.
// The documents are drawn by the independent evaluation set's renderer (test/mrz-eval/render_one.py:
// Pillow and numpy, no drawing code shared with the reader) in OCR-B (assets/fonts/ocr-b, its licence
// there) and in DejaVu Sans Mono (Debian fonts-dejavu-core, Bitstream Vera / DejaVu licence), and by the
// kiosk's own specimen scanner.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specimenSpecFor } from '../../../main/capture/specimen/device';
import { generateSpecimen } from '../../../main/capture/specimen/generate';
import { readCells, type TemplateRead } from '../../../main/precheck/mrz-cells';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { OCRB_FACE_FIT, ocrBFaceFit } from '../../../main/precheck/mrz-ocrb-face';
import { roundSwapUnseen } from '../../../main/precheck/mrz-own-instances';
import { parseMrz } from '../../../main/precheck/mrz-parse';
import { renderOne } from '../../mrz-eval/eval-set';
import { mrzReaderForFile } from './file-reader';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = 'assets/fonts/ocr-b/OCRB.otf';
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';

// A TD2 card: no O in its names, no 0 in its dates or check digits (4, 7, 9, 6); its document number's
// two round characters at weights 7 and 3, so 0s and Os swapped together pass every check digit.
const LINE1 = 'ACUSAJANSSEN<<SEAN<<<<<<<<<<<<<<<<<<';
const ZEROS = [LINE1, 'N820074194ITA6511197M3412189<<<<<<<6'];
const OHS = [LINE1, 'N82OO74194ITA6511197M3412189<<<<<<<6'];

async function templateRead(printed: string[], font: string): Promise<TemplateRead> {
  const jpeg = renderOne({ format: 'TD2', printed, font, effects: { seed: 7 } }, { cwd: root });
  const band = await locateMrzBand(jpeg);
  expect(band).not.toBeNull();
  const t = readCells(band!);
  expect(t).not.toBeNull();
  return t!;
}

describe('the card the check digits cannot tell from its swapped twin', () => {
  it('passes every check digit with its 0s and with its Os', () => {
    expect(parseMrz(ZEROS, { maxSubstitutions: 0 }).accepted).toBe(true);
    expect(parseMrz(OHS, { maxSubstitutions: 0 }).accepted).toBe(true);
  });
});

describe('printed in OCR-B', () => {
  it('fits OCR-B throughout, and its two 0s are confirmed by OCR-B\'s own 0', { timeout: 60_000 }, async () => {
    const t = await templateRead(ZEROS, OCRB);
    expect(ocrBFaceFit(t)).toBeGreaterThanOrEqual(OCRB_FACE_FIT);
    expect(roundSwapUnseen(t, ZEROS)).toEqual([]);
  });

  it('with Os printed, a read of them as 0s is refused: OCR-B draws its O otherwise', { timeout: 60_000 }, async () => {
    const t = await templateRead(OHS, OCRB);
    expect(ocrBFaceFit(t)).toBeGreaterThanOrEqual(OCRB_FACE_FIT);
    expect(roundSwapUnseen(t, ZEROS)).toEqual(['1:3', '1:4']);
    expect(roundSwapUnseen(t, OHS)).toEqual([]);
  });
});

describe('printed in DejaVu Sans Mono', () => {
  it('does not fit OCR-B, so OCR-B does not judge its 0s and Os: either reading is refused', { timeout: 60_000 }, async () => {
    for (const printed of [ZEROS, OHS]) {
      const t = await templateRead(printed, DEJAVU);
      expect(ocrBFaceFit(t)).toBeLessThan(OCRB_FACE_FIT);
      expect(roundSwapUnseen(t, ZEROS)).toEqual(['1:3', '1:4']);
      expect(roundSwapUnseen(t, OHS)).toEqual(['1:3', '1:4']);
    }
  });
});

const reader = mrzReaderForFile();

describe("the kiosk's own specimen scans", () => {
  // Seed 9301: MUSTERMANN<<ANNA<MARIA, personal number 31904250984 — its two 0s at weights 7 and 3 of
  // the personal number (and of the composite), no other 0 and no O anywhere in the MRZ.
  for (const expired of [false, true]) {
    it(`reads the passport with two 0s in its personal number and nothing to compare them with${expired ? ' (expired)' : ''}`, { timeout: 90_000 }, async () => {
      const specimen = await generateSpecimen(specimenSpecFor('passport', 'front', 9301, { expired }));
      expect(specimen.mrz[1]).toContain('31904250984');
      const r = await reader.read(specimen.jpeg);
      expect({ status: r.status, lines: r.lines, problems: r.problems }).toEqual({ status: 'accepted', lines: specimen.mrz, problems: [] });
    });
  }
});
