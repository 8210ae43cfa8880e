// The optional ZignSec `ui/analyses` assisted flow: the provider's own web page in a separate,
// locked window. It gets no preload (never sees window.kiosk), its own in-memory session, may
// navigate only within the provider's origin, and may use the camera (video only, no microphone)
// only for that origin.
import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';
import { attachWindowGuards, hardenSession, isProviderUrlAllowed, providerOrigin, type GuardableWebContents, type HardenableSession, type PermissionRule } from './guards';
import { providerWindowOptions, PROVIDER_PARTITION } from './window-options';

/** The provider page takes document photos with the webcam: camera only, no microphone, nothing else. */
export const PROVIDER_ALLOWED_PERMISSIONS: ReadonlySet<string> = Object.freeze(new Set(['media']));

/**
 * `media` for the provider's origin only, and only video: a request must list exactly the video
 * kind (no audio), a check must name video. Unknown or missing kinds are refused.
 */
export function providerPermissionRule(allowedOrigin: string): PermissionRule {
  return (permission, requestingUrl, details) => {
    if (!PROVIDER_ALLOWED_PERMISSIONS.has(permission)) return false;
    if (typeof requestingUrl !== 'string' || providerOrigin(requestingUrl) !== allowedOrigin) return false;
    if (details?.mediaTypes !== undefined) return details.mediaTypes.length > 0 && details.mediaTypes.every((t) => t === 'video');
    return details?.mediaType === 'video';
  };
}

export type ProviderWindowDeps = {
  createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  sessionFromPartition: (partition: string) => Session;
  parent: BrowserWindow | null;
  production: boolean;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Opens the app-wide contents guard to the provider's origin while the window lives; returns the release. */
  allowOrigin?: (origin: string) => () => void;
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
  const release = deps.allowOrigin?.(origin) ?? (() => {});
  let win: BrowserWindow;
  try {
    win = deps.createWindow(options);
  } catch (e) {
    release();
    throw e;
  }
  win.setMenu(null);
  attachWindowGuards(win.webContents as unknown as GuardableWebContents, {
    production: deps.production,
    allowNavigation: (url) => isProviderUrlAllowed(url, origin),
    onBlocked: (what, detail) => deps.log('warn', `provider window: blocked ${what} (${detail})`),
  });
  const closed = new Promise<void>((resolve) => win.once('closed', () => resolve()));
  win.once('ready-to-show', () => win.show());
  try {
    await win.loadURL(redirectUrl);
    await closed;
  } finally {
    release();
  }
}
