// The customer's language for one verification, beside the teller's: the parts of the screen the
// customer reads at the counter (the notice, what to tell a customer who does not agree, the camera's
// "hold still", turning the card over, the decision) speak it, marked with `lang` for screen readers;
// everything else stays in the teller's language. Null means "the teller's language".
import { createContext, useContext } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isLanguage, type Language } from '../i18n/languages';

const CustomerLanguage = createContext<Language | null>(null);

/** Set by the app for the verification on screen; its language's texts are loaded before it is set. */
export const CustomerLanguageProvider = CustomerLanguage.Provider;

/** `t` and the language code for text the customer reads. */
export function useCustomerTranslation(): { t: TFunction; language: string } {
  const { i18n } = useTranslation();
  const chosen = useContext(CustomerLanguage);
  const language = chosen && i18n.hasResourceBundle(chosen, 'translation') ? chosen : i18n.language;
  return { t: i18n.getFixedT(language), language };
}

/** The customer's language as a provider locale (the teller's when none was chosen). */
export function useCustomerLocale(): Language | undefined {
  const { language } = useCustomerTranslation();
  return isLanguage(language) ? language : undefined;
}
