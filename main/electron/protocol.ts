// The app:// protocol: maps a request to a file under the built renderer folder and nothing else.
// Pure apart from the injected file reader, so traversal safety is tested under plain Node.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { SECURITY_HEADERS } from './csp';
import { contentTypeFor } from '../host/mime';

/** Privileges for `protocol.registerSchemesAsPrivileged` (must run before app `ready`). */
export const APP_SCHEME_PRIVILEGES = Object.freeze({
  standard: true, // real origin + relative URL resolution
  secure: true, // counts as a secure context
  supportFetchAPI: true,
  corsEnabled: false,
  bypassCSP: false, // our CSP applies
  allowServiceWorkers: false,
  stream: false,
  codeCache: true,
});



export type AppRequestResolution =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'refused'; status: 400 | 403 | 404 | 405; reason: string };

/**
 * Decides which file an app:// URL may read. Refuses: other schemes/hosts, non-GET methods,
 * encoded separators, NUL, backslashes, dot segments, anything resolving outside `rootDir`,
 * and file types we never serve. `/` maps to index.html.
 */
export function resolveAppRequest(rawUrl: string, method: string, rootDir: string): AppRequestResolution {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'refused', status: 405, reason: 'method' };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { kind: 'refused', status: 400, reason: 'unparsable url' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '' || url.username || url.password) {
    return { kind: 'refused', status: 403, reason: 'foreign origin' };
  }
  // Checked on the raw (still percent-encoded) path: %2e%2e, %2f and %5c are how traversal hides.
  const rawPath = url.pathname;
  if (/%(2e|2f|5c|00)/i.test(rawPath) || rawPath.includes('\\') || rawPath.includes('\0')) {
    return { kind: 'refused', status: 403, reason: 'encoded separator or dot' };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'refused', status: 400, reason: 'bad percent-encoding' };
  }
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..' || s.includes('\0') || s.includes(':'))) {
    return { kind: 'refused', status: 403, reason: 'dot segment' };
  }
  if (segments.length === 0) segments.push('index.html');
  const root = resolve(rootDir);
  const target = resolve(root, ...segments);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    return { kind: 'refused', status: 403, reason: 'outside renderer folder' };
  }
  const contentType = contentTypeFor(target);
  if (!contentType) return { kind: 'refused', status: 404, reason: 'file type not served' };
  return { kind: 'file', path: target, contentType };
}

export type ReadAppFile = (path: string) => Promise<Uint8Array>;

/**
 * The handler given to `protocol.handle('app', …)`. Every response carries the CSP and security
 * headers; missing files are 404 (never a directory listing, never a path in the body).
 * `realpath` (injected) resolves symlinks so a link inside the folder cannot point outside it.
 */
export function createAppProtocolHandler(options: {
  rootDir: string;
  readFile: ReadAppFile;
  realpath: (path: string) => Promise<string>;
}): (request: { url: string; method: string }) => Promise<Response> {
  const refuse = (status: number) =>
    new Response(status === 404 ? 'Not found' : 'Refused', { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
  return async (request) => {
    const resolved = resolveAppRequest(request.url, request.method, options.rootDir);
    if (resolved.kind === 'refused') return refuse(resolved.status);
    try {
      const [realRoot, realTarget] = await Promise.all([options.realpath(resolve(options.rootDir)), options.realpath(resolved.path)]);
      const rel = relative(realRoot, realTarget);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return refuse(403);
      const body = await options.readFile(realTarget);
      return new Response(request.method === 'HEAD' ? null : (body as unknown as ConstructorParameters<typeof Response>[0]), {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'Content-Type': resolved.contentType, 'Cache-Control': 'no-cache' },
      });
    } catch {
      return refuse(404);
    }
  };
}
