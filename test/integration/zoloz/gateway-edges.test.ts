// The edges of the ZOLOZ gateway (main/providers/zoloz/gateway.ts) over real HTTP on loopback: a
// small server that answers each request as the test says (status, signed or not, Retry-After, a
// body that is not JSON, no answer at all) and records what the kiosk sent. AK/SK signatures are
// written out here (HMAC-SHA256 of "POST <uri>\n<client>.<time>.<body>", base64url) rather than
// borrowed from the kiosk. What is checked: the request's headers and URL, which unsigned replies
// are transient and which are refused, the 5xx/429 boundary on signed replies, an unreadable body,
// no answer in time, a cancelled call, and an address nothing listens on.
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { getEventListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../main/providers/provider';
import { createZolozGateway, DEFAULT_USER_AGENT, type GatewayOptions } from '../../../main/providers/zoloz/gateway';

const URI = '/api/v1/zoloz/idrecognition/asyncrecognize';
const CLIENT = '2188000000000001';
const SECRET = randomBytes(32).toString('base64url');
const hmac = (content: string) => createHmac('sha256', Buffer.from(SECRET, 'base64url')).update(content, 'utf8').digest('base64url');

const OMIT = '(omit)';
type Answer = { status: number; body: string; signed: boolean; headers?: Record<string, string>; never?: boolean };
let answer: Answer;
let seen: Array<{ url: string; headers: IncomingHttpHeaders; body: string }>;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      if (answer.never) return; // no answer: the kiosk's deadline must end it
      const time = '2026-12-06T10:00:00+0000';
      const headers: Record<string, string> = { 'content-type': 'application/json', 'response-time': time, ...answer.headers };
      if (answer.signed) headers.signature = hmac(`POST ${URI}\n${CLIENT}.${time}.${answer.body}`);
      for (const [k, v] of Object.entries(headers)) if (v === OMIT) delete headers[k];
      res.writeHead(answer.status, headers).end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  seen = [];
  answer = { status: 200, body: '{"result":{"resultStatus":"S"}}', signed: true };
});

const gateway = (over: Partial<GatewayOptions> = {}) =>
  createZolozGateway({ baseUrl: url, clientId: CLIENT, auth: { scheme: 'aksk', accessKey: 'AK-1', secretKey: SECRET }, now: () => new Date('2026-12-06T09:59:59Z'), ...over });
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as ProviderError);

