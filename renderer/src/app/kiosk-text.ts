// Main's sentences in the teller's language: an error (or any message) main sent as a catalogue key
// with parameters is shown from the locales (`message.<key>`), its parameters named in that language
// (sides, countries, states); a sentence without a key, or a key this build has no text for, is shown
// in main's English.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { MESSAGE_CATALOGUE, sidesOfParam, type KioskMessage, type ParamKind } from '../../../shared/kiosk-message';
import { countryOfCode } from './country-names';
import { formatIsoDate } from './format';

/** Anything that carries main's English sentence and, optionally, the same sentence as a key. */
export type MainSentence = { message: string; sentence?: KioskMessage | undefined };

function param(kind: ParamKind, value: string | number, t: TFunction, language: string): string {
  switch (kind) {
    case 'sides':
      return new Intl.ListFormat(language, { type: 'conjunction' }).format(sidesOfParam(value).map((s) => t(`side.${s}`)));
    case 'country':
      return countryOfCode(String(value), language);
    case 'date':
      return formatIsoDate(String(value), language);
    case 'state':
      return t(`state.${String(value)}`, { defaultValue: String(value) });
    case 'datetime': {
      const at = new Date(String(value));
      return Number.isNaN(at.getTime()) ? String(value) : new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
    }
    case 'number':
      return typeof value === 'number' ? new Intl.NumberFormat(language).format(value) : String(value);
    default:
      return String(value);
  }
}

/** Whether the screen has the sentence as a catalogue key (else it has only main's English). */
export function isCatalogued(error: MainSentence): boolean {
  return !!error.sentence && error.sentence.key in MESSAGE_CATALOGUE;
}

/** The sentence in the language `t` speaks (its language is `language`). */
export function kioskText(error: MainSentence | string, t: TFunction, language: string): string {
  if (typeof error === 'string') return error;
  const sentence = error.sentence;
  if (!sentence || !(sentence.key in MESSAGE_CATALOGUE)) return error.message;
  const kinds: Record<string, ParamKind> = MESSAGE_CATALOGUE[sentence.key].params;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(sentence.params)) values[name] = param(kinds[name] ?? 'text', value, t, language);
  return t(`message.${sentence.key}`, { ...values, defaultValue: error.message });
}

/** `kioskText` in the teller's language of the moment. */
export function useKioskText(): (error: MainSentence | string) => string {
  const { t, i18n } = useTranslation();
  return (error) => kioskText(error, t, i18n.language);
}
