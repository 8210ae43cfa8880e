import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Outcome } from '../../../shared/domain';
import { englishText } from '../../../shared/kiosk-message';
import { CheckResultRequest, CheckResultResponse } from '../../../main/providers/zoloz/schemas';
import { mapRecognitionToOutcome } from '../../../main/providers/zoloz/outcome';
import { identityFromOcr, normalizeDate } from '../../../main/providers/zoloz/ocr';
import { docSelectorFor, supports, PASSPORT_MRZ, PASSPORT_MRZ_VIZ } from '../../../main/providers/zoloz/doc-types';

const root = resolve(import.meta.dirname, '../../..');
const fixture = (name: string) => readFileSync(resolve(root, 'test/fixtures/zoloz', name), 'utf8');
const now = new Date('2026-11-22T12:00:00Z');

describe("the seed's checkresult samples", () => {
  it('are copied verbatim from the Japanese seed', () => {
    const seed = fixture('checkresult.ja.samples.md');
    expect(seed).toContain(fixture('checkresult-response.seed.json').trimEnd());
    expect(seed).toContain(fixture('checkresult-request.seed.json').trimEnd());
  });

  it('request sample satisfies the request schema', () => {
    const req = CheckResultRequest.parse(JSON.parse(fixture('checkresult-request.seed.json')));
    expect(req.extraImageControlList).toEqual(['DOC_FRONT_ANGLE', 'DOC_FRONT_FLASH']);
  });

  it('response sample parses and maps to the normalized outcome', () => {
    const reply = CheckResultResponse.parse(JSON.parse(fixture('checkresult-response.seed.json')));
    expect(reply.result).toMatchObject({ resultStatus: 'S', resultCode: 'SUCCESS' });
    const ext = reply.extInfo!;
    expect(ext.certType).toBe('00600000001');
    expect(ext.docEdition).toBe(2);
    expect(ext.imageContent).toHaveLength(2);
    expect(ext.extraImages?.DOC_FRONT_ANGLE).toBe('/9j/4AA..[omitted]..PxA=');
    const outcome = Outcome.parse(mapRecognitionToOutcome(ext, { now }));
    expect(outcome.decision).toBe('accepted');
    expect(outcome.provider).toBe('zoloz');
    expect(outcome.reasons).toEqual([]);
    expect(outcome.identity).toMatchObject({ documentNumber: 'xxxx', sex: 'M', nationality: 'xxxxx', expiryDate: null, expired: null });
    const idNumber = outcome.fields.find((f) => f.name === 'ID_NUMBER');
    expect(idNumber).toEqual({ name: 'ID_NUMBER', mrz: 'xxxx', visual: 'xxxx', barcode: null, agree: true });
    expect(outcome.fields.find((f) => f.name === 'SEX')).toEqual({ name: 'SEX', mrz: 'M', visual: null, barcode: null, agree: null });
    expect(outcome.portrait).toBeNull();
  });

  it('tolerates added fields and new categories but not a broken result block', () => {
    const sample = JSON.parse(fixture('checkresult-response.seed.json'));
    sample.extInfo.newField = { a: 1 };
    sample.extInfo.certType = '09990000001';
    sample.brandNew = true;
    expect(CheckResultResponse.safeParse(sample).success).toBe(true);
    delete sample.result.resultStatus;
    expect(CheckResultResponse.safeParse(sample).success).toBe(false);
  });
});

