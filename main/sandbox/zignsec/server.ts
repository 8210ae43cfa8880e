// Loopback emulator of ZignSec ID scanning v3 (docs.zignsec.com/id-scan/v3-api-flow; the documentation's
// examples are in test/fixtures/zignsec/) for training mode and tests. It speaks the documented wire
// protocol, checks what the real service checks (the Authorization header, multipart shape, JPEG only,
// known document types), walks each analysis through Processing → Finished after `analysisDelayMs`, and
// lets a Judge decide the verdict from the uploaded images. With `faults: true` a control endpoint injects
// faults (../faults.ts).
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import busboy from 'busboy';
import { z } from 'zod';
import { ANALYSIS_TYPES, type AnalysisType, CreateSessionRequest, DOCUMENT_TYPES, type ZignSecDocumentType } from '../../providers/zignsec/schemas';
import { applyBefore, type ErrorRenderer, FaultInjector, FaultPlan, sendWithFault } from '../faults';
import { BodyTooLargeError, closeServer, jsonReply, listenLoopback, readBody, type Reply, sendReply } from '../http';
import { createControlGuard, serverPort } from '../control-guard';
import { defaultJudge, type Judge } from './judge';
import {
  analysisResultModel,
  latest,
  type SandboxAnalysis,
  type SandboxDocument,
  type SandboxSession,
  scanningSessionModel,
  sessionModel,
  statusModel,
} from './responses';

export interface ZignSecSandboxOptions {
  /** The access token clients must send as `Authorization`. */
  apiKey: string;
  /** How long an analysis stays Processing. */
  analysisDelayMs: number;
  port?: number;
  judge?: Judge;
  /** Enables /__control/* (fault plans, stats over HTTP). Test and training builds only. */
  faults?: boolean;
  now?: () => Date;
}

export interface ZignSecSandbox {
  url: string;
  close(): Promise<void>;
  /**
   * Completed requests per route (a 2xx reply was produced, even if a fault then lost it), plus
   * `repeat.<route>` counters for provider steps done twice: the same capture uploaded twice to a
   * session, an analysis started on a session that already has one, a second session for the same
   * relay_state.
   */
  stats(): Record<string, number>;
  /** Programmatic access to the fault plan (same as POST /__control/faults). */
  setFaults(plan: z.input<typeof FaultPlan>): void;
  /** API requests (the routes that need the key) per User-Agent header, `(none)` when absent. */
  userAgents(): Record<string, number>;
  /** Token for /__control/* (header x-sandbox-control); null when fault controls are off. */
  controlToken: string | null;
}

/** Largest upload accepted (the real limit is unpublished; 20 MB is well above any sane capture). */
const MAX_UPLOAD = 20 * 1024 * 1024;
const MAX_JSON = 256 * 1024;

const zErr: ErrorRenderer = (status, code, description) => jsonReply(status, { errors: [{ code, description }] });
const invalid = (description: string, code = 'INVALID_REQUEST'): Reply => zErr(400, code, description);
const isJpeg = (b: Buffer): boolean => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

class HttpProblem extends Error {
  constructor(readonly reply: Reply) {
    super('problem');
  }
}

interface Route {
  name: string;
  method: string;
  pattern: RegExp;
  /** Needs the API key (the hosted UI pages and blob URLs do not). */
  auth: boolean;
  handle(req: IncomingMessage, match: RegExpExecArray, url: URL): Promise<Reply>;
}

/** Built once: building a zod schema costs more than parsing with it (it was built per request). */
const StartAnalysisBody = z.object({ analysis_types: z.array(z.string()).min(1) });

