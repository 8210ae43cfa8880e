// Loads the issuing-country list and what main knows about the verification's country.
// The list itself is the same for every customer, so it is kept for name look-ups after the first load.
import { useCallback, useEffect, useState } from 'react';
import type { KioskApi, KioskErrorShape } from '../../../shared/contract';
import type { IssuingCountryInfo } from '../../../shared/domain';
import type { CountryOption } from './countries';

let knownCountries: readonly CountryOption[] = [];

/** The list main sent last (empty before the first load). Not customer data: kept across resets. */
export const cachedCountries = (): readonly CountryOption[] => knownCountries;

/** `enabled: false` skips the call (a verification for which main asks nothing about the country). */
export function useIssuingCountries(kiosk: KioskApi, verificationId: string, enabled = true) {
  const [info, setInfo] = useState<IssuingCountryInfo | null>(null);
  const [countries, setCountries] = useState<readonly CountryOption[]>(knownCountries);
  const [error, setError] = useState<KioskErrorShape | null>(null);

  const load = useCallback(async () => {
    setError(null);
    const result = await kiosk.issuingCountries({ verificationId });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    knownCountries = result.value.countries;
    setCountries(result.value.countries);
    setInfo(result.value.info);
  }, [kiosk, verificationId]);

  useEffect(() => {
    if (enabled) void load();
  }, [load, enabled]);

  return { info, setInfo, countries, error, reload: load };
}
