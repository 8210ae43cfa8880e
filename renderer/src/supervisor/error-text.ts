// What a supervisor screen shows for a refused call: main's sentence in the teller's language when it
// came as a catalogue key; otherwise a plain sentence for its error code from the locales, so no English
// text from main, field path or driver detail reaches the screen. The page's own "cannot reach the
// kiosk" and "answer not understood" sentences (code internal, no key) are already translated here.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { KioskErrorShape } from '../../../shared/contract';
import { kioskText } from '../app/kiosk-text';
import { MESSAGE_CATALOGUE } from '../../../shared/kiosk-message';

/** The sentence for a refused call, in the language `t` speaks. */
export function supervisorErrorText(error: KioskErrorShape, t: TFunction, language: string): string {
  if (error.sentence && error.sentence.key in MESSAGE_CATALOGUE) return kioskText(error, t, language);
  if (error.code === 'internal') return error.message;
  return t(`errors.code.${error.code}`);
}

/** `supervisorErrorText` in the teller's language of the moment. */
export function useSupervisorErrorText(): (error: KioskErrorShape) => string {
  const { t, i18n } = useTranslation();
  return (error) => supervisorErrorText(error, t, i18n.language);
}
