// The kiosk's languages on their own, without the i18next set-up (which needs the bundler's
// import.meta.glob and a document): screens and tests that only name or check a language import this.

/** The languages ZignSec's flow offers, as BCP 47 codes (main maps them to the provider's own codes). */
export const LANGUAGES = ['en', 'sv', 'de', 'fr', 'es', 'it', 'el', 'ru', 'cs', 'tr'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Each language named in itself, as the language pickers show it. A table rather than Intl.DisplayNames:
 * naming ten languages through Intl loads ten locales' ICU data on the first screen, the largest single
 * CPU cost of its render. test/unit/renderer/language-names.test.ts checks the table against Intl.
 */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  sv: 'Svenska',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  it: 'Italiano',
  el: 'Ελληνικά',
  ru: 'Русский',
  cs: 'Čeština',
  tr: 'Türkçe',
};
