// Sends stored captures to a provider from a thread of its own: the thread reads the image through
// its own connection to the encrypted store and streams it, framed by a head and a tail the caller
// builds (ZignSec's multipart part), as the body of one HTTP request. The image bytes never cross
// the main thread.
//
// Why: while a queue drains, the main thread is the kiosk's bottleneck (event-loop utilisation ~89 %
// in test/bench/sync-drain.ts). Reading three ~400 KB images back through the cipher, writing them
// into sockets and collecting the garbage they leave made up about a fifth of its work; the second
// core stood half idle. In same-run A/B drains, sending from this thread moved the worker from
// 56.6 to 62.2 MB/s and its process CPU per verification from 16.2 to 13.6 ms.
//
// What stays on the main thread: deciding WHETHER to send (the adapter's intents and
// reconciliation), the timeout and abort (an abort is forwarded at once and the caller's promise
// rejects at once), reading the reply (the thread hands back status, headers and body) and every
// commit. Errors come back with their names and system codes, so the caller classifies a refused
// connection, a reset or a timeout exactly as it would its own.
//
// If the thread cannot start or dies, `active` turns false and callers send in-process as before.
import { createRequire } from 'node:module';
import type { HeapInfo } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { chunkedParts, FramedBodyUnavailable, type FramedUploadRequest, type HttpReply, UPLOAD_CHUNK } from '../providers/http-transport';
import { CIPHER_PRAGMAS, openWorkerConnection } from './db';

