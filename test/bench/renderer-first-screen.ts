// Renderer figures: the size of every chunk of the build (raw, and the build's gzip and brotli copies),
// marking the ones the first screen loads, then cold loads in Chromium through the real web host in front
// of the real kiosk core: bytes on the wire, the encoding each asset came with, the time until the start
// button can be pressed (a fresh browser context each), and the page's CPU until then split by kind (from a
// Chromium trace of each load).
// With BENCH_BASELINE_DIR=<another renderer build> (e.g. a copy of out/renderer taken before a change),
// its cold loads alternate with this build's behind a second web host on the same core, and the ratios of
// the medians are printed: the machine is shared, so only figures from the same run are compared.
// Prints numbers; asserts nothing.
// Run: npm run bench -- renderer-first-screen   (after npm run build; RUNS=<n> cold loads each, default 5;
// RENDERER_DIR=<a renderer build> to measure another build than out/renderer)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launch, rendererDir } from '../e2e/renderer-harness';
import { startHarness } from '../helpers/kiosk-harness';
import { startWebHost, type WebHost } from '../../main/web/server';
import { median } from './timing';

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : null);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** Files index.html loads before the first screen: its script, module preloads and stylesheets. */
function firstScreenFiles(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  return [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
}

function printSizes(label: string, dir: string): void {
  const first = new Set(firstScreenFiles(dir));
  const rows = ['index.html', ...readdirSync(join(dir, 'assets')).filter((f) => /\.(js|css)$/.test(f)).map((f) => `assets/${f}`)];
  const total = { first: [0, 0, 0], all: [0, 0, 0] };
  console.log(`${label} build (${dir}): chunk, raw / gzip / brotli (* = loaded by the first screen)`);
  for (const file of rows.sort((a, b) => sizeOf(join(dir, b))! - sizeOf(join(dir, a))!)) {
    const path = join(dir, file);
    const r = sizeOf(path)!;
    const sizes = [r, sizeOf(`${path}.gz`) ?? r, sizeOf(`${path}.br`) ?? r];
    const isFirst = file === 'index.html' || first.has(file);
    for (let i = 0; i < 3; i++) {
      total.all[i]! += sizes[i]!;
      if (isFirst) total.first[i]! += sizes[i]!;
    }
    console.log(`  ${isFirst ? '*' : ' '} ${file}: ${sizes.map(kib).join(' / ')}`);
  }
  console.log(`  first screen ${total.first.map(kib).join(' / ')} (${first.size + 1} files); all ${rows.length} files ${total.all.map(kib).join(' / ')}`);
}

type Sample = { interactive: number; fcp: number; wire: number; busy: number; script: number; render: number; gc: number; parse: number };
const encodings = new Map<string, string>();

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } };
const SCRIPT = new Set(['v8.evaluateModule', 'EvaluateScript', 'FunctionCall', 'v8.callFunction', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'EventDispatch']);
const RENDER = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'ParseHTML', 'ParseAuthorStyleSheet']);
const GC = new Set(['MinorGC', 'MajorGC']);

/**
 * Thread CPU time of `events` on one thread, nested events counted once (the outermost one's), in ms.
 * CPU time (the trace's tdur), not wall time: on a shared machine a task's wall time includes the
 * time the thread waited for a core.
 */
function cpuOf(events: TraceEvent[]): number {
  let total = 0;
  let end = -Infinity;
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (e.ts < end) continue; // inside an event already counted
    total += e.tdur ?? e.dur ?? 0;
    end = e.ts + (e.dur ?? 0);
  }
  return total / 1000;
}

/**
 * CPU time of the page until the start button could be pressed, from a Chromium trace: main-thread tasks,
 * of which script (compile and run), style/layout/paint and garbage collection, and the scripts' parse
 * and compile on background threads (which the main thread does not wait for unless it has nothing else).
 */
function cpuUntil(events: TraceEvent[], mark: string): Pick<Sample, 'busy' | 'script' | 'render' | 'gc' | 'parse'> {
  const at = events.find((e) => e.name === mark);
  const renderer = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && at && e.pid === at.pid);
  const none = { busy: NaN, script: NaN, render: NaN, gc: NaN, parse: NaN };
  if (!at || !renderer) return none;
  const done = (e: TraceEvent) => e.ph === 'X' && e.dur !== undefined && e.ts < at.ts;
  const main = events.filter((e) => e.pid === renderer.pid && e.tid === renderer.tid && done(e));
  return {
    busy: cpuOf(main.filter((e) => e.name === 'RunTask')),
    script: cpuOf(main.filter((e) => SCRIPT.has(e.name))),
    render: cpuOf(main.filter((e) => RENDER.has(e.name))),
    gc: cpuOf(main.filter((e) => GC.has(e.name))),
    parse: events.filter((e) => e.pid === renderer.pid && e.name === 'v8.parseOnBackground' && done(e)).reduce((n, e) => n + (e.tdur ?? e.dur!) / 1000, 0),
  };
}

