// The provider window stops at the callback URLs a provider's page ends on (ZOLOZ's H5 page:
// completeCallbackUrl / interruptCallbackUrl on branch-id-kiosk.invalid), closes itself and reports
// which one; every other navigation stays limited to the provider's origin. Driven through the
// window's injected surface with recording fakes; the code under test is the real openProviderFlow.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createContentsGuard, type AnyWebContents } from '../../../main/electron/contents-guard';
import { callbackReached, openProviderFlow, type ProviderWindowDeps } from '../../../main/electron/provider-window';
import { H5_COMPLETE_CALLBACK, H5_INTERRUPT_CALLBACK } from '../../../main/providers/zoloz/h5';
import { PROVIDER_PARTITION } from '../../../main/electron/window-options';
import { FakeSession, FakeWebContents } from './fakes';

const stopAt = { complete: H5_COMPLETE_CALLBACK, interrupt: H5_INTERRUPT_CALLBACK };
const ORIGIN = 'https://h5.zoloz.example';
const PAGE = `${ORIGIN}/h5/idrecognition?clientcfg=%7B%7D&langPack=sv`;

class FakeProviderWindow extends EventEmitter {
  webContents = new FakeWebContents('');
  loaded: string[] = [];
  destroyed = 0;
  constructor(private readonly onLoad: (w: FakeProviderWindow) => Promise<void>) {
    super();
  }
  setMenu() {}
  show() {}
  async loadURL(url: string) {
    this.loaded.push(url);
    await this.onLoad(this);
  }
  destroy() {
    this.destroyed += 1;
    // Electron: destroy() always emits 'closed' (no 'close', no beforeunload).
    setImmediate(() => this.emit('closed'));
  }
}

