// Guard of the training emulators' /__control/* routes (fault plans, stats). They exist only when
// the emulator is started with fault controls (training mode and tests), and even then answer only
// a caller that (1) names the emulator by its loopback address and port in Host, (2) sends no
// Origin (no web page, however it got here), (3) presents this run's control token in the
// x-sandbox-control header, and (4) sends JSON as exactly application/json. A page on another site
// can do none of this: it cannot set the header or the content type without a CORS preflight,
// which these routes never approve.
import type { IncomingMessage } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const CONTROL_TOKEN_HEADER = 'x-sandbox-control';

export type ControlVerdict = { ok: true } | { ok: false; status: number; message: string };

export interface ControlGuard {
  /** The token of this run: tests and trainers read it from the sandbox object. */
  readonly token: string;
  check(req: IncomingMessage, port: number): ControlVerdict;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  return type === 'application/json' && params.every((p) => p === 'charset=utf-8');
}

export function createControlGuard(token: string = randomBytes(24).toString('hex')): ControlGuard {
  return {
    token,
    check(req, port) {
      if (!LOOPBACK.some((h) => req.headers.host === `${h}:${port}`)) return { ok: false, status: 421, message: 'Control routes answer on the loopback address only.' };
      if (req.headers.origin !== undefined) return { ok: false, status: 403, message: 'Control routes refuse requests from web pages.' };
      const presented = req.headers[CONTROL_TOKEN_HEADER];
      if (typeof presented !== 'string' || !sameSecret(presented, token)) return { ok: false, status: 401, message: 'Control routes need this run’s control token.' };
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'DELETE';
      if (hasBody && !isJson(req.headers['content-type'])) return { ok: false, status: 415, message: 'Control requests must be application/json.' };
      return { ok: true };
    },
  };
}

/** The port a listening server is on (0 before it listens). */
export function serverPort(server: { address(): unknown }): number {
  const address = server.address();
  return typeof address === 'object' && address !== null && 'port' in address ? Number((address as { port: number }).port) : 0;
}
