// The app:// handler against a real folder on disk (temp dir): real files, a real symlink that
// points outside, and the traversal spellings attackers use.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/csp';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, resolveAppRequest } from '../../../main/electron/protocol';

let base: string;
let root: string;
let handler: ReturnType<typeof createAppProtocolHandler>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'kiosk-proto-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.json'), '{"apiKey":"outside-the-root"}');
  writeFileSync(join(base, 'renderer-evil.js'), 'sibling folder with the same prefix');
  symlinkSync(join(base, 'secret.json'), join(root, 'assets', 'link.json'));
  handler = createAppProtocolHandler({ rootDir: root, readFile, realpath });
});
afterAll(() => rmSync(base, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

const get = (url: string, method = 'GET') => handler({ url, method });

describe('app:// scheme privileges', () => {
  it('is standard and secure but never bypasses CSP or enables service workers / CORS', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false, allowServiceWorkers: false, corsEnabled: false });
  });
});

describe('app:// protocol handler', () => {
  it('serves index.html for / with the CSP header and the right content type', async () => {
    const res = await get('app://kiosk/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>kiosk</title>');
  });

  it('serves assets by path', async () => {
    const res = await get('app://kiosk/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await res.text()).toBe('console.log(1)');
  });

  it('answers 404 with the CSP and no path for a missing file', async () => {
    const res = await get('app://kiosk/assets/missing.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).not.toContain(root);
  });

  const traversal = [
    'app://kiosk/../secret.json',
    'app://kiosk/%2e%2e/secret.json',
    'app://kiosk/%2E%2E/secret.json',
    'app://kiosk/assets/%2e%2e/%2e%2e/secret.json',
    'app://kiosk/..%2fsecret.json',
    'app://kiosk/..%2Fsecret.json',
    'app://kiosk/..%5csecret.json',
    'app://kiosk/assets\\..\\..\\secret.json',
    'app://kiosk/%252e%252e/secret.json',
    'app://kiosk/assets/link.json',
    'app://kiosk/%00index.html',
    'app://kiosk/index.html%00.js',
    'app://kiosk/C:/Windows/win.ini',
    'app://kiosk//etc/passwd',
    'app://kiosk/../renderer-evil.js',
  ];
  for (const url of traversal) {
    it(`refuses ${url}`, async () => {
      const res = await get(url);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('outside-the-root');
    });
  }

  it('never resolves any of those URLs to a path outside the renderer folder', () => {
    // The URL parser already folds ../ and %2e%2e segments; whatever is left must stay inside root.
    for (const url of traversal) {
      const r = resolveAppRequest(url, 'GET', root);
      if (r.kind === 'file') expect(r.path.startsWith(root + '/'), `${url} -> ${r.path}`).toBe(true);
    }
  });

  it('refuses other hosts and schemes', async () => {
    for (const url of ['app://evil/index.html', 'app://kiosk.evil/index.html', 'app://kiosk:8080/index.html', 'app://user@kiosk/index.html', 'file:///etc/passwd', 'https://kiosk/index.html']) {
      expect((await get(url)).status, url).toBe(403);
    }
  });

  it('refuses methods other than GET/HEAD and answers HEAD without a body', async () => {
    expect((await get('app://kiosk/index.html', 'POST')).status).toBe(405);
    expect((await get('app://kiosk/index.html', 'PUT')).status).toBe(405);
    const head = await get('app://kiosk/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('never serves file types outside the allow-list', () => {
    expect(resolveAppRequest('app://kiosk/config.env', 'GET', root)).toMatchObject({ kind: 'refused', status: 404 });
    expect(resolveAppRequest('app://kiosk/kiosk.db', 'GET', root)).toMatchObject({ kind: 'refused', status: 404 });
  });

  it('maps a good URL inside the root', () => {
    expect(resolveAppRequest('app://kiosk/assets/app.js?v=1#x', 'GET', root)).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'app.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });
});
