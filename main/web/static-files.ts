// Serves the built renderer. Paths are resolved inside the renderer folder only (no traversal);
// unknown paths fall back to index.html so client-side routes load.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ServerResponse } from 'node:http';
import { contentTypeFor } from '../host/mime';

export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const target = resolve(base, '.' + normalize('/' + decoded));
  return target === base || target.startsWith(base + sep) ? target : null;
}

/** `acceptEncoding`: the request's Accept-Encoding; a precompressed copy is sent when the client takes it. */
export async function serveStatic(root: string, pathname: string, res: ServerResponse, acceptEncoding?: string): Promise<void> {
  let file = resolveInside(root, pathname === '/' ? '/index.html' : pathname);
  if (!file) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Bad path');
    return;
  }
  let info = await stat(file).catch(() => null);
  if (!info || !info.isFile()) {
    // Assets that do not exist are 404s; anything else is a client-side route.
    if (extname(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    file = join(resolve(root), 'index.html');
    info = await stat(file).catch(() => null);
    if (!info) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The kiosk screens are not built yet. Run: npm run build');
      return;
    }
  }
  const encoded = await precompressed(file, acceptEncoding);
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file) ?? 'application/octet-stream',
    'Content-Length': encoded ? encoded.size : info.size,
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
    ...(encoded ? { 'Content-Encoding': encoded.encoding } : {}),
    // A cache must not hand the brotli copy to a client that did not ask for it.
    ...(encoded || (await hasPrecompressed(file)) ? { Vary: 'Accept-Encoding' } : {}),
  });
  createReadStream(encoded ? encoded.path : file).pipe(res);
}

/** Encodings the client accepts (a q=0 entry refuses it), from an Accept-Encoding header. */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    out.add(name);
  }
  return out;
}

/** The build's brotli (preferred) or gzip copy of `file` when the client accepts it (build/precompress.ts). */
async function precompressed(file: string, acceptEncoding: string | undefined): Promise<{ path: string; size: number; encoding: 'br' | 'gzip' } | null> {
  const accepted = acceptedEncodings(acceptEncoding);
  for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']] as const) {
    if (!accepted.has(encoding)) continue;
    const info = await stat(file + ext).catch(() => null);
    if (info?.isFile()) return { path: file + ext, size: info.size, encoding };
  }
  return null;
}

async function hasPrecompressed(file: string): Promise<boolean> {
  return (await stat(file + '.gz').catch(() => null))?.isFile() === true;
}
