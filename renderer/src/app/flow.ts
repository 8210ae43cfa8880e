// The teller flow as a pure reducer: which screen is shown and the customer's data for the current
// verification. Keeping it pure makes "idle wipes everything" a one-line, testable fact: `reset`
// returns the initial state, and nothing about the customer lives anywhere else in the renderer.
import { REQUIRED_SIDES, type CaptureSide, type CaptureSummary, type DocumentType, type Verification } from '../../../shared/domain';

export type Screen = 'start' | 'consent' | 'document' | 'country' | 'scan' | 'review' | 'submitted' | 'today';

/** Document types a teller can pick on the kiosk ('other' exists in the domain but is not offered). */
export const OFFERED_DOCUMENT_TYPES = ['passport', 'id_card', 'drivers_license'] as const satisfies readonly DocumentType[];

export type FlowState = {
  screen: Screen;
  verification: Verification | null;
  captures: Partial<Record<CaptureSide, CaptureSummary>>;
};

export type FlowAction =
  | { type: 'begin' }
  | { type: 'consentGiven' }
  | { type: 'verificationStarted'; verification: Verification }
  | { type: 'countryChosen'; verification: Verification }
  /** A capture stored for `verificationId` (its reply may arrive after the teller moved on to another verification). */
  | { type: 'captured'; verificationId: string; capture: CaptureSummary }
  | { type: 'goToScan' }
  | { type: 'goToReview' }
  | { type: 'submitted'; verification: Verification }
  | { type: 'verificationUpdated'; verification: Verification }
  | { type: 'back' }
  | { type: 'showToday' }
  | { type: 'reset' };

export const initialFlow: FlowState = { screen: 'start', verification: null, captures: {} };

/** The sides to capture: what main said for this verification (selfie included when configured), else the document's sides. */
export function requiredSides(verification: Verification | null): readonly CaptureSide[] {
  if (!verification) return [];
  return verification.requiredSides && verification.requiredSides.length > 0 ? verification.requiredSides : REQUIRED_SIDES[verification.documentType];
}

/** The provider needs the issuing country before anything is captured, and the teller has not chosen it. */
export function needsCountryFirst(verification: Verification): boolean {
  const c = verification.issuingCountry;
  return c?.ask === 'before_capture' && !c.chosen;
}

/**
 * Updates (events, the submit reply) come from store reads that do not carry `requiredSides` (nor
 * `issuingCountry`); keep the copy main gave so a selfie step does not vanish mid-flow.
 */
function keepSides(incoming: Verification, current: Verification | null): Verification {
  if (!current || current.id !== incoming.id) return incoming;
  let kept = incoming;
  if (!incoming.requiredSides && current.requiredSides) kept = { ...kept, requiredSides: current.requiredSides };
  if (!incoming.issuingCountry && current.issuingCountry) kept = { ...kept, issuingCountry: current.issuingCountry };
  return kept;
}

/** The verification on screen was started but never submitted: leaving it must cancel it in main. */
export function abandonedVerification(state: FlowState): Verification | null {
  const v = state.verification;
  return v && v.state === 'capturing' && (state.screen === 'country' || state.screen === 'scan' || state.screen === 'review') ? v : null;
}

export function allSidesCaptured(state: FlowState): boolean {
  const sides = requiredSides(state.verification);
  return sides.length > 0 && sides.every((side) => state.captures[side] !== undefined);
}

/**
 * The captures on screen with the verdicts main now holds for them: capturing one side can withdraw a
 * finding on the other ("the same side again" judged against the image just replaced).
 */
function withStoredVerdicts(shown: FlowState['captures'], stored: readonly CaptureSummary[]): FlowState['captures'] {
  let changed = false;
  const next: FlowState['captures'] = { ...shown };
  for (const [side, capture] of Object.entries(shown) as Array<[CaptureSide, CaptureSummary]>) {
    const now = stored.find((c) => c.id === capture.id);
    if (now && JSON.stringify(now.quality) !== JSON.stringify(capture.quality)) {
      next[side] = { ...capture, quality: now.quality };
      changed = true;
    }
  }
  return changed ? next : shown;
}

export function flowReducer(state: FlowState, action: FlowAction): FlowState {
  switch (action.type) {
    case 'begin':
      return { ...initialFlow, screen: 'consent' };
    case 'consentGiven':
      return state.screen === 'consent' ? { ...state, screen: 'document' } : state;
    case 'verificationStarted':
      return { ...state, screen: needsCountryFirst(action.verification) ? 'country' : 'scan', verification: action.verification, captures: {} };
    case 'countryChosen':
      if (!state.verification || state.verification.id !== action.verification.id) return state;
      return { ...state, screen: state.screen === 'country' ? 'scan' : state.screen, verification: keepSides(action.verification, state.verification) };
    case 'captured':
      // A reply for a verification no longer on screen (the teller changed document while it was
      // being stored) must not show one customer's image in another's flow.
      if (!state.verification || state.verification.id !== action.verificationId) return state;
      // A retake replaces the side's capture: the newest image is the one that will be sent.
      return { ...state, captures: { ...state.captures, [action.capture.side]: action.capture } };
    case 'goToScan':
      return state.verification ? { ...state, screen: 'scan' } : state;
    case 'goToReview':
      return allSidesCaptured(state) ? { ...state, screen: 'review' } : state;
    case 'submitted': {
      // An event may have overtaken the submit reply; keep whichever copy is newer.
      const current = state.verification;
      const newer = current && current.id === action.verification.id && current.updatedAt > action.verification.updatedAt;
      return { ...state, screen: 'submitted', verification: newer ? current : keepSides(action.verification, current) };
    }
    case 'verificationUpdated':
      // Only the verification on screen is tracked here; others reach the teller as notices.
      if (!state.verification || state.verification.id !== action.verification.id) return state;
      if (action.verification.updatedAt < state.verification.updatedAt) return state; // stale event
      return { ...state, verification: keepSides(action.verification, state.verification), captures: withStoredVerdicts(state.captures, action.verification.captures) };
    case 'back':
      switch (state.screen) {
        case 'consent':
        case 'today':
          return initialFlow;
        case 'document':
          return { ...state, screen: 'consent' };
        case 'country':
        case 'scan':
          // Choosing another document type starts a new verification; this one is left unsubmitted.
          return { ...state, screen: 'document', verification: null, captures: {} };
        case 'review':
          return { ...state, screen: 'scan' };
        default:
          return state;
      }
    case 'showToday':
      // The list is a teller screen: leaving the customer's flow for it drops their data.
      return { ...initialFlow, screen: 'today' };
    case 'reset':
      return initialFlow;
  }
}
