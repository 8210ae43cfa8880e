// The MRZ reader's front end (band location, contrast normalisation, rectification, cell grid) on the
// capture conditions it used to fail on: a washed-out capture, glare over the MRZ on a low-contrast
// frame, a glyph height ÷ pitch other than OCR-B's nominal one, a card on a patterned desk, and a 11 %
// keystone with a 6° tilt. Each image is drawn by the independent evaluation set's Pillow renderer
// (test/mrz-eval/render_one.py: Pillow/FreeType and numpy, no drawing code shared with the reader or
// the kiosk's specimen generator), with the ICAO 9303 specimen texts (state "Utopia").
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCells } from '../../../main/precheck/mrz-cells';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { normaliseBand } from '../../../main/precheck/mrz-normalise';
import { createMrzReader, type MrzReader } from '../../../main/precheck/mrz-ocr';
import { rectifyMrzBand } from '../../../main/precheck/mrz-rectify';
import { renderOne } from '../../mrz-eval/eval-set';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

interface Scene {
  format: 'TD1' | 'TD2' | 'TD3';
  printed: string[];
  /** A webcam frame (the card on a desk) rather than a flatbed scan. */
  camera?: boolean;
  /** generate.py's effects: keystone, rotate, contrast, glare, pitch_ratio, background, seed … */
  effects: Record<string, unknown>;
}


function render(scene: Scene): Buffer {
  expect(existsSync(OCRB), `OCR-B font at ${OCRB}`).toBe(true);
  const job = { format: scene.format, printed: scene.printed, font: OCRB, camera: scene.camera ?? false, effects: scene.effects };
  return renderOne(job);
}

let reader: MrzReader;
beforeAll(async () => {
  reader = await createMrzReader({ extraStates: ['UTO'] });
}, 60_000);
afterAll(async () => {
  await reader?.close();
});

async function expectAccepted(scene: Scene): Promise<void> {
  const r = await reader.read(render(scene));
  expect({ status: r.status, lines: r.lines, problems: r.problems }).toEqual({ status: 'accepted', lines: scene.printed, problems: [] });
}

describe('MRZ reader front end: capture conditions', () => {
  it('low contrast: a washed-out webcam frame (contrast 0.35) is located and read', { timeout: 90_000 }, async () => {
    await expectAccepted({ format: 'TD1', printed: TD1, camera: true, effects: { contrast: 0.35, seed: 16 } });
  });

  it('glare: 140 grey levels of glare over the MRZ of a low-contrast (0.55) frame', { timeout: 90_000 }, async () => {
    await expectAccepted({ format: 'TD3', printed: TD3, camera: true, effects: { glare: 140, contrast: 0.55, glare_over_mrz: true, seed: 21 } });
  });

  it('pitch ratio: a TD2 printed with pitch ÷ glyph height 0.97 (OCR-B nominal is 1.03)', { timeout: 90_000 }, async () => {
    await expectAccepted({ format: 'TD2', printed: TD2, effects: { pitch_ratio: 0.97, seed: 25 } });
  });

  it('desk background: a TD1 on a woven cloth, 2.3 % keystone towards its right edge, tilted 1.7°', { timeout: 90_000 }, async () => {
    await expectAccepted({
      format: 'TD1',
      printed: TD1,
      camera: true,
      effects: { background: 'cloth', rotate: -1.7, keystone: 0.023, keystone_side: 'right', card_fill: 0.6, seed: 27 },
    });
  });

  it('perspective: an 11 % keystone (top edge shorter) and a 6° tilt: the straightened band is cut into the right cells', { timeout: 90_000 }, async () => {
    const image = render({ format: 'TD3', printed: TD3, camera: true, effects: { keystone: 0.11, keystone_side: 'top', rotate: -6, seed: 31 } });
    const located = await locateMrzBand(image);
    expect(located).not.toBeNull();
    const t = readCells(rectifyMrzBand(normaliseBand(located!)));
    expect(t?.format).toBe('TD3');
    // Every cell of the grid holds its own character: a grid off by a fraction of a cell at one end of
    // a 44-character line reads the far end as neighbours' halves.
    const wrong = t!.lines.flatMap((l, i) => [...TD3[i]!].filter((c, k) => l[k] !== c)).length;
    expect(wrong).toBeLessThanOrEqual(1);
  });
});
