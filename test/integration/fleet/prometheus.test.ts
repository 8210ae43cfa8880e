// The metrics endpoint against a real Prometheus (Debian prometheus) scraping it over HTTPS with a
// bearer token, and through a real Pushgateway (Debian prometheus-pushgateway) that Prometheus
// scrapes: the queue depth and outcome counters Prometheus stores match the encrypted store.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../main/store/store';
import { KioskMetrics } from '../../../main/fleet/kiosk-metrics';
import { MetricsReader } from '../../../main/fleet/metrics-snapshot';
import { startMetricsServer } from '../../../main/fleet/metrics-server';
import { startMetricsPush } from '../../../main/fleet/metrics-push';
import { tempDir } from '../store/support';
import { freePort, makePki, OPENSSL, PROMETHEUS, PUSHGATEWAY, startPrometheus, startPushgateway, waitFor, type RunningServer } from './servers';
import { countedByStore, populate } from './populate';
import type { ProviderStatus } from '../../../shared/domain';

const missing = !PROMETHEUS ? 'prometheus is not installed (Debian package prometheus)' : !PUSHGATEWAY ? 'the Pushgateway is not installed (Debian package prometheus-pushgateway)' : !OPENSSL ? 'openssl is not installed' : null;
if (missing) console.log(`skipping the Prometheus tests: ${missing}`);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Sample = { metric: Record<string, string>; value: [number, string] };

async function query(promPort: number, q: string): Promise<Sample[]> {
  const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await r.json()) as { status: string; data: { result: Sample[] } };
  if (body.status !== 'success') throw new Error(`query ${q} failed`);
  return body.data.result;
}

const providers: ProviderStatus[] = [
  { id: 'zignsec', configured: true, reachable: true, circuit: 'closed', paused: false },
  { id: 'zoloz', configured: true, reachable: false, circuit: 'open', paused: true },
];

