// The Electron shell's second line of defence, through the same injected surface as the other
// Electron tests: dev switches ignored by a packaged build, the app-wide web-contents guard on
// every contents (navigation, redirects, pop-ups, <webview>), and its opening for a provider
// window's origin while that window is open.
import { describe, expect, it } from 'vitest';
import { buildMode, ignoredDevSwitches } from '../../../main/electron/build-mode';
import { createContentsGuard, type AnyWebContents } from '../../../main/electron/contents-guard';
import { providerPermissionRule } from '../../../main/electron/provider-window';
import { FakeWebContents } from './fakes';

describe('dev switches', () => {
  it('a packaged build is production whatever the environment says', () => {
    const env = { KIOSK_DEV: '1', KIOSK_USER_DATA_DIR: '/tmp/elsewhere' };
    expect(buildMode(true, env)).toEqual({ production: true, userDataDir: null });
    expect(buildMode(true, {})).toEqual({ production: true, userDataDir: null });
    expect(ignoredDevSwitches(true, env)).toEqual(['KIOSK_DEV', 'KIOSK_USER_DATA_DIR']);
  });

  it('an unpackaged build from the source tree honours them', () => {
    expect(buildMode(false, { KIOSK_USER_DATA_DIR: '/tmp/elsewhere' })).toEqual({ production: false, userDataDir: '/tmp/elsewhere' });
    expect(buildMode(false, {})).toEqual({ production: false, userDataDir: null });
    expect(ignoredDevSwitches(false, { KIOSK_DEV: '1' })).toEqual([]);
  });
});

describe('provider permission rule', () => {
  const rule = providerPermissionRule('https://test.zignsec.com');
  it('grants video only, only for the provider origin', () => {
    expect(rule('media', 'https://test.zignsec.com/x', { mediaTypes: ['video'] })).toBe(true);
    expect(rule('media', 'https://test.zignsec.com/x', { mediaTypes: ['audio'] })).toBe(false);
    expect(rule('media', 'https://test.zignsec.com/x', { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(rule('media', 'https://test.zignsec.com/x', {})).toBe(false);
    expect(rule('media', 'https://test.zignsec.com.evil.example/x', { mediaTypes: ['video'] })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'midi']) expect(rule(p, 'https://test.zignsec.com/x', { mediaTypes: ['video'] })).toBe(false);
  });
});

describe('web-contents-created guard', () => {
  const setup = () => {
    const blocked: string[] = [];
    const guard = createContentsGuard({ onBlocked: (what) => blocked.push(what) });
    const contents = new FakeWebContents('about:blank');
    guard.onWebContentsCreated({}, contents as unknown as AnyWebContents);
    return { guard, contents, blocked };
  };

  it('stops navigation and redirects off app://kiosk on any contents', () => {
    const { contents, blocked } = setup();
    expect(contents.fire('will-navigate', 'app://kiosk/index.html')).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'http://127.0.0.1:9/']) {
      expect(contents.fire('will-navigate', url), url).toBe(true);
      expect(contents.fire('will-redirect', url), url).toBe(true);
    }
    expect(blocked.filter((b) => b === 'navigation')).toHaveLength(5);
  });

  it('denies every pop-up and every <webview>', () => {
    const { contents } = setup();
    expect(contents.windowOpenHandler!({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.fire('will-attach-webview', {}, { src: 'app://kiosk/index.html' })).toBe(true);
  });

  it("allows a provider window's origin only while it is open", () => {
    const { guard, contents } = setup();
    expect(contents.fire('will-navigate', 'https://test.zignsec.com/scan')).toBe(true);
    const release = guard.allowOrigin('https://test.zignsec.com');
    expect(contents.fire('will-navigate', 'https://test.zignsec.com/scan')).toBe(false);
    expect(contents.fire('will-navigate', 'https://other.zignsec.com/scan')).toBe(true);
    release();
    release(); // twice is harmless
    expect(contents.fire('will-navigate', 'https://test.zignsec.com/scan')).toBe(true);
  });
});
