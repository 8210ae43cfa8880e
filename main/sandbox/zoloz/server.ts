// Loopback ZOLOZ emulator for training mode and tests. Speaks the real gateway protocol: checks
// Client-Id, Request-Time and the request signature (RSA with the merchant public key, or AK/SK),
// decrypts RSA_AES bodies, signs every reply with the "ZOLOZ" private key (encrypting it with a
// fresh key when the request was encrypted), answers PROCESSING before results, and injects faults.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadPrivateKey, loadPublicKey } from '../../providers/zoloz/keys';
import { acceptRequest, buildReply, type GatewayKeys } from './protocol';
import { createApiState, type ApiReply } from './apis';
import { createDefaultAnalyzer, type Analyzer, type AnalyzerOptions } from './analysis';

/**
 * One injected fault. `http` and `drop` imitate failures in front of ZOLOZ (unsigned), `result`
 * is a signed business error (e.g. SYSTEM_ERROR/U, REQUEST_TRAFFIC_EXCEED_LIMIT), `unsigned` and
 * `bad-signature` imitate a forged or corrupted reply, `delay` slows the reply down.
 */
export type ZolozFault =
  | { kind: 'http'; status: number; retryAfterSeconds?: number }
  | { kind: 'drop' }
  | { kind: 'delay'; ms: number }
  | { kind: 'result'; resultCode: string; resultStatus?: 'F' | 'U'; resultMessage?: string }
  | { kind: 'unsigned' }
  | { kind: 'bad-signature' };

/**
 * Decides the fault (if any) for the n-th accepted call (1-based, counted over all APIs).
 * Provider-neutral seeded injectors (main/sandbox/faults.ts) plug in here through a small adapter.
 */
export type ZolozFaultHook = (call: { api: string; n: number }) => ZolozFault | null | undefined;

export interface ZolozSandboxOptions {
  clientId: string;
  /** Merchant public key (PEM or base64 DER): verifies request signatures, wraps reply keys. */
  merchantPublicKeyPem: string;
  /** "ZOLOZ" private key (PEM or base64 DER): signs replies, unwraps request keys. */
  zolozPrivateKeyPem: string;
  akSk?: { accessKey: string; secretKey: string };
  port?: number;
  /** PROCESSING answers to asynccheckresult before the result (default 1). */
  processingPolls?: number;
  faults?: ZolozFaultHook;
  /** Replaces the default image analysis entirely. */
  analyze?: Analyzer;
  analyzer?: AnalyzerOptions;
  compareFaces?: (selfie: Buffer, portrait: Buffer) => Promise<{ samePerson: boolean; score: number }>;
  now?: () => Date;
  maxSkewMs?: number;
}

export interface ZolozSandboxStats {
  requests: number;
  accepted: number;
  encrypted: number;
  aksk: number;
  /** Gateway rejections by result code (SIGNATURE_INVALID, MERCHANT_NOT_FOUND, ...). */
  rejected: Record<string, number>;
  byApi: Record<string, number>;
  faults: number;
  transactions: number;
  deleted: number;
}

export interface ZolozSandbox {
  url: string;
  close(): Promise<void>;
  stats(): ZolozSandboxStats;
  /** Stands in for ZOLOZ's SDK capture of an `initialize` transaction (then checkresult returns it). */
  completeSdkCapture(transactionId: string, images: { front: Buffer; back?: Buffer }): boolean;
}

const MAX_BODY = 16 * 1024 * 1024;

export async function startZolozSandbox(options: ZolozSandboxOptions): Promise<ZolozSandbox> {
  const now = options.now ?? (() => new Date());
  const keys: GatewayKeys = {
    clientId: options.clientId,
    merchantPublicKey: loadPublicKey(options.merchantPublicKeyPem, 'sandbox merchant public key'),
    zolozPrivateKey: loadPrivateKey(options.zolozPrivateKeyPem, 'sandbox ZOLOZ private key'),
    akSk: options.akSk,
    maxSkewMs: options.maxSkewMs ?? 15 * 60_000,
  };
  const api = createApiState({
    analyze: options.analyze ?? createDefaultAnalyzer(options.analyzer ?? {}, now),
    processingPolls: options.processingPolls ?? 1,
    ...(options.compareFaces ? { compareFaces: options.compareFaces } : {}),
  });
  const stats = { requests: 0, accepted: 0, encrypted: 0, aksk: 0, rejected: {} as Record<string, number>, byApi: {} as Record<string, number>, faults: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests += 1;
    const uri = (req.url ?? '/').split('?')[0]!;
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' }).end('POST only');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) {
        res.writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' }).end('request entity too large');
        req.destroy();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const scheme = String(req.headers['auth-type'] ?? '').toUpperCase() === 'AKSK' ? 'aksk' : 'rsa';
    const replyClientId = typeof req.headers['client-id'] === 'string' ? req.headers['client-id'] : options.clientId;
    const send = (payload: ApiReply, encrypted: boolean, tamper?: 'unsigned' | 'bad-signature') => {
      const reply = buildReply(uri, replyClientId, payload, { scheme, encrypted }, keys, now());
      if (tamper === 'unsigned') delete reply.headers.Signature;
      // bad-signature: the body changes after signing, as a corrupting proxy would do.
      const outBody = tamper === 'bad-signature' ? reply.body.replace(/.$/, (c) => (c === '}' ? ' }' : c === 'A' ? 'B' : 'A')) : reply.body;
      res.writeHead(200, reply.headers).end(outBody);
    };

    const m = /^\/api\/v1\/zoloz\/(.+)$/.exec(uri);
    if (!m) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const apiName = m[1]!;
    const checked = acceptRequest(uri, req.headers, body, keys, now());
    if ('rejected' in checked) {
      stats.rejected[checked.rejected.resultCode] = (stats.rejected[checked.rejected.resultCode] ?? 0) + 1;
      send({ result: checked.rejected }, false);
      return;
    }
    const { accepted } = checked;
    stats.accepted += 1;
    if (accepted.encrypted) stats.encrypted += 1;
    if (accepted.scheme === 'aksk') stats.aksk += 1;
    stats.byApi[apiName] = (stats.byApi[apiName] ?? 0) + 1;

    const fault = options.faults?.({ api: apiName, n: stats.accepted }) ?? null;
    if (fault) stats.faults += 1;
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'http') {
      const headers: Record<string, string> = { 'Content-Type': 'text/html' };
      if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
      res.writeHead(fault.status, headers).end(`<html><body>${fault.status}</body></html>`);
      return;
    }
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'result') {
      send({ result: { resultStatus: fault.resultStatus ?? (fault.resultCode === 'SYSTEM_ERROR' ? 'U' : 'F'), resultCode: fault.resultCode, resultMessage: fault.resultMessage ?? fault.resultCode.toLowerCase() } }, accepted.encrypted);
      return;
    }
    const payload = await api.handle(apiName, accepted.json as Record<string, unknown>);
    send(payload, accepted.encrypted, fault?.kind === 'unsigned' || fault?.kind === 'bad-signature' ? fault.kind : undefined);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('sandbox error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    stats: () => ({ ...stats, rejected: { ...stats.rejected }, byApi: { ...stats.byApi }, transactions: api.transactionCount(), deleted: api.deletedCount() }),
    completeSdkCapture: (id, images) => api.completeSdkCapture(id, images),
  };
}

export { generateSandboxKeys, trainingZolozConfig, type SandboxKeys } from './keys';
