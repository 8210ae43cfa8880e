// The HTTP transport the provider clients send through: undici's request API (the library behind
// Node's own fetch, one layer down, without fetch's WHATWG streams, Request/Response objects and
// header guards). test/bench/zignsec-upload.ts, same sandbox in the same process, per call: a
// 595 KB upload 3.0 ms of CPU (server included) against 5.8 ms for fetch(FormData), 1.56× the
// throughput; a small JSON call 0.47 against 0.56 ms (most of it the sandbox's own handling). While
// a queue drains, fetch was the largest share of the kiosk's own CPU after the store. Connections are pooled per origin
// (undici's global agent, shared with Node's fetch).
import type { Readable } from 'node:stream';
import { request } from 'undici';
import type { Dispatcher } from 'undici';

export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  /** A string (JSON), or chunks streamed as they are produced (an upload reporting its progress). */
  body?: string | AsyncIterable<Uint8Array>;
  /** Aborts the request and the reading of its reply (deadline, shutdown). */
  signal: AbortSignal;
}

export interface HttpReply {
  status: number;
  header(name: string): string | null;
  text(): Promise<string>;
  bytes(): Promise<Buffer>;
  /** Reads and drops the body (frees the connection for the next request). */
  discard(): Promise<void>;
}

/** Upload chunk size: small enough for smooth progress, large enough not to cost throughput. */
export const UPLOAD_CHUNK = 256 * 1024;

/**
 * The parts of a body (head, image, tail) as views of at most `chunk` bytes, no copies; `onBytes`
 * hears the running total as the connection takes each. Used by the ZignSec client in-process and,
 * through its source text, by the store's upload thread (capture-upload-thread.ts), so it must stay
 * self-contained: no outer names, no nested function declarations.
 */
export async function* chunkedParts(
  parts: readonly Uint8Array[],
  chunk: number,
  onBytes?: (sent: number, total: number) => void,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for (const bytes of parts) total += bytes.length;
  let sent = 0;
  for (const bytes of parts) {
    for (let offset = 0; offset < bytes.length; offset += chunk) {
      const piece = bytes.subarray(offset, Math.min(offset + chunk, bytes.length));
      yield piece;
      sent += piece.length;
      onBytes?.(sent, total);
    }
  }
}

export type HttpTransport = (url: string, req: HttpRequest) => Promise<HttpReply>;

/** Redirects are not followed (a provider API that redirects is misconfigured, not to be chased). */
export const undiciTransport: HttpTransport = async (url, req) => {
  const res = await request(url, {
    method: req.method as Dispatcher.HttpMethod,
    headers: req.headers,
    // undici documents string | Buffer | Readable | Iterable | AsyncIterable bodies; its typings
    // list only the first three, so the async iterable (the upload's chunks) is passed as is.
    ...(req.body !== undefined ? { body: req.body as string | Readable } : {}),
    signal: req.signal,
  });
  return {
    status: res.statusCode,
    header(name) {
      const v = res.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
    text: () => res.body.text(),
    bytes: async () => Buffer.from(await res.body.arrayBuffer()),
    discard: () => res.body.dump(),
  };
};

/**
 * One request whose body is a stored capture framed by `head` and `tail` (ZignSec's multipart
 * part), sent by the store's upload thread (main/store/capture-upload-thread.ts) so the image
 * never crosses the main thread. The body's length and Content-Length are set there.
 */
export interface FramedUploadRequest {
  method: string;
  headers: Record<string, string>;
  head: Uint8Array;
  tail: Uint8Array;
  signal: AbortSignal;
  /** Bytes of the body taken by the connection so far, of the total. */
  onBytes?: ((sent: number, total: number) => void) | undefined;
}

/** Sends one capture framed as above; what SyncJob captures offer while the upload thread runs. */
export type FramedUpload = (url: string, req: FramedUploadRequest) => Promise<HttpReply>;

/**
 * The stored capture could not be sent as it is: gone (purged), not a JPEG, or the upload thread is
 * not running. Nothing was sent, so the caller may take its in-process path (which converts a
 * non-JPEG, or fails as a missing image does).
 */
export class FramedBodyUnavailable extends Error {
  constructor(
    readonly reason: 'missing' | 'not_jpeg' | 'no_thread',
    message: string,
  ) {
    super(message);
    this.name = 'FramedBodyUnavailable';
  }
}
