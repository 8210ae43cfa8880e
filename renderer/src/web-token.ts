// The web host hands the session token to the page once, in the URL (`?token=…`). We keep it in
// sessionStorage (gone when the tab closes) and take it out of the address bar at once, so it does
// not linger in history, screenshots or a shoulder-surfer's view.
export const TOKEN_STORAGE_KEY = 'kiosk.webToken';

/** The parts of location, sessionStorage and history we touch (structural, so tests pass plain objects). */
export type TokenPlaces = {
  location: { readonly href: string };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  history: { readonly state: unknown; replaceState(data: unknown, unused: string, url?: string | null): void };
};

export function takeWebToken({ location, storage, history }: TokenPlaces): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}
