// i18next set-up. English is bundled (first screen, fallback for any missing key); the other
// languages are separate chunks loaded when a customer picks them, which keeps the first screen small.
import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import { DEFAULT_LANGUAGE } from '../app/settings';

/** The languages ZignSec's flow offers, as BCP 47 codes (main maps them to the provider's own codes). */
export const LANGUAGES = ['en', 'sv', 'de', 'fr', 'es', 'it', 'el', 'ru', 'cs', 'tr'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

const loaders = import.meta.glob<{ default: Resource[string]['translation'] }>(['./locales/*.json', '!./locales/en.json']);

export async function initI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
  });
  document.documentElement.lang = DEFAULT_LANGUAGE;
  return i18next;
}

export async function switchLanguage(language: Language): Promise<void> {
  if (!i18next.hasResourceBundle(language, 'translation')) {
    const load = loaders[`./locales/${language}.json`];
    if (load) i18next.addResourceBundle(language, 'translation', (await load()).default);
  }
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
