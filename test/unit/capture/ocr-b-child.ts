// Child process of ocr-b.test.ts. Started with FONTCONFIG_FILE pointing at a configuration with no font
// directory (a machine with no fonts installed) and, optionally, OCR_B_TEST_RESOURCES as the packaged
// app's resources folder (process.resourcesPath). Prints one JSON line: what the specimen scanner and the
// generator did, and what the template reader read of the page.
import { SpecimenSource } from '../../../main/capture/specimen/device';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { isKioskError } from '../../../main/errors';
import { readCells } from '../../../main/precheck/mrz-cells';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';

if (process.env.OCR_B_TEST_RESOURCES) Object.assign(process, { resourcesPath: process.env.OCR_B_TEST_RESOURCES });

const describeError = (e: unknown) => ({ name: (e as Error).name, message: (e as Error).message, ...(isKioskError(e) ? { code: e.code, cause: (e.cause as Error)?.name } : {}) });
try {
  const sp = await generateSpecimen(randomSpecimenSpec(305, { format: 'TD3' }));
  const band = await locateMrzBand(sp.jpeg);
  console.log(JSON.stringify({ ok: true, printed: sp.mrz, read: band ? (readCells(band)?.lines ?? null) : null }));
} catch (generatorError) {
  const [scanner] = await new SpecimenSource({ seed: 1 }).list();
  const capture = await scanner!.capture({ documentType: 'passport', side: 'front' }).then(
    () => ({ ok: true }),
    (e: unknown) => describeError(e),
  );
  console.log(JSON.stringify({ ok: false, generator: describeError(generatorError), capture }));
}
