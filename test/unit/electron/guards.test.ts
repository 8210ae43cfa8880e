import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../main/electron/app-origin';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/csp';
import {
  attachWindowGuards,
  decideInput,
  hardenSession,
  isPermissionAllowed,
  isProviderUrlAllowed,
  providerOrigin,
  type GuardableWebContents,
  type HardenableSession,
} from '../../../main/electron/guards';
import { providerPermissionRule } from '../../../main/electron/provider-window';
import { FakeSession, FakeWebContents } from './fakes';

const FOREIGN = [
  'https://evil.example/',
  'http://127.0.0.1:8080/',
  'file:///etc/passwd',
  'data:text/html,<script>alert(1)</script>',
  'javascript:alert(1)',
  'app://kiosk.evil/index.html',
  'app://evil/index.html',
  'app://kiosk@evil/index.html',
  'app://user:pw@kiosk/index.html',
  'app://kiosk:1/index.html',
  'APP://KIOSK.EVIL/',
  'about:blank',
  'chrome://gpu',
  'devtools://devtools/bundled/inspector.html',
  '',
  'not a url',
];

describe('origin check', () => {
  it('accepts only app://kiosk', () => {
    expect(isAppUrl('app://kiosk/index.html')).toBe(true);
    expect(isAppUrl('app://kiosk/')).toBe(true);
    // Chromium hands us canonical (lower-case) URLs; anything else is refused rather than normalised.
    expect(isAppUrl('app://KIOSK/index.html')).toBe(false);
    for (const url of FOREIGN) expect(isAppUrl(url), url).toBe(false);
    expect(isAppUrl(42)).toBe(false);
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl(`app://kiosk/${'a'.repeat(9000)}`)).toBe(false);
  });
});

