// The training emulators' /__control/* routes (fault plans, stats) over real HTTP on loopback: only
// with the run's control token from the sandbox object, a loopback Host, no Origin and JSON as
// application/json; a refused request changes nothing (the provider keeps answering); absent when
// the emulator runs without fault controls.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrainingSandboxes, type TrainingSandboxes } from '../../../main/sandbox/training';
import { startZignSecSandbox } from '../../../main/sandbox/zignsec/server';

let sb: TrainingSandboxes;
beforeAll(async () => {
  sb = await startTrainingSandboxes({ analysisDelayMs: 10, zignsecApiKey: 'training-key-0123456789' });
}, 60_000);
afterAll(async () => sb?.close());

function send(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: u.port, path: u.pathname, method: opts.method ?? 'GET', headers: { host: u.host, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const pausePlan = JSON.stringify({ seed: 1, rules: [{ route: '*', kind: 'status', status: 503, times: 100 }] });

describe.each(['zignsec', 'zoloz'] as const)('%s emulator control routes', (which) => {
  const base = () => sb[which].url;
  const token = () => sb[which].controlToken!;
  const faults = (headers: Record<string, string>) => send(`${base()}/__control/faults`, { method: 'POST', headers, body: pausePlan });

  it('has a per-run control token on the sandbox object', () => {
    expect(token()).toMatch(/^[0-9a-f]{48}$/);
    expect(sb.zignsec.controlToken).not.toBe(sb.zoloz.controlToken);
  });

  it('refuses a foreign Host, an Origin, a missing or wrong token, and text/plain', async () => {
    const ok = { 'content-type': 'application/json', 'x-sandbox-control': token() };
    const port = new URL(base()).port;
    const refused = [
      { ...ok, host: `evil.example:${port}` },
      { ...ok, host: `127.0.0.1.evil.example:${port}` },
      { ...ok, origin: 'http://evil.example' },
      { ...ok, origin: `http://127.0.0.1:${port}` },
      { 'content-type': 'application/json' },
      { ...ok, 'x-sandbox-control': token().replace(/.$/, (c) => (c === '0' ? '1' : '0')) },
      { ...ok, 'content-type': 'text/plain' },
      { ...ok, 'content-type': 'application/jsonx' },
    ];
    for (const headers of refused) {
      const res = await faults(headers);
      expect(res.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
      expect(res.status).not.toBe(404);
    }
    const stats = await send(`${base()}/__control/stats`, {});
    expect(stats.status).toBe(401);
    // Nothing was paused: the emulator still answers its API (stats via the object, not HTTP).
    const fired = which === 'zignsec' ? Object.keys(sb.zignsec.stats()).filter((k) => k.startsWith('fault.')) : Object.keys(sb.zoloz.stats().injected);
    expect(fired).toEqual([]);
  });

  it('accepts the token with JSON from loopback', async () => {
    const stats = await send(`${base()}/__control/stats`, { headers: { 'x-sandbox-control': token() } });
    expect(stats.status).toBe(200);
    const clear = await send(`${base()}/__control/faults`, { method: 'DELETE', headers: { 'x-sandbox-control': token() } });
    expect(clear.status).toBe(200);
  });
});

describe('without fault controls', () => {
  it('has no control routes and no token', async () => {
    const s = await startZignSecSandbox({ apiKey: 'k-0123456789', analysisDelayMs: 10 });
    try {
      expect(s.controlToken).toBeNull();
      expect((await send(`${s.url}/__control/stats`, {})).status).toBe(404);
    } finally {
      await s.close();
    }
  });
});
