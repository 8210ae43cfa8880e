// Device, live-preview and image-intake errors as catalogue messages: every key renders in English (for
// the log) and in each of the ten languages with its parameters filled and nothing left in braces, is a
// sentence with a next step, and is no copy of the English; zod takes each key only with its own
// parameters; each driver's failure maps to the key it should; a supervisor screen shows a keyed error
// translated and any other error as the translated sentence of its code, never main's English.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_MESSAGES, type DeviceMessageKey } from '../../../shared/device-messages';
import { englishText, KioskMessage, kioskMessage, MESSAGE_CATALOGUE } from '../../../shared/kiosk-message';
import { ErrorCode, type KioskErrorShape } from '../../../shared/contract';
import { PreviewState } from '../../../shared/contract-capture';
import { kioskText } from '../../../renderer/src/app/kiosk-text';
import { supervisorErrorText } from '../../../renderer/src/supervisor/error-text';
import { saneErrorMessage, SANE_STATUS } from '../../../main/capture/sane';
import { WIA_ERRORS, parseWiaScanResult } from '../../../main/capture/wia';
import { naps2ScanOutcome, NAPS2_MESSAGES } from '../../../main/capture/naps2';
import { cameraErrorMessage } from '../../../main/capture/camera';
import { normalizeImage } from '../../../main/capture/image-input';
import { type KioskError } from '../../../main/errors';

const localeDir = resolve(import.meta.dirname, '../../../renderer/src/i18n/locales');
const LANGUAGES = readdirSync(localeDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace('.json', ''));
type Tree = { [key: string]: string | Tree };
const locale = (lang: string) => JSON.parse(readFileSync(join(localeDir, `${lang}.json`), 'utf8')) as Tree;
const KEYS = Object.keys(DEVICE_MESSAGES) as DeviceMessageKey[];

/** Sample parameters of the right kind for a key (a device label, a program, a code, numbers). */
function sample(key: DeviceMessageKey): KioskMessage {
  const params: Record<string, string | number> = {};
  for (const [name, kind] of Object.entries(DEVICE_MESSAGES[key].params as Record<string, string>)) {
    params[name] = kind === 'number' ? 1234 : name === 'device' ? 'Acme Ghost 9000 (ghost:0)' : name === 'code' ? '0x80210099' : 'NAPS2';
  }
  return { key, params };
}

const translators = new Map<string, TFunction>();
beforeAll(async () => {
  for (const lang of LANGUAGES) {
    const instance = i18next.createInstance();
    await instance.init({ lng: lang, resources: { [lang]: { translation: locale(lang) } }, interpolation: { escapeValue: false } });
    translators.set(lang, instance.t);
  }
});

