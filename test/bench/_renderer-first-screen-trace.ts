// Where a cold load of the first screen spends its time: navigation and resource timing (the request
// waterfall) and a Chromium trace summed per event on the page's main thread, per load; the last trace is
// written to $TRACE (default /tmp/renderer-first-screen.trace.json, opens in chrome://tracing or Perfetto).
// A helper (npm run bench skips files starting with _): npm exec -- tsx test/bench/_renderer-first-screen-trace.ts
// RENDERER_DIR=<a build> traces another build than out/renderer; RUNS=<n> loads (default 3).
import { writeFileSync } from 'node:fs';
import { launch } from '../e2e/renderer-harness';
import { startHarness } from '../helpers/kiosk-harness';
import { startWebHost } from '../../main/web/server';

const dir = process.env.RENDERER_DIR;
const h = await startHarness({ web: !dir });
const web = dir ? await startWebHost({ service: h.kiosk.service, events: h.kiosk.events, dataDir: h.dataDir, rendererDir: dir }) : h.web!;
const browser = await launch();
const runs = Number(process.env.RUNS ?? 3);
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript({
    content: `new MutationObserver((_, observer) => {
      const start = document.querySelector('[data-testid="start"]');
      if (start && !start.disabled) { window.__startAt = performance.now(); observer.disconnect(); }
    }).observe(document, { childList: true, subtree: true, attributes: true });`,
  });
  const cdp = await context.newCDPSession(page);
  const chunks: unknown[] = [];
  cdp.on('Tracing.dataCollected', (e) => chunks.push(...(e.value as unknown[])));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute,disabled-by-default-devtools.timeline,blink.user_timing,loading,v8', transferMode: 'ReportEvents' });
  await page.goto(web.urlWithToken);
  await page.waitForFunction('window.__startAt !== undefined');
  const t = await page.evaluate(`(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const r = performance.getEntriesByType('resource').map((e) => ({ name: e.name.replace(/^.*\\//, ''), start: Math.round(e.startTime), reqStart: Math.round(e.requestStart), respStart: Math.round(e.responseStart), end: Math.round(e.responseEnd), size: e.transferSize }));
    const p = performance.getEntriesByType('paint').map((e) => e.name + '=' + Math.round(e.startTime));
    return { nav: { fetchStart: Math.round(n.fetchStart), reqStart: Math.round(n.requestStart), respEnd: Math.round(n.responseEnd), domInteractive: Math.round(n.domInteractive), dcl: Math.round(n.domContentLoadedEventEnd) }, r, p, startAt: Math.round(window.__startAt) };
  })()`);
  await cdp.send('Tracing.end');
  await done;
  console.log(JSON.stringify(t));
  type Ev = { name: string; ph: string; dur?: number; tdur?: number; pid: number; tid: number; ts: number; args?: { name?: string }; cat: string };
  const events = chunks as Ev[];
  // The page's renderer main thread: the thread named CrRendererMain in the process that ran EvaluateScript.
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'EvaluateScript'));
  const sums = new Map<string, { n: number; dur: number }>();
  for (const e of events) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || e.dur === undefined) continue;
    const s = sums.get(e.name) ?? { n: 0, dur: 0 };
    s.n++;
    s.dur += e.dur / 1000;
    sums.set(e.name, s);
  }
  const top = [...sums].sort((a, b) => b[1].dur - a[1].dur).slice(0, 25);
  console.log(top.map(([k, v]) => `${k}:${v.dur.toFixed(0)}ms/${v.n}`).join('  '));
  if (i === runs - 1) writeFileSync(process.env.TRACE ?? '/tmp/renderer-first-screen.trace.json', JSON.stringify({ traceEvents: events }));
  await context.close();
}
await browser.close();
if (dir) await web.close();
await h.close();