describe('mapping', () => {
  const good = {
    recognitionResult: 'Y' as const,
    ocrResult: { NUMBER: 'L898902C3', STANDARDIZED_DATE_OF_EXPIRY: '2034/04/15', DATE_OF_EXPIRY: '15.04.2034', GENDER: 'FEMALE', DATE_OF_BIRTH: '740812', FIRST_NAME: 'ANNA MARIA', LAST_NAME: 'ERIKSSON' },
    spoofResult: { TAMPER_CHECK: 'Y', MATERIAL_CHECK: 'Y', SCREEN_RECAPTURE_CHECK: 'Y' },
  };

  it('reads OCR through the alias table', () => {
    const id = identityFromOcr({ ID_NUMBER: 'A1', EXPIRY_DATE: '2030/01/31', SEX: 'F', DATE_OF_BIRTH: '1990-02-03' }, now);
    expect(id).toMatchObject({ documentNumber: 'A1', expiryDate: '2030-01-31', sex: 'F', dateOfBirth: '1990-02-03', age: 36, expired: false });
    const renamed = identityFromOcr({ NUMBER: 'A1', DATE_OF_EXPIRY: '31/01/2030', GENDER: 'M', ID_NUMBER: '' }, now);
    expect(renamed).toMatchObject({ documentNumber: 'A1', expiryDate: '2030-01-31', sex: 'M' });
    // STANDARDIZED_* wins over the raw spelling
    expect(identityFromOcr({ STANDARDIZED_DATE_OF_BIRTH: '1974/08/12', DATE_OF_BIRTH: 'garbage' }, now).dateOfBirth).toBe('1974-08-12');
    expect(normalizeDate('740812', 'birth', now)).toBe('1974-08-12');
    expect(normalizeDate('340415', 'expiry', now)).toBe('2034-04-15');
    expect(normalizeDate('2030/02/30', 'expiry', now)).toBeNull();
  });

  it('accepts a clean passport and fills identity', () => {
    const o = mapRecognitionToOutcome(good, { now });
    expect(o.decision).toBe('accepted');
    expect(o.identity).toMatchObject({ firstName: 'ANNA MARIA', lastName: 'ERIKSSON', fullName: 'ANNA MARIA ERIKSSON', sex: 'F', dateOfBirth: '1974-08-12', expiryDate: '2034-04-15', expired: false });
  });

  it('turns recognition error codes into teller reasons, each a catalogue key', () => {
    const blur = mapRecognitionToOutcome({ recognitionResult: 'N', recognitionErrorCode: 'BLUR' }, { now });
    expect(blur.decision).toBe('failed');
    expect(blur.reasons[0]).toEqual({ code: 'BLUR', field: null, message: 'The photo is blurred: scan again.', sentence: { key: 'reason_zoloz_blur', params: {} } });
    expect(mapRecognitionToOutcome({ recognitionResult: 'N', recognitionErrorCode: 'NOT_REAL_DOC' }, { now }).decision).toBe('declined');
    expect(mapRecognitionToOutcome({ recognitionResult: 'N', recognitionErrorCode: 'NO_REQUIRED_ID' }, { now }).reasons[0]!.message).toMatch(/document type/);
    const keys = Object.fromEntries(
      ['BLUR', 'NO_REQUIRED_ID', 'NO_FACE_DETECTED', 'NOT_REAL_DOC', 'UNKNOWN'].map((code) => {
        const r = mapRecognitionToOutcome({ recognitionResult: 'N', recognitionErrorCode: code }, { now }).reasons[0]!;
        expect(r.message).toBe(englishText(r.sentence!));
        return [code, r.sentence?.key];
      }),
    );
    expect(keys).toEqual({
      BLUR: 'reason_zoloz_blur',
      NO_REQUIRED_ID: 'reason_zoloz_no_required_id',
      NO_FACE_DETECTED: 'reason_zoloz_no_face',
      NOT_REAL_DOC: 'reason_zoloz_not_real_doc',
      UNKNOWN: 'reason_zoloz_unknown',
    });
    // An unknown code: the code is the parameter; ZOLOZ's own description stays out of the sentence.
    const novel = mapRecognitionToOutcome({ recognitionResult: 'N', recognitionErrorCode: 'SOMETHING_NEW', recognitionErrorDescription: 'odd' }, { now });
    expect(novel.decision).toBe('failed');
    expect(novel.reasons[0]!.sentence).toEqual({ key: 'reason_zoloz_unlisted', params: { code: 'SOMETHING_NEW' } });
    expect(novel.reasons[0]!.message).toBe('ZOLOZ could not verify the document (code SOMETHING_NEW): scan again, or check it by hand.');
    expect(() => Outcome.parse(novel)).not.toThrow();
  });

  it('declines failed spoof checks, expired documents and a selfie mismatch', () => {
    const spoof = mapRecognitionToOutcome({ ...good, spoofResult: { ...good.spoofResult, SCREEN_RECAPTURE_CHECK: 'N' } }, { now });
    expect(spoof.decision).toBe('declined');
    expect(spoof.reasons.map((r) => r.code)).toEqual(['SCREEN_RECAPTURE_CHECK']);
    expect(spoof.reasons[0]!.sentence).toEqual({ key: 'reason_spoof_screen', params: {} });
    const checks = ['TAMPER_CHECK', 'MATERIAL_CHECK', 'SECURITY_FEATURE_CHECK', 'INFORMATION_CHECK', 'NEW_LIGHT_CHECK'];
    const spoofed = mapRecognitionToOutcome({ ...good, spoofResult: Object.fromEntries(checks.map((c) => [c, 'N'])) }, { now });
    expect(spoofed.reasons.map((r) => r.sentence)).toEqual([
      { key: 'reason_spoof_tamper', params: {} },
      { key: 'reason_spoof_material', params: {} },
      { key: 'reason_spoof_security', params: {} },
      { key: 'reason_spoof_information', params: {} },
      { key: 'reason_spoof_unlisted', params: { check: 'new light check' } },
    ]);
    expect(spoofed.reasons.map((r) => r.message)).toEqual(spoofed.reasons.map((r) => englishText(r.sentence!)));
    const expired = mapRecognitionToOutcome({ ...good, ocrResult: { ...good.ocrResult, STANDARDIZED_DATE_OF_EXPIRY: '2020/01/01' } }, { now });
    expect(expired.decision).toBe('declined');
    expect(expired.identity.expired).toBe(true);
    const face = mapRecognitionToOutcome(good, { now, selfie: { samePerson: false, score: 0.31 } });
    expect(face.decision).toBe('declined');
    expect(face.selfieSimilarity).toBe(31);
    expect(mapRecognitionToOutcome(good, { now, selfie: { samePerson: true, score: 92.5 } }).selfieSimilarity).toBe(92.5);
    // declined outranks failed
    expect(mapRecognitionToOutcome({ recognitionResult: 'N', recognitionErrorCode: 'BLUR', spoofResult: { TAMPER_CHECK: 'N' } }, { now }).decision).toBe('declined');
  });

  it('flags zones that disagree and exposes the cropped portrait', () => {
    const o = mapRecognitionToOutcome(
      {
        ...good,
        ocrResultDetail: { MRZ_ID_NUMBER: { name: 'ID_NUMBER', source: 'MRZ', value: 'L898902C3' }, VISUAL_ID_NUMBER: { name: 'ID_NUMBER', source: 'VISUAL', value: 'L898902C8' } },
        extraImages: { CROPPED_FACE_FROM_DOC: '/9j/AAAA' },
      },
      { now },
    );
    expect(o.fields[0]!.agree).toBe(false);
    expect(o.reasons.find((r) => r.code === 'ZONE_MISMATCH' && r.field === 'ID_NUMBER')).toEqual({
      code: 'ZONE_MISMATCH',
      field: 'ID_NUMBER',
      message: 'The field id number differs between the zones of the document: compare them by hand.',
      sentence: { key: 'reason_zone_mismatch', params: { field: 'id number' } },
    });
    expect(o.portrait).toBe('data:image/jpeg;base64,/9j/AAAA');
  });
});

