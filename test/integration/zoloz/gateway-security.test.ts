// The emulator rejects what the real gateway rejects, and the kiosk never reads an unsigned or
// badly signed reply. Requests are built by hand here so each can be broken in one place.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../main/providers/provider';
import { createZolozGateway, type ZolozAuth } from '../../../main/providers/zoloz/gateway';
import { createZolozClient } from '../../../main/providers/zoloz/client';
import { authFromConfig } from '../../../main/providers/zoloz/adapter';
import { loadPrivateKey, loadPublicKey } from '../../../main/providers/zoloz/keys';
import { formatSignatureHeader, hmacSign, rsaSign, rsaVerify, signatureFromHeader, stringToSign } from '../../../main/providers/zoloz/signing';
import { formatZolozTime } from '../../../main/providers/zoloz/time';
import { buildReply } from '../../../main/sandbox/zoloz/protocol';
import { startZolozSandbox, trainingZolozConfig, type ZolozFault } from '../../../main/sandbox/zoloz/server';
import { useZolozEmulator } from './support';

const URI = '/api/v1/zoloz/authentication/test';
const rig = useZolozEmulator({ akSk: true });

async function rawCall(opts: { time?: string; clientId?: string; signWith?: string; bodySigned?: string; bodySent?: string; aksk?: { accessKey: string; secretKey: string } }) {
  const time = opts.time ?? formatZolozTime(new Date(), 480);
  const clientId = opts.clientId ?? rig.keys.clientId;
  const body = opts.bodySent ?? '{"title":"hello"}';
  const content = stringToSign(URI, clientId, time, opts.bodySigned ?? body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=UTF-8', 'Client-Id': clientId, 'Request-Time': time, 'User-Agent': 'test' };
  if (opts.aksk) {
    Object.assign(headers, { 'Auth-Type': 'AKSK', 'Access-Key': opts.aksk.accessKey, Signature: hmacSign(content, opts.aksk.secretKey) });
  } else {
    headers.Signature = formatSignatureHeader(rsaSign(content, loadPrivateKey(opts.signWith ?? rig.keys.merchant.privateKeyPem)));
  }
  const res = await fetch(rig.sandbox.url + URI, { method: 'POST', headers, body });
  const text = await res.text();
  // Every gateway reply, rejections included, is signed by ZOLOZ over the raw body.
  const sig = signatureFromHeader(res.headers.get('signature'));
  const signed = !opts.aksk && sig !== null && rsaVerify(stringToSign(URI, clientId, res.headers.get('response-time') ?? '', text), sig, loadPublicKey(rig.keys.zoloz.publicKeyPem));
  return { json: JSON.parse(text) as { result?: { resultCode: string; resultStatus: string }; title?: string }, signed, responseTime: res.headers.get('response-time') };
}

describe('the emulator checks requests like the gateway', () => {
  it('accepts a correctly signed request and signs its reply with a colon-free Response-Time', async () => {
    const r = await rawCall({});
    expect(r.json).toEqual({ title: 'hello' });
    expect(r.signed).toBe(true);
    expect(r.responseTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0800$/);
  });

  it('names each broken request as the gateway does', async () => {
    const colon = formatZolozTime(new Date(), 480).replace(/(\d\d)(\d\d)$/, '$1:$2');
    const cases: Array<[string, Parameters<typeof rawCall>[0], string]> = [
      ['colon in the offset (signed consistently)', { time: colon }, 'SIGNATURE_INVALID'],
      ['tampered body', { bodySigned: '{"title":"hello"}', bodySent: '{"title":"hellO"}' }, 'SIGNATURE_INVALID'],
      ['signed with another key', { signWith: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string }, 'SIGNATURE_INVALID'],
      ['stale Request-Time', { time: formatZolozTime(new Date(Date.now() - 3_600_000), 480) }, 'SIGNATURE_INVALID'],
      ['unknown Client-Id', { clientId: '1111222233334444' }, 'MERCHANT_NOT_FOUND'],
      ['unknown Access-Key', { aksk: { accessKey: 'AKNOPE', secretKey: 'x' } }, 'KEY_NOT_FOUND'],
    ];
    for (const [what, opts, code] of cases) {
      const r = await rawCall(opts);
      expect({ what, code: r.json.result?.resultCode, status: r.json.result?.resultStatus }).toEqual({ what, code, status: 'F' });
      if (!opts.aksk) expect(r.signed).toBe(true);
    }
    const akskTampered = await rawCall({ aksk: { accessKey: rig.keys.akSk.accessKey, secretKey: Buffer.from('wrong').toString('base64url') } });
    expect(akskTampered.json.result?.resultCode).toBe('SIGNATURE_INVALID');
    expect(rig.sandbox.stats().rejected.SIGNATURE_INVALID).toBeGreaterThanOrEqual(5);
  });
});

describe('the kiosk gateway', () => {
  const clientWith = (auth: Partial<Extract<ZolozAuth, { scheme: 'rsa' }>> = {}) => {
    const base = authFromConfig(trainingZolozConfig(rig.sandbox.url, rig.keys)) as Extract<ZolozAuth, { scheme: 'rsa' }>;
    return createZolozClient(createZolozGateway({ baseUrl: rig.sandbox.url, clientId: rig.keys.clientId, auth: { ...base, ...auth } }));
  };
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as ProviderError);

  it('turns a gateway SIGNATURE_INVALID into an auth error (pause + alert)', async () => {
    const wrong = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const e = await failure(clientWith({ merchantPrivateKey: wrong }).authTest({ a: 1 }));
    expect(e).toBeInstanceOf(ProviderError);
    expect(e!.kind).toBe('auth');
    expect(e!.message).toMatch(/merchant private key/);
  });

  it('rejects unsigned and badly signed replies without reading them', async () => {
    for (const [fault, pattern] of [
      [{ kind: 'unsigned' }, /was not signed/],
      [{ kind: 'bad-signature' }, /failed signature verification/],
    ] as const) {
      rig.nextFault = fault;
      const e = await failure(clientWith().recognize({ bizId: 'f', docType: '00000001003', frontPageImage: '/9j/4AAQSkZJRg==' }));
      expect(e?.kind).toBe('auth');
      expect(e!.message).toMatch(pattern);
      expect(e!.details.rawBody).toBeUndefined(); // never parsed, never kept
    }
    const wrongZolozKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const e = await failure(clientWith({ zolozPublicKey: wrongZolozKey }).authTest({ a: 1 }));
    expect(e?.kind).toBe('auth');
    expect(e!.message).toMatch(/ZOLOZ public key/);
  });

  it('rejects a signed, encrypted reply whose key was wrapped for someone else', async () => {
    const base = authFromConfig(trainingZolozConfig(rig.sandbox.url, rig.keys, { encrypt: true })) as Extract<ZolozAuth, { scheme: 'rsa' }>;
    const gw = createZolozGateway({ baseUrl: rig.sandbox.url, clientId: rig.keys.clientId, auth: base });
    expect(await gw.call(URI, { ok: true }).then((r) => r.body)).toEqual({ ok: true });
    // A reply correctly signed by ZOLOZ whose AES key is wrapped for another merchant's key.
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const gatewayKeys = { clientId: rig.keys.clientId, merchantPublicKey: other.publicKey, zolozPrivateKey: loadPrivateKey(rig.keys.zoloz.privateKeyPem), maxSkewMs: 60_000 };
    const reply = buildReply(URI, rig.keys.clientId, { result: { resultStatus: 'S', resultCode: 'SUCCESS' } }, { scheme: 'rsa', encrypted: true }, gatewayKeys, new Date());
    const served = createZolozGateway({ baseUrl: 'http://127.0.0.1:9', clientId: rig.keys.clientId, auth: base, fetch: async () => new Response(reply.body, { status: 200, headers: reply.headers }) });
    const e = await failure(served.call(URI, { ok: true }));
    expect(e?.kind).toBe('auth');
    expect(e!.message).toMatch(/could not be decrypted with the merchant private key/);
  });

  it('classifies injected transport and result faults', async () => {
    const cases: Array<[ZolozFault, string, string | undefined]> = [
      [{ kind: 'http', status: 503, retryAfterSeconds: 7 }, 'retryable', undefined],
      [{ kind: 'drop' }, 'retryable', undefined],
      [{ kind: 'result', resultCode: 'SYSTEM_ERROR' }, 'retryable', 'SYSTEM_ERROR'],
      [{ kind: 'result', resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT' }, 'retryable', 'REQUEST_TRAFFIC_EXCEED_LIMIT'],
      [{ kind: 'result', resultCode: 'PROCESS_TIMEOUT' }, 'retryable', 'PROCESS_TIMEOUT'],
      [{ kind: 'result', resultCode: 'KEY_NOT_FOUND' }, 'auth', 'KEY_NOT_FOUND'],
      [{ kind: 'result', resultCode: 'PARAM_ILLEGAL' }, 'invalid', 'PARAM_ILLEGAL'],
    ];
    for (const [fault, kind, code] of cases) {
      rig.nextFault = fault;
      const e = await failure(clientWith().authTest({ a: 1 }));
      expect({ fault: fault.kind, kind: e?.kind, code: e?.details.providerCode }).toEqual({ fault: fault.kind, kind, code });
      if (fault.kind === 'http') expect(e!.details.retryAfterMs).toBe(7000);
    }
    rig.nextFault = { kind: 'delay', ms: 300 };
    const slow = createZolozClient(createZolozGateway({ baseUrl: rig.sandbox.url, clientId: rig.keys.clientId, auth: authFromConfig(trainingZolozConfig(rig.sandbox.url, rig.keys)), timeoutMs: 50 }));
    const e = await failure(slow.authTest({ a: 1 }));
    expect(e?.kind).toBe('retryable');
    expect(e!.message).toMatch(/did not answer/);
  });
});

describe('seeded fault plans (main/sandbox/faults.ts)', () => {
  it('inject provider-neutral faults the kiosk classifies, and keep signed extra fields readable', async () => {
    const s = await startZolozSandbox({ clientId: rig.keys.clientId, merchantPublicKeyPem: rig.keys.merchant.publicKeyPem, zolozPrivateKeyPem: rig.keys.zoloz.privateKeyPem, faults: true });
    try {
      const client = createZolozClient(createZolozGateway({ baseUrl: s.url, clientId: rig.keys.clientId, auth: authFromConfig(trainingZolozConfig(s.url, rig.keys)) }));
      const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as ProviderError);
      const plan = await fetch(`${s.url}/__control/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sandbox-control': s.controlToken! },
        body: JSON.stringify({ seed: 7, rules: [{ route: 'authentication/test', kind: 'throttle', times: 1, retryAfterSec: 3 }, { route: 'authentication/test', kind: 'truncate', times: 1 }, { route: 'authentication/test', kind: 'extra_fields', times: 1 }] }),
      });
      expect(plan.status).toBe(200);
      const throttled = await failure(client.authTest({ a: 1 }));
      expect({ kind: throttled?.kind, retryAfterMs: throttled?.details.retryAfterMs }).toEqual({ kind: 'retryable', retryAfterMs: 3000 });
      const truncated = await failure(client.authTest({ a: 1 }));
      expect(truncated?.kind).toBe('retryable'); // body cut short: a network error, never parsed
      expect(await client.authTest({ a: 1 })).toMatchObject({ a: 1, x_injected_extra: { n: 1 } });
      expect(await client.authTest({ a: 2 })).toEqual({ a: 2 });
      expect(s.stats().injected).toEqual({ 'authentication/test:throttle': 1, 'authentication/test:truncate': 1, 'authentication/test:extra_fields': 1 });
    } finally {
      await s.close();
    }
  });
});
