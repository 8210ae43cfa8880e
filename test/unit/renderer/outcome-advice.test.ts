// What the result screen tells the teller to do: fraud-type signals (expired, the MRZ disagreeing with the
// printed data, check digits failing on an image the capture gate judged good) mean "call a supervisor"
// whatever the decision; otherwise accept, ask for another document (declined) or scan again (not verified).
import { describe, expect, it } from 'vitest';
import { fraudSignals, outcomeAdvice } from '../../../renderer/src/app/outcome-advice';
import type { Outcome } from '../../../shared/domain';

const identity: Outcome['identity'] = {
  firstName: 'ANNA',
  lastName: 'SPECIMEN',
  fullName: 'ANNA SPECIMEN',
  dateOfBirth: '1990-01-01',
  age: 36,
  sex: 'F',
  nationality: 'SWE',
  issuingState: 'SWE',
  documentNumber: 'X1234567',
  personalNumber: null,
  expiryDate: '2030-01-01',
  expired: false,
};
const outcome = (patch: Partial<Outcome> = {}): Outcome => ({ decision: 'accepted', provider: 'zignsec', reasons: [], identity, fields: [], selfieSimilarity: null, portrait: null, decidedAt: '2026-12-06T10:00:00.000Z', ...patch });
const checkDigit = { code: 'field_failed', field: 'Document_Number_CheckDigit', message: 'Document number check digit failed' };

describe('outcome advice', () => {
  it('each decision without a signal has its own next step', () => {
    expect(outcomeAdvice(outcome(), true)).toBe('proceed');
    expect(outcomeAdvice(outcome({ decision: 'declined' }), true)).toBe('another_document');
    expect(outcomeAdvice(outcome({ decision: 'failed' }), false)).toBe('scan_again');
  });

  it('check digits failing on a good image: a supervisor, not "scan again"; on a poor image: scan again', () => {
    const declined = outcome({ decision: 'declined', reasons: [checkDigit] });
    expect(fraudSignals(declined, true)).toEqual(['check_digits']);
    expect(outcomeAdvice(declined, true)).toBe('supervisor');
    // Opened from today's list the images are not known: the signal stands.
    expect(outcomeAdvice(declined, null)).toBe('supervisor');
    expect(fraudSignals(outcome({ decision: 'failed', reasons: [checkDigit] }), false)).toEqual([]);
    expect(outcomeAdvice(outcome({ decision: 'failed', reasons: [checkDigit] }), false)).toBe('scan_again');
    // A failed field that is not the MRZ's arithmetic is no fraud signal.
    expect(fraudSignals(outcome({ decision: 'declined', reasons: [{ ...checkDigit, field: 'Portrait' }] }), true)).toEqual([]);
  });

  it('expired or MRZ against printed data: a supervisor, even when the provider accepted', () => {
    expect(outcomeAdvice(outcome({ identity: { ...identity, expired: true } }), true)).toBe('supervisor');
    expect(fraudSignals(outcome({ reasons: [{ code: 'document_expired', field: null, message: 'Expired' }] }), true)).toEqual(['expired']);
    const disagree = outcome({ fields: [{ name: 'Last_Name', mrz: 'SPECIMEN', visual: 'SPECIMAN', barcode: null, agree: false }] });
    expect(fraudSignals(disagree, true)).toEqual(['mrz_mismatch']);
    // Nothing printed to compare with: no disagreement.
    expect(fraudSignals(outcome({ fields: [{ name: 'Last_Name', mrz: 'SPECIMEN', visual: null, barcode: null, agree: false }] }), true)).toEqual([]);
  });
});
