// What the teller should do with a provider's result. Fraud-type signals — the document has expired,
// the machine-readable zone disagrees with the printed data, or its check digits do not hold although
// the kiosk judged the image good — are not scan problems: the teller stops and calls a supervisor.
import type { Outcome } from '../../../shared/domain';

export type OutcomeAdvice = 'proceed' | 'supervisor' | 'another_document' | 'scan_again';

/** Provider field names whose failure means the MRZ's own arithmetic or reading did not hold. */
const MRZ_INTEGRITY = /CheckDigit|CheckSum|MRZ_Strings/i;

/** `imagesGood`: the kiosk's capture gate passed every side (null when not known, e.g. opened from the list). */
export function outcomeAdvice(outcome: Outcome, imagesGood: boolean | null): OutcomeAdvice {
  if (fraudSignals(outcome, imagesGood).length > 0) return 'supervisor';
  if (outcome.decision === 'accepted') return 'proceed';
  if (outcome.decision === 'declined') return 'another_document';
  return 'scan_again';
}

/** The fraud-type signals found, as stable codes (renderer i18n: outcome.signal.<code>). */
export function fraudSignals(outcome: Outcome, imagesGood: boolean | null): Array<'expired' | 'mrz_mismatch' | 'check_digits'> {
  const out: Array<'expired' | 'mrz_mismatch' | 'check_digits'> = [];
  if (outcome.identity.expired === true || outcome.reasons.some((r) => r.code === 'document_expired')) out.push('expired');
  if (outcome.fields.some((f) => f.agree === false && f.mrz !== null && (f.visual !== null || f.barcode !== null))) out.push('mrz_mismatch');
  if (imagesGood !== false && outcome.reasons.some((r) => r.code === 'field_failed' && r.field !== null && MRZ_INTEGRITY.test(r.field))) out.push('check_digits');
  return out;
}
