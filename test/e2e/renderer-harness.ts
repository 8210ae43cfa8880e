// Shared set-up for the renderer's browser tests: a static server for the built renderer
// (out/renderer, or RENDERER_DIR) that can also answer the web host's API for bridge tests,
// and Debian Chromium through playwright-core.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const root = resolve(import.meta.dirname, '../..');
export const rendererDir = process.env.RENDERER_DIR ?? join(root, 'out/renderer');
export const artifactsDir = join(root, 'test-artifacts/renderer');
export const fakeKioskPath = join(import.meta.dirname, 'renderer-fake-kiosk.js');

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

export type ApiHandler = (req: IncomingMessage, res: ServerResponse, body: string) => boolean | Promise<boolean>;

export async function startServer(api?: ApiHandler): Promise<{ url: string; server: Server }> {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`No renderer build in ${rendererDir}: run npm run build first.`);
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', async () => {
      if (api && (await api(req, res, body))) return;
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path));
      if (!file.startsWith(rendererDir)) return void res.writeHead(403).end();
      try {
        const data = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(data);
      } catch {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  await mkdir(artifactsDir, { recursive: true });
  return { url: `http://127.0.0.1:${address.port}/`, server };
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Console errors and CSP violations, minus the one CSP warning a meta tag always gives. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() !== 'error' && !/Content Security Policy/.test(text)) return;
    if (/frame-ancestors' is ignored when delivered via a <meta> element/.test(text)) return;
    if (/favicon|status of 404/.test(text)) return;
    problems.push(`${m.type()}: ${text}`);
  });
  return problems;
}

export async function withFakeKiosk(page: Page, options: Record<string, unknown> = {}, storage: Record<string, string> = {}) {
  // Plain script text: these run in the page, and the Node-side tsconfig has no DOM types.
  await page.addInitScript({
    content: `window.__fakeKioskOptions = ${JSON.stringify(options)};
      for (const [k, v] of Object.entries(${JSON.stringify(storage)})) window.localStorage.setItem(k, v);`,
  });
  await page.addInitScript({ path: fakeKioskPath });
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

/** Runs axe-core in the page (through the devtools protocol, so the page's CSP stays on). */
export async function axeViolations(page: Page): Promise<string[]> {
  const source = await readFile(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate<{ id: string; impact: string; targets: string[] }[]>(`
    axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) })))`);
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}

/**
 * For a test file that serves the built renderer (with the fake kiosk) to one Chromium: starts both
 * before the file's tests and closes them after. Read `browser` and `url` inside the tests.
 */
export function useRendererServer(): { readonly browser: Browser; readonly url: string } {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let url = '';
  beforeAll(async () => {
    ({ url, server } = await startServer());
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the renderer server is not started yet (use it inside a test)');
      return browser;
    },
    get url() {
      return url;
    },
  };
}
