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

export async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<void> {
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
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file) ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
  });
  createReadStream(file).pipe(res);
}
