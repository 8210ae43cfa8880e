// Preview guidance on specimen frames rendered at preview size (640 × 360): each problem of the specimen
// camera's script yields its instruction, the settled frames pass for every document type and side, and the
// focus threshold separates sharp from blurred frames. Prints the calibration table behind PREVIEW_THRESHOLDS.
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseFrame } from '../../../main/capture/frame-analysis';
import { PREVIEW_THRESHOLDS, previewVerdict } from '../../../main/capture/preview-guidance';
import { SPECIMEN_PREVIEW_SCRIPT, previewVariantAt, specimenSpecFor } from '../../../main/capture/specimen/device';
import { generateSpecimen } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import type { CaptureSide, DocumentType } from '../../../shared/domain';

const DOCS: [DocumentType, CaptureSide][] = [
  ['passport', 'front'],
  ['id_card', 'front'],
  ['id_card', 'back'],
  ['drivers_license', 'front'],
  ['other', 'front'],
];
const documents = new Map<string, Buffer>();
beforeAll(async () => {
  for (const [type, side] of DOCS) {
    for (const seed of [11, 12]) documents.set(`${type}/${side}/${seed}`, (await generateSpecimen(specimenSpecFor(type, side, seed, { dpi: 110 }))).jpeg);
  }
});

const frame = (key: string, variant: object, seed = 5) =>
  analyseFrame({ kind: 'specimen', document: documents.get(key)!, variant: { seed, noise: 4, ...variant } }, { checkCard: true });

describe('preview guidance', () => {
  it('gives each scripted problem its instruction and lets the settled card pass, for every document', async () => {
    const expected = ['no_document', 'cropped', 'blurry', 'glare', null];
    const rows: string[] = [];
    const results: [string, (string | null)[]][] = [];
    for (const key of documents.keys()) {
      let start = 0;
      const got: (string | null)[] = [];
      for (const phase of SPECIMEN_PREVIEW_SCRIPT) {
        const a = await frame(key, previewVariantAt(SPECIMEN_PREVIEW_SCRIPT, start));
        got.push(a.verdict.instruction);
        rows.push(
          `${key.padEnd(24)} ${JSON.stringify(phase.variant).padEnd(58)} focus ${a.metrics.focus.toFixed(2)} glare ${(a.metrics.glare * 100).toFixed(2)}% ` +
            `bright ${a.metrics.brightness.toFixed(0)} card ${a.cardArea?.toFixed(2) ?? '-'} → ${a.verdict.instruction ?? 'ok'}`,
        );
        start += Number.isFinite(phase.frames) ? phase.frames : 0;
      }
      results.push([key, got]);
    }
    console.log(rows.join('\n'));
    for (const [key, got] of results) expect(got, key).toEqual(expected);
  });

  it('separates sharp from blurred preview frames on focus, and flags dark and small cards', async () => {
    const rows: string[] = [];
    for (const key of ['passport/front/11', 'id_card/back/12', 'id_card/front/11']) {
      const sharp = await frame(key, { blurSigma: 0.4 });
      const soft = await frame(key, { blurSigma: 1.2 });
      const dark = await frame(key, { blurSigma: 0.4, light: 0.3 });
      const small = await frame(key, { blurSigma: 0.4, scale: 0.25 });
      rows.push(`${key.padEnd(20)} focus σ0.4 ${sharp.metrics.focus.toFixed(2)}  σ1.2 ${soft.metrics.focus.toFixed(2)}`);
      expect(sharp.metrics.focus).toBeGreaterThan(PREVIEW_THRESHOLDS.minFocus);
      expect(soft.metrics.focus).toBeLessThan(PREVIEW_THRESHOLDS.minFocus);
      expect(soft.verdict.instruction).toBe('blurry');
      expect(dark.verdict.instruction).toBe('too_dark');
      expect(small.verdict.instruction).toBe('too_small');
      // The card is found where it was placed: corners inside the frame, centred around the middle.
      const xs = sharp.corners!.map(([x]) => x);
      expect(Math.min(...xs)).toBeGreaterThan(0.1);
      expect(Math.max(...xs)).toBeLessThan(0.9);
    }
    console.log(rows.join('\n'));
  });

  it('reports the card corners within a few preview pixels (found at half size, scaled back)', async () => {
    for (const [key, rotationDeg] of [['id_card/front/11', 5], ['passport/front/12', -9]] as const) {
      const f = await renderWebcamFrame(documents.get(key)!, { width: 640, height: 360, seed: 4, noise: 4, blurSigma: 0.4, rotationDeg });
      const a = await analyseFrame({ kind: 'jpeg', jpeg: f.jpeg }, { checkCard: true });
      const errors = a.corners!.map(([x, y], i) => Math.hypot(x * 640 - f.corners[i]![0], y * 360 - f.corners[i]![1]));
      expect(Math.max(...errors), key).toBeLessThan(4);
    }
  });

  it('selfie frames skip the card checks', () => {
    const m = { sharpness: 500, focus: 0.8, glare: 0.05, brightness: 140, contrast: 60 };
    expect(previewVerdict(m, null, false)).toMatchObject({ ok: true, instruction: null });
    expect(previewVerdict(m, null, true)).toMatchObject({ ok: false, instruction: 'no_document' });
    expect(previewVerdict({ ...m, brightness: 20 }, null, false).instruction).toBe('too_dark');
  });
});
