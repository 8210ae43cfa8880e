import { generateSpecimen, randomSpecimenSpec } from '../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../main/capture/specimen/webcam';
import { locateMrzBand, renderBand } from '../../main/precheck/mrz-locate';
import { assembleMrz } from '../../main/precheck/mrz-ocr';
import { parseMrz } from '../../main/precheck/mrz-parse';
import { createOcrEngine } from '../../main/precheck/mrz-worker';
const engine = await createOcrEngine();
const configs = [[24,false],[30,false],[34,false],[40,false],[48,false],[34,true],[46,true]] as const;
const stats = configs.map(() => ({ chars: 0, ok: 0, acc: 0, ms: 0 }));
let total = 0;
const N = Number(process.argv[2] ?? 16);
for (let i = 0; i < N; i++) {
  const spec = randomSpecimenSpec(300 + i, { side: 'back' });
  const sp = await generateSpecimen(spec);
  const img = i % 2 ? (await renderWebcamFrame(sp.jpeg, { seed: i, rotationDeg: (i % 5) - 2, blurSigma: 0.6 + (i % 3) * 0.2, noise: 4 })).jpeg : sp.jpeg;
  const band = await locateMrzBand(img);
  if (!band) { console.log(i, 'no band'); continue; }
  const truth = sp.mrz.join('');
  total += truth.length;
  for (const [k, [lh, bin]] of configs.entries()) {
    const t = performance.now();
    const lines = await engine.recognize(await renderBand(band, { lineHeight: lh, binarise: bin }));
    stats[k]!.ms += performance.now() - t;
    const a = assembleMrz(lines, band.lineCount);
    if (!a) continue;
    const got = a.lines.join('');
    if (got.length === truth.length) for (let j = 0; j < got.length; j++) if (got[j] === truth[j]) stats[k]!.chars++;
    const p = parseMrz(a.lines);
    if (p.accepted) stats[k]!.ok++;
    if (p.accepted && p.lines.join('') === truth) stats[k]!.acc++;
  }
}
configs.forEach(([lh, bin], k) => console.log(lh, bin, 'charAcc', (stats[k]!.chars / total * 100).toFixed(2), 'accepted', stats[k]!.ok, 'correct', stats[k]!.acc, 'ms/img', (stats[k]!.ms / N).toFixed(0)));
await engine.close();
