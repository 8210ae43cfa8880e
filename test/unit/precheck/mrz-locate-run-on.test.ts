// Finding the MRZ when one of its lines runs on: a camera frame of a card on a wood desk, seen at an angle
// (9 % keystone, 3° tilt, laminate sheen, blur, noise, JPEG 60). The desk's grain next to the card edge
// touches the first character of one MRZ line, so that line's ink starts two to four characters earlier
// than the other's, while their right ends agree. The locator used to take such lines for unaligned and
// report no MRZ at all. Images are drawn by the independent evaluation set's Pillow renderer
// (test/mrz-eval/render_one.py: Pillow/FreeType and numpy, no drawing code shared with the reader), with
// the ICAO 9303 TD2 specimen text.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCells } from '../../../main/precheck/mrz-cells';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { normaliseBand } from '../../../main/precheck/mrz-normalise';
import { rectifyMrzBand } from '../../../main/precheck/mrz-rectify';
import { renderOne } from '../../mrz-eval/eval-set';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];

function render(seed: number): Buffer {
  expect(existsSync(OCRB), `OCR-B font at ${OCRB}`).toBe(true);
  const effects = {
    pitch_ratio: 1.01,
    jpeg: 60,
    noise: 5,
    blur: 1.0,
    rotate: -2.9,
    keystone: 0.09,
    print: ['sheen'],
    background: 'wood',
    card_fill: 0.65,
    frame_width: 1280,
    seed,
  };
  const job = { format: 'TD2', printed: TD2, font: OCRB, camera: true, effects };
  return renderOne(job);
}

describe('MRZ band: a line whose ink runs on at its left end', () => {
  // Seeds 1–3: before the change, no MRZ was found on any of them.
  it.each([1, 2, 3])('TD2 on a wood desk, keystone 0.09 (seed %i): found, both lines, and cut into the printed characters', { timeout: 60_000 }, async (seed) => {
    const located = await locateMrzBand(render(seed));
    expect(located, 'an MRZ band').not.toBeNull();
    expect(located!.lineCount).toBe(2);
    // Its lines' left ends differ by more than a character (the run-on), their right ends agree.
    const [a, b] = located!.lines;
    expect(Math.abs(a!.x1 - b!.x1)).toBeLessThan(located!.lineHeight * 1.5);
    expect(readCells(rectifyMrzBand(normaliseBand(located!)))?.lines).toEqual(TD2);
  });
});
