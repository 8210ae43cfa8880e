import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Outcome } from '../../../shared/domain';
import { englishText } from '../../../shared/kiosk-message';
import { ProviderError } from '../../../main/providers/provider';
import { compareField, isoDate, outcomeFromAnalysisSummary, outcomeFromScanningSession, tellerDate } from '../../../main/providers/zignsec/outcome';
import { AnalysisSummary, ScanningSession } from '../../../main/providers/zignsec/schemas';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/zignsec', `${name}.json`), 'utf8'));
const now = new Date('2026-11-22T12:00:00Z');

describe('outcome of the spec DECLINED scanning session', () => {
  const outcome = outcomeFromScanningSession(ScanningSession.parse(fixture('scanning-session-declined')), { now });

  it('is a valid Outcome with decision declined', () => {
    expect(Outcome.parse(outcome)).toEqual(outcome);
    expect(outcome.decision).toBe('declined');
    expect(outcome.provider).toBe('zignsec');
  });

  it('names the failed fields', () => {
    const failed = outcome.reasons.filter((r) => r.field).map((r) => r.field);
    expect(new Set(failed)).toEqual(new Set(['Document_Number', 'RemainderTerm', 'Date_of_Expiry', 'Document_Number_CheckDigit', 'FinalCheckDigit']));
  });

  it('says it in teller words', () => {
    const messages = outcome.reasons.map((r) => r.message);
    expect(messages).toContain('Date of expiry: the document expired on 3 Aug 2019');
    expect(messages).toContain('Document number check digit does not match. Check the document number by hand.');
    expect(messages.some((m) => /Selfie: .*3\.15%/.test(m))).toBe(true);
    expect(outcome.reasons.find((r) => r.field === 'Date_of_Expiry')?.code).toBe('document_expired');
  });

  it('gives each failed field its catalogue key, the English being that key’s sentence', () => {
    const byField = Object.fromEntries(outcome.reasons.filter((r) => r.field).map((r) => [r.field, r.sentence]));
    expect(byField).toEqual({
      Document_Number: { key: 'reason_field_document_number', params: {} },
      RemainderTerm: { key: 'reason_field_no_validity', params: {} },
      Date_of_Expiry: { key: 'reason_field_expired', params: { date: '2019-08-03' } },
      Document_Number_CheckDigit: { key: 'reason_field_document_number_check', params: {} },
      FinalCheckDigit: { key: 'reason_field_final_check', params: {} },
    });
    for (const r of outcome.reasons.filter((x) => x.sentence)) expect(r.message).toBe(englishText(r.sentence!));
  });

  it('reports the expired document, identity and selfie similarity', () => {
    expect(outcome.identity).toEqual({
      firstName: 'IVAN',
      lastName: 'GRYTSENKO',
      fullName: 'IVAN GRYTSENKO',
      dateOfBirth: '1983-07-25',
      age: 36,
      sex: 'M',
      nationality: 'UKR',
      issuingState: 'Ukraine',
      documentNumber: 'EK000001',
      personalNumber: '3052125257',
      expiryDate: '2019-08-03',
      expired: true,
    });
    expect(outcome.selfieSimilarity).toBe(3.15);
    expect(outcome.portrait).toBeNull();
    expect(outcome.decidedAt).toBe('2020-02-07T15:28:32.741Z');
  });

  it('builds the zone comparison table', () => {
    const byName = new Map(outcome.fields.map((f) => [f.name, f]));
    expect(outcome.fields).toHaveLength(31);
    expect(byName.get('Document_Number')).toEqual({ name: 'Document_Number', mrz: 'EK000001', visual: 'EK000001', barcode: null, agree: true });
    expect(byName.get('Given_Names_local')?.agree).toBeNull(); // one zone only
    expect(byName.get('Place_of_Birth_local')?.visual).toBe('М.МИКОЛАЇВ');
  });
});

describe('outcome of the spec Analysis Summary (finished status)', () => {
  it('is declined, with the failed fields, the expiry and 0% selfie', () => {
    const o = outcomeFromAnalysisSummary(AnalysisSummary.parse(fixture('analysis-summary-declined')), { now });
    expect(o.decision).toBe('declined');
    expect(new Set(o.reasons.filter((r) => r.field).map((r) => r.field))).toEqual(
      new Set(['FinalCheckDigit', 'Document_Number_CheckDigit', 'Date_of_Expiry', 'RemainderTerm', 'Document_Number']),
    );
    expect(o.identity.expired).toBe(true);
    expect(o.identity.firstName).toBe('ІВАН'); // no English names in this example: local ones
    expect(o.selfieSimilarity).toBe(0);
  });
});

