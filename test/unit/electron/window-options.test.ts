import { describe, expect, it } from 'vitest';
import { KIOSK_PARTITION, PROVIDER_PARTITION, kioskWindowOptions, providerWindowOptions } from '../../../main/electron/window-options';

const SECURE_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
};

describe('kiosk window options', () => {
  for (const production of [true, false]) {
    it(`locks every web preference (production=${production})`, () => {
      const o = kioskWindowOptions({ preloadPath: '/app/out/preload/index.cjs', production });
      expect(o.webPreferences).toMatchObject(SECURE_PREFERENCES);
      expect(o.webPreferences?.preload).toBe('/app/out/preload/index.cjs');
      expect(o.webPreferences?.partition).toBe(KIOSK_PARTITION);
      expect(o.webPreferences).not.toHaveProperty('enableBlinkFeatures');
      expect(o.webPreferences).not.toHaveProperty('additionalArguments');
      expect(o.autoHideMenuBar).toBe(true);
      expect(o.show).toBe(false);
    });
  }

  it('is a full-screen kiosk without frame, dev tools, close or minimize in production', () => {
    const o = kioskWindowOptions({ preloadPath: '/p.cjs', production: true });
    expect(o).toMatchObject({ kiosk: true, fullscreen: true, frame: false, closable: false, minimizable: false });
    expect(o.webPreferences?.devTools).toBe(false);
  });

  it('keeps dev tools and a normal window only in development', () => {
    const o = kioskWindowOptions({ preloadPath: '/p.cjs', production: false });
    expect(o).toMatchObject({ kiosk: false, fullscreen: false, frame: true });
    expect(o.webPreferences?.devTools).toBe(true);
  });

  it('returns a fresh object each time (callers may add parent etc. without leaking into the next window)', () => {
    const a = kioskWindowOptions({ preloadPath: '/p.cjs', production: true });
    a.webPreferences!.sandbox = false;
    expect(kioskWindowOptions({ preloadPath: '/p.cjs', production: true }).webPreferences?.sandbox).toBe(true);
  });
});

describe('provider window options', () => {
  it('has no preload, its own session, no dev tools, and the same locked preferences', () => {
    const o = providerWindowOptions({ production: true });
    expect(o.webPreferences).toMatchObject(SECURE_PREFERENCES);
    expect(o.webPreferences?.preload).toBeUndefined();
    expect(o.webPreferences?.partition).toBe(PROVIDER_PARTITION);
    expect(o.webPreferences?.partition).not.toBe(KIOSK_PARTITION);
    expect(o.webPreferences?.devTools).toBe(false);
    expect(o.modal).toBe(true);
  });
});
