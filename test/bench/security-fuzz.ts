// Fuzz bench of both doors into the kiosk core: generated invalid payloads for EVERY contract call,
// through the Electron IPC handlers (structured-clone values) and through the web host over real
// HTTP on loopback (JSON bodies, plus raw-level abuse: malformed call names, wrong media types,
// deep nesting, bad JSON, oversized bodies). Against the real core in training mode.
// Figures: payloads sent, how many reached the service (must be 0: accepted invalid), how many got
// an ok reply (must be 0), crashes (the host still answers a valid call afterwards), and RSS: the
// HTTP requests run in two halves, and the second (core warmed up) may raise RSS by at most 150 MB
// over the end of the first. Exits non-zero when any of those fails.
//   npm run bench -- security-fuzz            (FUZZ_IPC=12000 FUZZ_HTTP=10000 FUZZ_SEED=… to change)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { CALL_NAMES, calls, type CallName, type KioskService } from '../../shared/contract';
import { seededRandom } from '../../shared/seeded-random';
import { callChannel, registerIpc, type IpcMainLike, type WindowLike } from '../../main/electron/ipc';
import { startWebHost } from '../../main/web/server';
import { REPO_ROOT, startHarness } from '../helpers/kiosk-harness';
import { FakeIpcMain, FakeWindow } from '../unit/electron/fakes';
import { validRequest as knownValidRequest } from '../unit/electron/ipc-helpers';

/** The IPC tests' valid request per call; a call added since is fuzzed from an empty object. */
function validRequest(name: CallName): Record<string, unknown> {
  try {
    return knownValidRequest(name);
  } catch {
    return {};
  }
}

