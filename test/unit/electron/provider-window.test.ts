import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { openProviderFlow, type ProviderWindowDeps } from '../../../main/electron/provider-window';
import { PROVIDER_PARTITION, providerWindowOptions } from '../../../main/electron/window-options';
import { FakeSession, FakeWebContents } from './fakes';

class FakeProviderWindow extends EventEmitter {
  webContents = new FakeWebContents('');
  loaded: string[] = [];
  menu: unknown = 'default';
  constructor(readonly options: Record<string, unknown>) {
    super();
  }
  setMenu(m: unknown) {
    this.menu = m;
  }
  show() {}
  async loadURL(url: string) {
    this.loaded.push(url);
  }
}

function deps() {
  const windows: FakeProviderWindow[] = [];
  const sessions = new Map<string, FakeSession>();
  const d = {
    createWindow: (o: Record<string, unknown>) => {
      const w = new FakeProviderWindow(o);
      windows.push(w);
      return w;
    },
    sessionFromPartition: (p: string) => {
      if (!sessions.has(p)) sessions.set(p, new FakeSession());
      return sessions.get(p)!;
    },
    parent: null,
    production: true,
    log: () => {},
  } as unknown as ProviderWindowDeps;
  return { d, windows, sessions };
}

describe('ZignSec assisted-flow window', () => {
  const redirect = 'https://test.zignsec.com/v3/eid/scanningsessions/scan/231a7aa4-f6d3-468b-9aab-7ec4c6ee3a8c';

  it('opens the provider page in a locked window limited to the provider origin', async () => {
    const { d, windows, sessions } = deps();
    const done = openProviderFlow(redirect, 'https://test.zignsec.com', d);
    await new Promise((r) => setImmediate(r));
    const win = windows[0]!;
    expect(win.options).toEqual({ ...providerWindowOptions({ production: true }), modal: false }); // no parent given
    expect(win.menu).toBeNull();
    expect(win.loaded).toEqual([redirect]);
    const fire = (event: string, url: string) => win.webContents.fire(event, url);
    expect(fire('will-navigate', 'https://test.zignsec.com/v3/next')).toBe(false);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'app://kiosk/index.html')).toBe(true);
    expect(win.webContents.windowOpenHandler!({ url: 'https://test.zignsec.com/x' })).toEqual({ action: 'deny' });

    const s = sessions.get(PROVIDER_PARTITION)!;
    expect(s.request('media', 'https://test.zignsec.com/scan', { mediaTypes: ['video'] })).toBe(true);
    expect(s.request('media', 'https://evil.example/', { mediaTypes: ['video'] })).toBe(false);
    // Camera only: the microphone, both, or an unnamed kind are refused even for the provider.
    expect(s.request('media', 'https://test.zignsec.com/scan', { mediaTypes: ['audio'] })).toBe(false);
    expect(s.request('media', 'https://test.zignsec.com/scan', { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(s.request('media', 'https://test.zignsec.com/scan', { mediaTypes: [] })).toBe(false);
    expect(s.request('media', 'https://test.zignsec.com/scan')).toBe(false);
    expect(s.checkHandler!(null, 'media', 'https://test.zignsec.com', { mediaType: 'video' })).toBe(true);
    expect(s.checkHandler!(null, 'media', 'https://test.zignsec.com', { mediaType: 'audio' })).toBe(false);
    expect(s.checkHandler!(null, 'media', 'https://test.zignsec.com', {})).toBe(false);
    expect(s.request('geolocation', 'https://test.zignsec.com/scan')).toBe(false);
    expect(s.headersListener).toBeNull();

    win.emit('closed');
    await expect(done).resolves.toBeUndefined();
  });

  it('refuses a redirect outside the configured provider origin and opens nothing', async () => {
    const { d, windows } = deps();
    await expect(openProviderFlow('https://evil.example/scan', 'https://test.zignsec.com', d)).rejects.toThrow(/outside its own site/);
    await expect(openProviderFlow('http://test.zignsec.com/scan', 'https://test.zignsec.com', d)).rejects.toThrow();
    await expect(openProviderFlow(redirect, 'http://test.zignsec.com', d)).rejects.toThrow();
    expect(windows).toHaveLength(0);
  });
});
