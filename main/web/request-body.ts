// Reading a kiosk call's body safely: the media type must be exactly application/json (charset
// utf-8 allowed), the size limit is enforced from Content-Length before a byte is read and again
// while streaming, and nesting depth and size are checked on the raw text before JSON.parse runs,
// so no request can make the main thread parse something large or deeply nested.
import type { IncomingMessage } from 'node:http';

export interface BodyLimits {
  maxBytes: number;
  /** Deepest nesting of objects and arrays accepted. */
  maxDepth: number;
}

/** Kiosk calls are small: the largest carries a 500-character reason. */
export const CALL_BODY_LIMITS: BodyLimits = { maxBytes: 64 * 1024, maxDepth: 16 };

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 411 | 413 | 415; message: string }
  | { ok: false; status: 'aborted' };

/** `application/json`, optionally with `; charset=utf-8`, in any letter case; nothing else. */
export function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => p === 'charset=utf-8' || p === 'charset="utf-8"');
}

/** Deepest bracket nesting outside strings; -1 when brackets do not balance (the parse will refuse it). */
export function jsonNestingDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth < 0) return -1;
    }
  }
  return depth === 0 ? deepest : -1;
}

const refuse = (status: 400 | 411 | 413 | 415, message: string): BodyResult => ({ ok: false, status, message });

/**
 * Reads and parses a JSON call body within `limits`. On 413 the rest of the body is not read (the
 * caller answers and closes the connection).
 */
export async function readJsonBody(req: IncomingMessage, limits: BodyLimits = CALL_BODY_LIMITS): Promise<BodyResult> {
  if (!isJsonMediaType(req.headers['content-type'])) return refuse(415, 'Kiosk calls must be JSON.');
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    if (!/^\d{1,15}$/.test(declared)) return refuse(400, 'The request had an invalid length.');
    if (Number(declared) > limits.maxBytes) return refuse(413, 'The request was too large.');
  }
  const raw = await new Promise<Buffer | 'too_large' | 'aborted'>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limits.maxBytes) {
        req.off('data', onData);
        req.pause();
        resolve('too_large');
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('aborted', () => resolve('aborted'));
    req.once('error', () => resolve('aborted'));
    req.once('close', () => {
      if (!req.complete) resolve('aborted');
    });
  });
  if (raw === 'aborted') return { ok: false, status: 'aborted' };
  if (raw === 'too_large') return refuse(413, 'The request was too large.');
  const text = raw.toString('utf8');
  if (text.length === 0) return { ok: true, value: {} };
  const depth = jsonNestingDepth(text, limits.maxDepth);
  if (depth > limits.maxDepth) return refuse(400, 'The request was nested too deeply.');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return refuse(400, 'The request was not valid JSON.');
  }
}
