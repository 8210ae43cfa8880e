// Small node:http helpers shared by the provider emulators: bounded body reading, JSON replies,
// listening on loopback and closing without waiting for held (fault-injected) connections.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** A reply a route handler produced; faults.ts may corrupt it on the way out. */
export interface Reply {
  status: number;
  /** JSON body (serialised by sendReply). */
  json?: unknown;
  /** Non-JSON body (HTML page, image bytes). */
  raw?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export const jsonReply = (status: number, json: unknown, headers?: Record<string, string>): Reply => ({ status, json, ...(headers ? { headers } : {}) });

export class BodyTooLargeError extends Error {}

/** Reads the whole request body, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new BodyTooLargeError(`body over ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Serialises a Reply. Returns the exact bytes and headers so faults can truncate them. */
export function encodeReply(reply: Reply): { status: number; headers: Record<string, string>; body: Buffer } {
  const body = reply.raw ?? (reply.json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(reply.json), 'utf8'));
  const contentType = reply.contentType ?? (reply.raw ? 'application/octet-stream' : 'application/json; charset=utf-8');
  return {
    status: reply.status,
    headers: { 'content-type': contentType, 'content-length': String(body.length), 'cache-control': 'no-store', ...reply.headers },
    body,
  };
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  const { status, headers, body } = encodeReply(reply);
  res.writeHead(status, headers);
  res.end(body);
}

/** Listens on 127.0.0.1 only (the emulators must never be reachable from the network). */
export function listenLoopback(server: Server, port = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address();
      if (!addr || typeof addr === 'string') return reject(new Error('The sandbox server has no TCP address.'));
      resolve(`http://127.0.0.1:${addr.port}`);
    });
  });
}

/** Closes the server, dropping connections held open by timeout faults instead of waiting for them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
