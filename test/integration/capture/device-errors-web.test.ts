// A real device failure reaches the teller as a catalogue key with its English beside it, and the
// screen's locales turn it into the teller's language: a SANE scanner listed but gone (the real
// scanimage fails to open it) over the real loopback web host into a real kiosk core, and fswebcam on
// a video node that does not exist.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import i18next from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultSchema } from '../../../shared/contract';
import { CaptureSummary, type Verification } from '../../../shared/domain';
import { englishText, kioskMessage } from '../../../shared/kiosk-message';
import { kioskText } from '../../../renderer/src/app/kiosk-text';
import { DeviceRegistry } from '../../../main/capture/devices';
import { FswebcamSource } from '../../../main/capture/camera';
import { callKiosk, startHarness, REPO_ROOT, type Harness } from '../../helpers/kiosk-harness';
import { GHOST_SCANNER_ID, installGhostScanner } from '../../helpers/ghost-scanner';
import { kioskFailure } from '../../helpers/fixtures';

type Tree = { [key: string]: string | Tree };
const locale = (lang: string) => JSON.parse(readFileSync(join(REPO_ROOT, `renderer/src/i18n/locales/${lang}.json`), 'utf8')) as Tree & { message: Record<string, string> };

async function translator(lang: string) {
  const instance = i18next.createInstance();
  await instance.init({ lng: lang, resources: { [lang]: { translation: locale(lang) } }, interpolation: { escapeValue: false } });
  return instance.t;
}

let h: Harness;
let ghost: { remove(): void };
beforeAll(async () => {
  ghost = installGhostScanner();
  h = await startHarness({ web: true, overrides: { capture: { sane: true, cameras: false } } });
}, 120_000);
afterAll(async () => {
  await h?.close();
  ghost?.remove();
});

async function api(name: string, request: unknown): Promise<{ status: number; json: unknown }> {
  const { status, json } = await callKiosk(h, name, request);
  return { status, json: json as never };
}

describe('a scanner that cannot be opened', () => {
  it('is listed, and its capture is refused with scanner_not_opened, which the screen shows in German and Russian', async () => {
    const devices = (await api('listDevices', {})).json as { ok: true; value: Array<{ id: string; label: string }> };
    expect(devices.value.map((d) => d.id)).toContain(GHOST_SCANNER_ID);
    const v = ((await api('startVerification', { documentType: 'id_card' })).json as { value: Verification }).value;

    const reply = await api('capture', { verificationId: v.id, side: 'front', deviceId: GHOST_SCANNER_ID });
    expect(reply.status).not.toBe(200);
    const parsed = resultSchema(CaptureSummary).safeParse(reply.json);
    expect(parsed.success).toBe(true);
    const error = (reply.json as { ok: false; error: { code: string; message: string; sentence: { key: string; params: Record<string, unknown> } } }).error;
    expect(error.code).toBe('device_error');
    expect(error.sentence).toEqual({ key: 'scanner_not_opened', params: {} });
    // The English stays beside the key for the log and the CLI, and names no path or driver output.
    expect(error.message).toBe(englishText(kioskMessage('scanner_not_opened')));
    expect(JSON.stringify(reply.json)).not.toMatch(/Invalid argument|scanimage|ghost:0 failed/);

    const de = await translator('de');
    expect(kioskText(error as never, de, 'de')).toBe(locale('de').message.scanner_not_opened);
    expect(kioskText(error as never, de, 'de')).toMatch(/^Der Scanner konnte nicht geöffnet werden\./);
    const ru = await translator('ru');
    expect(kioskText(error as never, ru, 'ru')).toBe(locale('ru').message.scanner_not_opened);
    // Nothing was stored for the side that failed.
    expect((await h.kiosk.service.getVerification({ id: v.id })).captures).toEqual([]);
  });

  it('a device id that is no longer listed is device_gone, in Greek on the screen', async () => {
    const v = ((await api('startVerification', { documentType: 'passport' })).json as { value: Verification }).value;
    const reply = (await api('capture', { verificationId: v.id, side: 'front', deviceId: 'sane:unplugged:9' })).json as { error: { code: string; message: string; sentence: never } };
    expect(reply.error).toMatchObject({ code: 'device_error', sentence: { key: 'device_gone', params: {} } });
    expect(kioskText(reply.error, await translator('el'), 'el')).toBe(locale('el').message.device_gone);
  });
});

describe('fswebcam on a video node that does not exist', () => {
  it('is camera_unplugged, from the real fswebcam run, in Turkish on the screen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-video-'));
    try {
      const registry = new DeviceRegistry([new FswebcamSource({ devDir: join(dir, 'none'), extraCameras: [{ id: 'camera:gone', label: 'Gone', source: join(dir, 'video9') }] })]);
      const e = await kioskFailure(registry.capture('camera:gone', { documentType: 'id_card', side: 'front' }));
      expect(e.code).toBe('device_error');
      expect(e.sentence).toEqual({ key: 'camera_unplugged', params: {} });
      expect(kioskText({ message: e.userMessage, sentence: e.sentence! }, await translator('tr'), 'tr')).toBe(locale('tr').message.camera_unplugged);
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
  });
});
