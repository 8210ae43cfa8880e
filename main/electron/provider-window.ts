// The optional assisted flow (ZignSec's `ui/analyses` page, ZOLOZ's H5 page): the provider's own web
// page in a separate, locked window. It gets no preload (never sees window.kiosk), its own in-memory
// session, may navigate only within the provider's origin, and may use the camera (video only, no
// microphone) only for that origin. A page that ends on callback URLs (ZOLOZ's complete/interrupt)
// is stopped there: the window closes and reports which one.
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

/** The callback URLs a provider's page ends on (never loaded: the window stops at them). */
export type ProviderPageCallbacks = { complete: string; interrupt: string };
export type ProviderPageEnd = 'completed' | 'interrupted' | 'closed';

/** Whether `url` is one of the callbacks (same origin and path; the provider may add a query). */
export function callbackReached(url: unknown, stopAt: ProviderPageCallbacks): 'completed' | 'interrupted' | null {
  if (typeof url !== 'string') return null;
  const same = (target: string) => {
    try {
      const [u, t] = [new URL(url), new URL(target)];
      return u.origin === t.origin && u.pathname === t.pathname && !u.username && !u.password;
    } catch {
      return false;
    }
  };
  if (same(stopAt.complete)) return 'completed';
  if (same(stopAt.interrupt)) return 'interrupted';
  return null;
}

export type ProviderWindowDeps = {
  createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  sessionFromPartition: (partition: string) => Session;
  parent: BrowserWindow | null;
  production: boolean;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /**
   * Opens the app-wide contents guard to the provider's origin while the window lives, telling it the
   * page's callback URLs (an expected ending, not a blocked navigation); returns the release.
   */
  allowOrigin?: (origin: string, isExpectedEnd?: (url: string) => boolean) => () => void;
};

/**
 * Opens `redirectUrl` (ZignSec's ui/analyses answer, ZOLOZ's H5 page) locked to `expectedOrigin` (the
 * provider's origin). Resolves when the window closes; with `stopAt`, the window closes itself when the
 * page heads for a callback, and the result says how the page ended.
 */
export async function openProviderFlow(redirectUrl: string, expectedOrigin: string, deps: ProviderWindowDeps, stopAt?: ProviderPageCallbacks): Promise<ProviderPageEnd | void> {
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
  const release = deps.allowOrigin?.(origin, stopAt ? (url) => callbackReached(url, stopAt) !== null : undefined) ?? (() => {});
  let win: BrowserWindow;
  try {
    win = deps.createWindow(options);
  } catch (e) {
    release();
    throw e;
  }
  win.setMenu(null);
  const contents = win.webContents as unknown as GuardableWebContents;
  let end: ProviderPageEnd = 'closed';
  if (stopAt) {
    // The callbacks never load (their host never resolves): the navigation or redirect is stopped,
    // and the window closes (destroy: the page's beforeunload cannot keep it open).
    const stop = (event: { preventDefault(): void }, url: string) => {
      const reached = callbackReached(url, stopAt);
      if (!reached) return;
      event.preventDefault();
      if (end !== 'closed') return;
      end = reached;
      deps.log('info', `provider window: the page ended (${reached})`);
      win.destroy();
    };
    contents.on('will-navigate', stop);
    contents.on('will-redirect', stop);
  }
  attachWindowGuards(contents, {
    production: deps.production,
    allowNavigation: (url) => isProviderUrlAllowed(url, origin) || (stopAt !== undefined && callbackReached(url, stopAt) !== null),
    onBlocked: (what, detail) => deps.log('warn', `provider window: blocked ${what} (${detail})`),
  });
  const closed = new Promise<void>((resolve) => win.once('closed', () => resolve()));
  win.once('ready-to-show', () => win.show());
  try {
    // A page that ends at once aborts its own load: that is an ending, not a failure.
    await win.loadURL(redirectUrl).catch((e: unknown) => {
      if (end === 'closed') throw e;
    });
    await closed;
  } finally {
    release();
  }
  return stopAt ? end : undefined;
}
