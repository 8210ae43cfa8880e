// The one origin the kiosk UI runs on. The renderer is served from the privileged custom scheme
// `app://kiosk/` (never file://), so an XSS cannot read arbitrary files and every check
// (navigation, IPC sender, permissions) compares against this single origin.
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True only for URLs on our own origin. Parsed with a real URL parser (string prefix checks are
 * fooled by `app://kiosk.evil/` or `app://kiosk@evil/`). Node's URL reports origin "null" for
 * non-special schemes, so scheme and host are compared instead.
 */
export function isAppUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length > 8192) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}