export async function startZignSecSandbox(options: ZignSecSandboxOptions): Promise<ZignSecSandbox> {
  const now = options.now ?? (() => new Date());
  const judge = options.judge ?? defaultJudge;
  const sessions = new Map<string, SandboxSession>();
  const relayStates = new Set<string>();
  const counts: Record<string, number> = {};
  const agents: Record<string, number> = {};
  const faults = new FaultInjector();
  const apiKey = Buffer.from(options.apiKey);
  let nextDocId = 16_000;
  let nextAnalysisId = 14_000;
  let base = '';

  const bump = (k: string): void => {
    counts[k] = (counts[k] ?? 0) + 1;
  };

  const authorized = (req: IncomingMessage): boolean => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === apiKey.length && timingSafeEqual(given, apiKey);
  };

  const sessionOf = (id: string): SandboxSession => {
    const s = sessions.get(id);
    if (!s) throw new HttpProblem(zErr(404, 'SESSION_NOT_FOUND', `Scanning session ${id} was not found.`));
    return s;
  };

  async function readJson(req: IncomingMessage): Promise<unknown> {
    let body: Buffer;
    try {
      body = await readBody(req, MAX_JSON);
    } catch (e) {
      if (e instanceof BodyTooLargeError) throw new HttpProblem(invalid('The request body is too large.'));
      throw e;
    }
    if (body.length === 0) return {};
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpProblem(invalid('The request body is not valid JSON.'));
    }
  }

  /** Reads the one `document` file part of a multipart/form-data body (RFC 7578) with busboy. */
  function readDocumentPart(req: IncomingMessage): Promise<{ bytes: Buffer; filename: string; mimeType: string; fields: Record<string, string> }> {
    return new Promise((resolve, reject) => {
      const type = req.headers['content-type'] ?? '';
      if (!/^multipart\/form-data/i.test(type)) {
        req.resume();
        return reject(new HttpProblem(invalid('The document must be sent as multipart/form-data with a part named "document".')));
      }
      let bb: busboy.Busboy;
      try {
        bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_UPLOAD, fields: 10 } });
      } catch {
        req.resume();
        return reject(new HttpProblem(invalid('The multipart body has no boundary.')));
      }
      let found: { bytes: Buffer; filename: string; mimeType: string } | null = null;
      let tooBig = false;
      const fields: Record<string, string> = {};
      bb.on('file', (name, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('limit', () => (tooBig = true));
        stream.on('close', () => {
          if (name === 'document') found = { bytes: Buffer.concat(chunks), filename: info.filename ?? '', mimeType: info.mimeType };
        });
      });
      bb.on('field', (name, value) => (fields[name] = value));
      bb.on('error', () => reject(new HttpProblem(invalid('The multipart body is malformed.'))));
      bb.on('close', () => {
        if (tooBig) return reject(new HttpProblem(invalid(`The document is larger than ${MAX_UPLOAD / 1024 / 1024} MB.`)));
        if (!found) return reject(new HttpProblem(invalid('The multipart body has no file part named "document".')));
        resolve({ ...(found as { bytes: Buffer; filename: string; mimeType: string }), fields });
      });
      req.pipe(bb);
    });
  }

  function startJudging(s: SandboxSession, a: SandboxAnalysis): void {
    a.documents = [...s.documents];
    const docs = a.documents.map((d) => ({ documentType: d.documentType, jpeg: d.jpeg, fileName: d.fileName }));
    judge(docs, { analysisTypes: a.types, now: now() }).then(
      (v) => (a.verdict = v),
      (e: unknown) => (a.internalError = `Analysis failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  function parseAnalysisTypes(body: unknown): AnalysisType[] {
    const parsed = StartAnalysisBody.safeParse(body);
    if (!parsed.success) throw new HttpProblem(invalid('analysis_types must be a non-empty array.'));
    const bad = parsed.data.analysis_types.filter((t) => !(ANALYSIS_TYPES as readonly string[]).includes(t));
    if (bad.length) throw new HttpProblem(invalid(`Analysis type(s) not available: ${bad.join(', ')}. Use document and/or selfie.`));
    return [...new Set(parsed.data.analysis_types as AnalysisType[])];
  }

  function beginAnalysis(s: SandboxSession, types: AnalysisType[], ui: boolean): SandboxAnalysis {
    if (s.analyses.length > 0) bump(ui ? 'repeat.startUiAnalysis' : 'repeat.startAnalysis');
    const a: SandboxAnalysis = {
      id: nextAnalysisId++,
      types,
      startedAt: now(),
      // The hosted UI flow finishes only when the user completes the page.
      readyAt: ui ? Infinity : now().getTime() + options.analysisDelayMs,
      documents: [],
      verdict: null,
      internalError: null,
      ui,
      sig: randomBytes(16).toString('base64url'),
    };
    s.analyses.push(a);
    if (!ui) startJudging(s, a);
    return a;
  }

  async function addDocument(s: SandboxSession, req: IncomingMessage, documentType: string | null, reference: string | null): Promise<SandboxDocument> {
    if (!documentType || !(DOCUMENT_TYPES as readonly string[]).includes(documentType)) {
      req.resume();
      throw new HttpProblem(invalid(`documentType must be one of ${DOCUMENT_TYPES.join(', ')}.`, 'INVALID_DOCUMENT_TYPE'));
    }
    const part = await readDocumentPart(req);
    if (!/^image\/jpe?g$/i.test(part.mimeType) || !isJpeg(part.bytes))
      throw new HttpProblem(invalid('Only image/jpeg is supported for documents and selfies.', 'INVALID_IMAGE_FORMAT'));
    if (reference && s.documents.some((d) => d.reference === reference)) bump('repeat.addDocument');
    const doc: SandboxDocument = {
      id: nextDocId++,
      fileName: part.filename || `${randomUUID()}.jpg`,
      documentType: documentType as ZignSecDocumentType,
      reference,
      jpeg: part.bytes,
      sig: randomBytes(16).toString('base64url'),
    };
    s.documents.push(doc);
    return doc;
  }

  const SESSION = '/v3/eid/scanningsessions';
  const ID = '([^/?]+)';
  const routes: Route[] = [
    {
      name: 'createSession',
      method: 'POST',
      pattern: new RegExp(`^${SESSION}/?$`),
      auth: true,
      async handle(req) {
        const parsed = CreateSessionRequest.safeParse(await readJson(req));
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new HttpProblem(invalid(`Invalid ${issue.path.join('.') || 'request'}: ${issue.message}`));
        }
        for (const k of ['target', 'target_error', 'webhook'] as const) {
          const v = parsed.data[k];
          if (v !== undefined && !URL.canParse(v)) throw new HttpProblem(invalid(`${k} is not a valid URL.`, `INVALID_${k.replace('_', '').toUpperCase()}`));
        }
        const relay = parsed.data.relay_state;
        if (relay) {
          if (relayStates.has(relay)) bump('repeat.createSession');
          relayStates.add(relay);
        }
        const s: SandboxSession = { id: randomUUID(), providerFolderId: randomUUID(), createdAt: now(), request: parsed.data, documents: [], analyses: [] };
        sessions.set(s.id, s);
        // The public Cypress test of ZignSec expects 201 Created here.
        return jsonReply(201, sessionModel(base, s));
      },
    },
    {
      name: 'addDocument',
      method: 'POST',
      pattern: new RegExp(`^${SESSION}/${ID}/documents/?$`),
      auth: true,
      async handle(req, m, url) {
        const s = sessionOf(m[1]!);
        await addDocument(s, req, url.searchParams.get('documentType'), url.searchParams.get('reference'));
        return jsonReply(200, sessionModel(base, s));
      },
    },
    {
      name: 'startAnalysis',
      method: 'POST',
      pattern: new RegExp(`^${SESSION}/${ID}/analyses/?$`),
      auth: true,
      async handle(req, m) {
        const s = sessionOf(m[1]!);
        const types = parseAnalysisTypes(await readJson(req));
        if (s.documents.length === 0) throw new HttpProblem(invalid('Add documents to the scanning session before starting an analysis.'));
        const a = beginAnalysis(s, types, false);
        return jsonReply(200, analysisResultModel(base, s, a, now().getTime()));
      },
    },
    {
      name: 'startUiAnalysis',
      method: 'POST',
      pattern: new RegExp(`^${SESSION}/${ID}/ui/analyses/?$`),
      auth: true,
      async handle(req, m) {
        const s = sessionOf(m[1]!);
        const types = parseAnalysisTypes(await readJson(req));
        beginAnalysis(s, types, true);
        return jsonReply(200, { id: s.id, errors: [], redirect_url: `${base}${SESSION}/scan/${s.id}` });
      },
    },
    {
      name: 'analysisStatus',
      method: 'GET',
      pattern: new RegExp(`^${SESSION}/${ID}/analysisStatus/?$`),
      auth: true,
      async handle(_req, m) {
        return jsonReply(200, statusModel(sessionOf(m[1]!), now().getTime()));
      },
    },
    {
      name: 'getAnalyses',
      method: 'GET',
      pattern: new RegExp(`^${SESSION}/${ID}/analyses/?$`),
      auth: true,
      async handle(_req, m) {
        return jsonReply(200, scanningSessionModel(base, sessionOf(m[1]!), now().getTime()));
      },
    },
    {
      name: 'getAnalysis',
      method: 'GET',
      pattern: new RegExp(`^${SESSION}/${ID}/analyses/(\\d+)/?$`),
      auth: true,
      async handle(_req, m) {
        const s = sessionOf(m[1]!);
        const a = s.analyses.find((x) => x.id === Number(m[2]));
        if (!a) throw new HttpProblem(zErr(404, 'ANALYSIS_NOT_FOUND', `Analysis ${m[2]} was not found in this session.`));
        return jsonReply(200, analysisResultModel(base, s, a, now().getTime()));
      },
    },
    // ---- the hosted UI flow (what redirect_url opens): no API key, the session GUID is the capability
    {
      name: 'uiPage',
      method: 'GET',
      pattern: new RegExp(`^${SESSION}/scan/${ID}/?$`),
      auth: false,
      async handle(_req, m) {
        const s = sessionOf(m[1]!);
        return { status: 200, raw: Buffer.from(uiPage(s)), contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" } };
      },
    },
    {
      name: 'uiUpload',
      method: 'POST',
      pattern: new RegExp(`^${SESSION}/scan/${ID}/documents/?$`),
      auth: false,
      async handle(req, m, url) {
        const s = sessionOf(m[1]!);
        await addDocument(s, req, url.searchParams.get('documentType'), url.searchParams.get('reference'));
        return { status: 303, headers: { location: `${SESSION}/scan/${s.id}` } };
      },
    },
    {
      name: 'uiFinish',
      method: 'POST',
      pattern: new RegExp(`^${SESSION}/scan/${ID}/finish/?$`),
      auth: false,
      async handle(req, m) {
        req.resume();
        const s = sessionOf(m[1]!);
        const a = latest(s);
        if (!a || !a.ui) throw new HttpProblem(invalid('No analysis with UI is waiting in this session.'));
        if (s.documents.length === 0) throw new HttpProblem(invalid('Upload at least one document first.'));
        if (a.readyAt === Infinity) {
          a.readyAt = now().getTime() + options.analysisDelayMs;
          startJudging(s, a);
        }
        const target = s.request.target;
        return target ? { status: 303, headers: { location: target } } : { status: 200, raw: Buffer.from(finishedPage()), contentType: 'text/html; charset=utf-8' };
      },
    },
    {
      name: 'documentImage',
      method: 'GET',
      pattern: /^\/__files\/([^/]+)\/(\d+)$/,
      auth: false,
      async handle(_req, m, url) {
        const d = sessions.get(m[1]!)?.documents.find((x) => x.id === Number(m[2]));
        // Like a blob SAS URL: the signature is the authorisation.
        if (!d || url.searchParams.get('sig') !== d.sig) return { status: 403, raw: Buffer.from('Forbidden'), contentType: 'text/plain' };
        return { status: 200, raw: d.jpeg, contentType: 'image/jpeg' };
      },
    },
    {
      name: 'imagePart',
      method: 'GET',
      pattern: /^\/__parts\/([^/]+)\/(\d+)\/(\d+)$/,
      auth: false,
      async handle(_req, m, url) {
        const a = sessions.get(m[1]!)?.analyses.find((x) => x.id === Number(m[2]));
        const part = a?.verdict?.document.imageParts?.[Number(m[3])];
        if (!a || !part || url.searchParams.get('sig') !== a.sig) return { status: 403, raw: Buffer.from('Forbidden'), contentType: 'text/plain' };
        return { status: 200, raw: part.jpeg, contentType: 'image/jpeg' };
      },
    },
  ];

  // /__control/* exists only with fault controls, and then only for this run's token (control-guard.ts).
  const controlGuard = options.faults ? createControlGuard() : null;

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/__control/stats') return sendReply(res, jsonReply(200, { ...counts, ...prefixed('fault.', faults.fired) }));
    if (req.method === 'POST' && path === '/__control/faults') {
      const parsed = FaultPlan.safeParse(await readJson(req).catch(() => null));
      if (!parsed.success) return sendReply(res, invalid(`Invalid fault plan: ${parsed.error.issues[0]?.message ?? 'unreadable'}`));
      faults.configure(parsed.data);
      return sendReply(res, jsonReply(200, { ok: true, rules: parsed.data.rules.length }));
    }
    if (req.method === 'DELETE' && path === '/__control/faults') {
      faults.clear();
      return sendReply(res, jsonReply(200, { ok: true }));
    }
    sendReply(res, zErr(404, 'NOT_FOUND', 'Unknown control endpoint.'));
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/__control/')) {
      if (!options.faults || !controlGuard) {
        req.resume();
        return sendReply(res, zErr(404, 'NOT_FOUND', 'Not found.'));
      }
      const access = controlGuard.check(req, serverPort(server));
      if (!access.ok) {
        req.resume();
        return sendReply(res, zErr(access.status, 'FORBIDDEN', access.message));
      }
      return control(req, res, url.pathname);
    }
    let match: RegExpExecArray | null = null;
    const route = routes.find((r) => r.method === req.method && (match = r.pattern.exec(url.pathname)) !== null);
    if (!route || !match) {
      req.resume();
      const known = routes.some((r) => r.pattern.test(url.pathname));
      return sendReply(res, known ? zErr(405, 'METHOD_NOT_ALLOWED', 'Method not allowed.') : zErr(404, 'NOT_FOUND', 'Not found.'));
    }
    if (route.auth) {
      const agent = req.headers['user-agent'] ?? '(none)';
      agents[agent] = (agents[agent] ?? 0) + 1;
    }
    const drawn = options.faults ? faults.draw(route.name) : { latencyMs: 0, fault: null };
    if (await applyBefore(drawn, req, res, zErr)) return;
    if (route.auth && !authorized(req)) {
      req.resume();
      return sendReply(res, zErr(401, 'INVALID_APPID', 'The Authorization header does not carry a valid access token.'));
    }
    let reply: Reply;
    try {
      reply = await route.handle(req, match, url);
      if (reply.status < 400) bump(route.name);
    } catch (e) {
      if (!(e instanceof HttpProblem)) throw e;
      reply = e.reply;
    }
    sendWithFault(drawn, req, res, reply, zErr);
  }

  const server = createServer((req, res) => {
    dispatch(req, res).catch(() => {
      if (!res.headersSent) sendReply(res, zErr(500, 'INTERNAL_ERROR', 'The sandbox hit an internal error.'));
      else res.destroy();
    });
  });
  base = await listenLoopback(server, options.port ?? 0);

  return {
    url: base,
    close: () => closeServer(server),
    stats: () => ({ ...counts }),
    setFaults: (plan) => faults.configure(plan),
    userAgents: () => ({ ...agents }),
    controlToken: controlGuard?.token ?? null,
  };
}

function prefixed(prefix: string, rec: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(rec).map(([k, v]) => [prefix + k, v]));
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The hosted page behind redirect_url: upload images, then finish. Plain HTML, no script. */
function uiPage(s: SandboxSession): string {
  const id = encodeURIComponent(s.id);
  const docs = s.documents.map((d) => `<li>${escapeHtml(d.documentType)}: ${escapeHtml(d.fileName)}</li>`).join('') || '<li>None yet</li>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ZignSec ID scanning (training sandbox)</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:2em auto">
<h1>ID scanning: training sandbox</h1>
<p>This page stands in for ZignSec's hosted scanning flow.</p>
<h2>Documents received</h2><ul>${docs}</ul>
${DOCUMENT_TYPES.map(
    (t) => `<form method="post" enctype="multipart/form-data" action="/v3/eid/scanningsessions/scan/${id}/documents?documentType=${t}">
<label>${t} image (JPEG) <input type="file" name="document" accept="image/jpeg" required></label> <button type="submit">Upload</button></form>`,
  ).join('\n')}
<form method="post" action="/v3/eid/scanningsessions/scan/${id}/finish"><button type="submit">Finish</button></form>
</body></html>`;
}

function finishedPage(): string {
  return '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Done</title></head><body><p>Thank you. The analysis has started; you can close this window.</p></body></html>';
}
