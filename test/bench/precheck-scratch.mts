import { generateSpecimen, randomSpecimenSpec } from '../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../main/capture/specimen/webcam';
import { createMrzReader } from '../../main/precheck/mrz-ocr';
const N = Number(process.argv[2] ?? 10);
const reader = await createMrzReader();
let acc = 0, fa = 0;
for (let i = 0; i < N; i++) {
  const spec = randomSpecimenSpec(200 + i, { side: 'back' });
  const sp = await generateSpecimen(spec);
  const webcam = i % 2 === 1;
  const img = webcam ? (await renderWebcamFrame(sp.jpeg, { seed: i, rotationDeg: 2, blurSigma: 0.6, noise: 4 })).jpeg : sp.jpeg;
  const r = await reader.read(img);
  const ok = r.status === 'accepted' && r.lines.join() === sp.mrz.join();
  if (r.status === 'accepted') acc++;
  if (r.status === 'accepted' && !ok) fa++;
  console.log(i, webcam ? 'cam ' : 'scan', spec.format, r.status, r.ms + 'ms', r.repaired ? JSON.stringify(r.repaired) : '', r.status !== 'accepted' || !ok ? '\n  ' + sp.mrz.join('\n  ') + '\n  ' + r.rawLines.join('\n  ') + '\n  ' + r.problems.join('; ') : '');
}
console.log({ acc, fa, N });
await reader.close();