// CommonJS worker source (eval), like checkpointer.ts: the native module is loaded by absolute
// path, so this works from sources (tsx, vitest) and from the electron-vite bundle alike.
// An eval'd source cannot import modules of ours, so the pieces it shares with them (the keyed
// connection of db.ts, the chunked body of http-transport.ts) are embedded by their source text.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const https = require('node:https');
const { once } = require('node:events');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const Database = require(workerData.modulePath);
// Connections kept open between uploads, one per upload in flight (as undici's pool on the main thread).
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
${openWorkerConnection.toString()}
${chunkedParts.toString()}
let db = null;
let load = null;
try {
  db = openWorkerConnection(Database, workerData.file, workerData.keyHex, workerData.cipherPragmas);
  db.pragma('query_only=1');
  db.pragma('busy_timeout=5000');
  load = db.prepare('SELECT jpeg FROM captures WHERE id = ?');
  parentPort.postMessage({ kind: 'ready' });
} catch (e) {
  parentPort.postMessage({ kind: 'failed', message: String(e && e.message || e) });
  if (db) try { db.close(); } catch {}
  db = null;
}
const running = new Map();
// An image read here has memory of its own (better-sqlite3 copies the blob out of SQLite), handed
// back only when the garbage collector finds its Buffer. Uploads outlive several of this thread's
// small scavenges, so spent images were promoted and waited for a full collection: the thread's
// share of the allocator grew by 15-45 MB over a drain (test/bench/sync-drain.ts). So an image is
// released (its ArrayBuffer detached, which frees it at once) as soon as the request's 'finish'
// has fired: node:http emits it when the last byte of the body has been handed to the operating
// system, so no pending write can still point into the image. (This is why this thread speaks
// node:http: undici's request() gives no such signal.) When a request fails before 'finish', the
// image is left to the garbage collector as before.
function release(bytes) {
  if (bytes && bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length && !bytes.buffer.detached) bytes.buffer.transfer(0);
}
// POSTs head + image + tail (streamed in chunks, with backpressure) and reads the whole reply.
async function post(m, jpeg, signal, onBytes) {
  const url = new URL(m.url);
  const total = m.head.length + jpeg.length + m.tail.length;
  const req = (url.protocol === 'https:' ? https : http).request(url, {
    method: m.method,
    headers: { ...m.headers, 'content-length': String(total) },
    agent: agents[url.protocol],
    signal,
  });
  const response = once(req, 'response');
  response.catch(() => {}); // a failure surfaces from pipeline() or below, once
  await pipeline(Readable.from(chunkedParts([m.head, jpeg, m.tail], workerData.chunk, onBytes)), req);
  release(jpeg); // 'finish' has fired: every byte is with the operating system
  const [res] = await response;
  const chunks = [];
  for await (const c of res) chunks.push(c);
  const headers = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return { status: res.statusCode, headers, body: Buffer.concat(chunks) };
}
// Name, message and system code of an error and its causes: what the caller classifies by.
function describe(e) {
  const chain = [];
  for (let cur = e, i = 0; cur && typeof cur === 'object' && i < 5; cur = cur.cause, i++)
    chain.push({ name: String(cur.name || 'Error'), message: String(cur.message || ''), code: typeof cur.code === 'string' ? cur.code : undefined });
  if (!chain.length) chain.push({ name: 'Error', message: String(e), code: undefined });
  return chain;
}
async function send(m) {
  const controller = new AbortController();
  running.set(m.id, controller);
  try {
    const row = load.get(m.captureId);
    const jpeg = row && row.jpeg;
    if (!jpeg) return parentPort.postMessage({ kind: 'unavailable', id: m.id, reason: 'missing' });
    if (!(jpeg.length > 3 && jpeg[0] === 0xff && jpeg[1] === 0xd8 && jpeg[2] === 0xff))
      return parentPort.postMessage({ kind: 'unavailable', id: m.id, reason: 'not_jpeg' });
    const onBytes = (sent, all) => parentPort.postMessage({ kind: 'progress', id: m.id, sent, total: all });
    const reply = await post(m, jpeg, controller.signal, onBytes);
    // Copied across (a reply is small; a pooled Buffer must not be transferred).
    parentPort.postMessage({ kind: 'reply', id: m.id, status: reply.status, headers: reply.headers, body: reply.body });
  } catch (e) {
    parentPort.postMessage({ kind: 'error', id: m.id, chain: describe(e) });
  } finally {
    running.delete(m.id);
  }
}
parentPort.on('message', (m) => {
  if (m.kind === 'send') {
    if (!load) return parentPort.postMessage({ kind: 'error', id: m.id, chain: [{ name: 'Error', message: 'the upload thread has no store connection' }] });
    void send(m);
  } else if (m.kind === 'abort') {
    running.get(m.id)?.abort();
  } else if (m.kind === 'close') {
    for (const c of running.values()) c.abort();
    if (db) try { db.close(); } catch {}
    db = null;
    load = null;
    for (const a of Object.values(agents)) a.destroy();
    parentPort.close();
  }
});
`;

interface ErrorLink {
  name: string;
  message: string;
  code?: string;
}

type ThreadMessage =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'progress'; id: number; sent: number; total: number }
  | { kind: 'reply'; id: number; status: number; headers: Record<string, string>; body: Uint8Array }
  | { kind: 'unavailable'; id: number; reason: 'missing' | 'not_jpeg' }
  | { kind: 'error'; id: number; chain: ErrorLink[] };

interface Pending {
  captureId: string;
  resolve(reply: HttpReply): void;
  reject(e: unknown): void;
  onBytes?: ((sent: number, total: number) => void) | undefined;
}

/** An error as the thread saw it, rebuilt with its causes (name, message, `code`). */
function rebuild(chain: ErrorLink[]): Error {
  let cause: Error | undefined;
  for (const link of [...chain].reverse()) {
    const e = new Error(link.message, cause ? { cause } : undefined);
    e.name = link.name;
    if (link.code) (e as Error & { code?: string }).code = link.code;
    cause = e;
  }
  return cause ?? new Error('upload thread failed');
}

function replyOf(m: Extract<ThreadMessage, { kind: 'reply' }>): HttpReply {
  const body = Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength);
  return {
    status: m.status,
    header: (name) => m.headers[name.toLowerCase()] ?? null,
    text: async () => body.toString('utf8'),
    bytes: async () => body,
    discard: async () => {},
  };
}

export interface CaptureUploadThreadOptions {
  log?: (level: 'warn' | 'error', message: string) => void;
}

export class CaptureUploadThread {
  private worker: Worker | null;
  /** Resolves when the worker thread has ended (its connection closed): see Store.closeAndWait. */
  readonly exited: Promise<void>;
  private ready = false;
  private closed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(file: string, key: Buffer, private readonly options: CaptureUploadThreadOptions = {}) {
    const require = createRequire(import.meta.url);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // A small young generation: what an upload allocates dies young, and frequent scavenges hand
      // its memory back before it piles up (the default let ~40 MB of spent images wait for a GC).
      // A capped old generation: with the scavenges promoting each upload's in-flight objects, V8
      // let this heap grow from 15 to 28-35 MB over a drain before collecting it; capped, it stays
      // at ~18 MB, and a drain of 1,000 from a fresh process grew the whole kiosk process by
      // 20-26 MB instead of 54-68 MB (test/bench/sync-drain.ts, 4 runs each). The thread's live
      // heap is ~12 MB. Should it ever run out, the thread exits, its sends fail as a dropped
      // connection (retried) and uploads go on in-process (see `stop`).
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 24 },
      // The key is handed over in memory only (never logged, never in a message back).
      workerData: {
        file,
        keyHex: key.toString('hex'),
        cipherPragmas: CIPHER_PRAGMAS,
        modulePath: require.resolve('better-sqlite3-multiple-ciphers'),
        chunk: UPLOAD_CHUNK,
      },
    });
    this.worker.unref();
    const worker = this.worker;
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    this.worker.on('message', (m: ThreadMessage) => this.onMessage(m));
    this.worker.on('error', (e) => this.stop(`upload thread stopped: ${e.message}`));
    this.worker.on('exit', () => this.stop('upload thread exited'));
  }

  /** True while captures can be sent from the thread (false before it is ready, after a failure or close). */
  get active(): boolean {
    return this.ready && !this.closed;
  }

  /**
   * Sends capture `captureId`, framed by `req.head` and `req.tail`, as the body of one request.
   * Rejects with FramedBodyUnavailable (nothing sent) when the capture has no image or is not a
   * JPEG; with the signal's reason once `req.signal` aborts; with the network error otherwise.
   */
  send(captureId: string, url: string, req: FramedUploadRequest): Promise<HttpReply> {
    const worker = this.worker;
    if (!worker || !this.active) return Promise.reject(new FramedBodyUnavailable('no_thread', 'the upload thread is not running'));
    if (req.signal.aborted) return Promise.reject(req.signal.reason);
    const id = this.nextId++;
    return new Promise<HttpReply>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.pending.delete(id)) return;
        worker.postMessage({ kind: 'abort', id });
        reject(req.signal.reason);
      };
      req.signal.addEventListener('abort', onAbort, { once: true });
      const done = (): void => req.signal.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        captureId,
        resolve: (r) => (done(), resolve(r)),
        reject: (e) => (done(), reject(e)),
        onBytes: req.onBytes,
      });
      worker.postMessage({ kind: 'send', id, captureId, url, method: req.method, headers: req.headers, head: req.head, tail: req.tail });
    });
  }

  /** The thread's V8 heap figures (diagnostics); null once it is not running. */
  async heapStatistics(): Promise<HeapInfo | null> {
    return this.worker && this.active ? this.worker.getHeapStatistics() : null;
  }

  /** Stops the thread; requests still running are aborted there and rejected here. */
  close(): void {
    if (this.closed) return;
    this.worker?.postMessage({ kind: 'close' });
    this.stop(null);
  }

  private onMessage(m: ThreadMessage): void {
    if (m.kind === 'ready') {
      if (!this.closed) this.ready = true;
      return;
    }
    if (m.kind === 'failed') {
      this.options.log?.('warn', `upload thread: ${m.message}`);
      this.stop(null);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return; // aborted meanwhile
    if (m.kind === 'progress') {
      p.onBytes?.(m.sent, m.total);
      return;
    }
    this.pending.delete(m.id);
    if (m.kind === 'reply') p.resolve(replyOf(m));
    else if (m.kind === 'unavailable')
      p.reject(new FramedBodyUnavailable(m.reason, m.reason === 'missing' ? `capture ${p.captureId} has no image bytes (purged or missing)` : 'the stored capture is not a JPEG'));
    else p.reject(rebuild(m.chain));
  }

  /** No more sends from the thread; anything still waiting fails as a dropped connection would. */
  private stop(reason: string | null): void {
    const wasClosed = this.closed;
    this.closed = true;
    this.ready = false;
    this.worker = null;
    if (reason && !wasClosed) this.options.log?.('warn', reason);
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      const e = new Error('the upload thread stopped before the reply arrived');
      (e as Error & { code?: string }).code = 'UND_ERR_SOCKET';
      p.reject(e);
    }
  }
}
