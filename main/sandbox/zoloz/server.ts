// Loopback ZOLOZ emulator for training mode and tests. Speaks the real gateway protocol: checks
// Client-Id, Request-Time and the request signature (RSA with the merchant public key, or AK/SK),
// decrypts RSA_AES bodies, signs every reply with the "ZOLOZ" private key (encrypting it with a
// fresh key when the request was encrypted), answers PROCESSING before results, and injects faults:
// the provider-neutral seeded plans of ../faults.ts (same control endpoint as the ZignSec emulator)
// plus ZOLOZ-specific ones (signed result codes, unsigned or badly signed replies).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import busboy from 'busboy';
import type { z } from 'zod';
import { loadPrivateKey, loadPublicKey } from '../../providers/zoloz/keys';
import { applyBefore, FaultInjector, FaultPlan, sendWithFault, type ErrorRenderer } from '../faults';
import { BodyTooLargeError, closeServer, jsonReply, listenLoopback, readBody, sendReply, type Reply } from '../http';
import { createControlGuard, serverPort } from '../control-guard';
import { acceptRequest, buildReply, type GatewayKeys } from './protocol';
import { createApiState, type ApiReply } from './apis';
import { createDefaultAnalyzer, type Analyzer, type AnalyzerOptions } from './analysis';

/**
 * One injected fault. `http` and `drop` imitate failures in front of ZOLOZ (unsigned), `result`
 * is a signed business error (e.g. SYSTEM_ERROR/U, REQUEST_TRAFFIC_EXCEED_LIMIT), `unsigned` and
 * `bad-signature` imitate a forged or corrupted reply, `delay` slows the reply down.
 */
export type ZolozFault =
  | { kind: 'http'; status: number; retryAfterSeconds?: number; /** Retry-After as given (e.g. an HTTP-date); wins over retryAfterSeconds. */ retryAfter?: string }
  | { kind: 'drop' }
  | { kind: 'delay'; ms: number }
  | { kind: 'result'; resultCode: string; resultStatus?: 'F' | 'U'; resultMessage?: string }
  | { kind: 'unsigned' }
  | { kind: 'bad-signature' };

/**
 * Decides the ZOLOZ-specific fault (if any) for the n-th accepted call (1-based, over all APIs).
 * Transport faults (5xx, 429, resets, timeouts, truncation, latency) come from the seeded plans
 * of ../faults.ts instead (setFaults or POST /__control/faults).
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
  /** Enables /__control/faults and /__control/stats (seeded plans of ../faults.ts). Test and training builds only. */
  faults?: boolean;
  /** ZOLOZ-specific faults decided per accepted call. */
  zolozFaults?: ZolozFaultHook;
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
  /** Seeded plan faults that fired, per `route:kind` (route = API name, e.g. idrecognition/asyncrecognize). */
  injected: Record<string, number>;
  transactions: number;
  deleted: number;
  /** API requests per User-Agent header, `(none)` when absent. */
  userAgents: Record<string, number>;
}

export interface ZolozSandbox {
  url: string;
  close(): Promise<void>;
  stats(): ZolozSandboxStats;
  /** Stands in for ZOLOZ's SDK capture of an `initialize` transaction (then checkresult returns it). */
  completeSdkCapture(transactionId: string, images: { front: Buffer; back?: Buffer }): boolean;
  /** Programmatic access to the seeded fault plan (same as POST /__control/faults). */
  setFaults(plan: z.input<typeof FaultPlan>): void;
  /** Token for /__control/* (header x-sandbox-control); null when fault controls are off. */
  controlToken: string | null;
}

const MAX_BODY = 16 * 1024 * 1024;
/** Path of the emulated H5 capture page (and its form targets below it). */
export const H5_PAGE = '/h5/idrecognition';

