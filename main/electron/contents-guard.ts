// Defence in depth for every WebContents the app ever creates (app 'web-contents-created'), including
// ones no window code expected: no navigation or redirect outside app://kiosk (or the origin of a
// provider window that is open right now), no pop-ups, no <webview>. The per-window guards in
// guards.ts apply on top of this; both must allow a navigation for it to happen. A provider page that
// ends on a callback URL (ZOLOZ's H5 page: a 303 to its complete/interrupt callback) is stopped there
// by its window; the guard stops it too, but does not report that expected ending as blocked, so the
// log names only what was really refused.
import { describeUrl, isNavigationAllowed, providerOrigin } from './guards';

type Preventable = { preventDefault(): void };

export type AnyWebContents = {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable, webPreferences: unknown, params: unknown) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
};

export interface ContentsGuard {
  /** The app's 'web-contents-created' listener. */
  onWebContentsCreated(event: unknown, contents: AnyWebContents): void;
  /**
   * Lets contents navigate within `origin` while a provider window is open; returns the release.
   * `isExpectedEnd` names the page's callback URLs: still stopped, but not logged as blocked.
   */
  allowOrigin(origin: string, isExpectedEnd?: (url: string) => boolean): () => void;
}

export function createContentsGuard(options: { onBlocked?: (what: string, detail: string) => void } = {}): ContentsGuard {
  const blocked = options.onBlocked ?? (() => {});
  const origins = new Map<string, number>();
  const endings = new Set<(url: string) => boolean>();
  const expectedEnd = (url: unknown) => typeof url === 'string' && [...endings].some((isEnd) => isEnd(url));
  const allowed = (url: unknown): boolean => {
    if (isNavigationAllowed(url)) return true;
    const origin = providerOrigin(url);
    return origin !== null && (origins.get(origin) ?? 0) > 0;
  };
  return {
    onWebContentsCreated(_event, contents) {
      const guard = (kind: string) => (event: Preventable, url: string) => {
        if (allowed(url)) return;
        event.preventDefault();
        if (!expectedEnd(url)) blocked(kind, describeUrl(url));
      };
      contents.on('will-navigate', guard('navigation'));
      contents.on('will-redirect', guard('redirect'));
      contents.on('will-attach-webview', (event) => {
        event.preventDefault();
        blocked('webview', 'refused');
      });
      contents.setWindowOpenHandler((details) => {
        blocked('window.open', describeUrl(details.url));
        return { action: 'deny' };
      });
    },
    allowOrigin(origin, isExpectedEnd) {
      const o = providerOrigin(origin);
      if (o === null) return () => {};
      origins.set(o, (origins.get(o) ?? 0) + 1);
      // A fresh function per window, so two windows with the same callbacks release separately.
      const ending = isExpectedEnd ? (url: string) => isExpectedEnd(url) : null;
      if (ending) endings.add(ending);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (ending) endings.delete(ending);
        const n = (origins.get(o) ?? 1) - 1;
        if (n > 0) origins.set(o, n);
        else origins.delete(o);
      };
    },
  };
}
