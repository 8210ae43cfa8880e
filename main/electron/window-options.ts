// BrowserWindow options for the two windows the kiosk ever opens. Pure data, so a unit test
// asserts every security-relevant preference (see test/unit/electron/window-options.test.ts).
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** Session partition of the kiosk UI (persist: so renderer storage survives restarts). */
export const KIOSK_PARTITION = 'persist:kiosk';
/** The provider's assisted flow gets its own in-memory session: no cookies or storage shared with the app. */
export const PROVIDER_PARTITION = 'provider-flow';

/** webPreferences shared by every window: the Electron security checklist, item by item. */
function lockedWebPreferences(): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    // Middle-click would otherwise open links in a new window (electronegativity AUXCLICK).
    disableBlinkFeatures: 'Auxclick',
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    autoplayPolicy: 'user-gesture-required',
    disableDialogs: true,
  };
}

export function kioskWindowOptions(options: { preloadPath: string; production: boolean }): BrowserWindowConstructorOptions {
  return {
    show: false, // shown on ready-to-show: no white flash, no half-drawn UI
    kiosk: options.production,
    fullscreen: options.production,
    frame: !options.production,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    title: 'Branch ID Kiosk',
    minimizable: !options.production,
    closable: !options.production,
    width: 1280,
    height: 800,
    webPreferences: {
      ...lockedWebPreferences(),
      preload: options.preloadPath,
      partition: KIOSK_PARTITION,
      devTools: !options.production,
    },
  };
}

/**
 * The locked window for the optional ZignSec `ui/analyses` assisted flow: no preload (it never
 * sees window.kiosk), its own session, no dev tools, modal over the kiosk window.
 */
export function providerWindowOptions(options: { production: boolean }): BrowserWindowConstructorOptions {
  return {
    show: false,
    modal: true,
    frame: false,
    fullscreen: options.production,
    autoHideMenuBar: true,
    title: 'Identity check',
    width: 1100,
    height: 760,
    webPreferences: {
      ...lockedWebPreferences(),
      partition: PROVIDER_PARTITION,
      devTools: false,
    },
  };
}
