import sharp from 'sharp';
import { generateSpecimen, randomSpecimenSpec, seededRandom } from '../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../main/capture/specimen/webcam';
import { locateMrzBand, type MrzBand } from '../../main/precheck/mrz-locate';
import { assembleMrz } from '../../main/precheck/mrz-ocr';
import { createOcrEngine } from '../../main/precheck/mrz-worker';
const engine = await createOcrEngine();
type Cfg = { lh: number; bin?: number; sharpen?: boolean; gamma?: number };
const cfgs: Cfg[] = [{ lh: 30 }, { lh: 30, sharpen: true }, { lh: 36 }, { lh: 40, sharpen: true }, { lh: 46, bin: 140 }, { lh: 46, bin: 110 }, { lh: 56 }, { lh: 24 }];
async function render(b: MrzBand, c: Cfg) {
  const scale = c.lh / b.lineHeight;
  let img = sharp(Buffer.from(b.grey), { raw: { width: b.width, height: b.height, channels: 1 } }).resize({ width: Math.round(b.width * scale), kernel: 'lanczos3' }).normalise();
  if (c.sharpen) img = img.sharpen({ sigma: 1 });
  if (c.bin) img = img.threshold(c.bin);
  return img.toColourspace('b-w').png().toBuffer();
}
const right = cfgs.map(() => 0); let total = 0;
const errs = cfgs.map(() => new Map<string, number>());
for (let i = 1; i < 60; i += 2) {
  const format = (['TD1', 'TD2', 'TD3'] as const)[i % 3]!;
  const sp = await generateSpecimen(randomSpecimenSpec(10_000 + i, { format, side: format === 'TD1' ? 'back' : 'front' }));
  const r = seededRandom(20_000 + i);
  const img = (await renderWebcamFrame(sp.jpeg, { seed: i, rotationDeg: (r() - 0.5) * 8, blurSigma: 0.3 + r() * 0.8, noise: 2 + r() * 4, light: 0.65 + r() * 0.35, scale: 0.5 + r() * 0.15, quality: 80 })).jpeg;
  const band = await locateMrzBand(img); if (!band) continue;
  const truth = sp.mrz.join(''); total += truth.length;
  for (const [k, c] of cfgs.entries()) {
    const a = assembleMrz(await engine.recognize(await render(band, c)), band.lineCount);
    if (!a) continue; const got = a.lines.join('');
    if (got.length !== truth.length) continue;
    for (let j = 0; j < got.length; j++) if (got[j] === truth[j]) right[k]!++; else errs[k]!.set(truth[j] + '>' + got[j], (errs[k]!.get(truth[j] + '>' + got[j]) ?? 0) + 1);
  }
}
cfgs.forEach((c, k) => console.log(JSON.stringify(c).padEnd(34), (right[k]! / total * 100).toFixed(2), [...errs[k]!.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([e, n]) => `${e}:${n}`).join(' ')));
await engine.close();
