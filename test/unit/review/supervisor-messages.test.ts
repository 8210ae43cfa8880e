// The supervisor area's refusals as catalogue messages: main's real refusal (the supervisor service's
// own checks) crosses the dispatcher with its key, and the supervisor screen shows it in the teller's
// language — a lock time written out in that language, a state by its name there — while the English
// beside it keeps the ISO time for the log.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { SUPERVISOR_MESSAGES } from '../../../shared/supervisor-messages';
import { englishText, kioskMessage, MESSAGE_CATALOGUE } from '../../../shared/kiosk-message';
import { KioskErrorShape } from '../../../shared/contract';
import { supervisorErrorText } from '../../../renderer/src/supervisor/error-text';
import { type KioskError } from '../../../main/errors';
import { cleanReason } from '../../../main/review/actions';

const localeDir = resolve(import.meta.dirname, '../../../renderer/src/i18n/locales');
const locale = (lang: string) => JSON.parse(readFileSync(join(localeDir, `${lang}.json`), 'utf8')) as { message: Record<string, string>; state: Record<string, string> };
async function translator(lang: string) {
  const instance = i18next.createInstance();
  await instance.init({ lng: lang, resources: { [lang]: { translation: locale(lang) } }, interpolation: { escapeValue: false } });
  return instance.t;
}

describe('supervisor refusals', () => {
  it('are all in the catalogue', () => {
    for (const key of Object.keys(SUPERVISOR_MESSAGES)) expect(key in MESSAGE_CATALOGUE, key).toBe(true);
  });

  it('a refusal from the supervisor actions arrives keyed and is shown in Swedish', async () => {
    let error: KioskError | null = null;
    try {
      cleanReason(' x ');
    } catch (e) {
      error = e as KioskError;
    }
    expect(error?.sentence).toEqual({ key: 'review_reason_short', params: {} });
    const shape = KioskErrorShape.parse({ code: error!.code, message: error!.userMessage, sentence: error!.sentence });
    expect(supervisorErrorText(shape, await translator('sv'), 'sv')).toBe(locale('sv').message.review_reason_short);
  });

  it('a lock time is written out in the language; the English keeps the ISO instant', async () => {
    const until = '2026-12-06T14:05:00.000Z';
    const m = kioskMessage('supervisor_setup_locked', { until });
    expect(englishText(m)).toBe(`Setup is locked after too many wrong entries until ${until}. Try again after that.`);
    const text = supervisorErrorText({ code: 'forbidden', message: englishText(m), sentence: m }, await translator('de'), 'de');
    expect(text).not.toContain(until);
    expect(text).toContain(new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(until)));
    expect(text).toMatch(/^Die Einrichtung ist nach zu vielen falschen Eingaben bis .+ gesperrt\./);
  });

  it('a state is named in the language', async () => {
    const m = kioskMessage('review_decision_same', { state: 'accepted' });
    const ru = locale('ru');
    expect(supervisorErrorText({ code: 'conflict', message: englishText(m), sentence: m }, await translator('ru'), 'ru')).toContain(`«${ru.state.accepted}»`);
  });
});
