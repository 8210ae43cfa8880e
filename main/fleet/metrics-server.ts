// GET /metrics on a listener of its own (config metrics.listen, off by default), behind
// `Authorization: Bearer <token>` compared in constant time, over HTTPS when a certificate is
// configured. OpenMetrics 1.0 for scrapers that accept it (Prometheus does), the text format 0.0.4
// otherwise. Nothing else is served; no request body is read.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { KioskMetrics } from './kiosk-metrics';

export interface MetricsServerOptions {
  /** "<address>:<port>", e.g. "0.0.0.0:9464" or "[::]:9464". */
  listen: string;
  token: string;
  tlsCertFile?: string | undefined;
  tlsKeyFile?: string | undefined;
  metrics: KioskMetrics;
  log?: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
}

export interface MetricsServer {
  /** The bound address (the port is the real one when 0 was asked for). */
  address: { host: string; port: number };
  url: string;
  close(): Promise<void>;
}

export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(listen.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new Error(`metrics.listen must be "<address>:<port>" (e.g. "0.0.0.0:9464" or "[::1]:9464"), not ${JSON.stringify(listen)}`);
  return { host: (m[1] ?? m[2])!, port };
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time check of `Authorization: Bearer <token>` (both sides hashed first, so lengths leak nothing). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  const given = digest(m?.[1] ?? '');
  const ok = timingSafeEqual(given, digest(token));
  return ok && m !== null;
}

/** Whether the scraper's Accept header asks for OpenMetrics. */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  return /application\/openmetrics-text/i.test(accept ?? '');
}

export async function startMetricsServer(o: MetricsServerOptions): Promise<MetricsServer> {
  const { host, port } = parseListen(o.listen);
  if (o.token.length < 16) throw new Error('metrics.token must be at least 16 characters');
  if ((o.tlsCertFile === undefined) !== (o.tlsKeyFile === undefined)) throw new Error('metrics.tlsCertFile and metrics.tlsKeyFile must be given together');
  const handler: http.RequestListener = (req, res) => {
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') return send(404, 'Not found. The kiosk serves only GET /metrics here.\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Only GET is allowed.\n', { allow: 'GET, HEAD' });
    if (!bearerMatches(req.headers.authorization, o.token)) return send(401, 'A valid bearer token is required.\n', { 'www-authenticate': 'Bearer realm="kiosk-metrics"' });
    o.metrics
      .render(wantsOpenMetrics(req.headers.accept) ? 'openmetrics' : 'text')
      .then(({ contentType, body }) => send(200, body, { 'content-type': contentType }))
      .catch((e: unknown) => {
        o.log?.('error', 'the metrics could not be read', e);
        send(500, 'The metrics could not be read; see the kiosk log.\n');
      });
  };
  const server =
    o.tlsCertFile && o.tlsKeyFile
      ? https.createServer({ cert: readFileSync(o.tlsCertFile), key: readFileSync(o.tlsKeyFile), minVersion: 'TLSv1.2' }, handler)
      : http.createServer(handler);
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    address: { host: addr.address, port: addr.port },
    url: `${o.tlsCertFile ? 'https' : 'http'}://${shownHost}:${addr.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
