// Requests to the providers over real HTTP on loopback let go of their deadline when they end.
// Before, every request armed AbortSignal.timeout(30 s) and left it armed: a draining queue kept
// the timers, signals and weak references of the last 30 seconds of requests alive (~10,500 of
// each after 1,500 verifications, ~8 MB of live heap; test/bench/sync-drain.ts). Counted here with
// async_hooks: every timer created while the requests ran and still not destroyed after them.
import { createHook } from 'node:async_hooks';
import { getEventListeners } from 'node:events';
import { setImmediate as tick } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZignSecClient } from '../../../main/providers/zignsec/client';
import { createZolozGateway } from '../../../main/providers/zoloz/gateway';
import { authFromConfig } from '../../../main/providers/zoloz/adapter';
import { startZignSecSandbox, type ZignSecSandbox } from '../../../main/sandbox/zignsec/server';
import { generateSandboxKeys, startZolozSandbox, trainingZolozConfig, type SandboxKeys, type ZolozSandbox } from '../../../main/sandbox/zoloz/server';

const API_KEY = 'sandbox-key-0123456789';
const REQUESTS = 40;

let zignsec: ZignSecSandbox;
let zoloz: ZolozSandbox;
let keys: SandboxKeys;

beforeAll(async () => {
  zignsec = await startZignSecSandbox({ apiKey: API_KEY, analysisDelayMs: 50 });
  keys = await generateSandboxKeys();
  zoloz = await startZolozSandbox({ clientId: keys.clientId, merchantPublicKeyPem: keys.merchant.publicKeyPem, zolozPrivateKeyPem: keys.zoloz.privateKeyPem, akSk: keys.akSk });
});
afterAll(async () => {
  await zignsec.close();
  await zoloz.close();
});

const DEADLINE_MS = 60_000; // no other timer here (keep-alive, polling) has this length

/** Runs `work` and returns how many timers of DEADLINE_MS it created that are still alive after it. */
async function timersLeftBy(work: () => Promise<void>): Promise<number> {
  const live = new Set<number>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type === 'Timeout' && (resource as { _idleTimeout?: number })._idleTimeout === DEADLINE_MS) live.add(id);
    },
    destroy(id) {
      live.delete(id);
    },
  });
  hook.enable();
  try {
    await work();
    // destroy hooks are emitted asynchronously after a timer is cleared
    for (let i = 0; i < 5; i++) await tick();
  } finally {
    hook.disable();
  }
  return live.size;
}

describe('request deadlines are released when the request ends', () => {
  it(`ZignSec: ${REQUESTS} requests on a long-lived signal leave no deadline armed and no listener behind`, async () => {
    const client = new ZignSecClient({ apiKey: API_KEY, baseUrl: zignsec.url, timeoutMs: DEADLINE_MS });
    const stop = new AbortController(); // like the sync worker's, alive for the whole drain
    const left = await timersLeftBy(async () => {
      for (let i = 0; i < REQUESTS; i++) {
        const session = await client.createSession({ relayState: `v-${i}` }, stop.signal);
        await client.getAnalysisStatus(session.session_id, stop.signal).catch(() => null);
      }
      expect(await client.probe(stop.signal)).toBe(true);
    });
    expect(left).toBe(0); // one per request (81) before

    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it(`ZOLOZ: ${REQUESTS} gateway calls leave no deadline armed`, async () => {
    const gateway = createZolozGateway({ baseUrl: zoloz.url, clientId: keys.clientId, auth: authFromConfig(trainingZolozConfig(zoloz.url, keys)), timeoutMs: DEADLINE_MS });
    const stop = new AbortController();
    const left = await timersLeftBy(async () => {
      for (let i = 0; i < REQUESTS; i++) expect((await gateway.call('/api/v1/zoloz/authentication/test', { i }, { signal: stop.signal })).body).toEqual({ i });
    });
    expect(left).toBe(0);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });
});
