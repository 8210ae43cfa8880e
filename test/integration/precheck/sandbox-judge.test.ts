// Training mode judged from the pixels: the ZignSec emulator with the MRZ judge, driven over real HTTP
// by the production adapter; and the ZOLOZ emulator's analyzer fed the same specimens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskConfigSchema, type ZignSecConfig } from '../../../main/config';
import { createZignSecAdapter } from '../../../main/providers/zignsec/adapter';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { createMrzReader, type MrzReader } from '../../../main/precheck/mrz-ocr';
import { createMrzAnalyzer, createMrzJudge } from '../../../main/sandbox/judge-mrz';
import { startZignSecSandbox, type ZignSecSandbox } from '../../../main/sandbox/zignsec/server';
import { blankImage, drive, makeJob } from '../zignsec/helpers';

const API_KEY = 'sandbox-key-precheck-0123';
let reader: MrzReader;
let sandbox: ZignSecSandbox;

const zignsecConfig = (baseUrl: string): ZignSecConfig =>
  KioskConfigSchema.parse({ dataDir: '/tmp/unused', providers: { zignsec: { apiKey: API_KEY, baseUrl } } }).providers.zignsec;

beforeAll(async () => {
  reader = await createMrzReader();
  sandbox = await startZignSecSandbox({ apiKey: API_KEY, analysisDelayMs: 50, judge: createMrzJudge(reader) });
});
afterAll(async () => {
  await sandbox?.close();
  await reader?.close();
});

interface Raw {
  total_result: string;
  analysis_details: Array<{ document_analysis_failed_fields: string; document_analysis_details: { found_text_fields: Array<{ field_name: string; mrz: string | null }> } }>;
}

async function submitPassport(v: string, jpeg: Buffer) {
  const adapter = createZignSecAdapter(zignsecConfig(sandbox.url), { pollMinMs: 20, pollMaxMs: 60 });
  const { final } = await drive(adapter, makeJob(v, 'passport', [{ id: `${v}-front`, side: 'front', image: jpeg }]), { maxWaitMs: 60 });
  return { outcome: final.outcome, raw: final.raw as Raw };
}

