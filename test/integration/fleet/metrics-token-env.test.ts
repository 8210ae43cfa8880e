// The /metrics bearer token from the environment (KIOSK_METRICS_TOKEN), as provider secrets are
// supplied: a real `serve` process whose config.json has only `metrics.listen` is scraped by a real
// Prometheus (Debian prometheus) with the token from its environment, a scrape with another token is
// refused, and the token appears nowhere in the kiosk's output.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../main/config';
import { REPO_ROOT } from '../../helpers/kiosk-harness';
import { tempDir } from '../store/support';
import { freePort, PROMETHEUS, startPrometheus, waitFor, type RunningServer } from './servers';

const missing = !PROMETHEUS ? 'prometheus is not installed (Debian package prometheus)' : null;
if (missing) console.log(`skipping the metrics token environment test: ${missing}`);

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

/** `main/web/cli.ts` as its own process with `env` added to a clean environment; stopped by PID. */
function startServe(dataDir: string, env: Record<string, string>) {
  const tsx = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KIOSK_') && !/ZIGNSEC|ZOLOZ/.test(k)));
  const child = spawn(process.execPath, [tsx, 'main/web/cli.ts', '--data-dir', dataDir, '--port', '0'], { cwd: REPO_ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    output: () => out,
    exited: () => child.exitCode !== null,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

describe('metrics.token from KIOSK_METRICS_TOKEN', () => {
  it('is read from the environment over config.json, and a short one is refused without echoing it', () => {
    const tmp = tempDir('kiosk-metrics-env-');
    cleanups.push(tmp.cleanup);
    writeFileSync(join(tmp.dir, 'config.json'), JSON.stringify({ metrics: { listen: '127.0.0.1:9464', token: 'token-from-the-file-0001' } }));
    const c = loadConfig({ dataDir: tmp.dir, env: { KIOSK_METRICS_TOKEN: 'token-from-the-environment' } });
    expect(c.metrics).toMatchObject({ listen: '127.0.0.1:9464', token: 'token-from-the-environment' });
    expect(() => loadConfig({ dataDir: tmp.dir, env: { KIOSK_METRICS_TOKEN: 'short-secret' } })).toThrow(/"metrics\.token"/);
    try {
      loadConfig({ dataDir: tmp.dir, env: { KIOSK_METRICS_TOKEN: 'short-secret' } });
    } catch (e) {
      expect((e as Error).message).not.toContain('short-secret');
    }
    // Without the variable the file's token stays; with neither, listen alone is refused.
    expect(loadConfig({ dataDir: tmp.dir, env: {} }).metrics?.token).toBe('token-from-the-file-0001');
    writeFileSync(join(tmp.dir, 'config.json'), JSON.stringify({ metrics: { listen: '127.0.0.1:9464' } }));
    expect(() => loadConfig({ dataDir: tmp.dir, env: {} })).toThrow(/"metrics\.token": a token is required when listen is set/);
  });

  it.skipIf(missing)('a real Prometheus scrapes the kiosk with the token from its environment; the token is never in its output', async () => {
    const tmp = tempDir('kiosk-metrics-env-');
    cleanups.push(tmp.cleanup);
    const dataDir = join(tmp.dir, 'kiosk');
    mkdirSync(dataDir, { mode: 0o700 });
    const metricsPort = await freePort();
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ kioskId: 'sto-env', metrics: { listen: `127.0.0.1:${metricsPort}` } }), { mode: 0o600 });
    const token = randomBytes(24).toString('hex');

    const serve = startServe(dataDir, { KIOSK_METRICS_TOKEN: token });
    cleanups.push(() => serve.stop());
    await waitFor('the kiosk running', () => {
      if (serve.exited()) throw new Error(`serve exited:\n${serve.output()}`);
      return serve.output().includes('is running');
    }, 90_000);
    expect(serve.output()).toContain(`metrics served at http://127.0.0.1:${metricsPort}/metrics`);

    const promPort = await freePort();
    const prom: RunningServer = await startPrometheus(
      join(tmp.dir, 'prometheus'),
      promPort,
      `global:
  scrape_interval: 1s
scrape_configs:
  - job_name: kiosk
    authorization:
      type: Bearer
      credentials: ${token}
    static_configs:
      - targets: ['127.0.0.1:${metricsPort}']
  - job_name: wrong-token
    authorization:
      type: Bearer
      credentials: ${randomBytes(24).toString('hex')}
    static_configs:
      - targets: ['127.0.0.1:${metricsPort}']
`,
    );
    cleanups.push(() => prom.stop());

    await waitFor('the kiosk target up', async () => (await query(promPort, 'up{job="kiosk"}'))[0]?.value[1] === '1');
    const info = await waitFor('kiosk_build_info', async () => (await query(promPort, 'kiosk_build_info{job="kiosk"}'))[0]);
    expect(info.metric).toMatchObject({ kiosk_id: 'sto-env', mode: 'training' });
    await waitFor('the wrong-token target scraped', async () => (await query(promPort, 'up{job="wrong-token"}'))[0]?.value[1] === '0');
    expect(await query(promPort, 'kiosk_build_info{job="wrong-token"}')).toEqual([]);

    await serve.stop();
    expect(serve.output()).toContain('is running');
    expect(serve.output()).not.toContain(token);
  }, 150_000);
});