describe('window guards', () => {
  const setup = (production = true) => {
    const wc = new FakeWebContents();
    const blocked: string[] = [];
    let supervisor = 0;
    attachWindowGuards(wc as unknown as GuardableWebContents, { production, onBlocked: (w) => blocked.push(w), onSupervisor: () => supervisor++ });
    return { wc, blocked, supervisor: () => supervisor };
  };

  it('stops navigation and redirects to anything outside app://kiosk', () => {
    const { wc, blocked } = setup();
    for (const url of FOREIGN) {
      expect(wc.fire('will-navigate', url), url).toBe(true);
      expect(wc.fire('will-redirect', url), url).toBe(true);
    }
    expect(blocked.length).toBe(FOREIGN.length * 2);
    expect(wc.fire('will-navigate', 'app://kiosk/index.html')).toBe(false);
  });

  it('denies every window.open, including app:// ones', () => {
    const { wc } = setup();
    for (const url of [...FOREIGN, 'app://kiosk/index.html']) expect(wc.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
  });

  it('refuses every <webview>', () => {
    const { wc, blocked } = setup();
    expect(wc.fire('will-attach-webview', { nodeIntegration: false }, { src: 'app://kiosk/index.html' })).toBe(true);
    expect(blocked).toContain('webview');
  });

  it('blocks reload, devtools, zoom, print and close shortcuts in production', () => {
    const { wc } = setup(true);
    const blockedKeys = [
      { key: 'F5' },
      { key: 'F12' },
      { key: 'F11' },
      { key: 'r', control: true },
      { key: 'R', control: true, shift: true },
      { key: 'r', meta: true },
      { key: 'I', control: true, shift: true },
      { key: 'J', control: true, shift: true },
      { key: 'C', control: true, shift: true },
      { key: 'i', meta: true, alt: true },
      { key: '+', control: true },
      { key: '=', control: true },
      { key: '-', control: true },
      { key: '0', control: true },
      { key: 'p', control: true },
      { key: 'w', control: true },
      { key: 'q', control: true },
      { key: 'u', control: true },
      { key: 'ArrowLeft', alt: true },
      { key: 'BrowserBack' },
    ];
    for (const k of blockedKeys) expect(wc.key(k), JSON.stringify(k)).toBe(true);
  });

  it('lets normal typing, copy and paste through in production', () => {
    const { wc } = setup(true);
    for (const k of [{ key: 'a' }, { key: 'Enter' }, { key: 'Tab' }, { key: 'Backspace' }, { key: 'c', control: true }, { key: 'v', control: true }, { key: 'a', control: true }]) {
      expect(wc.key(k), JSON.stringify(k)).toBe(false);
    }
  });

  it('lets dev shortcuts through in development', () => {
    const { wc } = setup(false);
    expect(wc.key({ key: 'F12' })).toBe(false);
    expect(wc.key({ key: 'r', control: true })).toBe(false);
    expect(wc.visualZoomLimits).toBeNull();
  });

  it('turns Ctrl+Alt+Shift+S into the supervisor action in both modes', () => {
    for (const production of [true, false]) {
      const { wc, supervisor } = setup(production);
      expect(wc.key({ key: 'S', control: true, alt: true, shift: true })).toBe(true);
      wc.fire('before-input-event', { type: 'keyUp', key: 'S', control: true, alt: true, shift: true, meta: false });
      expect(supervisor()).toBe(1);
    }
  });

  it('pins zoom at 100 % in production', () => {
    const { wc } = setup(true);
    expect(wc.visualZoomLimits).toEqual([1, 1]);
    wc.zoomFactor = 2;
    expect(wc.fire('zoom-changed', 'in')).toBe(true);
    expect(wc.zoomFactor).toBe(1);
  });

  it('decideInput is exhaustive over modifiers for the blocked letters', () => {
    expect(decideInput({ type: 'keyDown', key: 'f', control: true, meta: false, alt: false, shift: false }, true)).toBe('block');
    expect(decideInput({ type: 'keyDown', key: 'f', control: false, meta: false, alt: false, shift: false }, true)).toBe('allow');
  });
});

describe('session hardening', () => {
  const PERMISSIONS = ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'pointerLock', 'midi', 'hid', 'serial', 'usb', 'display-capture', 'unknown'];

  it('grants no permission to anyone by default, on request or on check', () => {
    const s = new FakeSession();
    hardenSession(s as unknown as HardenableSession);
    for (const p of PERMISSIONS) {
      for (const url of ['app://kiosk/index.html', 'https://evil.example/']) {
        expect(s.request(p, url), `${p} ${url}`).toBe(false);
        expect(s.checkHandler!(null, p, url), `${p} ${url}`).toBe(false);
      }
    }
    expect(s.deviceHandler!({ origin: 'app://kiosk', deviceType: 'usb' })).toBe(false);
  });

  it('with an allow-list grants only listed permissions and only to app://kiosk', () => {
    const s = new FakeSession();
    const allowed = new Set(['media']);
    hardenSession(s as unknown as HardenableSession, { isAllowed: (p, u) => isPermissionAllowed(p, u, allowed) });
    expect(s.request('media', 'app://kiosk/index.html')).toBe(true);
    expect(s.request('media', 'https://evil.example/')).toBe(false);
    expect(s.request('geolocation', 'app://kiosk/index.html')).toBe(false);
    expect(s.checkHandler!(null, 'media', 'app://kiosk')).toBe(true);
  });

  it('installs the CSP on every response of the kiosk session, and not on the provider session', () => {
    const kiosk = new FakeSession();
    hardenSession(kiosk as unknown as HardenableSession);
    let headers: Record<string, unknown> = {};
    kiosk.headersListener!({ responseHeaders: {} }, (r: { responseHeaders: Record<string, unknown> }) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);

    const provider = new FakeSession();
    hardenSession(provider as unknown as HardenableSession, { enforceCsp: false, isAllowed: providerPermissionRule('https://test.zignsec.com') });
    expect(provider.headersListener).toBeNull();
  });
});

describe('provider window lock', () => {
  const origin = 'https://test.zignsec.com';
  it('accepts only the exact provider origin over https', () => {
    expect(isProviderUrlAllowed('https://test.zignsec.com/v3/eid/scanningsessions/scan/231a7aa4', origin)).toBe(true);
    for (const url of ['http://test.zignsec.com/', 'https://test.zignsec.com.evil/', 'https://evil.test.zignsec.com/', 'https://api.zignsec.com/', 'https://test.zignsec.com:8443/', 'https://x@test.zignsec.com/', 'app://kiosk/', 'javascript:1']) {
      expect(isProviderUrlAllowed(url, origin), url).toBe(false);
    }
  });
  it('allows plain http only for the loopback training sandbox', () => {
    expect(providerOrigin('http://127.0.0.1:4567/ui')).toBe('http://127.0.0.1:4567');
    expect(providerOrigin('http://10.0.0.1/ui')).toBeNull();
    expect(providerOrigin('ftp://test.zignsec.com/')).toBeNull();
  });
  it('lets the provider page use the camera, nothing else, and only on its own origin', () => {
    const rule = providerPermissionRule(origin);
    const video = { mediaTypes: ['video'] };
    expect(rule('media', 'https://test.zignsec.com/scan', video)).toBe(true);
    expect(rule('media', 'https://test.zignsec.com/scan')).toBe(false); // kind not named: refused
    expect(rule('media', 'https://evil.example/', video)).toBe(false);
    expect(rule('geolocation', 'https://test.zignsec.com/scan', video)).toBe(false);
    expect(rule('media', 'app://kiosk/', video)).toBe(false);
  });
});
