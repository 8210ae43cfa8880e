// ZignSec ID scanning v3 client: one method per documented call, replies validated with schemas.ts,
// every failure a classified ProviderError (errors.ts). The API key goes only into the Authorization
// header of requests to the configured base URL; it is never logged or put into an error.
import { randomBytes } from 'node:crypto';
import { type ZignSecConfig } from '../../config';
import { chunkedParts, FramedBodyUnavailable, type FramedUpload, type HttpReply, type HttpTransport, undiciTransport, UPLOAD_CHUNK } from '../http-transport';
import { type Deadline, startDeadline } from '../deadline';
import { ProviderError } from '../provider';
import { PROVIDER_USER_AGENT } from '../user-agent';
import { httpFailure, networkFailure, schemaFailure } from './errors';
import {
  AnalysisResult,
  AnalysisStatus,
  type AnalysisType,
  type CreateSessionRequest,
  ScanningSession,
  Session,
  UiAnalysisResponse,
  type ZignSecDocumentType,
} from './schemas';
import { type z } from 'zod';

export interface ZignSecClientOptions {
  apiKey: string;
  /** e.g. https://test.zignsec.com (no trailing slash needed). */
  baseUrl: string;
  timeoutMs: number;
  /** How requests go out (default: undici, http-transport.ts); tests wrap it to watch the traffic. */
  transport?: HttpTransport;
  now?: () => Date;
}

