// Main's sentences as keys with parameters: every key of the catalogue has a text in each of the ten
// locales with exactly the catalogue's placeholders; the contract's zod schema takes only a key with
// its own parameters; the dispatcher sends the key beside the English; the screen shows it in the
// teller's language with sides, countries and states named in that language.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { KioskErrorShape, resultSchema } from '../../../shared/contract';
import { Empty } from '../../../shared/contract-base';
import { englishText, KioskMessage, kioskMessage, MESSAGE_CATALOGUE, MESSAGE_KEYS, sidesOfParam, sidesParam } from '../../../shared/kiosk-message';
import { CaptureSide } from '../../../shared/domain';
import { dispatch } from '../../../main/host/dispatch';
import { KioskError } from '../../../main/errors';
import { kioskText } from '../../../renderer/src/app/kiosk-text';
import type { KioskService } from '../../../shared/contract';

const localeDir = resolve(import.meta.dirname, '../../../renderer/src/i18n/locales');
type Tree = { [key: string]: string | Tree };
const locale = (file: string) => JSON.parse(readFileSync(join(localeDir, file), 'utf8')) as Tree;
const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
const LANGUAGES = readdirSync(localeDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace('.json', ''));

/** What is wrong with one locale's `message` section against the catalogue (empty when nothing). */
function catalogueGaps(messages: Tree | string | undefined, language: string): string[] {
  const section = typeof messages === 'object' ? messages : {};
  const gaps: string[] = [];
  for (const key of MESSAGE_KEYS) {
    const text = section[key];
    const want = placeholders(MESSAGE_CATALOGUE[key].en);
    if (typeof text !== 'string' || text.trim() === '') gaps.push(`${language}: message.${key} missing`);
    else if (placeholders(text).join(',') !== want.join(',')) gaps.push(`${language}: message.${key} has {{${placeholders(text).join(', ')}}}, wants {{${want.join(', ')}}}`);
  }
  for (const key of Object.keys(section)) if (!(key in MESSAGE_CATALOGUE)) gaps.push(`${language}: message.${key} is not in the catalogue`);
  return gaps;
}

describe('the catalogue of main sentences', () => {
  it('is translated in all ten languages, with the catalogue placeholders', () => {
    expect(LANGUAGES.sort()).toEqual(['cs', 'de', 'el', 'en', 'es', 'fr', 'it', 'ru', 'sv', 'tr']);
    expect(MESSAGE_KEYS.length).toBeGreaterThan(30);
    expect(LANGUAGES.flatMap((l) => catalogueGaps(locale(`${l}.json`).message, l))).toEqual([]);
  });

  it('English in the locale is the catalogue English; another language is not a copy of it', () => {
    const en = locale('en.json').message as Tree;
    for (const key of MESSAGE_KEYS) expect(en[key], key).toBe(MESSAGE_CATALOGUE[key].en);
    const de = locale('de.json').message as Tree;
    expect(MESSAGE_KEYS.filter((k) => de[k] === MESSAGE_CATALOGUE[k].en)).toEqual([]);
  });

  it('the check catches a missing text, a changed placeholder and a stray key', () => {
    const broken: Tree = Object.fromEntries(MESSAGE_KEYS.map((k) => [k, MESSAGE_CATALOGUE[k].en]));
    delete broken.disk_full;
    broken.country_mismatch = 'Land {{chosen}} / {{gelesen}}';
    broken.not_a_key = 'x';
    expect(catalogueGaps(broken, 'xx')).toEqual([
      'xx: message.country_mismatch has {{chosen, gelesen}}, wants {{chosen, read}}',
      'xx: message.disk_full missing',
      'xx: message.not_a_key is not in the catalogue',
    ]);
  });

  it('each catalogue parameter appears in its English text, and each placeholder is a declared parameter', () => {
    for (const key of MESSAGE_KEYS) expect(placeholders(MESSAGE_CATALOGUE[key].en), key).toEqual(Object.keys(MESSAGE_CATALOGUE[key].params).sort());
  });
});

