// Caching of the renderer's files by the web host: content-hashed build assets (assets/<name>-<hash>.<ext>)
// are immutable for the browser and kept in the host's memory after their first request; index.html and
// files without a hash are not. Real files in a temp folder, real HTTP on loopback.
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticHost, type StaticHost } from './support/static-host';

let host: StaticHost;
let dir: string;
const script = `export const words = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `word${i % 41}`))};\n`;

beforeAll(async () => {
  host = await startStaticHost('kiosk-static-cache-', {
    'assets/index-Ab3_x-9Z.js': script,
    'assets/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'index.html': '<!doctype html><title>kiosk</title>',
  });
  dir = host.dir;
});
afterAll(() => host?.close());

const get = (path: string, acceptEncoding?: string) => host.get(path, acceptEncoding);

describe('static caching', () => {
  it('marks a content-hashed asset immutable for a year, in each encoding', async () => {
    const plain = await get('/assets/index-Ab3_x-9Z.js');
    expect(plain.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(script);
    const br = await get('/assets/index-Ab3_x-9Z.js', 'gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    expect((await get('/assets/index-Ab3_x-9Z.js', 'gzip')).headers['content-encoding']).toBe('gzip');
  });

  it('keeps a hashed asset in memory after its first request (served after the file is gone)', async () => {
    writeFileSync(join(dir, 'assets/later-Qw12Er34.js'), script);
    expect((await get('/assets/later-Qw12Er34.js')).status).toBe(200);
    unlinkSync(join(dir, 'assets/later-Qw12Er34.js'));
    const again = await get('/assets/later-Qw12Er34.js');
    expect(again.status).toBe(200);
    expect(again.body.toString()).toBe(script);
  });

  it('never caches index.html; a file without a hash is cached for an hour and read from disk each time', async () => {
    expect((await get('/')).headers['cache-control']).toBe('no-store');
    const svg = await get('/assets/logo.svg');
    expect(svg.headers['cache-control']).toBe('private, max-age=3600');
    unlinkSync(join(dir, 'assets/logo.svg'));
    expect((await get('/assets/logo.svg')).status).toBe(404);
  });

  it('answers 404 for a hashed name that does not exist', async () => {
    const missing = await get('/assets/nothing-Zz99Yy88.js');
    expect(missing.status).toBe(404);
  });
});
