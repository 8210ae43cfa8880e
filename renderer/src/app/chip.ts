// The chip step's rules, kept pure for tests: when the step is offered, which outcomes are fraud signals,
// what the teller does next after each outcome, and when the bank's policy holds Submit back (the same
// rule main's submit gate applies: a passport, or an ID card with a machine-readable zone, needs a chip
// read that verified the chip and matched the printed page).
import type { ChipPolicy, ChipReaderState, ChipReadOutcome, ChipReadSummary } from '../../../shared/contract-chip';
import type { CaptureSide, CaptureSummary, DocumentType } from '../../../shared/domain';
import type { MrzPrecheck } from '../../../shared/precheck';

type Captures = Partial<Record<CaptureSide, CaptureSummary>>;

/** Outcomes that mean the document may be forged or altered: the teller stops and calls a supervisor. */
export const FRAUD_OUTCOMES: ReadonlySet<ChipReadOutcome> = new Set(['differs-from-printed-page', 'not-authentic', 'clone-check-failed']);

/** What the teller does after an outcome. */
export type ChipNextStep = 'done' | 'supervisor' | 'type-fields' | 'read-again' | 'continue-without';

export function nextStepAfter(outcome: ChipReadOutcome): ChipNextStep {
  if (outcome === 'verified') return 'done';
  if (FRAUD_OUTCOMES.has(outcome)) return 'supervisor';
  if (outcome === 'access-denied') return 'type-fields';
  if (outcome === 'interrupted' || outcome === 'no-document') return 'read-again';
  return 'continue-without';
}

/** The best MRZ reading among the captures (exact first), or null when no side showed one. */
export function mrzOf(captures: Captures): MrzPrecheck | null {
  const readings = Object.values(captures)
    .map((c) => c?.precheck?.mrz ?? null)
    .filter((m): m is MrzPrecheck => m !== null && m.status !== 'unreadable');
  return readings.find((m) => m.status === 'accepted') ?? readings[0] ?? null;
}

/** The kiosk read the MRZ exactly (every check digit passing): main can derive the chip key from it. */
export const exactMrz = (captures: Captures): boolean => mrzOf(captures)?.status === 'accepted';

/** A document expected to carry a chip: a passport, or an ID card on which the kiosk found an MRZ. */
export function chipExpected(documentType: DocumentType, captures: Captures): boolean {
  if (documentType === 'passport') return true;
  return documentType === 'id_card' && mrzOf(captures) !== null;
}

/** The read that the policy accepts: verified and equal to the printed page. */
export const chipAccepted = (latest: ChipReadSummary | null): boolean => latest?.outcome === 'verified' && latest.printedMrzMatch === true;

/** Submit waits for the chip: the policy requires it for this document and no accepted read exists yet. */
export function chipHoldsSubmit(policy: ChipPolicy | null, expected: boolean, latest: ChipReadSummary | null): boolean {
  return policy === 'required' && expected && !chipAccepted(latest);
}

/** The typed access fields as the teller entered them, checked before they are sent (main checks again). */
export type TypedAccess = { documentNumber: string; dateOfBirth: string; dateOfExpiry: string };
export type TypedAccessProblem = 'documentNumber' | 'dates' | null;

export function typedAccessProblem(a: TypedAccess): TypedAccessProblem {
  if (!/^[A-Za-z0-9]{1,22}$/.test(a.documentNumber.trim())) return 'documentNumber';
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!date.test(a.dateOfBirth) || !date.test(a.dateOfExpiry)) return 'dates';
  return null;
}

/** A document is on one of the chip readers (as main last reported them; null: not known yet). */
export const documentOnReader = (readers: ChipReaderState | null): boolean => !!readers?.readers.some((r) => r.cardPresent === true);