describe.skipIf(missing)('metrics scraped by a real Prometheus, directly and through a real Pushgateway', () => {
  it('stores the queue depth per state and the outcome counters the store holds', async () => {
    const tmp = tempDir('kiosk-metrics-');
    cleanups.push(tmp.cleanup);
    const pki = makePki(join(tmp.dir, 'pki'));
    const store = Store.open({ dataDir: join(tmp.dir, 'kiosk'), key: randomBytes(32) });
    cleanups.push(() => store.close());
    populate(store, 'zignsec', { capturing: 2, cancelled: 1, queued: 3, submitting: 1, awaiting_result: 2, needs_attention: 1, accepted: 4, declined: 2, retried: 2 });
    populate(store, 'zoloz', { queued: 1, accepted: 1, declined: 3 });

    const reader = new MetricsReader({ db: store.db, dataDir: store.dataDir, queueCounts: () => store.queueCounts(), providerStatus: () => providers, minFreeBytes: 500 * 1024 * 1024 });
    const metrics = new KioskMetrics({ kioskId: 'sto-01', version: '9.9.9-test', mode: 'live', reader });
    const token = randomBytes(24).toString('hex');
    const kioskPort = await freePort();
    const server = await startMetricsServer({ listen: `127.0.0.1:${kioskPort}`, token, tlsCertFile: pki.serverCert, tlsKeyFile: pki.serverKey, metrics });
    cleanups.push(() => server.close());

    const gwPort = await freePort();
    const gateway: RunningServer = await startPushgateway(gwPort);
    cleanups.push(() => gateway.stop());
    const pusher = startMetricsPush({ url: `http://127.0.0.1:${gwPort}`, intervalMs: 60_000, job: 'branch-kiosk', kioskId: 'sto-01', metrics });
    cleanups.push(() => pusher.close());
    expect(await pusher.pushNow()).toBe(200);

    const promPort = await freePort();
    const prom = await startPrometheus(
      join(tmp.dir, 'prometheus'),
      promPort,
      `global:
  scrape_interval: 1s
scrape_configs:
  - job_name: kiosk
    scheme: https
    tls_config:
      ca_file: ${pki.caFile}
    authorization:
      type: Bearer
      credentials: ${token}
    static_configs:
      - targets: ['localhost:${kioskPort}']
  - job_name: pushgateway
    honor_labels: true
    static_configs:
      - targets: ['127.0.0.1:${gwPort}']
`,
    );
    cleanups.push(() => prom.stop());

    const store_ = countedByStore(store);
    const expected = (provider: string, state: string) => store_.get(`${provider}/${state}`) ?? 0;
    const check = async (job: string) => {
      const depth = await waitFor(`kiosk_queue_depth from ${job}`, async () => {
        const r = await query(promPort, `kiosk_queue_depth{job="${job}"}`);
        return r.length >= 10 ? r : null;
      });
      for (const s of depth) expect({ ...s.metric, v: Number(s.value[1]) }).toMatchObject({ kiosk_id: 'sto-01', v: expected(s.metric.provider!, s.metric.state!) });
      expect(depth.find((s) => s.metric.provider === 'zignsec' && s.metric.state === 'queued')!.value[1]).toBe(String(expected('zignsec', 'queued') + 0));
      const outcomes = await query(promPort, `kiosk_verification_outcomes_total{job="${job}"}`);
      expect(outcomes.length).toBe(8);
      for (const s of outcomes) expect(Number(s.value[1])).toBe(expected(s.metric.provider!, s.metric.outcome!));
      expect(outcomes.find((s) => s.metric.provider === 'zoloz' && s.metric.outcome === 'declined')!.value[1]).toBe('3');
      const errors = await query(promPort, `kiosk_provider_errors_total{job="${job}"}`);
      expect(errors.map((s) => ({ provider: s.metric.provider, kind: s.metric.kind, v: s.value[1] }))).toEqual(
        expect.arrayContaining([
          { provider: 'zignsec', kind: 'retry', v: '2' },
          { provider: 'zignsec', kind: 'needs_attention', v: '1' },
        ]),
      );
      expect((await query(promPort, `kiosk_provider_circuit_state{job="${job}",provider="zoloz",state="open"}`))[0]!.value[1]).toBe('1');
      expect((await query(promPort, `kiosk_provider_paused{job="${job}",provider="zoloz"}`))[0]!.value[1]).toBe('1');
      expect((await query(promPort, `kiosk_build_info{job="${job}"}`))[0]!.metric).toMatchObject({ version: '9.9.9-test', kiosk_id: 'sto-01' });
      const age = Number((await query(promPort, `kiosk_queue_oldest_waiting_age_seconds{job="${job}"}`))[0]!.value[1]);
      expect(age).toBeGreaterThanOrEqual(0);
      // No backup exists: the series is absent, not zero.
      expect(await query(promPort, `kiosk_backup_age_seconds{job="${job}"}`)).toEqual([]);
    };
    await waitFor('the kiosk target up', async () => (await query(promPort, 'up{job="kiosk"}'))[0]?.value[1] === '1');
    await check('kiosk');
    await check('branch-kiosk'); // the pushed group keeps the job it was pushed under (honor_labels)

    // The counts follow the store: one more accepted verification shows up at the next scrape.
    populate(store, 'zignsec', { accepted: 1 });
    await waitFor('the new outcome', async () => (await query(promPort, 'kiosk_verification_outcomes_total{job="kiosk",provider="zignsec",outcome="accepted"}'))[0]?.value[1] === '5');
  });

  it('serves /metrics only with the right bearer token, in OpenMetrics when asked', async () => {
    const tmp = tempDir('kiosk-metrics-');
    cleanups.push(tmp.cleanup);
    const store = Store.open({ dataDir: join(tmp.dir, 'kiosk'), key: randomBytes(32) });
    cleanups.push(() => store.close());
    const reader = new MetricsReader({ db: store.db, dataDir: store.dataDir, queueCounts: () => store.queueCounts(), providerStatus: () => providers, minFreeBytes: 0, lastBackupAt: () => Date.now() - 90_000 });
    const metrics = new KioskMetrics({ kioskId: 'k', version: 'v', mode: 'training', reader });
    const token = 'a-token-of-some-length';
    const server = await startMetricsServer({ listen: '127.0.0.1:0', token, metrics });
    cleanups.push(() => server.close());
    expect((await fetch(server.url)).status).toBe(401);
    expect((await fetch(server.url, { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
    expect((await fetch(server.url, { headers: { authorization: `Basic ${token}` } })).status).toBe(401);
    expect((await fetch(server.url.replace('/metrics', '/'), { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(405);
    const om = await fetch(server.url, { headers: { authorization: `Bearer ${token}`, accept: 'application/openmetrics-text;version=1.0.0' } });
    expect(om.status).toBe(200);
    expect(om.headers.get('content-type')).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    const body = await om.text();
    expect(body.trimEnd().endsWith('# EOF')).toBe(true);
    const age = Number(/^kiosk_backup_age_seconds\{kiosk_id="k"\} ([\d.]+)$/m.exec(body)?.[1]);
    expect(age).toBeGreaterThanOrEqual(89);
    expect(age).toBeLessThan(300);
    const text = await fetch(server.url, { headers: { authorization: `Bearer ${token}` } });
    expect(text.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
