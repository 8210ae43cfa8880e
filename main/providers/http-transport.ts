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
