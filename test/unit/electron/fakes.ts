// Recording fakes for the few Electron objects the builders touch. They record what was
// registered so tests can drive the real handlers (the code under test is never faked).
import type { InputLike } from '../../../main/electron/guards';

// Fakes stand in for many differently typed Electron callbacks; the code under test is typed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Listener = (...args: any[]) => any;

export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents {
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  zoomFactor = 1;
  visualZoomLimits: [number, number] | null = null;
  destroyed = false;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  readonly mainFrame: { url: string; parent: unknown; detached?: boolean };

  constructor(url = 'app://kiosk/index.html') {
    this.mainFrame = { url, parent: null };
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  setZoomFactor(f: number): void {
    this.zoomFactor = f;
  }
  setVisualZoomLevelLimits(min: number, max: number): void {
    this.visualZoomLimits = [min, max];
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  /** Fires an event with a fresh preventable event object; returns whether it was prevented. */
  fire(event: string, ...args: unknown[]): boolean {
    const e = new FakeEvent();
    this.emit(event, e, ...args);
    return e.defaultPrevented;
  }
  key(input: Partial<InputLike> & { key: string }): boolean {
    return this.fire('before-input-event', { type: 'keyDown', control: false, meta: false, alt: false, shift: false, ...input });
  }
}

export class FakeWindow {
  destroyed = false;
  constructor(readonly webContents = new FakeWebContents()) {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeSession {
  requestHandler: Listener | null = null;
  checkHandler: Listener | null = null;
  deviceHandler: Listener | null = null;
  headersListener: Listener | null = null;
  setPermissionRequestHandler(h: Listener): void {
    this.requestHandler = h;
  }
  setPermissionCheckHandler(h: Listener): void {
    this.checkHandler = h;
  }
  setDevicePermissionHandler(h: Listener): void {
    this.deviceHandler = h;
  }
  webRequest = {
    onHeadersReceived: (l: Listener) => {
      this.headersListener = l;
    },
  };
  request(permission: string, requestingUrl: string, details: { mediaTypes?: string[] } = {}): boolean {
    let granted: boolean | null = null;
    this.requestHandler!(null, permission, (g: boolean) => (granted = g), { requestingUrl, ...details });
    if (granted === null) throw new Error('permission callback never called');
    return granted;
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h(event, ...args);
  }
}
