// The teller starts a verification: a document type and, optionally, a provider and the customer's
// language. It is created "capturing" with the sides to capture and its issuing-country info.
// "Scan again" on a not-verified result names the earlier verification (`scanAgainOf`): the same
// customer, under the consent they already gave for this visit, so the new attempt is linked to it in
// the audit trail of both verifications, in the transaction that creates it.
import type { CallRequest } from '../../shared/contract';
import type { Verification, VerificationState } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import type { KioskEvents } from '../events';
import { checkDiskFloor } from '../store/disk';
import type { Store } from '../store/store';
import type { TellerRouting } from './routing';

export interface StartDeps {
  store: Store;
  events: KioskEvents;
  routing: Pick<TellerRouting, 'atStart'>;
  /** The verification as the teller's screen gets it (sides and issuing country attached). */
  present: (v: Verification) => Verification;
  /** Free-space floor: below it no verification is started that could not be captured. */
  dataDir?: string;
  minFreeBytes?: number;
}

/** The results after which "Scan again" is offered: the provider did not verify the document. */
const SCAN_AGAIN_AFTER: ReadonlySet<VerificationState> = new Set(['declined', 'failed']);

export function createStartVerification(deps: StartDeps) {
  return async ({ documentType, provider, locale, scanAgainOf }: CallRequest<'startVerification'>): Promise<Verification> => {
    if (deps.dataDir !== undefined && deps.minFreeBytes) checkDiskFloor(deps.dataDir, deps.minFreeBytes);
    const chosen = deps.routing.atStart(documentType, provider);
    const create = () => deps.store.createVerification({ documentType, provider: chosen, locale: locale ?? 'en' });
    const created = scanAgainOf === undefined ? create() : createScanAgain(deps.store, scanAgainOf, documentType, create);
    const v = deps.present(created);
    deps.events.emit('verificationUpdated', v);
    return v;
  };
}

function createScanAgain(store: Store, previousId: string, documentType: Verification['documentType'], create: () => Verification): Verification {
  const previous = store.getVerification(previousId);
  if (!previous) throw new KioskError('not_found', kioskMessage('scan_again_not_found'));
  if (!SCAN_AGAIN_AFTER.has(previous.state)) {
    throw new KioskError('conflict', kioskMessage('scan_again_not_failed'));
  }
  if (previous.documentType !== documentType) {
    throw new KioskError('conflict', kioskMessage('scan_again_other_type'));
  }
  const reason = { previousState: previous.state, previousDecision: previous.outcome?.decision ?? null, previousProvider: previous.provider };
  return store.db.transaction(() => {
    const v = create();
    store.audit.append({ actor: 'teller', action: 'scan_again_started', verificationId: v.id, detail: { previousVerificationId: previous.id, sameCustomer: true, consent: 'given_for_previous', ...reason } });
    store.audit.append({ actor: 'teller', action: 'scanned_again_as', verificationId: previous.id, detail: { newVerificationId: v.id, sameCustomer: true, ...reason } });
    return v;
  })();
}
