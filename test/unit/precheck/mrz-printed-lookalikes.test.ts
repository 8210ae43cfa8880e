// The whole MRZ reader on printed look-alikes, the invalid MRZs a misread repair could turn valid: a `B`
// printed in a date of birth where the check digit needs an `8`, and a document number printed with
// `OO` (or `00`) at weights 7 and 3, where either reading passes every check digit. Each image is drawn
// by the independent evaluation set's Pillow renderer (test/mrz-eval/render_one.py: Pillow/FreeType and
// numpy, no drawing code shared with the reader), in OCR-B.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMrzReader, type MrzReader } from '../../../main/precheck/mrz-ocr';
import { renderOne } from '../../mrz-eval/eval-set';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');

function render(format: 'TD1' | 'TD3', printed: string[], effects: Record<string, unknown>): Buffer {
  const job = { format, printed, font: OCRB, camera: false, effects };
  return renderOne(job);
}

let reader: MrzReader;
beforeAll(async () => {
  reader = await createMrzReader({ extraStates: ['ESP', 'UTO'] });
}, 60_000);
afterAll(async () => {
  await reader?.close();
});

describe('MRZ reader: printed look-alikes', () => {
  // A TD1 whose date of birth is 881208 (check digit 3). Printed with a B for its first 8, the MRZ is
  // invalid: at the line's start the cell model, offered digits only, is unsure among them, but over the
  // whole alphabet it is sure of the B — while tesseract's reads, seen through the field type, say 8.
  const valid = ['I<ESPX5J26L1072081279710<<<<<<', '8812083F3211256ESP<<<<<<<<<<<5', 'KOWALSKA<<ERIKA<<<<<<<<<<<<<<<'];
  const printedB = [valid[0]!, 'B' + valid[1]!.slice(1), valid[2]!];
  const noisyScan = (seed: number) => ({ cap_px: 23.2, pitch_ratio: 1.079, jpeg: 53, noise: 4.4, seed });

  it('never accepts a B printed in a date of birth as the 8 its check digit needs', { timeout: 90_000 }, async () => {
    for (const seed of [3, 4]) {
      const r = await reader.read(render('TD1', printedB, noisyScan(seed)));
      expect({ seed, status: r.status }).toEqual({ seed, status: 'invalid' });
    }
  });

  it('accepts the same document printed with its 8', { timeout: 90_000 }, async () => {
    const r = await reader.read(render('TD1', valid, noisyScan(3)));
    expect({ status: r.status, lines: r.lines }).toEqual({ status: 'accepted', lines: valid });
  });

  // Document number L89002C35: its 00 sits at weights 7 and 3, so OO (7·24 + 3·24 ≡ 0 mod 10) passes
  // every check digit too, the composite included. Both are valid MRZs; each must be read as printed or
  // refused, never as the other.
  const zeros = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L89002C350UTO7408122F1204159ZE184226B<<<<<12'];
  const letters = [zeros[0]!, zeros[1]!.slice(0, 3) + 'OO' + zeros[1]!.slice(5)];

  it('a document number printed with OO or 00 is never accepted as the other', { timeout: 120_000 }, async () => {
    for (const printed of [zeros, letters]) {
      const r = await reader.read(render('TD3', printed, { cap_px: 15, blur: 1.1, noise: 6, jpeg: 50, seed: 6 }));
      if (r.status === 'accepted') expect(r.lines).toEqual(printed);
    }
  });
});
