// Issuing countries for the teller's picker: names come from the browser (Intl.DisplayNames)
// in the customer's language, so there is no list of names to translate or keep; main owns the list
// of codes (ISO 3166-1 alpha-3 with the alpha-2 region code the browser names them by).
import type { IssuingCountryInfo } from '../../../shared/domain';

export type CountryOption = { code: string; region: string };
export type NamedCountry = CountryOption & { name: string };

const displayNames = new Map<string, Intl.DisplayNames | null>();

function namesFor(locale: string): Intl.DisplayNames | null {
  if (!displayNames.has(locale)) {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    } catch {
      // A browser without region names: the code alone is still unambiguous.
    }
    displayNames.set(locale, names);
  }
  return displayNames.get(locale) ?? null;
}

/** The country's name in `locale`, or its alpha-3 code when the browser has no name for it. */
export function countryName(country: CountryOption, locale: string): string {
  try {
    return namesFor(locale)?.of(country.region) ?? country.code;
  } catch {
    return country.code;
  }
}

/**
 * Lower case without accents, so "osterreich" finds Österreich and "turkiye" Türkiye. Lower-cased in
 * the language first (Turkish İ → i), and the dotless ı counts as i: a teller types either.
 */
export function fold(text: string, locale: string): string {
  return text.toLocaleLowerCase(locale).normalize('NFD').replace(/\p{M}/gu, '').replace(/ı/g, 'i');
}

/** Names in `locale`, split into the provider's countries (first) and the rest, each sorted by name. */
export function orderCountries(
  countries: readonly CountryOption[],
  supported: readonly string[],
  locale: string,
): { first: NamedCountry[]; rest: NamedCountry[] } {
  const collator = new Intl.Collator(locale);
  const named = countries.map((c) => ({ ...c, name: countryName(c, locale) })).sort((a, b) => collator.compare(a.name, b.name));
  const listed = new Set(supported);
  return { first: named.filter((c) => listed.has(c.code)), rest: named.filter((c) => !listed.has(c.code)) };
}

/** Countries whose name contains the query (accents and case ignored) or whose code starts with it. */
export function matchCountries(countries: readonly NamedCountry[], query: string, locale: string): NamedCountry[] {
  const q = fold(query.trim(), locale);
  if (!q) return [...countries];
  const upper = query.trim().toUpperCase();
  return countries.filter((c) => fold(c.name, locale).includes(q) || c.code.startsWith(upper) || c.region === upper);
}

/** A country's name from a code alone, given the list main sent (used on the review and outcome screens). */
export function nameOfCode(code: string, countries: readonly CountryOption[], locale: string): string {
  const country = countries.find((c) => c.code === code);
  return country ? countryName(country, locale) : code;
}

/** Whether the issuing country stops a submit: needed and unknown, or disputed by the MRZ and not confirmed. */
export function countryBlocksSubmit(info: IssuingCountryInfo | null): boolean {
  if (!info) return false;
  return (info.ask !== null && !info.effective) || (info.mismatch && !info.confirmed);
}
