// `branch-id-kiosk --export-diagnostics` through the real Electron entry (main/electron/index.ts)
// against the recording `electron` module: the kiosk started with the flag writes a bundle once it
// is up, a second instance started with the flag makes the running kiosk write another, and a
// diagnostics folder that cannot be written gives a plain sentence in the log instead of an
// unhandled rejection. The bundle's sections are listed and checked, and no secret or personal data
// of the run is in it: database key, provider API key, metrics token, supervisor PIN and name, the
// holder's names, document number and MRZ.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => await import('./electron-fake'));
const fake = await import('./electron-fake');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (event: unknown, ...args: unknown[]) => Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }>;
let invoke: (name: string, payload: unknown) => ReturnType<Handler>;

const FLAG = '--export-diagnostics';
const API_KEY = 'zs-diagnostics-test-api-key-7f3a9c2e51';
const METRICS_TOKEN = 'metrics-token-for-the-diagnostics-test-81c4';
const PIN = '74915362';
const SUPERVISOR = 'Henrietta Lindqvist';
const diagDir = join(fake.userData, 'diagnostics');
const logText = () => readdirSync(join(fake.userData, 'logs')).map((f) => readFileSync(join(fake.userData, 'logs', f), 'utf8')).join('\n');
const bundles = () => (existsSync(diagDir) ? readdirSync(diagDir).filter((f) => /^diagnostics-.*\.json$/.test(f)).sort() : []);

