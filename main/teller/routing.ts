// Which provider a verification goes to. At start: the teller's choice, else the configured default for
// the document, and only a provider set up on this kiosk. At submit: routing by issuing country
// (providers.byCountry) can only happen once the country is known — chosen by the teller (the choice
// wins) or read from the MRZ — so the verification is re-routed as it is queued, before any provider step.
import type { DocumentType, ProviderId, Verification } from '../../shared/domain';
import type { KioskConfig } from '../config';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import { chooseProvider } from '../providers/routing';
import type { Store } from '../store/store';

export interface TellerRoutingDeps {
  providers: KioskConfig['providers'];
  /** The providers with an adapter on this kiosk. */
  available: () => ProviderId[];
  /** The verification's issuing country as routing uses it (ISO alpha-3), or null while unknown. */
  country: (verificationId: string) => string | null;
  store: Store;
}

export interface TellerRouting {
  /** The provider a new verification is started with; refuses one that is not set up here. */
  atStart(documentType: DocumentType, requested: ProviderId | undefined): ProviderId;
  /** The provider a verification goes to once submitted: its own, or the one its issuing state routes to. */
  routedProvider(v: Verification): ProviderId;
  /** Moves a just-queued verification to its routed provider (audited); true when it moved. */
  rerouteOnSubmit(v: Verification): boolean;
}

export function createTellerRouting(deps: TellerRoutingDeps): TellerRouting {
  const { providers } = deps;

  function routedProvider(v: Verification): ProviderId {
    if (!Object.keys(providers.byCountry).length) return v.provider;
    const country = deps.country(v.id);
    return country ? chooseProvider(providers, { documentType: v.documentType, country, available: deps.available() }) : v.provider;
  }

  return {
    atStart(documentType, requested) {
      const chosen = requested ?? chooseProvider(providers, { documentType, available: deps.available() });
      if (!deps.available().includes(chosen)) {
        throw new KioskError('conflict', kioskMessage('provider_not_set_up'));
      }
      return chosen;
    },
    routedProvider,
    rerouteOnSubmit(v) {
      const to = routedProvider(v);
      if (to === v.provider) return false;
      return deps.store.reassignProvider(v.id, v.provider, to, `routed by issuing state ${deps.country(v.id)}`, 'provider_routed');
    },
  };
}