const IPC_N = Number(process.env.FUZZ_IPC ?? 12_000);
const HTTP_N = Number(process.env.FUZZ_HTTP ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const rnd = seededRandom(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const HUGE = 'A'.repeat(300 * 1024);
const POLLUTION = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const randomString = () => {
  let s = '';
  const len = pick([0, 1, 7, 65, 201, 1500]);
  for (let i = 0; i < len; i++) s += String.fromCharCode(Math.floor(rnd() * 0xffff));
  return s;
};
const wrongScalars: unknown[] = [null, 0, -1, 1.5, NaN, Infinity, true, false, '', ' ', HUGE, [], [1], {}, '../../etc/passwd', '<script>x</script>', "'; DROP TABLE x; --", '\u0000', '\u202Eevil', 'ab'.repeat(32), '00000000-0000-0000-0000-000000000000'];
const structuredOnly: unknown[] = [10n, new Date(0), new Uint8Array(8), new Map([['a', 1]]), new Set([1]), /re/g, new Error('x')];

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = rnd() < 0.5 ? [v] : { a: v };
  return v;
}

/** A value that is invalid for `name` (re-drawn while it happens to be valid). */
function invalidValue(name: CallName, structured: boolean): unknown {
  for (let tries = 0; tries < 30; tries++) {
    const v = drawValue(name, structured);
    if (!calls[name].request.safeParse(v).success) return v;
  }
  return null;
}

function drawValue(name: CallName, structured: boolean): unknown {
  const base = validRequest(name);
  const keys = Object.keys(base);
  const key = keys.length ? pick(keys) : 'extra';
  switch (Math.floor(rnd() * 8)) {
    case 0:
      return pick(structured ? [...wrongScalars, ...structuredOnly] : wrongScalars);
    case 1:
      return JSON.parse(`{${keys.map((k) => `"${k}":${JSON.stringify(base[k])}`).concat(`"${pick(POLLUTION)}":{"polluted":true}`).join(',')}}`) as unknown;
    case 2:
      return { ...base, [key]: pick(structured ? [...wrongScalars, ...structuredOnly] : wrongScalars) };
    case 3:
      return { ...base, [key]: rnd() < 0.5 ? HUGE.slice(0, 1000 + Math.floor(rnd() * 200_000)) : randomString() + '\u0000' };
    case 4:
      return { ...base, [key]: nested(5 + Math.floor(rnd() * 60)) };
    case 5: {
      const out: Record<string, unknown> = { ...base };
      delete out[key];
      out[randomString() || 'x'] = 1;
      return out;
    }
    case 6:
      return keys.length ? Object.fromEntries(keys.map((k) => [k, pick(wrongScalars)])) : { a: 1 };
    default:
      return { ...base, token: 'f'.repeat(63), id: 'not-a-uuid', limit: pick([0, 201, -1, 1e12, 2.5]) };
  }
}

function rss(): number {
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

async function main(): Promise<void> {
  const h = await startHarness({ overrides: { sync: { enabled: false } } });
  const webDir = mkdtempSync(join(tmpdir(), 'kiosk-fuzz-web-'));
  const reached: Record<string, number> = {};
  // Counts every call that gets past validation to the core.
  const counting = new Proxy(h.kiosk.service, {
    get(target, prop) {
      const fn = target[prop as CallName] as ((r: unknown) => Promise<unknown>) | undefined;
      if (typeof prop !== 'string' || typeof fn !== 'function') return fn;
      return (r: unknown) => {
        reached[prop] = (reached[prop] ?? 0) + 1;
        return fn(r);
      };
    },
  }) as KioskService;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 50);
  const before = rss();
  const errors: string[] = [];
  const log = (level: string, message: string) => {
    if (level === 'error') errors.push(message);
  };

  // --- IPC ---
  const ipc = new FakeIpcMain();
  const win = new FakeWindow();
  registerIpc(ipc as unknown as IpcMainLike, counting, h.kiosk.events, () => win as unknown as WindowLike, log);
  const trusted = { senderFrame: win.webContents.mainFrame, sender: win.webContents };
  let ipcOk = 0;
  let ipcSent = 0;
  const t0 = performance.now();
  for (let i = 0; i < IPC_N; i++) {
    const name = CALL_NAMES[i % CALL_NAMES.length]!;
    const value = structuredClone(invalidValue(name, true));
    const args = rnd() < 0.05 ? [value, value] : [value];
    const r = (await ipc.invoke(callChannel(name), trusted, ...args)) as { ok: boolean };
    ipcSent++;
    if (r.ok) ipcOk++;
  }
  const ipcMs = performance.now() - t0;
  const ipcReached = Object.values(reached).reduce((a, b) => a + b, 0);

  // --- HTTP ---
  const httpStartRss = rss();
  peak = httpStartRss;
  const web = await startWebHost({ service: counting, events: h.kiosk.events, dataDir: webDir, rendererDir: join(REPO_ROOT, 'out/renderer'), log });
  const send = (path: string, headers: Record<string, string>, body: string): Promise<number> =>
    new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port: web.port, path, method: 'POST', headers: { host: `127.0.0.1:${web.port}`, 'x-kiosk-token': web.token, ...headers } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(-1));
      req.end(body);
    });
  const statuses: Record<string, number> = {};
  let httpOk = 0;
  let transportErrors = 0;
  const t1 = performance.now();
  const CONCURRENCY = 16;
  let next = 0;
  const oneStep = async (): Promise<void> => {
    const i = next++;
    const name = CALL_NAMES[i % CALL_NAMES.length]!;
    let path = `/api/kiosk/${name}`;
    let headers: Record<string, string> = { 'content-type': 'application/json' };
    let body: string;
    const kind = rnd();
    if (kind < 0.7) {
      body = JSON.stringify(invalidValue(name, false)) ?? 'null';
      // JSON cannot carry everything a value can (NaN → null …): keep only bodies still invalid as text.
      try {
        if (calls[name].request.safeParse(JSON.parse(body)).success) body = '{"__proto__":1}';
      } catch {
        /* not JSON: invalid anyway */
      }
    } else if (kind < 0.78) {
      body = '['.repeat(100 + Math.floor(rnd() * 5000)) + ']'.repeat(50);
    } else if (kind < 0.84) {
      body = randomString() + '{';
    } else if (kind < 0.9) {
      path = pick(['/api/kiosk/%E0%A4%A', '/api/kiosk/%', '/api/kiosk/a%00b', '/api/kiosk/../../etc', `/api/kiosk/${randomString().replace(/[^a-z]/gi, '') || 'x'}Z9`]);
      body = JSON.stringify(validRequest(name));
    } else if (kind < 0.95) {
      headers = { 'content-type': pick(['text/plain', 'application/jsonx', 'application/json; charset=latin1', 'multipart/form-data', '']) };
      body = JSON.stringify(validRequest(name));
    } else {
      body = HUGE + HUGE.slice(0, Math.floor(rnd() * 1000));
    }
    const status = await send(path, headers, body);
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === -1) transportErrors++;
    else if (status < 400) httpOk++;
  };
  // Two halves: the second shows whether memory keeps growing once the core has warmed up.
  let limit = Math.floor(HTTP_N / 2);
  const oneUpTo = async (): Promise<void> => {
    if (next >= limit) return;
    await oneStep();
    return oneUpTo();
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => oneUpTo()));
  const halfRss = rss();
  const halfPeak = peak;
  peak = halfRss;
  limit = HTTP_N;
  await Promise.all(Array.from({ length: CONCURRENCY }, () => oneUpTo()));
  const httpMs = performance.now() - t1;
  const totalReached = Object.values(reached).reduce((a, b) => a + b, 0);

  // Still alive and answering a valid call on both doors.
  const aliveIpc = ((await ipc.invoke(callChannel('getStatus'), trusted, {})) as { ok: boolean }).ok;
  const aliveHttp = (await send('/api/kiosk/getStatus', { 'content-type': 'application/json' }, '{}')) === 200;
  clearInterval(sampler);
  const after = rss();

  console.log(`security fuzz (seed ${SEED}, ${CALL_NAMES.length} calls, real core in training mode)`);
  console.log(`  IPC : ${ipcSent} invalid payloads in ${(ipcMs / 1000).toFixed(1)} s — ok replies ${ipcOk}, reached the service ${ipcReached}`);
  console.log(`  HTTP: ${HTTP_N} invalid requests in ${(httpMs / 1000).toFixed(1)} s (${CONCURRENCY} in parallel) — ok replies ${httpOk}, reached the service ${totalReached - ipcReached - 0}, transport errors ${transportErrors}`);
  console.log(`        statuses ${JSON.stringify(statuses)}`);
  console.log(`  error-level log lines: ${errors.length}`);
  console.log(`  crashes: ${aliveIpc && aliveHttp ? 0 : 1} (valid getStatus afterwards: IPC ${aliveIpc}, HTTP ${aliveHttp})`);
  console.log(`  RSS MB: at start ${before}, IPC done ${httpStartRss}, first HTTP half peak ${halfPeak} end ${halfRss}, second half peak ${peak}, after ${after}`);
  await web.close();
  await h.close();
  rmSync(webDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  const reachedInvalid = totalReached - 1; // the one valid getStatus over IPC above
  const failed = ipcOk + httpOk + reachedInvalid > 0 || !aliveIpc || !aliveHttp || errors.length > 0 || peak - halfRss > 150;
  console.log(failed ? 'FAIL' : 'PASS: 0 accepted invalid, 0 crashes, RSS bounded');
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
