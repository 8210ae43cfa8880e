// The web host's static-file serving on its own: a temp folder holding the given files (compressed at
// "build" like the renderer's), served over real HTTP on loopback by serveStatic.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { precompressDir } from '../../../../build/precompress';
import { serveStatic } from '../../../../main/web/static-files';

export interface StaticReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface StaticHost {
  dir: string;
  /** How many files the build step compressed. */
  compressed: number;
  get(path: string, acceptEncoding?: string): Promise<StaticReply>;
  close(): void;
}

export async function startStaticHost(prefix: string, files: Record<string, string>): Promise<StaticHost> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const compressed = precompressDir(dir);
  const server = createServer((req, res) => void serveStatic(dir, new URL(req.url!, 'http://x').pathname, res, req.headers['accept-encoding']));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const get = (path: string, acceptEncoding?: string): Promise<StaticReply> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  return {
    dir,
    compressed,
    get,
    close() {
      server.close();
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}
