// Request hygiene of the web host over real HTTP on loopback: malformed call names, the exact JSON
// media type, the body limit enforced before reading (and while streaming), the nesting limit
// before parsing, the cap on event streams, and how client aborts are logged.
import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startHarness, type Harness } from '../../helpers/kiosk-harness';
import { startWebHost, type WebHost } from '../../../main/web/server';

let h: Harness;
let web: WebHost;
let webDir: string;
const logged: Array<{ level: string; message: string }> = [];

beforeAll(async () => {
  h = await startHarness({ overrides: { sync: { enabled: false } } });
  webDir = mkdtempSync(join(tmpdir(), 'kiosk-web-hardening-'));
  web = await startWebHost({
    service: h.kiosk.service,
    events: h.kiosk.events,
    dataDir: webDir,
    rendererDir: join(REPO_ROOT, 'out/renderer'),
    maxEventStreams: 3,
    log: (level, message) => logged.push({ level, message }),
  });
}, 60_000);
afterAll(async () => {
  await web?.close();
  await h?.close();
  rmSync(webDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

const host = () => `127.0.0.1:${web.port}`;

function send(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, path: opts.path, method: opts.method ?? 'POST', headers: { host: host(), 'x-kiosk-token': web.token, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
const call = (name: string, body: string, contentType = 'application/json') => send({ path: `/api/kiosk/${name}`, headers: { 'content-type': contentType }, body });

/** Raw bytes over a socket: what comes back, and whether the server closed the connection. */
function rawExchange(head: string, bodyPart: string, waitMs = 3_000): Promise<{ reply: string; closed: boolean; written: number }> {
  return new Promise((resolve) => {
    const socket = connect(web.port, '127.0.0.1');
    let reply = '';
    let closed = false;
    let written = 0;
    socket.on('data', (d) => (reply += d.toString('latin1')));
    socket.on('close', () => {
      closed = true;
      resolve({ reply, closed, written });
    });
    socket.on('error', () => {});
    socket.on('connect', () => {
      socket.write(head);
      socket.write(bodyPart);
      written = bodyPart.length;
    });
    setTimeout(() => {
      socket.destroy();
      resolve({ reply, closed, written });
    }, waitMs);
  });
}

describe('web host request hygiene', () => {
  it('answers 400 (not 500) to a call name that does not decode or is not a name, and logs no error', async () => {
    const before = logged.filter((l) => l.level === 'error').length;
    for (const path of ['/api/kiosk/%E0%A4%A', '/api/kiosk/%', '/api/kiosk/get%00Status', '/api/kiosk/a/b', '/api/kiosk/' + 'x'.repeat(65)]) {
      const res = await send({ path, headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(logged.filter((l) => l.level === 'error').length).toBe(before);
  });

  it('accepts exactly application/json (charset utf-8 allowed) and nothing that merely starts with it', async () => {
    expect((await call('getStatus', '{}', 'application/json')).status).toBe(200);
    expect((await call('getStatus', '{}', 'Application/JSON; charset=UTF-8')).status).toBe(200);
    for (const type of ['application/jsonfoo', 'application/json-seq', 'application/json; charset=latin1', 'text/plain', 'application/json, text/plain']) {
      expect((await call('getStatus', '{}', type)).status, type).toBe(415);
    }
  });

  it('answers 413 from Content-Length before reading the body, and closes the connection', async () => {
    const head =
      `POST /api/kiosk/getStatus HTTP/1.1\r\nHost: ${host()}\r\nx-kiosk-token: ${web.token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${200 * 1024 * 1024}\r\n\r\n`;
    // Only 10 bytes of the announced 200 MB are ever sent: an answer proves nothing waited for the rest.
    const { reply, closed } = await rawExchange(head, '{"a":"xxx"');
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(closed).toBe(true);
  });

  it('answers 413 while streaming a chunked body that passes the limit', async () => {
    const head = `POST /api/kiosk/getStatus HTTP/1.1\r\nHost: ${host()}\r\nx-kiosk-token: ${web.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = 'x'.repeat(32 * 1024);
    const chunks = Array.from({ length: 3 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const { reply, closed } = await rawExchange(head, chunks);
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(closed).toBe(true);
  });

  it('refuses nesting deeper than the limit before parsing, and takes normal bodies', async () => {
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    const res = await call('getStatus', deep);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toMatch(/nested too deeply/);
    const deepInObject = `{"a":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
    expect((await call('getStatus', deepInObject)).status).toBe(400);
    // Brackets inside strings are not nesting.
    const strings = JSON.stringify({ documentType: 'passport', locale: '[[[[[[[[[[[[[[[[[[[[[[[[' });
    expect((await call('startVerification', strings)).status).toBe(400); // bad locale, but judged by the schema, not the depth check
    expect(JSON.parse((await call('startVerification', strings)).body).error.message).toMatch(/locale/);
  });

  it('keeps at most N event streams open: a new one closes the oldest', async () => {
    const open = (): Promise<{ res: IncomingMessage; ended: Promise<void> }> =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: web.port, path: '/api/kiosk/events', headers: { host: host(), 'x-kiosk-token': web.token } }, (res) => {
          const ended = new Promise<void>((r) => {
            res.on('end', () => r());
            res.on('close', () => r());
          });
          res.resume();
          resolve({ res, ended });
        });
        req.on('error', reject);
        req.end();
      });
    const streams = [];
    for (let i = 0; i < 5; i++) streams.push(await open());
    expect(streams.every((s) => s.res.statusCode === 200)).toBe(true);
    await Promise.all([streams[0]!.ended, streams[1]!.ended]);
    expect(web.eventStreams()).toBe(3);
    // The kiosk's event bus got one listener per event from the host, however many streams are open.
    const emitter = (h.kiosk.events as unknown as { emitter: import('node:events').EventEmitter }).emitter;
    expect(emitter.listenerCount('verificationUpdated')).toBeLessThanOrEqual(2);
    expect((await call('getStatus', '{}')).status).toBe(200);
    for (const s of streams) s.res.destroy();
  });

  it('logs a client abort at warn level at most, never as an error', async () => {
    const before = logged.filter((l) => l.level === 'error').length;
    const head = `POST /api/kiosk/getStatus HTTP/1.1\r\nHost: ${host()}\r\nx-kiosk-token: ${web.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    await rawExchange(head, '{"a":', 300);
    await new Promise((r) => setTimeout(r, 200));
    expect(logged.filter((l) => l.level === 'error').length).toBe(before);
  });
});
