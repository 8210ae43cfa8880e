// A recording stand-in for the `electron` module, just large enough to boot main/electron/index.ts
// under plain Node (vi.mock('electron')). Everything behind it — the kiosk core, SQLite, the
// training sandbox, the IPC handlers, the guards — is the real code.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Fn = (...args: never[]) => unknown;
export const calls: Array<[string, ...unknown[]]> = [];
const record = (name: string, ...args: unknown[]) => calls.push([name, ...args]);

export const userData = mkdtempSync(join(tmpdir(), 'kiosk-electron-entry-'));
let readyResolve!: () => void;
const ready = new Promise<void>((r) => (readyResolve = r));
export const fireReady = () => readyResolve();

class FakeApp extends EventEmitter {
  isPackaged = false;
  paths: Record<string, string> = { userData };
  enableSandbox() {
    record('app.enableSandbox');
  }
  getPath(name: string) {
    return this.paths[name] ?? join(userData, name);
  }
  setPath(name: string, value: string) {
    record('app.setPath', name, value);
    this.paths[name] = value;
  }
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return true;
  }
  whenReady() {
    return ready.then(() => record('app.ready'));
  }
  getName() {
    return 'Branch ID Kiosk';
  }
  quit() {
    record('app.quit');
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('before-quit', event);
  }
  exit(code: number) {
    record('app.exit', code);
  }
  setLoginItemSettings(s: unknown) {
    record('app.setLoginItemSettings', s);
  }
}
export const app = new FakeApp();

export const protocol = { registerSchemesAsPrivileged: (s: unknown) => record('protocol.registerSchemesAsPrivileged', s) };
export const crashReporter = { start: (o: unknown) => record('crashReporter.start', o) };
export const Menu = { setApplicationMenu: (m: unknown) => record('Menu.setApplicationMenu', m) };
export const dialog = {
  showErrorBox: (t: string, m: string) => record('dialog.showErrorBox', t, m),
  showMessageBox: async (...a: unknown[]) => (record('dialog.showMessageBox', ...a), { response: 0 }),
};
let blockerStarted = false;
export const powerSaveBlocker = {
  start: (type: string) => (record('powerSaveBlocker.start', type), (blockerStarted = true), 7),
  isStarted: () => blockerStarted,
  stop: (id: number) => (record('powerSaveBlocker.stop', id), (blockerStarted = false)),
};

const userKey = randomBytes(32);
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString(plain: string) {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', userKey, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  },
  decryptString(sealed: Buffer) {
    const d = createDecipheriv('aes-256-gcm', userKey, sealed.subarray(0, 12));
    d.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
  },
};

export class FakeSession {
  handlers: Record<string, Fn | null> = {};
  protocolHandlers: Record<string, Fn> = {};
  setPermissionRequestHandler(h: Fn) {
    this.handlers.request = h;
  }
  setPermissionCheckHandler(h: Fn) {
    this.handlers.check = h;
  }
  setDevicePermissionHandler(h: Fn) {
    this.handlers.device = h;
  }
  webRequest = { onHeadersReceived: (h: Fn) => (this.handlers.headers = h) };
  protocol = { handle: (scheme: string, h: Fn) => (this.protocolHandlers[scheme] = h) };
}
export const sessions = new Map<string, FakeSession>();
export const session = {
  fromPartition(name: string) {
    if (!sessions.has(name)) sessions.set(name, new FakeSession());
    return sessions.get(name)!;
  },
};

export class FakeWebContents extends EventEmitter {
  mainFrame = { url: '', parent: null };
  sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: Fn | null = null;
  destroyed = false;
  setWindowOpenHandler(h: Fn) {
    this.windowOpenHandler = h;
  }
  setZoomFactor() {}
  setVisualZoomLevelLimits() {}
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
}

export class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  static getAllWindows() {
    return BrowserWindow.all;
  }
  webContents = new FakeWebContents();
  loaded: string[] = [];
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.all.push(this);
    // Every WebContents goes through app's web-contents-created, as in Electron.
    app.emit('web-contents-created', {}, this.webContents);
  }
  setMenu(m: unknown) {
    record('win.setMenu', m);
  }
  async loadURL(url: string) {
    this.loaded.push(url);
    this.webContents.mainFrame.url = url;
    record('win.loadURL', url);
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
}

export class FakeIpcMain {
  handlers = new Map<string, Fn>();
  handle(channel: string, h: Fn) {
    this.handlers.set(channel, h);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
}
export const ipcMain = new FakeIpcMain();

export default { app, protocol, crashReporter, Menu, dialog, powerSaveBlocker, safeStorage, session, BrowserWindow, ipcMain };
