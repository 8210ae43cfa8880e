// The web host: the same core and UI as the Electron kiosk, served to a browser on loopback only.
// Used for development without Electron, the automated browser tests and (later) a supervisor console.
// Every request needs a loopback Host header (DNS-rebinding defence); kiosk calls and the event
// stream also need the session token in the x-kiosk-token header (never a cookie). The page's own
// files (the built renderer, no data in them) are served without the token so the browser can load
// them; the page takes the token from the printed URL and sends it with every call.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { dispatch } from '../host/dispatch';
import type { KioskEvents } from '../events';
import type { KioskService } from '../../shared/contract';
import { englishText, kioskMessage } from '../../shared/kiosk-message';
import { createTellerDisclosure } from '../teller/disclosure';
import { checkRequestAuth, checkRequestOrigin, expiredTokenCookie, type AuthContext } from './auth';
import { serveStatic } from './static-files';
import { SECURITY_HEADERS } from './headers';
import { writeTokenFile } from './token-file';
import { readJsonBody } from './request-body';
import { createEventStreamHub, MAX_EVENT_STREAMS } from './event-streams';

/** An unexpected failure while answering: the catalogue's generic sentence, in the teller's language on screen. */
const INTERNAL = kioskMessage('internal');

const API_PREFIX = '/api/kiosk/';
/** Call names are contract identifiers: letters only. Anything else is refused before lookup. */
const CALL_NAME = /^[A-Za-z]{1,64}$/;

export interface WebHostOptions {
  service: KioskService;
  events: KioskEvents;
  dataDir: string;
  /** Folder with the built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /** Minutes a finished verification stays in full on the teller's screen (config teller.fullDataMinutes). */
  fullDataMinutes?: number;
  /** Open event streams at most; a new one closes the oldest. */
  maxEventStreams?: number;
  /** Clock of the disclosure rule (tests move it). */
  now?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
}

export interface WebHost {
  url: string;
  /** The URL with the session token, as printed on start. */
  urlWithToken: string;
  port: number;
  token: string;
  /** Event streams open now. */
  eventStreams(): number;
  close(): Promise<void>;
}

type Refusal = { status: number; code: 'bad_request' | 'forbidden' | 'not_found'; message: string };

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? (() => {});
  const token = randomBytes(32).toString('hex');
  const auth: AuthContext = { token, port: 0 };
  const disclosure = createTellerDisclosure(options.service, {
    ...(options.fullDataMinutes !== undefined ? { fullDataMinutes: options.fullDataMinutes } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const streams = createEventStreamHub({ events: options.events, filter: disclosure.event, maxStreams: options.maxEventStreams ?? MAX_EVENT_STREAMS });

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    handle(req, res).catch((e: unknown) => {
      // A client that went away mid-request is routine, not a kiosk fault.
      if (req.destroyed || res.destroyed) log('warn', 'web host request ended by the client');
      else log('error', 'web host request failed', e);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: englishText(INTERNAL), sentence: INTERNAL } });
      else res.end();
    });
  });
  // Slow or idle clients must not hold sockets for ever (event streams keep theirs with heartbeats).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApi = url.pathname === '/api/kiosk/events' || url.pathname.startsWith(API_PREFIX);
    const verdict = isApi ? checkRequestAuth(req, auth) : checkRequestOrigin(req, auth);
    if (!verdict.ok) return refuse(req, res, { status: verdict.status, code: 'forbidden', message: verdict.message });
    if (url.pathname === '/api/kiosk/events') {
      if (req.method !== 'GET') return refuse(req, res, { status: 405, code: 'bad_request', message: 'Use GET for the event stream.' });
      return streams.open(res);
    }
    if (isApi) {
      if (req.method !== 'POST') return refuse(req, res, { status: 405, code: 'bad_request', message: 'Use POST for kiosk calls.' });
      const name = callName(url.pathname.slice(API_PREFIX.length));
      if (name === null) return refuse(req, res, { status: 400, code: 'bad_request', message: 'That is not a kiosk action name.' });
      const body = await readJsonBody(req);
      if (!body.ok) {
        if (body.status === 'aborted') return; // the client went away; nothing to answer
        return refuse(req, res, { status: body.status, code: 'bad_request', message: body.message });
      }
      const result = await dispatch(disclosure.service, name, body.value, (m, e) => log('error', m, e));
      return sendJson(res, result.ok ? 200 : statusFor(result.error.code), result);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, { status: 405, code: 'bad_request', message: 'Not allowed.' });
    // Browsers keep a token cookie an older kiosk set for 127.0.0.1 (sent to every port): remove it.
    if (req.headers.cookie?.includes('kiosk_token=') || url.pathname === '/' || url.pathname.endsWith('.html')) res.setHeader('Set-Cookie', expiredTokenCookie());
    await serveStatic(options.rendererDir, url.pathname, res, req.headers['accept-encoding']);
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
    eventStreams: () => streams.size,
    close: async () => {
      streams.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The decoded call name, or null when it is not decodable or not shaped like one. */
function callName(encoded: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  return CALL_NAME.test(name) ? name : null;
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

/**
 * Answers a refused request. A request body that was not read is not read now either: the
 * connection is closed after the answer, so a 200 MB upload costs the kiosk nothing.
 */
function refuse(req: IncomingMessage, res: ServerResponse, r: Refusal): void {
  const unread = !req.complete;
  if (unread) res.setHeader('Connection', 'close');
  sendJson(res, r.status, { ok: false, error: { code: r.code, message: r.message } });
  if (unread) res.once('finish', () => req.socket.destroySoon());
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}
