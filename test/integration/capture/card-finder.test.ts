// The hybrid card finder through the real analysis worker: plain desks are outlined by the
// desk-colour finder, cluttered counters by the opencv.js line finder, which loads only in the worker.
// Specimens are synthetic: webcam-like frames of a generated card, on a plain desk or on a cluttered counter
// (test/bench/_capture-cluttered-frame.ts), with known true corners.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisClient } from '../../../main/capture/analysis-client';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame, type WebcamFrame, type WebcamVariant } from '../../../main/capture/specimen/webcam';
import type { FrameAnalysis } from '../../../main/capture/frame-analysis';
import { renderClutteredFrame } from '../../bench/_capture-cluttered-frame';

const VARIANTS: WebcamVariant[] = [
  { rotationDeg: 0 },
  { rotationDeg: 6, noise: 3 },
  { rotationDeg: -11, noise: 3, blurSigma: 1 },
  { rotationDeg: 4, perspective: 0.12, noise: 3 },
  { light: 0.5, noise: 3 },
];

/** Worst corner error in preview pixels (the frame as the analysis saw it, ≤ 640 px wide). */
function worstCornerError(a: FrameAnalysis, f: WebcamFrame): number {
  if (!a.corners) return Infinity;
  const k = a.width / f.width;
  return Math.max(...a.corners.map(([x, y], i) => Math.hypot(x * a.width - f.corners[i]![0] * k, y * a.height - f.corners[i]![1] * k)));
}

describe('card edges: desk-colour finder first, opencv.js lines on cluttered counters (analysis worker)', () => {
  const client = new AnalysisClient();
  let card: Buffer;
  let passport: Buffer;

  beforeAll(async () => {
    card = (await generateSpecimen({ ...randomSpecimenSpec(41, { format: 'TD1', side: 'front' }), dpi: 220 })).jpeg;
    passport = (await generateSpecimen({ ...randomSpecimenSpec(7, { format: 'TD3' }), dpi: 220 })).jpeg;
    // The worker loads opencv.js by itself; waiting here makes the first cluttered frame deterministic.
    expect(await client.warmUp()).toEqual({ linesFinder: true });
  });
  afterAll(() => client.close());

  it('outlines cards on a plain desk with the desk-colour finder', async () => {
    for (const [doc, documentType] of [
      [card, 'id_card'],
      [passport, 'passport'],
    ] as const) {
      for (const v of VARIANTS) {
        const f = await renderWebcamFrame(doc, { seed: 41, ...v });
        const a = await client.analyse({ kind: 'jpeg', jpeg: f.jpeg }, true, documentType);
        expect(a.cardMethod, JSON.stringify(v)).toBe('desk');
        expect(worstCornerError(a, f), JSON.stringify(v)).toBeLessThan(3);
      }
    }
  });

  it('outlines most cards on a cluttered counter with the opencv.js line finder, within a few pixels', async () => {
    const found: { err: number; method: string | null }[] = [];
    for (const seed of [41, 2, 3]) {
      for (const v of VARIANTS) {
        const f = await renderClutteredFrame(card, { seed, ...v });
        const a = await client.analyse({ kind: 'jpeg', jpeg: f.jpeg }, true, 'id_card');
        found.push({ err: worstCornerError(a, f), method: a.cardMethod });
      }
    }
    // 640 px preview; 3 preview px ≈ 9 px of the 1920 px frame. The desk-colour finder alone finds none.
    const errors = found.map((r) => r.err);
    const good = found.filter((r) => r.err < 3 && r.method === 'lines').length;
    expect(good, `worst corner errors (preview px): ${errors.map((e) => e.toFixed(1)).join(' ')}`).toBeGreaterThanOrEqual(Math.ceil(errors.length * 0.8));
  });

  it('judges a still of a card on a cluttered counter by its quality, not as "no document" or "cut off"', async () => {
    const instructions: (string | null)[] = [];
    for (const seed of [41, 2, 3]) {
      for (const v of VARIANTS) {
        const f = await renderClutteredFrame(card, { seed, ...v });
        const verdict = await client.assessStill(f.jpeg, { kind: 'camera', documentType: 'id_card' });
        instructions.push(verdict.instruction);
      }
    }
    // The desk-colour finder alone calls every one of these "cut off" or "no document".
    const framingFailures = instructions.filter((i) => i === 'no_document' || i === 'cropped').length;
    expect(framingFailures, `instructions: ${instructions.join(' ')}`).toBeLessThanOrEqual(Math.floor(instructions.length * 0.2));
  });

  it('still says "cut off" when the card really runs off a plain desk frame', async () => {
    // Pushed half out to the right: neither finder may invent a whole card.
    const f = await renderWebcamFrame(card, { seed: 41, rotationDeg: 3, noise: 3, offsetX: 0.4 });
    const verdict = await client.assessStill(f.jpeg, { kind: 'camera', documentType: 'id_card' });
    expect(['cropped', 'no_document']).toContain(verdict.instruction);
  });
});
