// The teller starts a verification: a document type and, optionally, a provider and the customer's
// language. It is created "capturing" with the sides to capture and its issuing-country info.
import type { CallRequest } from '../../shared/contract';
import type { Verification } from '../../shared/domain';
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

export function createStartVerification(deps: StartDeps) {
  return async ({ documentType, provider, locale }: CallRequest<'startVerification'>): Promise<Verification> => {
    if (deps.dataDir !== undefined && deps.minFreeBytes) checkDiskFloor(deps.dataDir, deps.minFreeBytes);
    const chosen = deps.routing.atStart(documentType, provider);
    const v = deps.present(deps.store.createVerification({ documentType, provider: chosen, locale: locale ?? 'en' }));
    deps.events.emit('verificationUpdated', v);
    return v;
  };
}
