// The fleet files in deploy/: the alert rules pass `promtool check rules` and their own promtool
// unit tests (each alert fires on the series that should raise it), every query of the Grafana
// dashboard is PromQL a real Prometheus accepts, and every kiosk metric they name is one the kiosk
// exposes.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../main/store/store';
import { KioskMetrics } from '../../../main/fleet/kiosk-metrics';
import { MetricsReader } from '../../../main/fleet/metrics-snapshot';
import { tempDir } from '../store/support';
import { freePort, PROMETHEUS, PROMTOOL, startPrometheus } from './servers';

const root = resolve(import.meta.dirname, '../../..');
const rulesFile = join(root, 'deploy/prometheus/kiosk-alerts.yml');
const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/branch-kiosk-fleet.json'), 'utf8')) as { panels: Array<{ type: string; title: string; targets?: Array<{ expr: string }> }>; templating: { list: Array<{ name: string }> } };
const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

if (!PROMTOOL) console.log('skipping the promtool checks: promtool is not installed (Debian package prometheus)');
if (!PROMETHEUS) console.log('skipping the dashboard query check: prometheus is not installed (Debian package prometheus)');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Names of the series the kiosk exposes, with forwarding and a backup present so the optional ones show. */
async function exposedNames(): Promise<Set<string>> {
  const tmp = tempDir('kiosk-deploy-');
  cleanups.push(tmp.cleanup);
  const store = Store.open({ dataDir: tmp.dir, key: randomBytes(32) });
  cleanups.push(() => store.close());
  store.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('last_sync_at', String(Date.now()));
  const reader = new MetricsReader({
    db: store.db,
    dataDir: store.dataDir,
    queueCounts: () => store.queueCounts(),
    providerStatus: () => [{ id: 'zignsec', configured: true, reachable: true, circuit: 'closed', paused: false }],
    minFreeBytes: 1,
    lastBackupAt: () => Date.now(),
    forwarder: () => ({ destination: 'x:1', forwardedHead: { seq: 1, hash: 'h', at: 1 }, logHeadSeq: 1, backlog: 0, lastSuccessAt: Date.now(), lastFailure: null, consecutiveFailures: 0 }),
  });
  const m = new KioskMetrics({ kioskId: 'k', version: 'v', mode: 'live', reader });
  m.observeCapture('front', 'manual', 1);
  m.observeMrz(0.2);
  const body = (await m.render('text')).body;
  return new Set(body.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(l)![0]));
}

describe('deploy/: alert rules and dashboard', () => {
  it.skipIf(!PROMTOOL)('alert rules pass promtool check rules and their promtool unit tests', () => {
    expect(execFileSync(PROMTOOL!, ['check', 'rules', rulesFile], { encoding: 'utf8' })).toMatch(/SUCCESS: \d+ rules found/);
    expect(execFileSync(PROMTOOL!, ['test', 'rules', join(root, 'deploy/prometheus/kiosk-alerts.test.yml')], { encoding: 'utf8' })).toMatch(/SUCCESS/);
  });

  it('names only kiosk metrics the kiosk exposes', async () => {
    const names = await exposedNames();
    const rules = readFileSync(rulesFile, 'utf8');
    const referenced = new Set([...rules.matchAll(/\bkiosk_[a-z_]+/g), ...exprs.flatMap((e) => [...e.expr.matchAll(/\bkiosk_[a-z_]+/g)])].map((m) => m[0]));
    referenced.delete('kiosk_id'); // the label
    expect(referenced.size).toBeGreaterThan(10);
    for (const n of referenced) expect(names, `${n} is not exposed by the kiosk`).toContain(n);
    // Each alert the fleet needs is there.
    for (const alert of ['KioskNotScraped', 'KioskOldestWaitingOver24h', 'KioskProviderPaused', 'KioskDiskUnderFloor', 'KioskBackupStale', 'KioskAuditBacklogGrowing']) expect(rules).toContain(`alert: ${alert}`);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'kiosk']);
  });

  it.skipIf(!PROMETHEUS)('every dashboard query is PromQL a real Prometheus accepts', async () => {
    const tmp = tempDir('kiosk-deploy-');
    cleanups.push(tmp.cleanup);
    const port = await freePort();
    const prom = await startPrometheus(join(tmp.dir, 'prom'), port, 'global:\n  scrape_interval: 15s\nscrape_configs: []\n');
    cleanups.push(() => prom.stop());
    expect(exprs.length).toBeGreaterThan(15);
    for (const { panel, expr } of exprs) {
      const q = expr.replaceAll('$kiosk', '.*').replaceAll('$__rate_interval', '5m');
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`);
      const body = (await r.json()) as { status: string; error?: string };
      expect({ panel, status: body.status, error: body.error }).toEqual({ panel, status: 'success', error: undefined });
    }
  });
});
