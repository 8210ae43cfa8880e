// i18next set-up. English is bundled (first screen, fallback for any missing key); the other
// languages are separate chunks loaded when picked, which keeps the first screen small. The language
// i18next speaks is the teller's (remembered on this kiosk); a customer's language for the screens the
// customer reads is loaded beside it (loadLanguage) and used through a fixed t (app/customer-language.tsx).
import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import { DEFAULT_LANGUAGE, TELLER_LANGUAGE_STORAGE_KEY, safeLocalStorage } from '../app/settings';

import { LANGUAGES, isLanguage, type Language } from './languages';

export { LANGUAGES, isLanguage, type Language };

const loaders = import.meta.glob<{ default: Resource[string]['translation'] }>(['./locales/*.json', '!./locales/en.json']);

/** The teller's language remembered on this kiosk, or the default. */
export function rememberedTellerLanguage(): Language {
  const stored = safeLocalStorage()?.getItem(TELLER_LANGUAGE_STORAGE_KEY) ?? '';
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}

export async function initI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
    // English is bundled: set up at once rather than on a later task, so the first screen renders sooner.
    initAsync: false,
  });
  document.documentElement.lang = DEFAULT_LANGUAGE;
  const teller = rememberedTellerLanguage();
  if (teller !== DEFAULT_LANGUAGE) await switchLanguage(teller);
  return i18next;
}

/** Makes a language's texts available without switching to it (a customer's language beside the teller's). */
export async function loadLanguage(language: Language): Promise<void> {
  if (i18next.hasResourceBundle(language, 'translation')) return;
  const load = loaders[`./locales/${language}.json`];
  if (load) i18next.addResourceBundle(language, 'translation', (await load()).default);
}

/** The teller's language: every screen of the kiosk, and the default for each new customer. */
export async function switchLanguage(language: Language): Promise<void> {
  await loadLanguage(language);
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
