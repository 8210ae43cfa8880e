// Serves the built renderer. Paths are resolved inside the renderer folder only (no traversal);
// unknown paths fall back to index.html so client-side routes load.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
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

/**
 * Build output named by its content (`assets/<name>-<8-character hash>.<ext>`): its bytes never change
 * under that name, so the browser may keep it for a year without asking again, and the web host keeps it
 * (with its compressed copies) in memory after the first request: a cold page load then costs no file
 * system round trips on a busy kiosk.
 */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;
const IMMUTABLE = 'private, max-age=31536000, immutable';
/** Memory the kept assets may take at most (the renderer's build is about 2 MB with its copies). */
const MAX_KEPT_BYTES = 32 * 1024 * 1024;

type KeptAsset = { plain: Buffer; br: Buffer | null; gzip: Buffer | null };
const kept = new Map<string, KeptAsset>();
let keptBytes = 0;

async function keptAsset(file: string): Promise<KeptAsset | null> {
  const known = kept.get(file);
  if (known) return known;
  const plain = await readFile(file).catch(() => null);
  if (!plain) return null;
  const [br, gzip] = await Promise.all([readFile(`${file}.br`).catch(() => null), readFile(`${file}.gz`).catch(() => null)]);
  const asset = { plain, br, gzip };
  const bytes = plain.length + (br?.length ?? 0) + (gzip?.length ?? 0);
  if (keptBytes + bytes <= MAX_KEPT_BYTES) {
    kept.set(file, asset);
    keptBytes += bytes;
  }
  return asset;
}

function sendKept(file: string, asset: KeptAsset, res: ServerResponse, acceptEncoding: string | undefined): void {
  const accepted = acceptedEncodings(acceptEncoding);
  const encoded = accepted.has('br') && asset.br ? { encoding: 'br', body: asset.br } : accepted.has('gzip') && asset.gzip ? { encoding: 'gzip', body: asset.gzip } : null;
  const body = encoded ? encoded.body : asset.plain;
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file) ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': IMMUTABLE,
    ...(encoded ? { 'Content-Encoding': encoded.encoding } : {}),
    ...(asset.br || asset.gzip ? { Vary: 'Accept-Encoding' } : {}),
  });
  res.end(body);
}

/** `acceptEncoding`: the request's Accept-Encoding; a precompressed copy is sent when the client takes it. */
export async function serveStatic(root: string, pathname: string, res: ServerResponse, acceptEncoding?: string): Promise<void> {
  let file = resolveInside(root, pathname === '/' ? '/index.html' : pathname);
  if (!file) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Bad path');
    return;
  }
  if (HASHED_ASSET.test(file)) {
    const asset = await keptAsset(file);
    if (asset) return sendKept(file, asset, res, acceptEncoding);
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
