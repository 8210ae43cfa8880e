// The renderer's text assets are compressed once at build (build/precompress.ts) and the web host sends
// the brotli or gzip copy to a client that accepts it, with Content-Encoding and Vary; everyone else
// gets the plain file. Real files in a temp folder, real HTTP on loopback.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings } from '../../../main/web/static-files';
import { startStaticHost, type StaticHost } from './support/static-host';

let host: StaticHost;
let dir: string;
const script = `export const words = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `word${i % 37}`))};\n`;

beforeAll(async () => {
  host = await startStaticHost('kiosk-static-', {
    'assets/app.js': script,
    'assets/tiny.css': 'a{color:red}',
    'index.html': `<!doctype html><title>kiosk</title>${'<p>counter</p>'.repeat(200)}`,
  });
  expect(host.compressed).toBe(2); // app.js and index.html; tiny.css is below the threshold
  dir = host.dir;
});
afterAll(() => host?.close());

const get = (path: string, acceptEncoding?: string) => host.get(path, acceptEncoding);

describe('precompressed static assets', () => {
  it('sends brotli to a client that accepts it, smaller than the file, decoding to the same bytes', async () => {
    const r = await get('/assets/app.js', 'gzip, deflate, br');
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(script.length / 5);
    expect(brotliDecompressSync(r.body).toString()).toBe(script);
  });

  it('sends gzip when brotli is not accepted (or refused with q=0)', async () => {
    for (const header of ['gzip', 'br;q=0, gzip']) {
      const r = await get('/assets/app.js', header);
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(r.body).toString()).toBe(script);
    }
  });

  it('sends the plain file without Accept-Encoding, still with Vary; small files are never encoded', async () => {
    const plain = await get('/assets/app.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(script);
    const tiny = await get('/assets/tiny.css', 'br, gzip');
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('a{color:red}');
  });

  it('compresses index.html and the client-side route fallback too', async () => {
    const r = await get('/some/route', 'br');
    expect(r.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(r.body).toString()).toBe(readFileSync(join(dir, 'index.html'), 'utf8'));
  });

  it('reads Accept-Encoding with q-values', () => {
    expect([...acceptedEncodings('gzip;q=1.0, br;q=0, identity')]).toEqual(['gzip', 'identity']);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
  });
});