export interface AddDocumentInput {
  sessionId: string;
  documentType: ZignSecDocumentType;
  /** Our capture id; also the multipart file name, which is how we recognise the document later. */
  reference: string;
  /** The image, sent from this thread; or `framed`: the store's upload thread sends the stored capture as is. */
  jpeg: Buffer | { framed: FramedUpload };
  onBytes?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

/** https://<environment>.zignsec.com, or the configured override (the sandbox). */
export function zignSecBaseUrl(config: Pick<ZignSecConfig, 'environment' | 'baseUrl'>): string {
  return (config.baseUrl ?? `https://${config.environment}.zignsec.com`).replace(/\/+$/, '');
}

/** The file name we give an upload: the capture id, so the documents list identifies it. */
export const documentFileName = (reference: string): string => `${reference}.jpg`;

/**
 * `timeZoneOffset` for start analysis: the client's offset from UTC in minutes with the conventional
 * sign, local time minus UTC (+60 in CET, +120 in CEST, -300 in New York in winter), as ISO 8601 and
 * RFC 3339 write offsets. JavaScript's getTimezoneOffset() has the opposite sign (UTC minus local),
 * hence the negation. The spec says only "client time zone offset in minutes".
 */
export function timeZoneOffsetMinutes(now: Date): number {
  const minutes = -now.getTimezoneOffset();
  return minutes === 0 ? 0 : minutes; // never "-0" in the query
}

/**
 * ZignSec's flow names some languages by country-like codes (spec: "en, se, de, fr, gr, it, ru, es,
 * cz, tr"); the kiosk uses ISO 639-1 language codes everywhere else.
 */
const ZIGNSEC_LOCALES: Record<string, string> = { sv: 'se', el: 'gr', cs: 'cz' };
export const zignsecLocale = (language: string): string => ZIGNSEC_LOCALES[language] ?? language;

/** The create-session body from kiosk configuration plus the per-verification locale and relay state. */
export function buildCreateSessionRequest(
  config: ZignSecConfig,
  input: { locale: string; relayState: string; analysisTypes?: readonly AnalysisType[] },
): CreateSessionRequest {
  const req: CreateSessionRequest = {
    locale: zignsecLocale(input.locale),
    relay_state: input.relayState,
    analysis_types: [...(input.analysisTypes ?? config.analysisTypes)],
  };
  if (config.target) req.target = config.target;
  if (config.targetError) req.target_error = config.targetError;
  if (config.webhook) req.webhook = config.webhook;
  if (config.flow) req.flow = config.flow;
  if (config.doc) req.doc = config.doc;
  return req;
}

export { UPLOAD_CHUNK };

/** Quotes a name or file name as the WHATWG multipart/form-data encoder does (", CR and LF escaped). */
const quoteFormName = (name: string): string => name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');

/**
 * The bytes before and after the content of a multipart/form-data body with one file part (RFC 7578):
 * a random boundary, the part's headers, and the closing delimiter.
 */
export function multipartFraming(field: string, fileName: string, type: string): { head: Uint8Array; tail: Uint8Array; contentType: string } {
  const boundary = `----kiosk${randomBytes(16).toString('hex')}`;
  // TextEncoder: arrays of their own (small Buffers share a pool, which a stream consumer must not keep).
  const utf8 = new TextEncoder();
  const head = utf8.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="${quoteFormName(field)}"; filename="${quoteFormName(fileName)}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  return { head, tail: utf8.encode(`\r\n--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

export class ZignSecClient {
  private readonly base: string;
  private readonly transport: HttpTransport;
  private readonly now: () => Date;

  constructor(private readonly opts: ZignSecClientOptions) {
    if (!opts.apiKey) throw new ProviderError('auth', 'No ZignSec API key is configured. A supervisor must set one (or use training mode).');
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.transport = opts.transport ?? undiciTransport;
    this.now = opts.now ?? (() => new Date());
  }

  private sessionPath(sessionId: string, rest = ''): string {
    return `/v3/eid/scanningsessions/${encodeURIComponent(sessionId)}${rest}`;
  }

  createSession(body: CreateSessionRequest, signal?: AbortSignal): Promise<Session> {
    return this.json('create session', 'POST', '/v3/eid/scanningsessions', Session, { body, signal });
  }

  /** POST …/documents: multipart/form-data (RFC 7578), one part named `document`, image/jpeg. Replies with all documents of the session. */
  async addDocument(input: AddDocumentInput): Promise<Session> {
    // The multipart body is framed here around the image bytes instead of by FormData: FormData wants
    // a Blob (one copy of the image), and serialising it through a Response copies it again; while
    // draining a queue those copies were a large part of the garbage collector's work. One part, so
    // the framing is the whole of RFC 7578 that applies; the sandbox parses it with busboy in tests.
    const { head, tail, contentType } = multipartFraming('document', documentFileName(input.reference), 'image/jpeg');
    const query = `?documentType=${encodeURIComponent(input.documentType)}&reference=${encodeURIComponent(input.reference)}`;
    const path = this.sessionPath(input.sessionId, `/documents${query}`);
    if (!Buffer.isBuffer(input.jpeg)) {
      // The same request, its body streamed by the upload thread (which sets Content-Length).
      const { framed } = input.jpeg;
      const onBytes = input.onBytes;
      const via: HttpTransport = (url, req) => framed(url, { method: req.method, headers: req.headers, head, tail, signal: req.signal, onBytes });
      return this.json('add document', 'POST', path, Session, { headers: { 'content-type': contentType }, signal: input.signal, via });
    }
    const jpeg = input.jpeg;
    const parts = [head, jpeg, tail];
    const total = head.length + jpeg.length + tail.length;
    // Streamed in views of the image (no copies), so progress can be reported as the transport takes
    // each chunk; an explicit Content-Length avoids chunked uploads some gateways reject.
    return this.json('add document', 'POST', path, Session, {
      raw: chunkedParts(parts, UPLOAD_CHUNK, input.onBytes),
      headers: { 'content-type': contentType, 'content-length': String(total) },
      signal: input.signal,
    });
  }

  startAnalysis(sessionId: string, analysisTypes: readonly AnalysisType[], signal?: AbortSignal): Promise<AnalysisResult> {
    const tz = timeZoneOffsetMinutes(this.now()); // local minus UTC in minutes: +60 in CET (see timeZoneOffsetMinutes)
    return this.json('start analysis', 'POST', this.sessionPath(sessionId, `/analyses?timeZoneOffset=${tz}`), AnalysisResult, {
      body: { analysis_types: [...analysisTypes] },
      signal,
    });
  }

  /** The UI variant: ZignSec hosts the remaining steps; open `redirect_url` (e.g. in a locked child window). */
  startUiAnalysis(sessionId: string, analysisTypes: readonly AnalysisType[], signal?: AbortSignal): Promise<UiAnalysisResponse> {
    const tz = timeZoneOffsetMinutes(this.now()); // local minus UTC in minutes: +60 in CET (see timeZoneOffsetMinutes)
    return this.json('start analysis with UI', 'POST', this.sessionPath(sessionId, `/ui/analyses?timeZoneOffset=${tz}`), UiAnalysisResponse, {
      body: { analysis_types: [...analysisTypes] },
      signal,
    });
  }

  getAnalysisStatus(sessionId: string, signal?: AbortSignal): Promise<AnalysisStatus> {
    return this.json('get analysis status', 'GET', this.sessionPath(sessionId, '/analysisStatus'), AnalysisStatus, { signal });
  }

  getAnalyses(sessionId: string, signal?: AbortSignal): Promise<ScanningSession> {
    return this.getAnalysesWithRaw(sessionId, signal).then((r) => r.session);
  }

  /** Same as getAnalyses, plus the reply exactly as received (stored alongside the outcome). */
  async getAnalysesWithRaw(sessionId: string, signal?: AbortSignal): Promise<{ session: ScanningSession; raw: unknown }> {
    const { data, raw } = await this.request('get analyses', 'GET', this.sessionPath(sessionId, '/analyses'), ScanningSession, { signal });
    return { session: data, raw };
  }

  getAnalysis(sessionId: string, analysisId: number, signal?: AbortSignal): Promise<AnalysisResult> {
    return this.json('get analysis', 'GET', this.sessionPath(sessionId, `/analyses/${analysisId}`), AnalysisResult, { signal });
  }

  /**
   * Cheap reachability check without side effects: status of a session that cannot exist. Any HTTP
   * answer (404, 401…) proves ZignSec is reachable; only a network failure or timeout means it is not.
   */
  async probe(signal: AbortSignal): Promise<boolean> {
    const deadline = startDeadline(this.opts.timeoutMs, signal);
    try {
      const res = await this.send('GET', this.sessionPath('00000000-0000-0000-0000-000000000000', '/analysisStatus'), {}, deadline);
      await res.discard();
      return true;
    } catch {
      return false;
    } finally {
      deadline.done();
    }
  }

  /** Downloads an image the provider points to (document portrait crop). The SAS URL carries its own authorisation. */
  async fetchImage(url: string, signal?: AbortSignal): Promise<{ bytes: Buffer; contentType: string }> {
    // Only https (ZignSec's blob storage) or ZignSec's own origin (the sandbox): a reply must not be
    // able to point the kiosk at arbitrary plain-http hosts on the branch network.
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new ProviderError('schema', 'ZignSec pointed to an image with an invalid URL.');
    }
    if (target.protocol !== 'https:' && target.origin !== new URL(this.base).origin)
      throw new ProviderError('schema', 'ZignSec pointed to an image outside its own storage; it was not fetched.');
    const deadline = startDeadline(this.opts.timeoutMs, signal);
    let res: HttpReply;
    let bytes: Buffer;
    try {
      res = await this.transport(url, { method: 'GET', headers: { 'user-agent': PROVIDER_USER_AGENT }, signal: deadline.signal });
      if (!isOk(res.status)) throw httpFailure('fetch image', res.status, await res.text().catch(() => ''), res.header('retry-after'));
      bytes = await res.bytes();
    } catch (e) {
      if (e instanceof ProviderError) throw e;
      throw networkFailure('fetch image', e, deadline.timedOut);
    } finally {
      deadline.done();
    }
    return { bytes, contentType: res.header('content-type') ?? 'application/octet-stream' };
  }

  private async send(
    method: string,
    path: string,
    init: { body?: unknown; raw?: AsyncIterable<Uint8Array>; headers?: Record<string, string>; via?: HttpTransport | undefined },
    deadline: Deadline,
    operation = method + ' ' + path,
  ): Promise<HttpReply> {
    const headers: Record<string, string> = { authorization: this.opts.apiKey, accept: 'application/json', 'user-agent': PROVIDER_USER_AGENT, ...init.headers };
    let body: string | AsyncIterable<Uint8Array> | undefined;
    if (init.raw) body = init.raw;
    else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] = 'application/json';
    }
    try {
      return await (init.via ?? this.transport)(this.base + path, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: deadline.signal,
      });
    } catch (e) {
      if (e instanceof FramedBodyUnavailable) throw e; // nothing was sent: the caller decides
      throw networkFailure(operation, e, deadline.timedOut);
    }
  }

  private async json<S extends z.ZodType>(operation: string, method: string, path: string, schema: S, init: RequestParts): Promise<z.infer<S>> {
    return (await this.request(operation, method, path, schema, init)).data;
  }

  private async request<S extends z.ZodType>(
    operation: string,
    method: string,
    path: string,
    schema: S,
    init: RequestParts,
  ): Promise<{ data: z.infer<S>; raw: unknown }> {
    // One deadline covers the request and reading the reply.
    const deadline = startDeadline(this.opts.timeoutMs, init.signal);
    let text: string;
    let res: HttpReply;
    try {
      res = await this.send(method, path, init, deadline, operation);
      try {
        text = await res.text();
      } catch (e) {
        // The connection broke while the reply was arriving (truncated reply): transient.
        throw networkFailure(operation, e, deadline.timedOut);
      }
    } finally {
      deadline.done();
    }
    if (!isOk(res.status)) throw httpFailure(operation, res.status, text, res.header('retry-after'), this.now());
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw schemaFailure(operation, res.status, text, 'not JSON');
    }
    const checked = schema.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw schemaFailure(operation, res.status, text, issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid');
    }
    return { data: checked.data, raw: parsed };
  }
}

const isOk = (status: number): boolean => status >= 200 && status < 300;

interface RequestParts {
  body?: unknown;
  raw?: AsyncIterable<Uint8Array>;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Send through this instead of the client's transport (an upload from the store's upload thread). */
  via?: HttpTransport;
}
