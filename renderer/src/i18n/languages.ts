// The kiosk's languages on their own, without the i18next set-up (which needs the bundler's
// import.meta.glob and a document): screens and tests that only name or check a language import this.

/** The languages ZignSec's flow offers, as BCP 47 codes (main maps them to the provider's own codes). */
export const LANGUAGES = ['en', 'sv', 'de', 'fr', 'es', 'it', 'el', 'ru', 'cs', 'tr'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}