describe('other decisions', () => {
  const base = fixture('scanning-session-declined');
  it('accepted: no reasons', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of a fixture
    const accepted = structuredClone(base) as any;
    accepted.total_result = 'ACCEPTED';
    accepted.analysis_details[0].document_analysis_failed_fields = '';
    accepted.analysis_summary.id_document_summary.result = 'ACCEPTED';
    accepted.analysis_summary.id_document_summary.expiration_date = '2031-01-01T00:00:00';
    accepted.analysis_summary.selfie_summary = { result: 'ACCEPTED', min_confidence: 0.91, max_confidence: 0.93 };
    const o = outcomeFromScanningSession(ScanningSession.parse(accepted), { now });
    expect(o.decision).toBe('accepted');
    expect(o.reasons).toEqual([]);
    expect(o.identity.expired).toBe(false);
    expect(o.selfieSimilarity).toBe(93);
  });
  it('failed: a reason with a next step', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of a fixture
    const failed = structuredClone(base) as any;
    failed.total_result = 'FAILED';
    failed.analysis_details = [];
    failed.analysis_summary.id_document_summary = { result: 'FAILED', error: 'Document not found', result_reason: null };
    failed.analysis_summary.selfie_summary = { result: 'NOT_REQUESTED' };
    const o = outcomeFromScanningSession(ScanningSession.parse(failed), { now });
    expect(o.decision).toBe('failed');
    expect(o.reasons.map((r) => r.message)).toContain('Document: Document not found. Scan the document again.');
    // On screen the kiosk's own sentence, translated; ZignSec's cause stays in the English message only.
    expect(o.reasons.find((r) => r.code === 'document_not_read')?.sentence).toEqual({ key: 'reason_document_not_read', params: { provider: 'ZignSec' } });
    expect(o.selfieSimilarity).toBeNull();
  });
  it('a selfie that could not be compared, and a decision without a reason, carry their sentences', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of a fixture
    const selfie = structuredClone(base) as any;
    selfie.total_result = 'FAILED';
    selfie.analysis_details = [];
    selfie.analysis_summary.selfie_summary = { result: 'FAILED', error: 'No face', reason: null };
    const s = outcomeFromScanningSession(ScanningSession.parse(selfie), { now });
    expect(s.reasons.find((r) => r.code === 'selfie_not_read')).toMatchObject({
      message: 'Selfie: No face. Take the selfie again.',
      sentence: { key: 'reason_selfie_not_read', params: { provider: 'ZignSec' } },
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of a fixture
    const bare = structuredClone(base) as any;
    bare.total_result = 'DECLINED';
    bare.analysis_details = [];
    bare.analysis_summary.id_document_summary = { result: 'ACCEPTED', error: null, result_reason: null };
    bare.analysis_summary.selfie_summary = { result: 'NOT_REQUESTED' };
    const d = outcomeFromScanningSession(ScanningSession.parse(bare), { now });
    expect(d.reasons).toEqual([
      expect.objectContaining({ code: 'unspecified', sentence: { key: 'reason_no_stated_reason', params: { provider: 'ZignSec' } } }),
    ]);
  });
  it('an unknown or unfinished total result is schema drift, raw kept', () => {
    const odd = { ...base, total_result: 'ANALYSING' };
    try {
      outcomeFromScanningSession(ScanningSession.parse(odd), { now });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProviderError);
      expect((e as ProviderError).kind).toBe('schema');
      expect((e as ProviderError).details.rawBody).toContain('aa20ac2a');
    }
  });
});

describe('helpers', () => {
  it('reads the date styles on the wire', () => {
    expect(isoDate('8/3/2019')).toBe('2019-08-03');
    expect(isoDate('2019-08-03T00:00:00')).toBe('2019-08-03');
    expect(isoDate('3 Aug')).toBeNull();
    expect(tellerDate('2019-08-03')).toBe('3 Aug 2019');
  });
  it('zones disagree when values differ or the cross score failed', () => {
    expect(compareField({ field_name: 'X', mrz: 'A', visual: 'B', barcode: null }).agree).toBe(false);
    expect(compareField({ field_name: 'X', mrz: 'A', visual: 'a ', barcode: null }).agree).toBe(true);
    expect(compareField({ field_name: 'X', mrz: 'A', visual: 'A', barcode: null, verification_scores: { MrzVisual: 2 } }).agree).toBe(false);
  });
});
