// Content-Security-Policy for everything the kiosk window loads. `default-src 'self'` and no
// 'unsafe-inline' / 'unsafe-eval' anywhere: an injected <script> or inline handler never runs.
// Images cross from main as data: URLs (compact JPEG previews), hence img-src data: blob:.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every app:// response carries besides its content type. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

type HeaderMap = Record<string, string | string[]>;

/**
 * `session.webRequest.onHeadersReceived` listener: replaces any CSP a response brings (in any
 * letter case) with ours, so nothing loaded into the session can loosen it.
 */
export function cspHeadersListener(
  details: { responseHeaders?: HeaderMap },
  callback: (response: { responseHeaders: HeaderMap }) => void,
): void {
  const headers: HeaderMap = {};
  for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    headers[name] = value;
  }
  // Electronegativity cannot evaluate a constant here; the policy is parsed and asserted in csp.test.ts.
  headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY]; // eng-disable CSP_GLOBAL_CHECK
  callback({ responseHeaders: headers });
}
