// Provider routing: configuration chooses the provider per document type and issuing country,
// else the default. Failover (off by default) is decided by the sync worker when a circuit is open.
import type { DocumentType, ProviderId } from '../../shared/domain';
import type { KioskConfig } from '../config';

export interface RoutingInput {
  documentType: DocumentType;
  /** ISO 3166 alpha-3 issuing state, when known before submit (e.g. from the on-device MRZ read). */
  country?: string;
  /** Providers that have an adapter on this kiosk. */
  available: readonly ProviderId[];
}

export function chooseProvider(providers: KioskConfig['providers'], input: RoutingInput): ProviderId {
  const byCountry = input.country ? providers.byCountry[input.country.toUpperCase()] : undefined;
  const preferred = byCountry ?? providers.byDocumentType[input.documentType] ?? providers.default;
  if (input.available.includes(preferred)) return preferred;
  // The configured provider is not set up here: use one that is, rather than queueing forever.
  return input.available[0] ?? preferred;
}
