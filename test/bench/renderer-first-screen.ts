// Renderer figures: gzip size of what the first screen loads, and time until the start button is
// interactive in Chromium (median of a few cold page loads). Prints numbers; asserts nothing.
// Run: npx tsx test/bench/renderer-first-screen.ts   (after npm run build)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch, rendererDir, startServer, withFakeKiosk } from '../e2e/renderer-harness';

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

const { url, server } = await startServer();
const browser = await launch();
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await withFakeKiosk(page);
  // Stamp, inside the page, the moment the start button exists (ms since navigation start), so the
  // figure excludes Playwright's own polling.
  await page.addInitScript({
    content: `new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="start"]')) { window.__startAt = performance.now(); observer.disconnect(); }
    }).observe(document, { childList: true, subtree: true });`,
  });
  await page.goto(url);
  await page.getByRole('button', { name: 'Start verification' }).waitFor({ state: 'visible' });
  times.push(await page.evaluate<number>('window.__startAt'));
  await context.close();
}
times.sort((a, b) => a - b);
console.log(`renderer first screen interactive: median ${times[2]!.toFixed(0)} ms, max ${times[4]!.toFixed(0)} ms (5 cold loads, fake kiosk)`);
await browser.close();
server.close();
