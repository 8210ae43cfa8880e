// Country names for codes the provider or the MRZ gives (ISO 3166-1 alpha-3, or Germany's "D"), in the
// customer's language, by the browser (Intl.DisplayNames); a code without a name is shown as it is.
import { iso31661Alpha3ToAlpha2 } from 'iso-3166';
import { countryName } from './countries';

const REGION_OF = new Map<string, string>(Object.entries(iso31661Alpha3ToAlpha2));
// ICAO 9303: Germany writes "D" in the MRZ.
REGION_OF.set('D', 'DE');

/** "DEU" → "Germany" / "Deutschland"; a name or an unknown code (UTO, the specimen state) comes back unchanged. */
export function countryOfCode(code: string, locale: string): string {
  const region = REGION_OF.get(code.trim().toUpperCase());
  return region ? countryName({ code, region }, locale) : code;
}