async function until<T>(what: string, probe: () => T | null | undefined | false, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const argvBefore = [...process.argv];
beforeAll(async () => {
  process.env.KIOSK_USER_DATA_DIR = fake.userData;
  process.env.KIOSK_TRAINING = '1';
  process.env.KIOSK_METRICS_TOKEN = METRICS_TOKEN;
  delete process.env.KIOSK_DATA_DIR;
  mkdirSync(join(fake.userData, 'data'), { recursive: true, mode: 0o700 });
  writeFileSync(join(fake.userData, 'data', 'config.json'), JSON.stringify({ metrics: { listen: '127.0.0.1:0' }, precheck: { onUnreadable: 'allow' } }), { mode: 0o600 });
  // Credentials an installer dropped: imported and sealed at start (training is forced, so unused).
  writeFileSync(join(fake.userData, 'provider-credentials.json'), JSON.stringify({ zignsec: { apiKey: API_KEY } }));
  // The kiosk itself started with the flag (nothing was running).
  process.argv = [...argvBefore, FLAG];
  await import('../../../main/electron/index');
  process.argv = argvBefore;
  fake.fireReady();
  await until('the kiosk window', () => fake.calls.some((c) => c[0] === 'win.loadURL'), 120_000);
  const errors = fake.calls.filter((c) => c[0] === 'dialog.showErrorBox');
  if (errors.length) throw new Error(`kiosk failed to start: ${JSON.stringify(errors)}`);
  const win = fake.BrowserWindow.all[0]!;
  invoke = (name, payload) => (fake.ipcMain.handlers.get(`kiosk:${name}`) as Handler)({ senderFrame: win.webContents.mainFrame, sender: win.webContents }, payload);
}, 150_000);

afterAll(async () => {
  process.argv = argvBefore;
  delete process.env.KIOSK_METRICS_TOKEN;
  fake.app.quit();
  for (let i = 0; i < 200 && fake.calls.filter((c) => c[0] === 'app.quit').length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  rmSync(fake.userData, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('--export-diagnostics (Electron entry)', () => {
  it('the kiosk started with the flag writes a bundle once it is up', async () => {
    const [first] = await until('the bundle of the start', () => (bundles().length ? bundles() : null));
    const bundle = JSON.parse(readFileSync(join(diagDir, first!), 'utf8')) as Record<string, unknown>;
    expect((bundle.health as { mode: string }).mode).toBe('training');
    expect(logText()).toMatch(/INFO diagnostics written to .*diagnostics-.*\.json/);
  });

  it('a second instance with the flag makes the running kiosk write a bundle: its sections listed, no secret or personal data of the run', async () => {
    // Some activity with personal data: a supervisor set up, a passport scanned, submitted and answered.
    const code = readFileSync(join(fake.userData, 'data', 'supervisor-setup-code.txt'), 'utf8').trim();
    const setup = await invoke('supervisorSetup', { name: SUPERVISOR, pin: PIN, code });
    expect(setup, JSON.stringify(setup.error)).toMatchObject({ ok: true });
    const devices = await invoke('listDevices', {});
    const scanner = (devices.value as Array<{ id: string; specimen: boolean; kind: string }>).find((d) => d.specimen && d.kind === 'scanner')!;
    const started = await invoke('startVerification', { documentType: 'passport' });
    const id = started.value.id as string;
    expect(await invoke('capture', { verificationId: id, side: 'front', deviceId: scanner.id })).toMatchObject({ ok: true });
    const reading = (await invoke('getVerification', { id })).value as { captures: Array<{ precheck?: { mrz?: { firstName?: string; lastName?: string; documentNumber?: string; lines?: string[] } } }> };
    const mrz = reading.captures[0]?.precheck?.mrz;
    const submitted = await invoke('submit', { verificationId: id });
    expect(submitted, JSON.stringify(submitted.error)).toMatchObject({ ok: true });
    let outcome: { identity?: { fullName?: string; firstName?: string; lastName?: string; documentNumber?: string; personalNumber?: string } } | undefined;
    for (let i = 0; i < 1200 && !outcome; i++) {
      const v = (await invoke('getVerification', { id })).value as { state: string; outcome?: typeof outcome };
      if (['accepted', 'declined'].includes(v.state)) outcome = v.outcome;
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(outcome?.identity?.documentNumber ?? mrz?.documentNumber).toBeTruthy();

    const before = bundles();
    fake.app.emit('second-instance', {}, ['/opt/Branch ID Kiosk/branch-id-kiosk', FLAG], '/');
    const after = await until('the second bundle', () => (bundles().length > before.length ? bundles() : null));
    const file = join(diagDir, after.find((f) => !before.includes(f))!);
    const text = readFileSync(file, 'utf8');
    const bundle = JSON.parse(text) as { createdAt: string; app: Record<string, string>; health: Record<string, unknown>; secretProtection: string; logs: Array<{ file: string; text: string }> };

    // The sections, listed.
    expect(Object.keys(bundle).sort()).toEqual(['app', 'createdAt', 'health', 'logs', 'secretProtection']);
    expect(bundle.app).toMatchObject({ name: 'Branch ID Kiosk', platform: process.platform });
    expect(Object.keys(bundle.health).sort()).toEqual(expect.arrayContaining(['devices', 'kioskId', 'mode', 'providers', 'queue', 'version']));
    // The level the kiosk logged at start (safeStorage with a keyring: sealed by the OS).
    expect(bundle.secretProtection).toBe(/secret protection: (\w+)/.exec(logText())?.[1]);
    expect(bundle.secretProtection).toBe('os');
    expect(bundle.logs.map((l) => l.file)).toContain('kiosk.log');
    expect(bundle.logs.find((l) => l.file === 'kiosk.log')!.text).toContain('kiosk started in training mode');

    // No secret and no personal data of this run.
    const sealed = join(fake.userData, 'secrets', 'db-key.sealed');
    const dbKey = fake.safeStorage.decryptString(Buffer.from(JSON.parse(readFileSync(sealed, 'utf8')).data, 'base64'));
    const identity = outcome?.identity ?? {};
    const personal = [identity.fullName, identity.firstName, identity.lastName, identity.documentNumber, identity.personalNumber, mrz?.firstName, mrz?.lastName, mrz?.documentNumber, ...(mrz?.lines ?? [])];
    const forbidden = [dbKey, API_KEY, METRICS_TOKEN, PIN, SUPERVISOR, ...personal].filter((v): v is string => typeof v === 'string' && v.length >= 4);
    expect(forbidden.length).toBeGreaterThanOrEqual(6);
    for (const value of forbidden) expect(text.toLowerCase(), `"${value}" is in the bundle`).not.toContain(value.toLowerCase());
  }, 150_000);

  it('a diagnostics folder that cannot be written: a plain sentence in the log, the kiosk runs on', async () => {
    rmSync(diagDir, { recursive: true, force: true });
    writeFileSync(diagDir, 'a file where the folder should be\n'); // not writable as a folder, even for root
    fake.app.emit('second-instance', {}, ['/opt/Branch ID Kiosk/branch-id-kiosk', FLAG], '/');
    const line = await until('the error line', () => logText().split('\n').find((l) => l.includes('ERROR') && l.includes('diagnostics')));
    expect(line).toContain(`The diagnostics bundle could not be written to ${diagDir}`);
    expect(line).not.toMatch(/ at |node:internal/); // a sentence, not a stack
    rmSync(diagDir, { force: true });
    // Still serving the teller.
    expect(await invoke('getStatus', {})).toMatchObject({ ok: true, value: { mode: 'training' } });
  });
});
