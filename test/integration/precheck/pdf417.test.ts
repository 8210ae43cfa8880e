// PDF417 on specimen licence backs: written and read with zxing-wasm (WASM from node_modules, nothing
// fetched), AAMVA fields checked against the specimen's truth, and compared with an MRZ reading.
import { describe, expect, it } from 'vitest';
import { specimenSpecFor } from '../../../main/capture/specimen/device';
import { generateLicenceBack } from '../../../main/capture/specimen/licence';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import { generateSpecimen } from '../../../main/capture/specimen/generate';
import { createBarcodeChecker, readPdf417 } from '../../../main/precheck/pdf417';
import type { MrzPrecheck } from '../../../shared/precheck';

describe('PDF417 (AAMVA) on driving licences', () => {
  it('decodes the licence back and returns the fields the front shows', async () => {
    const spec = specimenSpecFor('drivers_license', 'back', 42);
    const back = await generateLicenceBack(spec);
    const checker = createBarcodeChecker();
    const r = await checker.check(back.jpeg, { mrz: null });
    expect(r).toMatchObject({ found: true, format: 'PDF417', comparisons: [], message: null });
    expect(r!.fields).toMatchObject({
      lastName: spec.surname,
      firstName: spec.givenNames.split(' ')[0],
      dateOfBirth: spec.dateOfBirth,
      dateOfExpiry: spec.dateOfExpiry,
      documentNumber: spec.documentNumber,
      sex: spec.sex,
    });
  });

  it('still decodes from a webcam-like frame of the card', async () => {
    const spec = specimenSpecFor('drivers_license', 'back', 43);
    const back = await generateLicenceBack({ ...spec, dpi: 300 });
    const frame = await renderWebcamFrame(back.jpeg, { seed: 43, rotationDeg: 1, blurSigma: 0.4, noise: 3 });
    const symbols = await readPdf417(frame.jpeg);
    expect(symbols[0]?.text).toBe(back.aamva);
  });

  it('names the fields where the barcode and the machine-readable lines disagree', async () => {
    const spec = specimenSpecFor('drivers_license', 'back', 44);
    const back = await generateLicenceBack(spec, { differ: { dateOfBirth: '1999-09-09' } });
    const mrz = { status: 'accepted', lastName: spec.surname, firstName: spec.givenNames, dateOfBirth: spec.dateOfBirth, documentNumber: spec.documentNumber, dateOfExpiry: spec.dateOfExpiry } as MrzPrecheck;
    const r = await createBarcodeChecker().check(back.jpeg, { mrz });
    expect(r!.comparisons.filter((c) => c.agree === false).map((c) => c.key)).toEqual(['dateOfBirth']);
    expect(r!.message).toMatch(/dateOfBirth/);
  });

  it('returns nothing for a side without a barcode', async () => {
    const front = await generateSpecimen(specimenSpecFor('drivers_license', 'front', 45));
    expect(await createBarcodeChecker().check(front.jpeg, { mrz: null })).toBeNull();
  });
});
