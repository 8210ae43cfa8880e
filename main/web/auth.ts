// Request checks of the web host: a loopback Host header (so a rebinding DNS name pointing at
// 127.0.0.1 cannot reach us) and the session token, compared in constant time.
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

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

export function checkRequestAuth(req: IncomingMessage, url: URL, ctx: AuthContext): AuthVerdict {
  if (!isLoopbackHost(req.headers.host, ctx.port)) {
    return { ok: false, status: 421, message: 'This kiosk only answers on its own loopback address.' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackHost(origin.replace(/^http:\/\//, ''), ctx.port)) {
    return { ok: false, status: 403, message: 'Requests from other sites are refused.' };
  }
  const presented = presentedToken(req, url);
  if (!presented || !sameToken(presented, ctx.token)) {
    return { ok: false, status: 401, message: 'This page needs the kiosk session link. Open the address the kiosk printed when it started.' };
  }
  return { ok: true };
}

function presentedToken(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string' && header) return header;
  const query = url.searchParams.get('token');
  if (query) return query;
  const cookie = req.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === TOKEN_COOKIE && v) return v;
  }
  return undefined;
}

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
