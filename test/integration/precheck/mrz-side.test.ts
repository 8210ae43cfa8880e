// The precheck reports an MRZ only where the document and side carry one. On a side that may or may not
// (a driving licence, an ID card front), a reading whose check digits fail is the reader finding lines in
// printed text: "no MRZ", never made-up characters for the teller. Real MRZ reader, real encrypted store.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specimenSpecFor } from '../../../main/capture/specimen/device';
import { generateSpecimen } from '../../../main/capture/specimen/generate';
import { createMrzReader, type MrzReader } from '../../../main/precheck/mrz-ocr';
import { createPrecheckService, type PrecheckService } from '../../../main/precheck/service';
import { Store } from '../../../main/store/store';
import type { DocumentType } from '../../../shared/domain';

let dir: string;
let store: Store;
let reader: MrzReader;
let service: PrecheckService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-mrz-side-'));
  store = Store.open({ dataDir: dir, key: randomBytes(32) });
  reader = await createMrzReader();
  service = createPrecheckService({ db: store.db, audit: store.audit, reader, policy: () => ({ onExpired: 'block', onUnreadable: 'allow_with_reason' }) });
}, 120_000);
afterAll(async () => {
  await reader?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

/** A capture of `jpeg` stored as `side` of a new verification, then prechecked as the teller's capture is. */
async function check(documentType: DocumentType, side: 'front' | 'back', jpeg: Buffer) {
  const v = store.createVerification({ documentType, provider: 'zignsec', locale: 'en' });
  const c = store.putCapture({ verificationId: v.id, side, deviceId: 'specimen:scanner', jpeg, preview: null, width: 1, height: 1, quality: null });
  return service.checkCapture({ documentType, side, captureId: c.id, jpeg, verificationId: v.id });
}

/** A licence-sized card whose lower band holds MRZ-like lines that do not hold together (a check digit fails). */
async function linesThatFailCheckDigits(seed: number): Promise<Buffer> {
  const spec = { ...specimenSpecFor('id_card', 'back', seed, { brokenCheckDigit: 'documentNumber' }), title: 'DRIVING LICENCE', documentCode: 'DL' };
  return (await generateSpecimen(spec)).jpeg;
}

describe('precheck: an MRZ only where the document and side carry one', () => {
  it('a driving licence front whose lines fail their check digits reports no MRZ (the reader does read them as an invalid MRZ)', async () => {
    const jpeg = await linesThatFailCheckDigits(9101);
    // The same image as an ID card back (where the MRZ belongs) is read as a broken MRZ: the lines are there.
    const asIdBack = await check('id_card', 'back', jpeg);
    expect(asIdBack?.mrz?.status).toBe('invalid');
    const asLicenceFront = await check('drivers_license', 'front', jpeg);
    expect(asLicenceFront?.mrz).toBeUndefined();
    // An ID card front may carry a TD2 MRZ; a failing reading there is not shown either.
    const asIdFront = await check('id_card', 'front', jpeg);
    expect(asIdFront?.mrz).toBeUndefined();
  }, 120_000);

  it('a generated licence front has no MRZ; a licence side whose MRZ holds is still reported', async () => {
    const front = await generateSpecimen(specimenSpecFor('drivers_license', 'front', 9102));
    expect((await check('drivers_license', 'front', front.jpeg))?.mrz).toBeUndefined();
    const withMrz = await generateSpecimen({ ...specimenSpecFor('id_card', 'back', 9103), title: 'DRIVING LICENCE' });
    expect((await check('drivers_license', 'back', withMrz.jpeg))?.mrz?.status).toBe('accepted');
  }, 120_000);
});
