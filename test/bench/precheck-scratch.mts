import { generateSpecimen, randomSpecimenSpec, seededRandom } from '../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../main/capture/specimen/webcam';
import { locateMrzBand, renderBand } from '../../main/precheck/mrz-locate';
import { assembleMrz, readMrzWith, typedView, composeTyped } from '../../main/precheck/mrz-ocr';
import { createOcrEngine, MRZ_DIGITS, MRZ_LETTERS } from '../../main/precheck/mrz-worker';
const engine = await createOcrEngine();
const from = Number(process.argv[2] ?? 0), to = Number(process.argv[3] ?? 20);
for (let i = from; i < to; i++) {
  const format = (['TD1', 'TD2', 'TD3'] as const)[i % 3]!;
  const sp = await generateSpecimen(randomSpecimenSpec(10_000 + i, { format, side: format === 'TD1' ? 'back' : 'front', expired: i % 7 === 0 }));
  let img = sp.jpeg;
  if (i % 2) { const r = seededRandom(20_000 + i); img = (await renderWebcamFrame(sp.jpeg, { seed: i, rotationDeg: (r() - 0.5) * 8, blurSigma: 0.3 + r() * 0.8, noise: 2 + r() * 4, light: 0.65 + r() * 0.35, scale: 0.5 + r() * 0.15, quality: 80 })).jpeg; }
  const res = await readMrzWith(engine, img);
  if (res.status === 'accepted') continue;
  console.log(`#${i} ${i % 2 ? 'cam' : 'scan'} ${format} ${res.status}: ${res.problems.join('; ')}`);
  console.log('  truth  ' + sp.mrz.join('|'));
  const band = await locateMrzBand(img);
  if (!band) { console.log('  no band'); continue; }
  for (const p of [{ lineHeight: 30 }, { lineHeight: 46, threshold: 110 }]) {
    const a = assembleMrz(await engine.recognize(await renderBand(band, p)), band.lineCount);
    console.log('  ' + JSON.stringify(p).padEnd(36) + (a ? typedView(a.format, a.lines).join('|') : 'null'));
  }
  const ti = await renderBand(band, { lineHeight: 36 });
  const d = assembleMrz(await engine.recognize(ti, { whitelist: MRZ_DIGITS }), band.lineCount, res.format ?? undefined);
  const l = assembleMrz(await engine.recognize(ti, { whitelist: MRZ_LETTERS }), band.lineCount, res.format ?? undefined);
  console.log('  digits ' + d?.lines.join('|')); console.log('  letter ' + l?.lines.join('|'));
  if (d && l) console.log('  typed  ' + composeTyped(d.format, d.lines, l.lines).join('|'));
  console.log('  voted  ' + res.rawLines.join('|'));
}
await engine.close();
