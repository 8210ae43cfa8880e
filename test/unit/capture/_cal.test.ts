import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import { measureQuality } from '../../../main/capture/quality';
it('cal', async () => {
  for (const seed of [1, 2]) for (const format of ['TD1', 'TD3'] as const) {
    const doc = await generateSpecimen({ ...randomSpecimenSpec(seed, { format }), dpi: 220 });
    const scan = await generateSpecimen(randomSpecimenSpec(seed, { format }));
    const m = (x: any) => `sharp ${x.sharpness.toFixed(1)} glare ${(x.glare*100).toFixed(2)}% bright ${x.brightness.toFixed(0)} contrast ${x.contrast.toFixed(0)}`;
    console.log(seed, format, 'scan', m(await measureQuality(scan.jpeg)));
    const variants: Record<string, any> = {
      clean: { rotationDeg: 0 }, mild: { rotationDeg: 2, blurSigma: 0.6, noise: 4 }, rot8persp: { rotationDeg: 8, perspective: 0.15 },
      blur1: { blurSigma: 1 }, blur2: { blurSigma: 2 }, blur4: { blurSigma: 4 }, glare: { glare: 0.9 }, glare5: { glare: 0.5 }, noise: { noise: 10 }, low: { light: 0.3, noise: 3 }, small: { scale: 0.25 },
    };
    for (const [name, v] of Object.entries(variants)) {
      const f = await renderWebcamFrame(doc.jpeg, { seed, ...v });
      if (seed === 1 && format === 'TD1') writeFileSync(`/tmp/cap/v-${name}.jpg`, f.jpeg);
      console.log(seed, format, name, m(await measureQuality(f.jpeg)));
    }
  }
}, 120000);
