// Navigation, pop-up, permission, <webview> and keyboard guards. Each decision is a pure function;
// `attachWindowGuards` / `hardenSession` wire them onto the few Electron objects they need, which
// are typed structurally so tests pass recording fakes instead of a real WebContents/Session.
import { isAppUrl } from './app-origin';
import { cspHeadersListener } from './csp';

type Preventable = { preventDefault(): void };

/** The kiosk navigates only inside app://kiosk/. Everything else (http, file, data, javascript…) is stopped. */
export function isNavigationAllowed(url: unknown): boolean {
  return isAppUrl(url);
}

/**
 * The origin a provider window may be locked to: https, or http on loopback (the training sandbox).
 * Returns the normalised origin, or null when the URL is not acceptable as a provider origin.
 */
export function providerOrigin(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 8192) return null;
  try {
    const u = new URL(url);
    if (u.username || u.password) return null;
    const loopback = u.hostname === '127.0.0.1' || u.hostname === '[::1]';
    if (u.protocol === 'https:' || (u.protocol === 'http:' && loopback)) return u.origin;
    return null;
  } catch {
    return null;
  }
}

/** A locked provider window may navigate only within exactly one origin (scheme, host and port). */
export function isProviderUrlAllowed(url: unknown, allowedOrigin: string): boolean {
  const origin = providerOrigin(url);
  return origin !== null && origin === allowedOrigin;
}

/**
 * Pop-ups: always denied. The app never needs window.open; the optional ZignSec assisted flow is
 * opened by main itself (provider-window.ts), never by the renderer.
 */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Permissions the app actually uses. Cameras and scanners are driven from main, so none today. */
export const DEFAULT_ALLOWED_PERMISSIONS: ReadonlySet<string> = Object.freeze(new Set<string>());

/** Grants only allow-listed permissions, and only to our own origin. */
export function isPermissionAllowed(permission: string, requestingUrl: unknown, allowed: ReadonlySet<string> = DEFAULT_ALLOWED_PERMISSIONS): boolean {
  return allowed.has(permission) && isAppUrl(requestingUrl);
}

export type InputLike = {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
};

export type InputDecision = 'allow' | 'block' | 'supervisor';

/** Ctrl+Alt+Shift+S: asks the renderer for the supervisor screen (which then asks for a PIN). */
export function isSupervisorShortcut(input: InputLike): boolean {
  return input.type === 'keyDown' && (input.control || input.meta) && input.alt && input.shift && input.key.toLowerCase() === 's';
}

const BLOCKED_PLAIN_KEYS = new Set(['f5', 'f11', 'f12', 'browserback', 'browserforward', 'browserrefresh']);
// Ctrl/Cmd + key: reload, devtools, zoom, print, save, open, find, close/quit, view source, new window.
const BLOCKED_CTRL_KEYS = new Set(['r', 'i', 'j', 'c', 'u', 'p', 's', 'o', 'w', 'q', 'n', 't', '+', '=', '-', '_', '0', 'f', 'g', 'h']);

/**
 * What to do with a key before the page sees it. In production reload / devtools / zoom / print /
 * close shortcuts are swallowed. Ctrl+C is only blocked together with Shift (inspect element),
 * plain copy stays usable. Development lets everything through except the supervisor shortcut,
 * which always maps to the supervisor action.
 */
export function decideInput(input: InputLike, production: boolean): InputDecision {
  if (isSupervisorShortcut(input)) return 'supervisor';
  if (!production) return 'allow';
  const key = input.key.toLowerCase();
  if (BLOCKED_PLAIN_KEYS.has(key)) return 'block';
  if (input.alt && (key === 'arrowleft' || key === 'arrowright' || key === 'home' || key === 'f4')) return 'block';
  if (input.control || input.meta) {
    if (key === 'c' && !input.shift) return 'allow';
    if (key === 'f' && !input.shift) return 'block';
    if (BLOCKED_CTRL_KEYS.has(key)) return 'block';
  }
  return 'allow';
}

// ---- wiring -------------------------------------------------------------------------------

