// The web host's request check, case by case: loopback Host (DNS rebinding), Origin, and the
// session token from the header only (never the query or a cookie), compared whole. The end-to-end refusals over real
// HTTP are in test/integration/web/web-host-security.test.ts; this pins each rule on its own.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkRequestAuth, checkRequestOrigin, expiredTokenCookie, isLoopbackHost, TOKEN_COOKIE, TOKEN_HEADER } from '../../../main/web/auth';

const PORT = 47_123;
const TOKEN = 'a3f1c2d4e5b6a7980112233445566778';
const ctx = { token: TOKEN, port: PORT };

/** A request as node:http hands it over, reduced to what the check reads: its headers. */
const request = (headers: Record<string, string | undefined>) => ({ headers }) as unknown as IncomingMessage;
const check = (headers: Record<string, string | undefined>) => checkRequestAuth(request(headers), ctx);
const host = `127.0.0.1:${PORT}`;

describe('isLoopbackHost', () => {
  it('accepts the three loopback spellings on the kiosk port only', () => {
    for (const h of ['127.0.0.1', 'localhost', '[::1]']) {
      expect(isLoopbackHost(`${h}:${PORT}`, PORT)).toBe(true);
      expect(isLoopbackHost(`${h}:${PORT + 1}`, PORT)).toBe(false);
      expect(isLoopbackHost(h, PORT)).toBe(false); // no port: not what a browser sends for this origin
    }
  });

  it('refuses other names, look-alikes and an absent header', () => {
    for (const h of [`evil.example:${PORT}`, `127.0.0.1.evil.example:${PORT}`, `x127.0.0.1:${PORT}`, `localhost.:${PORT}`, `::1:${PORT}`, `127.0.0.2:${PORT}`, `${PORT}`, '']) {
      expect(isLoopbackHost(h, PORT)).toBe(false);
    }
    expect(isLoopbackHost(undefined, PORT)).toBe(false);
  });
});

describe('checkRequestAuth', () => {
  it('lets a loopback request with the token in the header through', () => {
    expect(check({ host, [TOKEN_HEADER]: TOKEN })).toEqual({ ok: true });
  });

  it('never takes the token from the query or a cookie', () => {
    const refused = { ok: false, status: 401, message: expect.stringMatching(/session link/) };
    expect(checkRequestAuth(request({ host }), ctx)).toEqual(refused);
    expect(check({ host, cookie: `${TOKEN_COOKIE}=${TOKEN}` })).toEqual(refused);
    expect(check({ host, cookie: `theme=dark; ${TOKEN_COOKIE}=${TOKEN}; lang=en` })).toEqual(refused);
  });

  it('refuses a foreign or missing Host with 421 before looking at the token', () => {
    for (const h of [`evil.example:${PORT}`, `127.0.0.1:${PORT + 1}`, undefined]) {
      const v = check({ host: h, [TOKEN_HEADER]: TOKEN });
      expect(v).toEqual({ ok: false, status: 421, message: expect.stringMatching(/loopback/) });
    }
  });

  it('refuses a foreign Origin with 403 even with the token; a loopback Origin or none is fine', () => {
    for (const origin of [`http://evil.example:${PORT}`, `https://127.0.0.1:${PORT}`, `http://127.0.0.1:${PORT + 1}`, 'null', '', `127.0.0.1:${PORT}http://`, `evil.example/http://127.0.0.1:${PORT}`]) {
      expect(check({ host, origin, [TOKEN_HEADER]: TOKEN })).toEqual({ ok: false, status: 403, message: expect.stringMatching(/other sites/) });
    }
    for (const origin of [`http://127.0.0.1:${PORT}`, `http://localhost:${PORT}`, `http://[::1]:${PORT}`]) {
      expect(check({ host, origin, [TOKEN_HEADER]: TOKEN })).toEqual({ ok: true });
    }
  });

  it('refuses a missing, wrong, shorter, longer or empty token with 401', () => {
    const refused = { ok: false, status: 401, message: expect.stringMatching(/session link/) };
    expect(check({ host })).toEqual(refused);
    const sameLength = TOKEN.slice(0, -1) + (TOKEN.endsWith('8') ? '9' : '8');
    for (const t of [sameLength, TOKEN.slice(0, -1), `${TOKEN}0`, TOKEN.toUpperCase()]) {
      expect(check({ host, [TOKEN_HEADER]: t })).toEqual(refused);
    }
    expect(check({ host, [TOKEN_HEADER]: '' })).toEqual(refused);
  });

  it('the page files need a loopback Host and Origin but no token', () => {
    expect(checkRequestOrigin(request({ host }), ctx)).toEqual({ ok: true });
    expect(checkRequestOrigin(request({ host: `evil.example:${PORT}` }), ctx)).toMatchObject({ ok: false, status: 421 });
    expect(checkRequestOrigin(request({ host, origin: 'http://evil.example' }), ctx)).toMatchObject({ ok: false, status: 403 });
  });
});

describe('expiredTokenCookie', () => {
  it('removes the old token cookie for the whole site', () => {
    expect(expiredTokenCookie()).toMatch(/^kiosk_token=; Max-Age=0;.*Path=\/$/);
    expect(TOKEN_COOKIE).toBe('kiosk_token');
    expect(TOKEN_HEADER).toBe('x-kiosk-token');
  });
});