describe('KioskMessage at the IPC boundary', () => {
  it('takes a key with exactly its parameters', () => {
    expect(KioskMessage.safeParse(kioskMessage('disk_low', { freeMb: 12, neededMb: 500 })).success).toBe(true);
    expect(KioskMessage.safeParse({ key: 'disk_low', params: { freeMb: 12 } }).success).toBe(false);
    expect(KioskMessage.safeParse({ key: 'disk_full', params: { name: 'Anna Svensson' } }).success).toBe(false);
    expect(KioskMessage.safeParse({ key: 'no_such_key', params: {} }).success).toBe(false);
    expect(KioskMessage.safeParse({ key: 'assisted_too_late', params: { provider: 'x'.repeat(201) } }).success).toBe(false);
    expect(KioskErrorShape.safeParse({ code: 'conflict', message: 'x', sentence: { key: 'disk_full', params: {}, extra: 1 } }).success).toBe(false);
  });

  it('English for logs and the CLI names sides and states in words', () => {
    expect(englishText(kioskMessage('sides_missing', { sides: sidesParam(['back', 'selfie']) }))).toBe(
      "Still to capture: the back of the document and the customer's photo (selfie). Capture the missing images, then submit again.",
    );
    expect(englishText(kioskMessage('state_not_now', { state: 'needs_attention' }))).toContain('This verification is needs attention,');
    expect(englishText(kioskMessage('reason_expired_on', { date: '2019-08-03' }))).toBe('The document expired on 3 Aug 2019');
  });

  it('a sides parameter round-trips every capture side of the domain, and drops anything else', () => {
    expect(sidesOfParam(sidesParam(CaptureSide.options))).toEqual(CaptureSide.options);
    expect(sidesOfParam('front,spine,selfie')).toEqual(['front', 'selfie']);
  });

  it('the dispatcher sends the key beside the English, and the reply passes the renderer schema', async () => {
    const service = {
      getStatus: async () => {
        throw new KioskError('disk_low', kioskMessage('disk_low', { freeMb: 3, neededMb: 200 }));
      },
      listDevices: async () => {
        throw new KioskError('device_error', 'A sentence not in the catalogue.');
      },
    } as unknown as KioskService;
    const low = await dispatch(service, 'getStatus', {});
    expect(low).toEqual({
      ok: false,
      error: { code: 'disk_low', message: expect.stringContaining('(3 MB free, 200 MB needed)'), sentence: { key: 'disk_low', params: { freeMb: 3, neededMb: 200 } } },
    });
    expect(resultSchema(Empty).safeParse(low).success).toBe(true);
    const plain = await dispatch(service, 'listDevices', {});
    expect(plain).toEqual({ ok: false, error: { code: 'device_error', message: 'A sentence not in the catalogue.' } });
    const bad = await dispatch(service, 'getVerification', { id: 'not-a-uuid' });
    expect(bad.ok === false && bad.error.sentence).toEqual({ key: 'bad_request_field', params: { field: 'id' } });
    const unknown = await dispatch(service, 'noSuchCall', {});
    expect(unknown.ok === false && unknown.error.sentence?.key).toBe('no_such_action');
  });
});

describe('the screen shows main sentences in the teller language', () => {
  async function translator(language: string) {
    const instance = i18next.createInstance();
    await instance.init({
      lng: language,
      fallbackLng: 'en',
      resources: { en: { translation: locale('en.json') }, [language]: { translation: locale(`${language}.json`) } },
      interpolation: { escapeValue: false },
    });
    return instance.t;
  }

  it('German: sides and countries in German, numbers with German grouping', async () => {
    const t = await translator('de');
    const sides = new KioskError('conflict', kioskMessage('sides_missing', { sides: sidesParam(['front', 'back']) }));
    expect(kioskText({ message: sides.userMessage, sentence: sides.sentence! }, t, 'de')).toBe(
      'Noch aufzunehmen: Vorderseite und Rückseite. Nehmen Sie die fehlenden Bilder auf und senden Sie dann erneut.',
    );
    const country = kioskMessage('country_mismatch', { chosen: 'SWE', read: 'DEU' });
    expect(kioskText({ message: englishText(country), sentence: country }, t, 'de')).toContain('(Schweden)');
    expect(kioskText({ message: englishText(country), sentence: country }, t, 'de')).toContain('(Deutschland)');
    const expired = kioskMessage('reason_expired_on', { date: '2019-08-03' });
    expect(kioskText({ message: englishText(expired), sentence: expired }, t, 'de')).toBe('Das Dokument ist am 3. August 2019 abgelaufen');
    const disk = kioskMessage('disk_low', { freeMb: 1200, neededMb: 2048 });
    expect(kioskText({ message: englishText(disk), sentence: disk }, t, 'de')).toContain('(1.200 MB frei, 2.048 MB benötigt)');
  });

  it('Russian: a state by its Russian name; a sentence without a key stays as main sent it', async () => {
    const t = await translator('ru');
    const state = kioskMessage('state_not_now', { state: 'cancelled' });
    const ru = locale('ru.json') as { state: Record<string, string> };
    expect(kioskText({ message: englishText(state), sentence: state }, t, 'ru')).toContain(`«${ru.state.cancelled}»`);
    expect(kioskText({ message: 'The scanner did not answer in time.' }, t, 'ru')).toBe('The scanner did not answer in time.');
  });
});
