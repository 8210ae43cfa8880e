// Renderer figures: the bundle sizes of what the first screen loads (raw, and the build's gzip and brotli
// copies), then cold loads in Chromium through the real web host in front of the real kiosk core: bytes
// on the wire, the encoding each asset came with, and the time until the start button is interactive
// (median of a few cold page loads, a fresh browser context each). Prints numbers; asserts nothing.
// Run: npm run bench -- renderer-first-screen   (after npm run build)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch, rendererDir } from '../e2e/renderer-harness';
import { startHarness } from '../helpers/kiosk-harness';

const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
const firstScreen = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
let gz = gzipSync(html).length;
for (const file of firstScreen) gz += gzipSync(readFileSync(join(rendererDir, file))).length;
// The build's own copies (build/precompress.ts) are what the web host sends: raw, gzip and brotli per file.
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : null);
let raw = 0;
let br = 0;
for (const file of ['index.html', ...firstScreen]) {
  const path = join(rendererDir, file);
  const [r, g, b] = [sizeOf(path)!, sizeOf(`${path}.gz`), sizeOf(`${path}.br`)];
  raw += r;
  br += b ?? r;
  console.log(`  ${file}: ${kib(r)} raw, ${g === null ? '—' : kib(g)} gzip, ${b === null ? '—' : kib(b)} brotli`);
}
const assets = readdirSync(join(rendererDir, 'assets')).filter((f) => !/\.(br|gz)$/.test(f));
const all = assets.reduce((n, f) => n + gzipSync(readFileSync(join(rendererDir, 'assets', f))).length, 0);
console.log(`renderer first screen: ${kib(raw)} raw, ${kib(gz)} gzip, ${kib(br)} brotli as served (${firstScreen.join(', ')}); all ${assets.length} assets ${kib(all)} gzip`);

const h = await startHarness({ web: true });
const browser = await launch();
const times: number[] = [];
const wire: number[] = [];
const encodings = new Map<string, string>();
for (let i = 0; i < 5; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Stamp, inside the page, the moment the start button exists and can be pressed (ms since navigation
  // start), so the figure excludes Playwright's own polling.
  await page.addInitScript({
    content: `new MutationObserver((_, observer) => {
      const start = document.querySelector('[data-testid="start"]');
      if (start && !start.disabled) { window.__startAt = performance.now(); observer.disconnect(); }
    }).observe(document, { childList: true, subtree: true, attributes: true });`,
  });
  const responses: Array<Promise<number>> = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path === '/' || path.startsWith('/assets/')) {
      encodings.set(path === '/' ? 'index.html' : path.slice(1), r.headers()['content-encoding'] ?? 'none');
      responses.push(r.request().sizes().then((sz) => sz.responseBodySize + sz.responseHeadersSize));
    }
  });
  await page.goto(h.web!.urlWithToken);
  await page.getByRole('button', { name: 'Start verification' }).waitFor({ state: 'visible' });
  await page.waitForFunction('window.__startAt !== undefined');
  times.push(await page.evaluate<number>('window.__startAt'));
  wire.push((await Promise.all(responses)).reduce((a, b) => a + b, 0));
  await context.close();
}
times.sort((a, b) => a - b);
for (const [file, encoding] of [...encodings].sort()) console.log(`  served ${file}: Content-Encoding ${encoding}`);
console.log(`renderer cold load through the web host: ${kib(wire[0]!)} on the wire for the page and its assets (headers included)`);
console.log(`renderer first screen interactive: median ${times[2]!.toFixed(0)} ms, max ${times[4]!.toFixed(0)} ms (5 cold loads, real kiosk core behind the web host, 1280 × 800)`);
await browser.close();
await h.close();
