// The renderer's web bridge in real Chromium against a loopback server that speaks the web host's
// protocol (POST /api/kiosk/<call> with x-kiosk-token, GET /api/kiosk/events server-sent events).
// Checks the token hand-over, that replies are validated, and that failures become sentences.
import type { Server, ServerResponse } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectProblems, launch, shot, startServer } from './renderer-harness';
import { makeVerification } from '../helpers/fixtures';

const TOKEN = 'test-token-0123456789';
const queue = (waiting: number) => ({ waiting, inFlight: 0, needsAttention: 0, failed: 0, oldestWaitingAt: null, lastSyncAt: null, nextAttemptAt: null });
const status = {
  mode: 'training',
  kioskId: 'bridge-kiosk',
  online: true,
  providers: [],
  devices: [],
  queue: queue(0),
  version: '0.1.0',
};
const verification = makeVerification('passport');

const seen: { call: string; token: string | undefined; body: string }[] = [];
const streams: ServerResponse[] = [];
let eventsToken: string | null = null;
let failStart = false;
let browser: Browser;
let server: Server;
let url: string;

beforeAll(async () => {
  ({ url, server } = await startServer((req, res, body) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/api/kiosk/events') {
      // The stream is read with fetch and the token in its header: never in the URL or a cookie.
      const header = req.headers['x-kiosk-token'];
      eventsToken = u.search === '' && !req.headers.cookie && typeof header === 'string' ? header : null;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': hello\n\n');
      streams.push(res);
      return true;
    }
    const m = /^\/api\/kiosk\/(\w+)$/.exec(u.pathname);
    if (!m || req.method !== 'POST') return false;
    const token = req.headers['x-kiosk-token'];
    seen.push({ call: m[1]!, token: typeof token === 'string' ? token : undefined, body });
    const reply = (code: number, payload: unknown) => void res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    if (token !== TOKEN) return reply(403, { ok: false, error: { code: 'forbidden', message: 'This page has no valid session. Open the address the kiosk printed.' } }), true;
    switch (m[1]) {
      case 'getStatus':
        return reply(200, { ok: true, value: status }), true;
      case 'startVerification':
        if (failStart) return req.socket.destroy(), true; // the host vanished mid-call
        return reply(200, { ok: true, value: verification }), true;
      case 'listDevices':
        return reply(200, { ok: true, value: [{ id: 5 }] }), true; // not the contract's shape
      default:
        return reply(404, { ok: false, error: { code: 'not_found', message: 'That kiosk action does not exist.' } }), true;
    }
  }));
  browser = await launch();
});
afterAll(async () => {
  for (const s of streams) s.end();
  await browser?.close();
  server?.close();
});

describe('renderer web bridge', () => {
  it('takes the token from the URL, hides it, sends it with every call and follows events', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const problems = collectProblems(page);
    await page.goto(`${url}?token=${TOKEN}`);
    await page.getByText('Kiosk bridge-kiosk').waitFor();
    expect(page.url()).toBe(url);
    expect(await page.evaluate(() => sessionStorage.getItem('kiosk.webToken'))).toBe(TOKEN);
    expect(seen.find((s) => s.call === 'getStatus')).toMatchObject({ token: TOKEN, body: '{}' });
    await expect(page.getByTestId('training-banner').count()).resolves.toBe(1);

    // Events: a queueChanged pushed by the host updates the count on screen.
    await expect.poll(() => streams.length).toBeGreaterThan(0);
    expect(eventsToken).toBe(TOKEN);
    for (const s of streams) s.write(`event: queueChanged\ndata: ${JSON.stringify(queue(7))}\n\n`);
    await page.getByText('Waiting to be sent: 7').waitFor();

    // A reload has no token in the URL: the kept one is used.
    seen.length = 0;
    await page.reload();
    await page.getByText('Kiosk bridge-kiosk').waitFor();
    expect(seen.find((s) => s.call === 'getStatus')?.token).toBe(TOKEN);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a reply that is not the contract shape, and a host that drops the call, become sentences with a next step', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${url}?token=${TOKEN}`);
    await page.getByRole('button', { name: 'Start verification' }).click();
    await page.getByRole('button', { name: 'The customer agrees' }).click();
    failStart = true;
    await page.getByTestId('doc-passport').click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('The kiosk service cannot be reached. Check that it is running, then try again.');
    failStart = false;
    await page.getByTestId('doc-passport').click();
    await page.getByRole('alert').filter({ hasText: 'does not understand' }).waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Reload the page');
    await shot(page, 'bridge-bad-reply');
    expect(JSON.parse(seen.filter((s) => s.call === 'startVerification').at(-1)!.body)).toEqual({ documentType: 'passport', locale: 'en' });
    await page.close();
  });

  it('without a token the host refuses and the page says what to do', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    seen.length = 0;
    await page.goto(url);
    await page.getByRole('button', { name: 'Start verification' }).waitFor();
    // This page asked without a token (a late status re-read of an earlier page may still arrive with one).
    await expect.poll(() => seen.some((s) => s.call === 'getStatus' && s.token === undefined)).toBe(true);
    // The host's refusal is shown as its sentence; no status or training banner is invented.
    await expect(page.getByTestId('status-error').textContent()).resolves.toContain('Open the address the kiosk printed.');
    await expect(page.getByTestId('training-banner').count()).resolves.toBe(0);
    await shot(page, 'bridge-no-token');
    await context.close();
  });
});
