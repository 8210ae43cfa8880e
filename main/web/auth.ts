// Request checks of the web host: a loopback Host header (so a rebinding DNS name pointing at
// 127.0.0.1 cannot reach us), a loopback Origin when there is one, and, for kiosk calls and the
// event stream, the session token in the x-kiosk-token header, compared in constant time.
// The token is never read from a cookie or the query: browsers send cookies for 127.0.0.1 to every
// port, and URLs end up in logs and history.
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

/** The cookie older kiosk versions set; every page load now expires it. */
export const TOKEN_COOKIE = 'kiosk_token';
export const TOKEN_HEADER = 'x-kiosk-token';

export interface AuthContext {
  token: string;
  port: number;
}

export type AuthVerdict = { ok: true } | { ok: false; status: number; message: string };

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return LOOPBACK_HOSTS.some((h) => hostHeader === `${h}:${port}`);
}

/** Host and Origin only: what every request, the page's own files included, must pass. */
export function checkRequestOrigin(req: IncomingMessage, ctx: Pick<AuthContext, 'port'>): AuthVerdict {
  if (!isLoopbackHost(req.headers.host, ctx.port)) {
    return { ok: false, status: 421, message: 'This kiosk only answers on its own loopback address.' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackHost(origin.replace(/^http:\/\//, ''), ctx.port)) {
    return { ok: false, status: 403, message: 'Requests from other sites are refused.' };
  }
  return { ok: true };
}

/** Host, Origin and the session token in its header: what kiosk calls and the event stream must pass. */
export function checkRequestAuth(req: IncomingMessage, ctx: AuthContext): AuthVerdict {
  const origin = checkRequestOrigin(req, ctx);
  if (!origin.ok) return origin;
  const presented = req.headers[TOKEN_HEADER];
  if (typeof presented !== 'string' || !presented || !sameToken(presented, ctx.token)) {
    return { ok: false, status: 401, message: 'This page needs the kiosk session link. Open the address the kiosk printed when it started.' };
  }
  return { ok: true };
}

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Set-Cookie value that removes the token cookie an older version may have left in the browser. */
export function expiredTokenCookie(): string {
  return `${TOKEN_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict; Path=/`;
}
