// The optional ZignSec `ui/analyses` assisted flow: the provider's own web page in a separate,
// locked window. It gets no preload (never sees window.kiosk), its own in-memory session, may
// navigate only within the provider's origin, and may use the camera only for that origin.
import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';
import { attachWindowGuards, hardenSession, isProviderUrlAllowed, providerOrigin, type GuardableWebContents, type HardenableSession } from './guards';
import { providerWindowOptions, PROVIDER_PARTITION } from './window-options';

/** The provider page takes document photos with the webcam; nothing else is granted. */
export const PROVIDER_ALLOWED_PERMISSIONS: ReadonlySet<string> = Object.freeze(new Set(['media']));

export function providerPermissionRule(allowedOrigin: string) {
  return (permission: string, requestingUrl: unknown): boolean => {
    if (!PROVIDER_ALLOWED_PERMISSIONS.has(permission)) return false;
    return typeof requestingUrl === 'string' && providerOrigin(requestingUrl) === allowedOrigin;
  };
}

export type ProviderWindowDeps = {
  createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  sessionFromPartition: (partition: string) => Session;
  parent: BrowserWindow | null;
  production: boolean;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
};

/**
 * Opens `redirectUrl` (from ZignSec's ui/analyses answer) locked to `expectedOrigin` (the
 * configured provider base URL's origin). Resolves when the window closes.
 */
export async function openProviderFlow(redirectUrl: string, expectedOrigin: string, deps: ProviderWindowDeps): Promise<void> {
  const origin = providerOrigin(expectedOrigin);
  if (!origin || !isProviderUrlAllowed(redirectUrl, origin)) {
    throw new Error('The identity provider sent a page address outside its own site, so it was not opened.');
  }
  const session = deps.sessionFromPartition(PROVIDER_PARTITION);
  hardenSession(session as unknown as HardenableSession, {
    isAllowed: providerPermissionRule(origin),
    enforceCsp: false, // the provider's page brings its own CSP; ours would break it
    onBlocked: (what, detail) => deps.log('warn', `provider window: blocked ${what} (${detail})`),
  });
  const options = providerWindowOptions({ production: deps.production });
  // A modal window needs a parent; without one (kiosk window gone) it is a plain top-level window.
  if (deps.parent) options.parent = deps.parent;
  else options.modal = false;
  const win = deps.createWindow(options);
  win.setMenu(null);
  attachWindowGuards(win.webContents as unknown as GuardableWebContents, {
    production: deps.production,
    allowNavigation: (url) => isProviderUrlAllowed(url, origin),
    onBlocked: (what, detail) => deps.log('warn', `provider window: blocked ${what} (${detail})`),
  });
  const closed = new Promise<void>((resolve) => win.once('closed', () => resolve()));
  win.once('ready-to-show', () => win.show());
  await win.loadURL(redirectUrl);
  await closed;
}