async function coldLoad(browser: Browser, web: WebHost, firstScreen: ReadonlySet<string>): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Stamp, inside the page, the moment the start button exists and can be pressed (ms since navigation
  // start), so the figure excludes Playwright's own polling; the mark bounds the trace's CPU figures.
  await page.addInitScript({
    content: `new MutationObserver((_, observer) => {
      const start = document.querySelector('[data-testid="start"]');
      if (start && !start.disabled) { window.__startAt = performance.now(); performance.mark('kiosk-start-interactive'); observer.disconnect(); }
    }).observe(document, { childList: true, subtree: true, attributes: true });`,
  });
  const cdp = await context.newCDPSession(page);
  const traced: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => traced.push(...(e.value as unknown as TraceEvent[])));
  const traceDone = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,v8,blink.user_timing', transferMode: 'ReportEvents' });
  const responses: Array<Promise<number>> = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    const file = path === '/' ? 'index.html' : path.slice(1);
    if (!firstScreen.has(file)) return; // what the first screen needs; screens fetched after it are not counted
    encodings.set(file.replace(/-[\w-]{8}\./, '.'), r.headers()['content-encoding'] ?? 'none');
    responses.push(r.request().sizes().then((sz) => sz.responseBodySize + sz.responseHeadersSize));
  });
  await page.goto(web.urlWithToken);
  await page.getByRole('button', { name: 'Start verification' }).waitFor({ state: 'visible' });
  await page.waitForFunction('window.__startAt !== undefined');
  const interactive = await page.evaluate<number>('window.__startAt');
  const fcp = await page.evaluate<number>(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN`);
  await cdp.send('Tracing.end');
  await traceDone;
  const sample = { interactive, fcp, wire: (await Promise.all(responses)).reduce((a, b) => a + b, 0), ...cpuUntil(traced, 'kiosk-start-interactive') };
  await context.close();
  return sample;
}

function summary(label: string, samples: Sample[]): Sample {
  const med = (k: keyof Sample) => median(samples.map((s) => s[k]));
  const r: Sample = { interactive: med('interactive'), fcp: med('fcp'), wire: med('wire'), busy: med('busy'), script: med('script'), render: med('render'), gc: med('gc'), parse: med('parse') };
  const max = Math.max(...samples.map((s) => s.interactive));
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  console.log(
    `${label}: interactive median ${ms(r.interactive)}, max ${ms(max)}; first contentful paint ${ms(r.fcp)}; ${kib(r.wire)} on the wire (${samples.length} cold loads)\n` +
      `  CPU until interactive (medians): main thread busy ${ms(r.busy)} (script compile+run ${ms(r.script)}, style/layout/paint ${ms(r.render)}, GC ${ms(r.gc)}); background parse/compile ${ms(r.parse)}`,
  );
  return r;
}

const baselineDir = process.env.BENCH_BASELINE_DIR;
const runs = Number(process.env.RUNS ?? 5);
printSizes('this', rendererDir);
if (baselineDir) printSizes('baseline', baselineDir);

console.log(`load average before the loads: ${load()}`);
const h = await startHarness();
const web = await startWebHost({ service: h.kiosk.service, events: h.kiosk.events, dataDir: h.dataDir, rendererDir });
const baseWeb = baselineDir ? await startWebHost({ service: h.kiosk.service, events: h.kiosk.events, dataDir: h.dataDir, rendererDir: baselineDir }) : null;
const browser = await launch();
const firstOf = (dir: string) => new Set(['index.html', ...firstScreenFiles(dir)]);
const current: Sample[] = [];
const baseline: Sample[] = [];
await coldLoad(browser, web, firstOf(rendererDir)); // warms the browser process and the web host; not counted
for (let i = 0; i < runs; i++) {
  // Alternating, so a change in the machine's load hits both builds alike.
  if (baseWeb) baseline.push(await coldLoad(browser, baseWeb, firstOf(baselineDir!)));
  current.push(await coldLoad(browser, web, firstOf(rendererDir)));
}
console.log(`load average after the loads: ${load()}`);
for (const [file, encoding] of [...encodings].sort()) console.log(`  served ${file}: Content-Encoding ${encoding}`);
const now = summary('renderer first screen, this build', current);
if (baseWeb) {
  const base = summary('renderer first screen, baseline build', baseline);
  const ratio = (k: keyof Sample) => (now[k] / base[k]).toFixed(2);
  console.log(
    `ratio this / baseline: interactive ${ratio('interactive')}, first contentful paint ${ratio('fcp')}, main thread busy ${ratio('busy')}, ` +
      `script ${ratio('script')}, style/layout/paint ${ratio('render')}, background parse ${ratio('parse')}, wire ${ratio('wire')}`,
  );
}
await browser.close();
await baseWeb?.close();
await web.close();
await h.close();
