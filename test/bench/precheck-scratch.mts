import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM, PSM } from 'tesseract.js';
import { generateSpecimen, randomSpecimenSpec } from '../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../main/capture/specimen/webcam';
import { locateMrzBand } from '../../main/precheck/mrz-locate';
const require = createRequire(import.meta.url);
const engDir = path.dirname(require.resolve('@tesseract.js-data/eng/package.json'));
const worker = await createWorker('eng', OEM.TESSERACT_ONLY, { langPath: path.join(engDir, '4.0.0'), gzip: true, cacheMethod: 'none', legacyCore: true, legacyLang: true }, { load_system_dawg: '0', load_freq_dawg: '0' });
await worker.setParameters({ tessedit_char_whitelist: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<', tessedit_pageseg_mode: PSM.SINGLE_BLOCK, user_defined_dpi: '300' });
for (let i = 0; i < 8; i++) {
  const spec = randomSpecimenSpec(100 + i, { side: 'back' });
  const sp = await generateSpecimen(spec);
  const webcam = i % 2 === 1;
  const img = webcam ? (await renderWebcamFrame(sp.jpeg, { seed: i, rotationDeg: 2, blurSigma: 0.6, noise: 4 })).jpeg : sp.jpeg;
  const t0 = performance.now();
  const band = await locateMrzBand(img);
  const t1 = performance.now();
  if (!band) { console.log(i, 'NO BAND'); writeFileSync(`/tmp/mrzx/img${i}.jpg`, img); continue; }
  writeFileSync(`/tmp/mrzx/band${i}.png`, band.png);
  const { data } = await worker.recognize(band.png);
  const t2 = performance.now();
  console.log(i, webcam ? 'cam' : 'scan', spec.format, band.lineCount, band.angle.toFixed(1), `${(t1-t0).toFixed(0)}+${(t2-t1).toFixed(0)}ms`);
  console.log(sp.mrz.join('\n'));
  console.log(data.text.trim());
}
await worker.terminate();
