// The submit policy for on-device precheck results (config `precheck`): what happens when the kiosk's
// own MRZ read says the document has expired, or the MRZ could not be read and confirmed. Pure: takes the
// verification's prechecks, returns pass / needs_reason / blocked with the teller's sentence.
import type { CaptureSide, DocumentType } from '../../shared/domain';
import type { CapturePrecheck, MrzPrecheck, PrecheckGate } from '../../shared/precheck';
import type { KioskConfig } from '../config';
import { englishText, kioskMessage, type KioskMessage } from '../../shared/kiosk-message';

export type PrecheckPolicy = KioskConfig['precheck'];

/**
 * The side that carries the MRZ, by document type: the passport data page (TD3) on the front, an ID card's
 * TD1 MRZ on the back (a TD2 card has it on the front, so ID card fronts are read too), and "other"
 * documents (TD2 and the like) on the front. Driving licences normally have no MRZ (their data is in the
 * PDF417), so none is expected there.
 */
export const MRZ_SIDES: Record<DocumentType, { expected: CaptureSide | null; alsoTry: CaptureSide[] }> = {
  passport: { expected: 'front', alsoTry: [] },
  id_card: { expected: 'back', alsoTry: ['front'] },
  // Some licences do carry an MRZ; when one is found it is shown and the PDF417 is compared with it.
  drivers_license: { expected: null, alsoTry: ['front', 'back'] },
  other: { expected: null, alsoTry: ['front'] },
};

/** Document types where an MRZ must be there: an unreadable one triggers `onUnreadable`. */
const MRZ_REQUIRED: ReadonlySet<DocumentType> = new Set(['passport', 'id_card']);

const RANK: Record<MrzPrecheck['status'], number> = { accepted: 2, invalid: 1, unreadable: 0 };

/** The best MRZ read among the captures: accepted first, then read-but-invalid, then unreadable. */
export function bestMrz(prechecks: ReadonlyArray<CapturePrecheck | null | undefined>): MrzPrecheck | null {
  let best: MrzPrecheck | null = null;
  for (const p of prechecks) {
    const m = p?.mrz;
    if (m && (!best || RANK[m.status] > RANK[best.status])) best = m;
  }
  return best;
}

/** The teller's sentence for a gate that refuses submit or asks for a reason. */
export function gateSentence(gate: Pick<PrecheckGate, 'decision' | 'problem'>): KioskMessage {
  const blocked = gate.decision === 'blocked';
  if (gate.problem === 'expired') return kioskMessage(blocked ? 'precheck_expired_blocked' : 'precheck_expired_needs_reason');
  return kioskMessage(blocked ? 'precheck_unreadable_blocked' : 'precheck_unreadable_needs_reason');
}

export interface GateInput {
  documentType: DocumentType;
  /** Prechecks of the verification's captures, by side. */
  prechecks: Partial<Record<CaptureSide, CapturePrecheck | null>>;
  policy: PrecheckPolicy;
}

export function evaluateGate({ documentType, prechecks, policy }: GateInput): PrecheckGate {
  const mrz = bestMrz(Object.values(prechecks));
  const expected = MRZ_SIDES[documentType].expected;
  // Only an MRZ whose check digits all pass is trusted for the expiry date.
  if (mrz?.status === 'accepted' && mrz.expired === true) {
    const decision = policy.onExpired === 'block' ? 'blocked' : 'needs_reason';
    return { decision, problem: 'expired', message: englishText(gateSentence({ decision, problem: 'expired' })) };
  }
  // Unreadable only counts once the side that should carry the MRZ has been captured (and checked).
  if (MRZ_REQUIRED.has(documentType) && expected && prechecks[expected] && mrz?.status !== 'accepted' && policy.onUnreadable !== 'allow') {
    const decision = policy.onUnreadable === 'block' ? 'blocked' : 'needs_reason';
    return { decision, problem: 'unreadable', message: englishText(gateSentence({ decision, problem: 'unreadable' })) };
  }
  return { decision: 'pass', problem: null, message: null };
}