export type GuardableWebContents = {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable, webPreferences: unknown, params: unknown) => void): unknown;
  on(event: 'before-input-event', listener: (event: Preventable, input: InputLike) => void): unknown;
  on(event: 'zoom-changed', listener: (event: Preventable, direction: string) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  setZoomFactor(factor: number): void;
  setVisualZoomLevelLimits(min: number, max: number): Promise<void> | void;
};

export type GuardOptions = {
  production: boolean;
  /** Called when the supervisor shortcut is pressed. */
  onSupervisor?: () => void;
  /** Called with a short reason whenever a guard refuses something (logged, never shown). */
  onBlocked?: (what: string, detail: string) => void;
  /** Navigation rule; the kiosk window uses isNavigationAllowed, a provider window its own host rule. */
  allowNavigation?: (url: string) => boolean;
};

/** Only scheme + host in logs: query strings can carry session ids. */
export function describeUrl(url: unknown): string {
  if (typeof url !== 'string') return '(not a string)';
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unparsable url)';
  }
}

export function attachWindowGuards(contents: GuardableWebContents, options: GuardOptions): void {
  const allowNavigation = options.allowNavigation ?? isNavigationAllowed;
  const blocked = options.onBlocked ?? (() => {});
  const guardNavigation = (kind: string) => (event: Preventable, url: string) => {
    if (!allowNavigation(url)) {
      event.preventDefault();
      blocked(kind, describeUrl(url));
    }
  };
  contents.on('will-navigate', guardNavigation('navigation'));
  contents.on('will-redirect', guardNavigation('redirect'));
  contents.setWindowOpenHandler((details) => {
    blocked('window.open', describeUrl(details.url));
    return denyWindowOpen();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    blocked('webview', 'refused');
  });
  contents.on('before-input-event', (event, input) => {
    const decision = decideInput(input, options.production);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'supervisor') options.onSupervisor?.();
  });
  if (options.production) {
    // Pinch and Ctrl+wheel zoom: pin the page at 100 %.
    void contents.setVisualZoomLevelLimits(1, 1);
    contents.on('zoom-changed', (event) => {
      event.preventDefault();
      contents.setZoomFactor(1);
    });
  }
}

type PermissionName = Parameters<NonNullable<Parameters<import('electron').Session['setPermissionCheckHandler']>[0]>>[1];

/** What Electron says about a `media` permission: the request lists the kinds, the check names one. */
export type PermissionDetails = { requestingUrl?: string; mediaTypes?: string[]; mediaType?: string };

/** A permission rule: which permission, for which URL, and (for media) which kinds of media. */
export type PermissionRule = (permission: string, requestingUrl: unknown, details?: PermissionDetails) => boolean;

export type HardenableSession = {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: PermissionName, callback: (granted: boolean) => void, details: PermissionDetails) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: PermissionName, requestingOrigin: string, details?: PermissionDetails) => boolean): void;
  setDevicePermissionHandler(handler: (details: { origin: string }) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (details: { responseHeaders?: Record<string, string | string[]> }, callback: (response: { responseHeaders: Record<string, string | string[]> }) => void) => void,
    ): void;
  };
};

/**
 * Session hardening: permission request/check/device handlers grant only what `isAllowed` says
 * (kiosk session: the allow-list, for our origin only), and, for the kiosk session, every
 * response gets our CSP. WebHID / WebUSB / serial device access is never granted.
 */
export function hardenSession(
  session: HardenableSession,
  options: {
    isAllowed?: PermissionRule;
    enforceCsp?: boolean;
    onBlocked?: (what: string, detail: string) => void;
  } = {},
): void {
  const isAllowed = options.isAllowed ?? ((permission: string, url: unknown) => isPermissionAllowed(permission, url));
  const blocked = options.onBlocked ?? (() => {});
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const ok = isAllowed(permission, details?.requestingUrl, details);
    if (!ok) blocked('permission request', `${permission} from ${describeUrl(details?.requestingUrl)}`);
    callback(ok);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => isAllowed(permission, requestingOrigin, details));
  session.setDevicePermissionHandler(() => false);
  if (options.enforceCsp ?? true) session.webRequest.onHeadersReceived(cspHeadersListener);
}