describe('the request as sent', () => {
  it('carries the client id, the time of sending, the user agent, the AK/SK headers and a signature over the body; trailing slashes of the host are dropped', async () => {
    const reply = await gateway({ baseUrl: `${url}//` }).call(URI, { a: 1 });
    expect(reply).toEqual({ body: { result: { resultStatus: 'S' } }, text: '{"result":{"resultStatus":"S"}}', status: 200, responseTime: '2026-12-06T10:00:00+0000' });
    expect(seen).toHaveLength(1);
    const { url: path, headers, body } = seen[0]!;
    expect(path).toBe(URI);
    expect(body).toBe('{"a":1}');
    expect(headers['client-id']).toBe(CLIENT);
    expect(headers['request-time']).toBe('2026-12-06T09:59:59+0000');
    expect(headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(headers['auth-type']).toBe('AKSK');
    expect(headers['access-key']).toBe('AK-1');
    expect(headers.signature).toBe(hmac(`POST ${URI}\n${CLIENT}.2026-12-06T09:59:59+0000.{"a":1}`));
  });

  it('writes Request-Time in the configured zone and sends a configured user agent', async () => {
    await gateway({ timeOffsetMinutes: 480, userAgent: 'Branch-Kiosk-Test/1' }).call(URI, {});
    expect(seen[0]!.headers['request-time']).toBe('2026-12-06T17:59:59+0800');
    expect(seen[0]!.headers['user-agent']).toBe('Branch-Kiosk-Test/1');
  });
});

describe('the request with RSA signing', () => {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const zoloz = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsa = (encrypt: boolean) => gateway({ auth: { scheme: 'rsa', merchantPrivateKey: merchant.privateKey, zolozPublicKey: zoloz.publicKey, encrypt } });

  it('without encryption: the JSON as is, as application/json, with no Encrypt header', async () => {
    answer = { status: 200, body: '{}', signed: false };
    await failure(rsa(false).call(URI, { a: 1 }));
    const { headers, body } = seen[0]!;
    expect(body).toBe('{"a":1}');
    expect(headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(headers.encrypt).toBeUndefined();
    expect(headers['auth-type']).toBeUndefined();
    expect(headers.signature).toMatch(/^algorithm=RSA256, signature=/);
  });

  it('with encryption: ciphertext as text/plain, and the AES key wrapped in the Encrypt header', async () => {
    answer = { status: 200, body: '{}', signed: false };
    await failure(rsa(true).call(URI, { a: 1 }));
    const { headers, body } = seen[0]!;
    expect(body).not.toContain('"a"');
    expect(headers['content-type']).toBe('text/plain; charset=UTF-8');
    expect(headers.encrypt).toMatch(/^algorithm=RSA_AES, symmetricKey=/);
  });
});

describe('unsigned replies', () => {
  it.each([
    [503, 'retryable'],
    [500, 'retryable'],
    [429, 'retryable'],
    [200, 'auth'],
    [404, 'auth'],
    [499, 'auth'],
  ] as const)('HTTP %i unsigned → %s, not read', async (status, kind) => {
    answer = { status, body: '{"result":{"resultStatus":"S"}}', signed: false };
    const e = await failure(gateway().call(URI, {}));
    expect(e).toBeInstanceOf(ProviderError);
    expect(e).toMatchObject({ kind, details: { status } });
    expect(e!.details.rawBody).toBeUndefined();
    expect(Object.keys(e!.details)).not.toContain('retryAfterMs'); // no Retry-After, no earliest retry
  });

  it('an unsigned 429 keeps its Retry-After', async () => {
    answer = { status: 429, body: '', signed: false, headers: { 'retry-after': '5' } };
    const e = await failure(gateway().call(URI, {}));
    expect(e).toMatchObject({ kind: 'retryable', details: { status: 429, retryAfterMs: 5000 } });
    expect(e!.message).toContain('HTTP 429 on idrecognition/asyncrecognize');
  });

  it('an unsigned 2xx names the host setting as the thing to check', async () => {
    answer = { status: 200, body: '{}', signed: false };
    const e = await failure(gateway().call(URI, {}));
    expect(e!.message).toBe('The ZOLOZ reply to idrecognition/asyncrecognize was not signed, so it was not read. Check the ZOLOZ host setting (HTTP 200).');
  });
});

describe('signed replies', () => {
  it('a signed 500 or 429 is transient and keeps the body it read; a signed 499 is read', async () => {
    answer = { status: 500, body: '{"result":{"resultStatus":"F"}}', signed: true };
    expect(await failure(gateway().call(URI, {}))).toMatchObject({ kind: 'retryable', details: { status: 500, rawBody: '{"result":{"resultStatus":"F"}}' } });
    answer = { status: 429, body: '{"x":1}', signed: true, headers: { 'retry-after': '3' } };
    expect(await failure(gateway().call(URI, {}))).toMatchObject({ kind: 'retryable', details: { status: 429, retryAfterMs: 3000 } });
    answer = { status: 499, body: '{"x":1}', signed: true };
    expect(await gateway().call(URI, {})).toMatchObject({ status: 499, body: { x: 1 } });
  });

  it('a long transient body is kept to its first 4,000 characters', async () => {
    answer = { status: 503, body: JSON.stringify({ pad: 'x'.repeat(5000) }), signed: true };
    const e = await failure(gateway().call(URI, {}));
    expect(e!.details.rawBody).toBe(answer.body.slice(0, 4000));
  });

  it('a signed body that is not JSON: schema, with the HTTP status and the start of the body kept', async () => {
    answer = { status: 200, body: `<html>${'y'.repeat(5000)}</html>`, signed: true };
    const e = await failure(gateway().call(URI, {}));
    expect(e).toMatchObject({ kind: 'schema', details: { status: 200 } });
    expect(e!.message).toBe('The ZOLOZ reply to idrecognition/asyncrecognize is not JSON (HTTP 200).');
    expect(e!.details.rawBody).toBe(answer.body.slice(0, 4000));
  });

  it('a signature with whitespace around it still verifies; one for another body does not', async () => {
    answer = { status: 200, body: '{"ok":true}', signed: false, headers: { signature: ` ${hmac(`POST ${URI}\n${CLIENT}.2026-12-06T10:00:00+0000.{"ok":true}`)} ` } };
    expect((await gateway().call(URI, {})).body).toEqual({ ok: true });
    answer = { status: 200, body: '{"ok":true}', signed: false, headers: { signature: hmac(`POST ${URI}\n${CLIENT}.2026-12-06T10:00:00+0000.{"ok":false}`) } };
    expect(await failure(gateway().call(URI, {}))).toMatchObject({ kind: 'auth', details: { status: 200, unverifiedReply: true } });
  });
});

describe('the call ends cleanly', () => {
  it("lets go of the caller's signal once the reply is read", async () => {
    const controller = new AbortController();
    await gateway().call(URI, {}, { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a reply without Response-Time is verified over an empty time', async () => {
    answer = { status: 200, body: '{"ok":1}', signed: false, headers: { 'response-time': OMIT, signature: hmac(`POST ${URI}\n${CLIENT}..{"ok":1}`) } };
    expect(await gateway().call(URI, {})).toMatchObject({ body: { ok: 1 }, responseTime: '' });
  });
});

describe('no reply', () => {
  it('no answer within the timeout: retryable, saying how long it waited', async () => {
    answer = { status: 200, body: '', signed: false, never: true };
    const e = await failure(gateway({ timeoutMs: 1500 }).call(URI, {}));
    expect(e).toMatchObject({ kind: 'retryable' });
    expect(e!.message).toBe('ZOLOZ did not answer idrecognition/asyncrecognize within 2 s; it will be retried.');
  });

  it('a call the caller cancels ends with the caller’s abort, not as a provider fault', async () => {
    answer = { status: 200, body: '', signed: false, never: true };
    const controller = new AbortController();
    const call = failure(gateway({ timeoutMs: 10_000 }).call(URI, {}, { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('teller cancelled')), 100);
    const e = await call;
    expect(e).not.toBeInstanceOf(ProviderError);
  });

  it('an address nothing listens on: retryable, "could not be reached"', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const e = await failure(gateway({ baseUrl: `http://127.0.0.1:${closed}` }).call(URI, {}));
    expect(e).toMatchObject({ kind: 'retryable' });
    expect(e!.message).toBe('ZOLOZ could not be reached (idrecognition/asyncrecognize); it will be retried.');
    expect(e!.details.cause).toBeInstanceOf(Error); // the network error, for the log
  });
});
