// One MRZ reader, or one OCR engine, per test file: made before the file's tests (a warm tesseract
// worker takes seconds, so not per case) and closed after them.
import { afterAll, beforeAll } from 'vitest';
import { createMrzReader, type MrzReader } from '../../../main/precheck/mrz-ocr';
import { createOcrEngine, type OcrEngine } from '../../../main/precheck/mrz-worker';

/** The file's MRZ reader, with the default options. */
export function mrzReaderForFile(): Pick<MrzReader, 'read'> {
  let reader: MrzReader | undefined;
  beforeAll(async () => {
    reader = await createMrzReader();
  }, 60_000);
  afterAll(async () => {
    await reader?.close();
  });
  return { read: (image) => reader!.read(image) };
}

/** The file's OCR engine with the MRZ profile, as a getter (it exists once the file's tests start). */
export function mrzEngineForFile(): () => OcrEngine {
  let engine: OcrEngine | undefined;
  beforeAll(async () => {
    engine = await createOcrEngine({ profile: 'mrz' });
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
  });
  return () => engine!;
}
