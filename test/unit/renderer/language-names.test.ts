// The language pickers' table of language names must say what the browser's Intl.DisplayNames says
// for each language in itself (Node's full ICU gives the same names as Chromium's).
import { describe, expect, it } from 'vitest';
import { LANGUAGES, LANGUAGE_NAMES } from '../../../renderer/src/i18n/languages';
import { displayedLanguageName, nativeLanguageName } from '../../../renderer/src/app/format';

describe('language names', () => {
  it.each(LANGUAGES)('%s is named in itself as Intl names it', (code) => {
    const intl = new Intl.DisplayNames([code], { type: 'language' }).of(code)!;
    expect(LANGUAGE_NAMES[code]).toBe(intl.charAt(0).toLocaleUpperCase(code) + intl.slice(1));
    expect(nativeLanguageName(code)).toBe(LANGUAGE_NAMES[code]);
  });

  it('names a code outside the kiosk languages through Intl, and an unknown code as itself', () => {
    expect(nativeLanguageName('nl')).toBe('Nederlands');
    expect(displayedLanguageName('pt')).toBe('Português');
    expect(nativeLanguageName('12')).toBe('12'); // not a language tag: Intl throws
  });
});
