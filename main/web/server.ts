// The web host: the same core and UI as the Electron kiosk, served to a browser on loopback only.
// Used for development without Electron, the automated browser tests and (later) a supervisor console.
// Every request must carry the session token and a loopback Host header (DNS-rebinding defence).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { EVENT_NAMES } from '../../shared/contract';
import { dispatch } from '../host/dispatch';
import type { KioskEvents } from '../events';
import type { KioskService } from '../../shared/contract';
import { checkRequestAuth, tokenCookie, type AuthContext } from './auth';
import { serveStatic } from './static-files';
import { SECURITY_HEADERS } from './headers';
import { writeTokenFile } from './token-file';

const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface WebHostOptions {
  service: KioskService;
  events: KioskEvents;
  dataDir: string;
  /** Folder with the built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
}

export interface WebHost {
  url: string;
  /** The URL with the session token, as printed on start. */
  urlWithToken: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? (() => {});
  const token = randomBytes(32).toString('hex');
  const sseClients = new Set<ServerResponse>();
  const auth: AuthContext = { token, port: 0 };

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    handle(req, res).catch((e) => {
      log('error', 'web host request failed', e);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The kiosk could not answer. Try again.' } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = checkRequestAuth(req, url, auth);
    if (!verdict.ok) {
      sendJson(res, verdict.status, { ok: false, error: { code: 'forbidden', message: verdict.message } });
      return;
    }
    if (url.pathname === '/api/kiosk/events' && req.method === 'GET') return openEventStream(res);
    if (url.pathname.startsWith('/api/kiosk/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'bad_request', message: 'Use POST for kiosk calls.' } });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { ok: false, error: { code: 'bad_request', message: 'Kiosk calls must be JSON.' } });
      }
      const body = await readBody(req);
      if (body === null) return sendJson(res, 413, { ok: false, error: { code: 'bad_request', message: 'The request was too large.' } });
      let payload: unknown;
      try {
        payload = body.length ? JSON.parse(body) : {};
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'bad_request', message: 'The request was not valid JSON.' } });
      }
      const name = decodeURIComponent(url.pathname.slice('/api/kiosk/'.length));
      const result = await dispatch(options.service, name, payload, (m, e) => log('error', m, e));
      return sendJson(res, result.ok ? 200 : statusFor(result.error.code), result);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'bad_request', message: 'Not allowed.' } });
    // A page load with ?token= gets a cookie so the bundle's own asset requests carry the token too.
    if (url.searchParams.get('token') === token) res.setHeader('Set-Cookie', tokenCookie(token));
    await serveStatic(options.rendererDir, url.pathname, res);
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = EVENT_NAMES.map((name) =>
      options.events.on(name, (payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)),
    );
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    sseClients.add(res);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe.forEach((off) => off());
      sseClients.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  auth.port = port;
  writeTokenFile(options.dataDir, token);
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    urlWithToken: `${url}?token=${token}`,
    port,
    token,
    close: async () => {
      for (const c of sseClients) c.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function statusFor(code: string): number {
  switch (code) {
    case 'bad_request':
    case 'bad_image':
      return 400;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'disk_low':
      return 507;
    case 'device_error':
      return 503;
    default:
      return 500;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Reads a request body up to MAX_BODY_BYTES; null when larger (the rest is discarded). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