function deps(onLoad: (w: FakeProviderWindow) => Promise<void> = async () => {}) {
  const windows: FakeProviderWindow[] = [];
  const sessions = new Map<string, FakeSession>();
  const logs: string[] = [];
  const released: string[] = [];
  const d = {
    createWindow: () => {
      const w = new FakeProviderWindow(onLoad);
      windows.push(w);
      return w;
    },
    sessionFromPartition: (p: string) => {
      if (!sessions.has(p)) sessions.set(p, new FakeSession());
      return sessions.get(p)!;
    },
    parent: null,
    production: true,
    log: (_level: string, m: string) => logs.push(m),
    allowOrigin: (o: string) => () => released.push(o),
  } as unknown as ProviderWindowDeps;
  return { d, windows, sessions, logs, released };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('provider window with callbacks (ZOLOZ H5)', () => {
  it('stops at the complete callback after the upload redirect, closes and reports completed', async () => {
    const { d, windows, logs, released } = deps();
    const done = openProviderFlow(PAGE, ORIGIN, d, stopAt);
    await tick();
    const win = windows[0]!;
    expect(win.loaded).toEqual([PAGE]);
    // Inside the provider's origin the page moves freely; elsewhere it is stopped and nothing ends.
    expect(win.webContents.fire('will-navigate', `${ORIGIN}/h5/idrecognition/capture`)).toBe(false);
    expect(win.webContents.fire('will-navigate', 'https://evil.example/provider-page/complete')).toBe(true);
    expect(win.webContents.fire('will-navigate', 'https://branch-id-kiosk.invalid/elsewhere')).toBe(true);
    expect(win.destroyed).toBe(0);
    const blockedBefore = logs.filter((l) => l.includes('blocked')).length;
    // The 303 after the upload heads for the complete callback (ZOLOZ may add a query): stopped there.
    expect(win.webContents.fire('will-redirect', `${H5_COMPLETE_CALLBACK}?state=done`)).toBe(true);
    expect(win.destroyed).toBe(1);
    await expect(done).resolves.toBe('completed');
    expect(released).toEqual([ORIGIN]);
    expect(logs).toContain('provider window: the page ended (completed)');
    // Not logged as a blocked navigation: it is the page's expected end.
    expect(logs.filter((l) => l.includes('blocked'))).toHaveLength(blockedBefore);
  });

  it('the app-wide contents guard on the same window stops the callback without logging it as blocked, and still logs a real block', async () => {
    // As in main/electron/index.ts: every new contents gets the guard first (web-contents-created),
    // and the provider window opens the guard to its origin and callbacks while it lives.
    const logs: string[] = [];
    const guard = createContentsGuard({ onBlocked: (what, detail) => logs.push(`blocked ${what} (${detail}) in a web contents`) });
    const { d, windows } = deps();
    const created = d.createWindow;
    d.createWindow = (options) => {
      const w = created(options);
      guard.onWebContentsCreated({}, w.webContents as unknown as AnyWebContents);
      return w;
    };
    d.allowOrigin = (o, isExpectedEnd) => guard.allowOrigin(o, isExpectedEnd);
    const done = openProviderFlow(PAGE, ORIGIN, d, stopAt);
    await tick();
    const win = windows[0]! as unknown as FakeProviderWindow;
    expect(win.webContents.fire('will-navigate', `${ORIGIN}/h5/idrecognition/capture`)).toBe(false);
    expect(win.webContents.fire('will-redirect', 'https://evil.example/next')).toBe(true);
    expect(logs).toEqual(['blocked redirect (https://evil.example) in a web contents']);
    // The page's normal end: the 303 after the upload heads for the complete callback.
    expect(win.webContents.fire('will-redirect', `${H5_COMPLETE_CALLBACK}?state=done`)).toBe(true);
    await expect(done).resolves.toBe('completed');
    expect(logs).toHaveLength(1);
    // Once the window is gone the callbacks are nobody's expected end: blocked and logged.
    const other = new FakeWebContents('app://kiosk/index.html');
    guard.onWebContentsCreated({}, other as unknown as AnyWebContents);
    expect(other.fire('will-redirect', H5_COMPLETE_CALLBACK)).toBe(true);
    expect(logs.at(-1)).toBe('blocked redirect (https://branch-id-kiosk.invalid) in a web contents');
  });

  it('the customer cancelling reaches the interrupt callback: interrupted, the later redirect changes nothing', async () => {
    const { d, windows } = deps();
    const done = openProviderFlow(PAGE, ORIGIN, d, stopAt);
    await tick();
    const win = windows[0]!;
    expect(win.webContents.fire('will-navigate', H5_INTERRUPT_CALLBACK)).toBe(true);
    expect(win.webContents.fire('will-redirect', H5_COMPLETE_CALLBACK)).toBe(true); // still stopped, still interrupted
    expect(win.destroyed).toBe(1);
    await expect(done).resolves.toBe('interrupted');
  });

  it('a page that ends during its own load (aborted load) still reports the ending', async () => {
    const { d } = deps(async (w) => {
      w.webContents.fire('will-redirect', H5_COMPLETE_CALLBACK);
      throw new Error('ERR_ABORTED (-3) loading the page');
    });
    await expect(openProviderFlow(PAGE, ORIGIN, d, stopAt)).resolves.toBe('completed');
  });

  it('a window the teller closes reports closed; a failing load with no ending still fails', async () => {
    const { d, windows } = deps();
    const done = openProviderFlow(PAGE, ORIGIN, d, stopAt);
    await tick();
    windows[0]!.emit('closed');
    await expect(done).resolves.toBe('closed');

    const failing = deps(async () => {
      throw new Error('ERR_NAME_NOT_RESOLVED');
    });
    await expect(openProviderFlow(PAGE, ORIGIN, failing.d, stopAt)).rejects.toThrow(/ERR_NAME_NOT_RESOLVED/);
    expect(failing.released).toEqual([ORIGIN]);
  });

  it("own session: camera as video only and only for ZOLOZ's origin; a page off that origin is not opened", async () => {
    const { d, windows, sessions } = deps();
    const done = openProviderFlow(PAGE, ORIGIN, d, stopAt);
    await tick();
    const s = sessions.get(PROVIDER_PARTITION)!;
    expect(s.request('media', `${ORIGIN}/h5/idrecognition`, { mediaTypes: ['video'] })).toBe(true);
    expect(s.request('media', `${ORIGIN}/h5/idrecognition`, { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(s.request('media', 'https://branch-id-kiosk.invalid/provider-page/complete', { mediaTypes: ['video'] })).toBe(false);
    expect(s.headersListener).toBeNull();
    windows[0]!.emit('closed');
    await done;
    await expect(openProviderFlow('https://branch-id-kiosk.invalid/provider-page/complete', ORIGIN, d, stopAt)).rejects.toThrow(/outside its own site/);
    expect(windows).toHaveLength(1);
  });

  it('callbackReached compares origin and path only', () => {
    expect(callbackReached(`${H5_COMPLETE_CALLBACK}?x=1#y`, stopAt)).toBe('completed');
    expect(callbackReached(H5_INTERRUPT_CALLBACK, stopAt)).toBe('interrupted');
    expect(callbackReached('http://branch-id-kiosk.invalid/provider-page/complete', stopAt)).toBeNull();
    expect(callbackReached('https://user:pw@branch-id-kiosk.invalid/provider-page/complete', stopAt)).toBeNull();
    expect(callbackReached('https://branch-id-kiosk.invalid/provider-page/completed', stopAt)).toBeNull();
    expect(callbackReached('not a url', stopAt)).toBeNull();
    expect(callbackReached(42, stopAt)).toBeNull();
  });
});
