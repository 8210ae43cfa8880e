// Boots the real Electron entry (main/electron/index.ts) against a recording `electron` module:
// the order of the pre-ready security steps, the window it opens, the hardened session, and the
// real kiosk core in training mode driven end to end through the generated IPC handlers.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES } from '../../../shared/contract';
import { kioskWindowOptions } from '../../../main/electron/window-options';

vi.mock('electron', async () => await import('./electron-fake'));
const fake = await import('./electron-fake');

// Results are checked field by field below; `value` is the contract's response for each call.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (event: unknown, ...args: unknown[]) => Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }>;
let win: InstanceType<typeof fake.BrowserWindow>;
let invoke: (name: string, payload: unknown, sender?: unknown) => ReturnType<Handler>;

beforeAll(async () => {
  process.env.KIOSK_USER_DATA_DIR = fake.userData;
  process.env.KIOSK_TRAINING = '1';
  delete process.env.KIOSK_DATA_DIR;
  await import('../../../main/electron/index');
  fake.fireReady();
  for (let i = 0; i < 600 && !fake.calls.some((c) => c[0] === 'win.loadURL'); i++) await new Promise((r) => setTimeout(r, 50));
  const errors = fake.calls.filter((c) => c[0] === 'dialog.showErrorBox');
  if (errors.length) throw new Error(`kiosk failed to start: ${JSON.stringify(errors)}`);
  win = fake.BrowserWindow.all[0]!;
  invoke = (name, payload, sender) =>
    (fake.ipcMain.handlers.get(`kiosk:${name}`) as Handler)(sender ?? { senderFrame: win.webContents.mainFrame, sender: win.webContents }, payload);
}, 120_000);

afterAll(async () => {
  fake.app.quit();
  for (let i = 0; i < 200 && fake.calls.filter((c) => c[0] === 'app.quit').length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  rmSync(fake.userData, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

const order = (name: string) => fake.calls.findIndex((c) => c[0] === name);

describe('Electron entry (main/electron/index.ts)', () => {
  it('enables the sandbox, registers app:// as privileged and takes the single-instance lock before ready', () => {
    const readyAt = order('app.ready');
    expect(readyAt).toBeGreaterThan(0);
    for (const step of ['app.enableSandbox', 'protocol.registerSchemesAsPrivileged', 'app.requestSingleInstanceLock', 'crashReporter.start']) {
      expect(order(step), step).toBeGreaterThanOrEqual(0);
      expect(order(step), step).toBeLessThan(readyAt);
    }
    const [, schemes] = fake.calls[order('protocol.registerSchemesAsPrivileged')]!;
    expect(schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false }) }]);
    expect(fake.calls[order('crashReporter.start')]![1]).toMatchObject({ uploadToServer: false });
  });

  it('opens exactly one window with the locked options and loads app://kiosk/index.html', () => {
    expect(fake.BrowserWindow.all).toHaveLength(1);
    const preload = (win.options.webPreferences as { preload: string }).preload;
    expect(preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(win.options).toEqual(kioskWindowOptions({ preloadPath: preload, production: false }));
    expect(win.loaded).toEqual(['app://kiosk/index.html']);
    expect(fake.calls.some((c) => c[0] === 'Menu.setApplicationMenu' && c[1] === null)).toBe(true);
    expect(fake.calls.some((c) => c[0] === 'powerSaveBlocker.start' && c[1] === 'prevent-display-sleep')).toBe(true);
  });

  it('guards the window: foreign navigation, pop-ups and <webview> are refused', () => {
    const ev = () => ({ prevented: false, preventDefault() { this.prevented = true; } });
    const nav = ev();
    win.webContents.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.prevented).toBe(true);
    const wv = ev();
    win.webContents.emit('will-attach-webview', wv, {}, {});
    expect(wv.prevented).toBe(true);
    expect(win.webContents.windowOpenHandler!({ url: 'app://kiosk/index.html' } as never)).toEqual({ action: 'deny' });
  });

  it('hardens the kiosk session and serves app:// from it', async () => {
    const s = fake.sessions.get('persist:kiosk')!;
    let granted: boolean | null = null;
    s.handlers.request!(...([null, 'media', (g: boolean) => (granted = g), { requestingUrl: 'app://kiosk/index.html' }] as never[]));
    expect(granted).toBe(false);
    expect(s.handlers.device!(...([{ origin: 'app://kiosk' }] as never[]))).toBe(false);
    expect(typeof s.handlers.headers).toBe('function');
    const res = (await s.protocolHandlers.app!(...([{ url: 'app://kiosk/..%2f..%2fpackage.json', method: 'GET' }] as never[]))) as Response;
    expect(res.status).toBe(403);
  });

  it('registers one IPC handler per contract call and refuses a foreign sender', async () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(CALL_NAMES.map((n) => `kiosk:${n}`).sort());
    const r = await invoke('getStatus', {}, { senderFrame: { url: 'https://evil.example/', parent: null }, sender: win.webContents });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('runs the teller flow through IPC on the real core: status → scan with the specimen scanner → submit → outcome event', async () => {
    const status = await invoke('getStatus', {});
    expect(status).toMatchObject({ ok: true, value: { mode: 'training' } });
    const devices = await invoke('listDevices', {});
    const specimen = (devices.value as Array<{ id: string; specimen: boolean; kind: string }>).find((d) => d.specimen && d.kind === 'scanner');
    expect(specimen).toBeDefined();
    const started = await invoke('startVerification', { documentType: 'passport' });
    expect(started.ok).toBe(true);
    const captured = await invoke('capture', { verificationId: started.value.id, side: 'front', deviceId: specimen!.id });
    expect(captured, JSON.stringify(captured.error)).toMatchObject({ ok: true });
    expect(captured.value.preview).toMatch(/^data:image\/jpeg;base64,/);
    const submitted = await invoke('submit', { verificationId: started.value.id });
    expect(submitted, JSON.stringify(submitted.error)).toMatchObject({ ok: true });

    const finalStates = ['accepted', 'declined', 'failed', 'needs_attention'];
    let last: { id: string; state: string } | undefined;
    for (let i = 0; i < 1200; i++) {
      last = win.webContents.sent
        .filter((m) => m.channel === 'kiosk:event:verificationUpdated')
        .map((m) => m.payload as { id: string; state: string })
        .filter((v) => v.id === started.value.id)
        .at(-1);
      if (last && finalStates.includes(last.state)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(last?.state).toMatch(/^(accepted|declined)$/);
    expect(win.webContents.sent.some((m) => m.channel === 'kiosk:event:queueChanged')).toBe(true);
  }, 120_000);

  it('keeps the database key sealed in userData and out of the logs', () => {
    const sealed = join(fake.userData, 'secrets', 'db-key.sealed');
    expect(existsSync(sealed)).toBe(true);
    const hex = fake.safeStorage.decryptString(Buffer.from(JSON.parse(readFileSync(sealed, 'utf8')).data, 'base64'));
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    const logDir = join(fake.userData, 'logs');
    const logText = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), 'utf8')).join('\n');
    expect(logText).toContain('kiosk started in training mode');
    expect(logText).not.toContain(hex);
    expect(existsSync(join(fake.userData, 'data', 'kiosk.db'))).toBe(true);
    expect(readFileSync(join(fake.userData, 'data', 'kiosk.db')).subarray(0, 15).toString()).not.toBe('SQLite format 3');
  });
});
