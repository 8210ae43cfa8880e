// Quality metrics against specimen variants with known defects: the metrics must order them correctly and
// the verdict must name the defect that was added. Frames are generated here, deterministically per seed.
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame, type WebcamVariant } from '../../../main/capture/specimen/webcam';
import { measureGrey, measureQuality, type QualityMetrics } from '../../../main/capture/quality';
import { assessQuality, verdictFromMetrics } from '../../../main/capture/quality-verdict';

const VARIANTS: Record<string, WebcamVariant> = {
  sharp: { rotationDeg: 2, noise: 3 },
  blur1: { rotationDeg: 2, noise: 3, blurSigma: 1 },
  blur2: { rotationDeg: 2, noise: 3, blurSigma: 2 },
  blur4: { rotationDeg: 2, noise: 3, blurSigma: 4 },
  glare: { rotationDeg: 2, noise: 3, glare: 0.9 },
  lowLight: { rotationDeg: 2, noise: 3, light: 0.3 },
  rotatedPerspective: { rotationDeg: 9, perspective: 0.15, noise: 3 },
};

const metrics: Record<string, QualityMetrics> = {};
const frames: Record<string, Buffer> = {};

beforeAll(async () => {
  for (const format of ['TD1', 'TD3'] as const) {
    const doc = await generateSpecimen({ ...randomSpecimenSpec(21, { format, side: format === 'TD1' ? 'back' : 'front' }), dpi: 220 });
    for (const [name, variant] of Object.entries(VARIANTS)) {
      const frame = await renderWebcamFrame(doc.jpeg, { seed: 21, ...variant });
      frames[`${format}.${name}`] = frame.jpeg;
      metrics[`${format}.${name}`] = await measureQuality(frame.jpeg);
    }
  }
  // The calibration table behind QUALITY_THRESHOLDS, printed for the record.
  console.table(
    Object.fromEntries(
      Object.entries(metrics).map(([k, m]) => [k, { sharpness: +m.sharpness.toFixed(1), focus: +m.focus.toFixed(3), glarePct: +(m.glare * 100).toFixed(2), brightness: +m.brightness.toFixed(0), contrast: +m.contrast.toFixed(0) }]),
    ),
  );
}, 60_000);

describe.each(['TD1', 'TD3'])('quality metrics on %s webcam-like frames', (format) => {
  const m = (name: string): QualityMetrics => metrics[`${format}.${name}`]!;

  it('sharpness orders sharp > blur σ1 > blur σ2 > blur σ4', () => {
    expect(m('sharp').sharpness).toBeGreaterThan(m('blur1').sharpness);
    expect(m('blur1').sharpness).toBeGreaterThan(m('blur2').sharpness);
    expect(m('blur2').sharpness).toBeGreaterThan(m('blur4').sharpness);
  });

  it('glare is detected where it was added, and only there', () => {
    expect(m('glare').glare).toBeGreaterThan(5 * Math.max(m('sharp').glare, 0.001));
    expect(verdictFromMetrics(m('glare')).instruction).toBe('glare');
  });

  it('one instruction per defect, and none for a good frame', () => {
    expect(verdictFromMetrics(m('sharp'))).toMatchObject({ ok: true, instruction: null });
    expect(verdictFromMetrics(m('rotatedPerspective'))).toMatchObject({ ok: true, instruction: null });
    expect(verdictFromMetrics(m('blur1')).ok).toBe(true); // σ1 still reads: not rejected
    expect(verdictFromMetrics(m('blur2')).instruction).toBe('blurry');
    expect(verdictFromMetrics(m('blur4')).instruction).toBe('blurry');
    expect(verdictFromMetrics(m('lowLight')).instruction).toBe('too_dark'); // light first, though it also looks blurry
  });
});

describe('verdicts', () => {
  it('a clean 300 dpi scan passes', async () => {
    const scan = await generateSpecimen(randomSpecimenSpec(3, { format: 'TD3' }));
    const v = await assessQuality({ jpeg: scan.jpeg, width: scan.width, height: scan.height });
    expect(v).toMatchObject({ ok: true, instruction: null });
    expect(v.sharpness!).toBeGreaterThan(150);
  });

  it('a document captured too small (low effective resolution) is told to move closer', async () => {
    const doc = await generateSpecimen({ ...randomSpecimenSpec(4, { format: 'TD1' }), dpi: 120 });
    const v = await assessQuality({ jpeg: doc.jpeg, width: doc.width, height: doc.height });
    expect(v.instruction).toBe('too_small');
  });

  it('an overexposed frame is too bright; a flat grey one has too little contrast', () => {
    const base = { sharpness: 500, focus: 1, glare: 0, contrast: 60, width: 1920, height: 1080 };
    expect(verdictFromMetrics({ ...base, brightness: 245 }).instruction).toBe('too_bright');
    expect(verdictFromMetrics({ ...base, brightness: 128, contrast: 8 }).instruction).toBe('low_contrast');
  });

  it('measureGrey: a flat image has zero sharpness; a checkerboard has high sharpness and contrast', () => {
    const w = 64;
    const flat = new Uint8Array(w * w).fill(128);
    expect(measureGrey(flat, w, w)).toMatchObject({ sharpness: 0, contrast: 0, brightness: 128, glare: 0 });
    const checker = new Uint8Array(w * w).map((_, i) => (((i % w) + Math.floor(i / w)) % 2 ? 255 : 0));
    const m = measureGrey(checker, w, w);
    expect(m.sharpness).toBeGreaterThan(100_000);
    expect(m.contrast).toBeCloseTo(127.5, 0);
    expect(m.glare).toBeCloseTo(0.5, 1);
  });
});
