// The teller's issuing-country calls: the list to choose from with what is known, and the choice
// (refused once submitted; a choice against the MRZ reading needs the teller's confirmation).
import type { CallRequest, CallResponse } from '../../shared/contract';
import type { Verification } from '../../shared/domain';
import type { KioskEvents } from '../events';
import { ISSUING_COUNTRIES, type IssuingCountryService } from './issuing-country';
import type { VerificationLookup } from './lookup';

export interface IssuingCountryCallsDeps {
  countries: Pick<IssuingCountryService, 'info' | 'choose'>;
  events: KioskEvents;
  lookup: VerificationLookup;
  /** The verification as the teller's screen gets it (sides and issuing country attached). */
  present: (v: Verification) => Verification;
}

export function createIssuingCountryCalls(deps: IssuingCountryCallsDeps) {
  return {
    issuingCountries: async ({ verificationId }: CallRequest<'issuingCountries'>): Promise<CallResponse<'issuingCountries'>> => ({
      info: deps.countries.info(verificationId),
      countries: [...ISSUING_COUNTRIES],
    }),
    setIssuingCountry: async ({ verificationId, country, confirmMismatch }: CallRequest<'setIssuingCountry'>): Promise<Verification> => {
      deps.countries.choose(verificationId, country, confirmMismatch === true);
      const v = deps.present(deps.lookup(verificationId, false));
      deps.events.emit('verificationUpdated', v);
      return v;
    },
  };
}