describe('ZignSec sandbox with the MRZ judge, end to end', () => {
  it('a valid passport is ACCEPTED with the names, dates and number read from its MRZ', async () => {
    const sp = await generateSpecimen(randomSpecimenSpec(501, { format: 'TD3' }));
    const { outcome, raw } = await submitPassport('ver-mrz-valid', sp.jpeg);
    expect(raw.total_result).toBe('ACCEPTED');
    expect(outcome.decision).toBe('accepted');
    expect(outcome.identity).toMatchObject({
      firstName: sp.truth.givenNames,
      lastName: sp.truth.surname,
      dateOfBirth: sp.truth.dateOfBirth,
      documentNumber: sp.truth.documentNumber,
      expiryDate: sp.truth.dateOfExpiry,
      expired: false,
    });
    const found = Object.fromEntries(raw.analysis_details[0]!.document_analysis_details.found_text_fields.map((f) => [f.field_name, f.mrz]));
    expect(found.Surname).toBe(sp.truth.surname);
    expect(found.Given_Names).toBe(sp.truth.givenNames);
    expect(found.Document_Number).toBe(sp.truth.documentNumber);
    expect(found.MRZ_Strings_With_Correct_CheckSums).toBe(sp.mrz.join(' '));
  });

  it('an expired passport comes back DECLINED with Date_of_Expiry named', async () => {
    const sp = await generateSpecimen(randomSpecimenSpec(502, { format: 'TD3', expired: true }));
    const { outcome, raw } = await submitPassport('ver-mrz-expired', sp.jpeg);
    expect(raw.total_result).toBe('DECLINED');
    expect(raw.analysis_details[0]!.document_analysis_failed_fields.split(', ')).toContain('Date_of_Expiry');
    expect(outcome.decision).toBe('declined');
    expect(outcome.reasons.map((r) => r.field)).toContain('Date_of_Expiry');
    expect(outcome.identity.lastName).toBe(sp.truth.surname);
    expect(outcome.identity.expired).toBe(true);
  });

  it('a passport with a misprinted document-number check digit is DECLINED naming the check digit', async () => {
    const sp = await generateSpecimen(randomSpecimenSpec(503, { format: 'TD3', brokenCheckDigit: 'documentNumber' }));
    const { outcome, raw } = await submitPassport('ver-mrz-broken', sp.jpeg);
    expect(raw.total_result).toBe('DECLINED');
    const failed = raw.analysis_details[0]!.document_analysis_failed_fields.split(', ');
    expect(failed).toContain('Document_Number_CheckDigit');
    expect(failed).toContain('Document_Number');
    // The composite was printed to match the (wrong) digit, so it passes and is not named.
    expect(failed).not.toContain('FinalCheckDigit');
    expect(outcome.decision).toBe('declined');
  });

  it('an image without a document or MRZ comes back FAILED', async () => {
    const { outcome, raw } = await submitPassport('ver-mrz-blank', await blankImage());
    expect(raw.total_result).toBe('FAILED');
    expect(outcome.decision).toBe('failed');
    const noMrz = await generateSpecimen(randomSpecimenSpec(504, { format: 'TD1', side: 'front' })); // TD1 front: no MRZ
    const second = await submitPassport('ver-mrz-none', noMrz.jpeg);
    expect(second.raw.total_result).toBe('FAILED');
  });

  it('an ID card is judged from the MRZ on its back', async () => {
    const spec = randomSpecimenSpec(505, { format: 'TD1' });
    const front = await generateSpecimen({ ...spec, side: 'front' });
    const back = await generateSpecimen({ ...spec, side: 'back' });
    const adapter = createZignSecAdapter(zignsecConfig(sandbox.url), { pollMinMs: 20, pollMaxMs: 60 });
    const v = 'ver-mrz-idcard';
    const job = makeJob(v, 'id_card', [
      { id: `${v}-f`, side: 'front', image: front.jpeg },
      { id: `${v}-b`, side: 'back', image: back.jpeg },
    ]);
    const { final } = await drive(adapter, job, { maxWaitMs: 60 });
    expect(final.outcome.decision).toBe('accepted');
    expect(final.outcome.identity.lastName).toBe(spec.surname);
    expect(final.outcome.identity.documentNumber).toBe(spec.documentNumber);
  });
});

describe('ZOLOZ analyzer with the MRZ reader', () => {
  const analyzer = () => createMrzAnalyzer(reader);
  const passport = { docType: '00000001003', autoDocCategory: null, back: null };

  it('a valid passport is recognised with the MRZ fields', async () => {
    const sp = await generateSpecimen(randomSpecimenSpec(511, { format: 'TD3' }));
    const v = await analyzer()({ ...passport, front: sp.jpeg });
    expect(v.recognitionResult).toBe('Y');
    expect(v.ocrResult).toMatchObject({ LAST_NAME: sp.truth.surname, FIRST_NAME: sp.truth.givenNames, ID_NUMBER: sp.truth.documentNumber, COUNTRY_CODE: sp.truth.nationality });
  });

  it('a misprinted check digit is NOT_REAL_DOC naming the check digit', async () => {
    const sp = await generateSpecimen(randomSpecimenSpec(512, { format: 'TD3', brokenCheckDigit: 'birthDate' }));
    const v = await analyzer()({ ...passport, front: sp.jpeg });
    expect(v.recognitionResult).toBe('N');
    expect(v.recognitionErrorCode).toBe('NOT_REAL_DOC');
    expect(v.recognitionErrorDescription).toMatch(/birthDateCheckDigit/);
  });

  it('no MRZ on an ID card (front only) is NO_REQUIRED_ID, not an invented person', async () => {
    const sp = await generateSpecimen(randomSpecimenSpec(513, { format: 'TD1', side: 'front' }));
    const v = await analyzer()({ docType: '08520000001', autoDocCategory: null, back: null, front: sp.jpeg });
    expect(v.recognitionResult).toBe('N');
    expect(v.recognitionErrorCode).toBe('NO_REQUIRED_ID');
    expect(v.ocrResult).toEqual({});
  });
});
