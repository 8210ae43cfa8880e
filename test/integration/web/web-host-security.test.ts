// The web host must refuse requests without the session token, with a wrong one, with a foreign
// Host header (DNS rebinding) or a foreign Origin — over real HTTP on loopback.
import { request } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../helpers/kiosk-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ web: true, overrides: { sync: { enabled: false } } });
});
afterAll(async () => h?.close());

function send(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: h.web!.port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const host = () => `127.0.0.1:${h.web!.port}`;
const call = (name: string, headers: Record<string, string>, body = '{}') =>
  send({ path: `/api/kiosk/${name}`, method: 'POST', headers: { 'content-type': 'application/json', host: host(), ...headers }, body });

describe('web host security', () => {
  it('answers a call that carries the token and a loopback Host', async () => {
    const res = await call('getStatus', { 'x-kiosk-token': h.web!.token });
    expect(res.status).toBe(200);
    const json = JSON.parse(res.body);
    expect(json.ok).toBe(true);
    expect(json.value.mode).toBe('training');
  });

  it('refuses a call without a token', async () => {
    const res = await call('getStatus', {});
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses a wrong token, including one of the right length', async () => {
    const wrong = h.web!.token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    expect((await call('getStatus', { 'x-kiosk-token': wrong })).status).toBe(401);
    expect((await call('getStatus', { 'x-kiosk-token': 'x' })).status).toBe(401);
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    const res = await call('getStatus', { 'x-kiosk-token': h.web!.token, host: `evil.example:${h.web!.port}` });
    expect(res.status).toBe(421);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const res = await call('getStatus', { 'x-kiosk-token': h.web!.token, origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('refuses the event stream without the token, and with the token only in the query or a cookie', async () => {
    expect((await send({ path: '/api/kiosk/events', headers: { host: host() } })).status).toBe(401);
    expect((await send({ path: `/api/kiosk/events?token=${h.web!.token}`, headers: { host: host() } })).status).toBe(401);
    expect((await send({ path: '/api/kiosk/events', headers: { host: host(), cookie: `kiosk_token=${h.web!.token}` } })).status).toBe(401);
    expect((await call('getStatus', { cookie: `kiosk_token=${h.web!.token}` })).status).toBe(401);
  });

  it('never sets the token in a cookie; opening the page expires an old one', async () => {
    const res = await send({ path: `/?token=${h.web!.token}`, headers: { host: host(), cookie: `kiosk_token=${h.web!.token}` } });
    const cookie = String(res.headers['set-cookie'] ?? '');
    expect(cookie).not.toContain(h.web!.token);
    expect(cookie).toMatch(/^kiosk_token=; Max-Age=0;/);
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(String(res.headers['content-security-policy'])).toContain("frame-src 'none'");
    expect(String(res.headers['content-security-policy'])).toContain("worker-src 'self'");
  });

  it('rejects hostile payloads with a clear error and no stack trace', async () => {
    const t = { 'x-kiosk-token': h.web!.token };
    const cases = [
      ['startVerification', JSON.stringify({ documentType: '<script>alert(1)</script>' })],
      ['startVerification', '{"documentType":"passport","__proto__":{"polluted":true}}'],
      ['getVerification', JSON.stringify({ id: 'x'.repeat(100_000) })],
      ['capture', JSON.stringify({ verificationId: '00000000-0000-4000-8000-000000000000', side: 'front', deviceId: '$(rm -rf /)' })],
      ['nonexistentCall', '{}'],
      ['getStatus', '{not json'],
    ] as const;
    for (const [name, body] of cases) {
      const res = await call(name, t, body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      const json = JSON.parse(res.body);
      expect(json.ok).toBe(false);
      expect(json.error.message).toMatch(/^[A-Z].*\.$/);
      expect(res.body).not.toMatch(/at .*\.ts:\d+|node_modules/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('writes the token file 0600 in the data dir', () => {
    const file = join(h.dataDir, 'web-token');
    expect(readFileSync(file, 'utf8').trim()).toBe(h.web!.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