/** The H5 page's form: the `front`/`back` file parts and the text fields (RFC 7578, busboy). */
function readH5Form(req: IncomingMessage): Promise<{ files: Record<string, Buffer>; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 2, fileSize: 5 * 1024 * 1024, fields: 5 } });
    } catch (e) {
      req.resume();
      return reject(e instanceof Error ? e : new Error('not multipart'));
    }
    const files: Record<string, Buffer> = {};
    const fields: Record<string, string> = {};
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('close', () => {
        if (name === 'front' || name === 'back') files[name] = Buffer.concat(chunks);
      });
    });
    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('error', reject);
    bb.on('close', () => resolve({ files, fields }));
    req.pipe(bb);
  });
}

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
  const stats = { requests: 0, accepted: 0, encrypted: 0, aksk: 0, rejected: {} as Record<string, number>, byApi: {} as Record<string, number>, faults: 0, userAgents: {} as Record<string, number> };

  const injector = new FaultInjector();
  // /__control/* exists only with fault controls, and then only for this run's token (control-guard.ts).
  const controlGuard = options.faults ? createControlGuard() : null;

  // Failures "in front of" ZOLOZ (5xx, 429, 401 from a proxy): unsigned, with the result envelope.
  const renderError: ErrorRenderer = (status, code, message) =>
    jsonReply(status, { result: { resultStatus: status >= 500 ? 'U' : 'F', resultCode: status === 429 ? 'REQUEST_TRAFFIC_EXCEED_LIMIT' : status === 401 ? 'ACCESS_DENIED' : 'SYSTEM_ERROR', resultMessage: `${code}: ${message}` } });

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/__control/stats') return sendReply(res, jsonReply(200, snapshot()));
    if (req.method === 'POST' && path === '/__control/faults') {
      const plan: unknown = await readBody(req, 64 * 1024)
        .then((b) => JSON.parse(b.toString('utf8')) as unknown)
        .catch(() => null);
      const parsed = FaultPlan.safeParse(plan);
      if (!parsed.success) return sendReply(res, jsonReply(400, { error: `Invalid fault plan: ${parsed.error.issues[0]?.message ?? 'unreadable'}` }));
      injector.configure(parsed.data);
      return sendReply(res, jsonReply(200, { ok: true, rules: parsed.data.rules.length }));
    }
    if (req.method === 'DELETE' && path === '/__control/faults') {
      injector.clear();
      return sendReply(res, jsonReply(200, { ok: true }));
    }
    sendReply(res, jsonReply(404, { error: 'Unknown control endpoint.' }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const uri = (req.url ?? '/').split('?')[0]!;
    if (uri.startsWith('/__control/')) {
      if (!options.faults || !controlGuard) {
        req.resume();
        return sendReply(res, jsonReply(404, { error: 'Not found.' }));
      }
      const access = controlGuard.check(req, serverPort(server));
      if (!access.ok) {
        req.resume();
        return sendReply(res, jsonReply(access.status, { error: access.message }));
      }
      return control(req, res, uri);
    }
    if (uri.startsWith(H5_PAGE)) return h5Page(req, res, uri);
    stats.requests += 1;
    const agent = req.headers['user-agent'] ?? '(none)';
    stats.userAgents[agent] = (stats.userAgents[agent] ?? 0) + 1;
    const m = /^\/api\/v1\/zoloz\/(.+)$/.exec(uri);
    if (!m) {
      req.resume();
      return sendReply(res, { status: 404, raw: Buffer.from('not found'), contentType: 'text/plain' });
    }
    if (req.method !== 'POST') {
      req.resume();
      return sendReply(res, { status: 405, raw: Buffer.from('POST only'), contentType: 'text/plain', headers: { allow: 'POST' } });
    }
    const apiName = m[1]!;
    const drawn = injector.active ? injector.draw(apiName) : { latencyMs: 0, fault: null };
    if (await applyBefore(drawn, req, res, renderError)) return;

    let body: string;
    try {
      body = (await readBody(req, MAX_BODY)).toString('utf8');
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) throw e;
      return sendReply(res, { status: 413, raw: Buffer.from('request entity too large'), contentType: 'text/plain', headers: { connection: 'close' } });
    }
    const scheme = String(req.headers['auth-type'] ?? '').toUpperCase() === 'AKSK' ? 'aksk' : 'rsa';
    const replyClientId = typeof req.headers['client-id'] === 'string' ? req.headers['client-id'] : options.clientId;
    const send = (payload: ApiReply, encrypted: boolean, tamper?: 'unsigned' | 'bad-signature') => {
      let out: ApiReply = payload;
      // Added/removed fields come from ZOLOZ itself, so they are signed like any reply.
      if (drawn.fault?.kind === 'extra_fields') out = { ...out, x_injected_extra: { note: 'unexpected field added by the fault injector', n: 1 } };
      if (drawn.fault?.kind === 'missing_fields') out = Object.fromEntries(Object.entries(out).filter(([k]) => (drawn.fault?.fields ? !drawn.fault.fields.includes(k) : k === 'result'))) as ApiReply;
      const reply = buildReply(uri, replyClientId, out, { scheme, encrypted }, keys, now());
      if (tamper === 'unsigned') delete reply.headers.Signature;
      // bad-signature: the body changes after signing, as a corrupting proxy would do.
      const outBody = tamper === 'bad-signature' ? reply.body.replace(/.$/, (c) => (c === '}' ? ' }' : c === 'A' ? 'B' : 'A')) : reply.body;
      const { 'Content-Type': contentType, ...headers } = reply.headers;
      const wire: Reply = { status: 200, raw: Buffer.from(outBody, 'utf8'), contentType: contentType!, headers };
      sendWithFault(drawn, req, res, wire, renderError);
    };

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

    const fault = options.zolozFaults?.({ api: apiName, n: stats.accepted }) ?? null;
    if (fault) stats.faults += 1;
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'http') {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      else if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      return sendReply(res, { status: fault.status, raw: Buffer.from(`<html><body>${fault.status}</body></html>`), contentType: 'text/html', headers });
    }
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'result') {
      send({ result: { resultStatus: fault.resultStatus ?? (fault.resultCode === 'SYSTEM_ERROR' ? 'U' : 'F'), resultCode: fault.resultCode, resultMessage: fault.resultMessage ?? fault.resultCode.toLowerCase() } }, accepted.encrypted);
      return;
    }
    const payload = await api.handle(apiName, accepted.json as Record<string, unknown>);
    send(payload, accepted.encrypted, fault?.kind === 'unsigned' || fault?.kind === 'bad-signature' ? fault.kind : undefined);
  }

  /**
   * Stands in for ZOLOZ's H5 capture page (initialize with metaInfo MOB_H5): the customer's browser
   * opens it with the clientCfg initialize returned, uploads the document's sides through a plain
   * form and is sent on to the merchant's completeCallbackUrl (or interruptCallbackUrl on cancel).
   * The images then go through the same analysis as any upload, and checkresult returns the result.
   */
  async function h5Page(req: IncomingMessage, res: ServerResponse, uri: string): Promise<void> {
    const page = (status: number, body: string) =>
      sendReply(res, { status, raw: Buffer.from(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ZOLOZ (training)</title></head><body>${body}</body></html>`), contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': "default-src 'none'; form-action 'self'" } });
    const escape = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    if (req.method === 'GET' && uri === H5_PAGE) {
      const cfg = new URL(req.url ?? '/', 'http://x').searchParams.get('clientcfg') ?? '';
      let id: string;
      try {
        id = String((JSON.parse(cfg) as { transactionId?: unknown }).transactionId ?? '');
      } catch {
        id = '';
      }
      const tx = api.h5Transaction(id);
      if (!tx || tx.pages > 0) return page(404, '<p>This capture session is not open.</p>');
      const hidden = `<input type="hidden" name="transactionId" value="${escape(id)}">`;
      return page(
        200,
        `<h1>Photograph your document</h1><form method="post" action="${H5_PAGE}/capture" enctype="multipart/form-data">${hidden}` +
          `<label>Front <input type="file" name="front" accept="image/jpeg,image/png" required></label>` +
          `<label>Back <input type="file" name="back" accept="image/jpeg,image/png"></label><button type="submit">Submit</button></form>` +
          `<form method="post" action="${H5_PAGE}/interrupt">${hidden}<button type="submit">Cancel</button></form>`,
      );
    }
    if (req.method === 'POST' && uri === `${H5_PAGE}/interrupt`) {
      const id = new URLSearchParams((await readBody(req, 4_096)).toString('utf8')).get('transactionId') ?? '';
      const tx = api.h5Transaction(id);
      if (!tx) return page(404, '<p>This capture session is not open.</p>');
      return sendReply(res, { status: 303, raw: Buffer.alloc(0), contentType: 'text/plain', headers: { location: tx.interruptCallbackUrl ?? tx.completeCallbackUrl ?? H5_PAGE } });
    }
    if (req.method === 'POST' && uri === `${H5_PAGE}/capture`) {
      const form = await readH5Form(req).catch(() => null);
      const tx = form ? api.h5Transaction(form.fields.transactionId ?? '') : null;
      if (!form || !tx || !form.files.front?.length) return page(400, '<p>The photo of the front is missing.</p>');
      api.completeSdkCapture(form.fields.transactionId!, { front: form.files.front, ...(form.files.back?.length ? { back: form.files.back } : {}) });
      return sendReply(res, { status: 303, raw: Buffer.alloc(0), contentType: 'text/plain', headers: { location: tx.completeCallbackUrl ?? H5_PAGE } });
    }
    req.resume();
    return page(404, '<p>Not found.</p>');
  }

  const snapshot = (): ZolozSandboxStats => ({
    ...stats,
    rejected: { ...stats.rejected },
    byApi: { ...stats.byApi },
    userAgents: { ...stats.userAgents },
    injected: { ...injector.fired },
    transactions: api.transactionCount(),
    deleted: api.deletedCount(),
  });

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendReply(res, { status: 500, raw: Buffer.from('sandbox error'), contentType: 'text/plain' });
      else res.destroy();
    });
  });
  const url = await listenLoopback(server, options.port ?? 0);
  return {
    url,
    close: () => closeServer(server),
    stats: snapshot,
    completeSdkCapture: (id, images) => api.completeSdkCapture(id, images),
    setFaults: (plan) => injector.configure(plan),
    controlToken: controlGuard?.token ?? null,
  };
}

export { generateSandboxKeys, trainingZolozConfig, type SandboxKeys } from './keys';