describe('the device messages in the catalogue', () => {
  it('are all in the catalogue, each with the parameters its English names', () => {
    expect(KEYS.length).toBeGreaterThanOrEqual(50);
    for (const key of KEYS) {
      expect(MESSAGE_CATALOGUE[key], key).toBe(DEVICE_MESSAGES[key]);
      const named = [...DEVICE_MESSAGES[key].en.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      expect(named, key).toEqual(Object.keys(DEVICE_MESSAGES[key].params).sort());
    }
  });

  it('each renders in English for the log: parameters filled, a plain sentence and then the next step', () => {
    for (const key of KEYS) {
      const text = englishText(sample(key));
      expect(text, key).not.toMatch(/[{}]/);
      // What happened, then at least one more sentence (or clause after ";") saying what to do.
      expect(text, key).toMatch(/^[A-Z{“'a-z].*[.;:] +[A-Z(].*\.$/);
    }
    expect(englishText(kioskMessage('scanner_timeout', { seconds: 90 }))).toBe(
      'The scanner did not finish within 90 seconds. Check that it is switched on and connected, then scan again.',
    );
    expect(englishText(kioskMessage('camera_busy', { device: 'Logitech BRIO' }))).toBe('Logitech BRIO is already taking a picture. Wait a moment, then try again.');
  });

  it('each renders in every language with its parameters, and is not the English text', () => {
    for (const lang of LANGUAGES) {
      const t = translators.get(lang)!;
      for (const key of KEYS) {
        const message = sample(key);
        const english = englishText(message);
        const text = kioskText({ message: english, sentence: message }, t, lang);
        expect(text, `${lang} ${key}`).not.toMatch(/{{|}}/);
        if (lang === 'en') expect(text, key).toBe(english.replaceAll('1234', '1,234'));
        else expect(text, `${lang} ${key}`).not.toBe(english);
        for (const value of Object.values(message.params)) {
          if (typeof value === 'string') expect(text, `${lang} ${key}`).toContain(value);
        }
      }
    }
  });

  it('numbers are written the way the language writes them', () => {
    const big = kioskMessage('image_too_many_bytes', { sizeMb: 31.5, limitMb: 20 });
    expect(kioskText({ message: englishText(big), sentence: big }, translators.get('de')!, 'de')).toContain('31,5 MB');
    expect(kioskText({ message: englishText(big), sentence: big }, translators.get('en')!, 'en')).toContain('31.5 MB');
  });

  it('zod takes a device key only with exactly its parameters, and a label of at most 200 characters', () => {
    expect(KioskMessage.safeParse(kioskMessage('scanner_timeout', { seconds: 90 })).success).toBe(true);
    expect(KioskMessage.safeParse({ key: 'scanner_timeout', params: {} }).success).toBe(false);
    expect(KioskMessage.safeParse({ key: 'scanner_timeout', params: { seconds: 90, device: 'x' } }).success).toBe(false);
    expect(KioskMessage.safeParse({ key: 'scanner_jammed', params: { device: 'x' } }).success).toBe(false);
    expect(KioskMessage.safeParse({ key: 'camera_busy', params: { device: 'x'.repeat(201) } }).success).toBe(false);
    expect(KioskMessage.safeParse({ key: 'image_too_small', params: { width: Number.NaN, height: 2 } }).success).toBe(false);
    // The preview's failed state carries the key through its own schema too.
    const failed = { previewId: 'pv-1', verificationId: '00000000-0000-4000-8000-000000000000', side: 'front', state: 'failed' };
    expect(PreviewState.safeParse({ ...failed, error: { code: 'device_error', message: 'x', sentence: kioskMessage('camera_in_use') } }).success).toBe(true);
    expect(PreviewState.safeParse({ ...failed, error: { code: 'device_error', message: 'x', sentence: { key: 'camera_in_use', params: { x: 1 } } } }).success).toBe(false);
  });
});

describe('each driver failure maps to its key', () => {
  it('SANE exit statuses and error output', () => {
    const cases: Array<[number | null, string, string]> = [
      [SANE_STATUS.JAMMED, '', 'scanner_jammed'],
      [SANE_STATUS.NO_DOCS, '', 'scanner_no_document'],
      [SANE_STATUS.COVER_OPEN, '', 'scanner_cover_open'],
      [SANE_STATUS.DEVICE_BUSY, '', 'scanner_busy_other_job'],
      [SANE_STATUS.IO_ERROR, '', 'scanner_stopped_responding'],
      [SANE_STATUS.ACCESS_DENIED, '', 'scanner_access_denied'],
      [SANE_STATUS.NO_MEM, '', 'scanner_no_memory'],
      [SANE_STATUS.CANCELLED, '', 'scanner_cancelled_on_device'],
      [1, 'scanimage: open of device ghost:0 failed: Invalid argument', 'scanner_not_opened'],
    ];
    for (const [code, stderr, key] of cases) expect(saneErrorMessage(code, stderr).key, `${code}`).toBe(key);
    expect(saneErrorMessage(SANE_STATUS.EOF, '')).toEqual({ key: 'scanner_error_code', params: { code: '5' } });
    expect(saneErrorMessage(null, '')).toEqual({ key: 'scanner_error_code', params: { code: 'none' } });
  });

  it('WIA HRESULTs; an unknown one keeps its code, anything that is not a code does not reach the screen', () => {
    for (const [hresult, message] of Object.entries(WIA_ERRORS)) expect(KioskMessage.safeParse(message).success, hresult).toBe(true);
    const failure = (hresult: unknown) => {
      try {
        parseWiaScanResult(JSON.stringify({ ok: false, hresult, message: 'COM exception at C:\\Users\\teller' }));
      } catch (e) {
        return (e as KioskError).sentence;
      }
      throw new Error('expected a failure');
    };
    expect(failure('0x80210002')).toEqual({ key: 'scanner_jammed', params: {} });
    expect(failure('0x80070005')).toEqual({ key: 'scanner_error_code', params: { code: '0x80070005' } });
    expect(failure('C:\\Users\\teller\\secret')).toEqual({ key: 'scanner_error_code', params: { code: 'unknown' } });
  });

  it('NAPS2 console lines, and anything else as "no image"', () => {
    for (const { match, message } of NAPS2_MESSAGES) {
      try {
        naps2ScanOutcome(`Beginning scan...\n${match}\n`, false);
        throw new Error('expected a failure');
      } catch (e) {
        expect((e as KioskError).sentence, match).toEqual(message);
      }
    }
    expect(() => naps2ScanOutcome('Der Scanner hat einen Papierstau.\n', false)).toThrow(expect.objectContaining({ sentence: { key: 'scanner_no_image', params: {} } }));
  });

  it('fswebcam error output', () => {
    expect(cameraErrorMessage('open: Device or resource busy').key).toBe('camera_in_use');
    expect(cameraErrorMessage('stat: No such file or directory').key).toBe('camera_unplugged');
    expect(cameraErrorMessage('').key).toBe('camera_no_picture');
  });

  it('image intake: the sizes and format reach the sentence as parameters', async () => {
    const tiny = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    await expect(normalizeImage(tiny, { maxBytes: 1024 * 1024 })).rejects.toMatchObject({ code: 'bad_image', sentence: { key: 'image_too_small', params: { width: 1, height: 1 } } });
    await expect(normalizeImage(Buffer.alloc(0), { maxBytes: 10 })).rejects.toMatchObject({ sentence: { key: 'image_empty', params: {} } });
    await expect(normalizeImage(Buffer.alloc(3 * 1024 * 1024 + 100_000), { maxBytes: 2 * 1024 * 1024 })).rejects.toMatchObject({
      sentence: { key: 'image_too_many_bytes', params: { sizeMb: 3.1, limitMb: 2 } },
    });
  });
});

describe('supervisor screens show no English from main', () => {
  it('a keyed error in the teller language; any other by its code, translated; the page’s own sentences as they are', () => {
    const de = translators.get('de')!;
    const deStrings = locale('de') as { errors: { code: Record<string, string> }; message: Record<string, string> };
    const keyed: KioskErrorShape = { code: 'device_error', message: englishText(kioskMessage('scanner_jammed')), sentence: kioskMessage('scanner_jammed') };
    expect(supervisorErrorText(keyed, de, 'de')).toBe(deStrings.message.scanner_jammed);
    const plain: KioskErrorShape = { code: 'conflict', message: 'SQLITE_BUSY: database is locked at /var/lib/kiosk/kiosk.db' };
    expect(supervisorErrorText(plain, de, 'de')).toBe(deStrings.errors.code.conflict);
    const page: KioskErrorShape = { code: 'internal', message: de('errors.network') };
    expect(supervisorErrorText(page, de, 'de')).toBe(de('errors.network'));
  });

  it('every error code but internal has its sentence in all ten languages', () => {
    for (const lang of LANGUAGES) {
      const codes = (locale(lang) as { errors: { code: Record<string, string> } }).errors.code;
      for (const code of ErrorCode.options.filter((c) => c !== 'internal')) {
        expect(codes[code], `${lang} ${code}`).toMatch(/\. .*\.$/);
        if (lang !== 'en') expect(codes[code], `${lang} ${code}`).not.toBe((locale('en') as { errors: { code: Record<string, string> } }).errors.code[code]);
      }
    }
  });
});