describe('document types', () => {
  it('selects passport codes, country codes from the table, or auto-classification', () => {
    expect(docSelectorFor('passport')).toEqual({ docType: PASSPORT_MRZ });
    expect(docSelectorFor('passport', null, { passportCode: PASSPORT_MRZ_VIZ })).toEqual({ docType: PASSPORT_MRZ_VIZ });
    expect(docSelectorFor('id_card', 'mys')).toEqual({ docType: '00600000001' });
    expect(docSelectorFor('id_card')).toEqual({ autoDocCategory: ['ID_CARD'] });
    expect(docSelectorFor('drivers_license')).toEqual({ autoDocCategory: ['DRIVING_LICENSE'] });
    // A country outside the table: the category narrowed to the country (ZOLOZ auto-classification).
    expect(docSelectorFor('id_card', 'SWE')).toEqual({ autoDocCategory: ['ID_CARD'], autoDocCountryCode: ['SWE'] });
    expect(docSelectorFor('other', 'SWE')).toBeNull();
    expect(docSelectorFor('id_card', 'SWE', { table: [{ code: '00460000001', documentType: 'id_card', country: 'SWE', label: 'x' }] })).toEqual({ docType: '00460000001' });
    expect(supports('passport', 'SWE')).toBe(true);
    expect(supports('id_card', 'SWE')).toBe(false);
    expect(supports('other')).toBe(false);
  });
});
