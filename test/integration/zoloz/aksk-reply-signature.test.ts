// With the AK/SK scheme the kiosk reads a ZOLOZ reply only when its HMAC signature verifies with
// the shared secret. Real HTTP on loopback: the emulator (correct, corrupted and unsigned replies)
// and a small server that answers with well-formed JSON signed the wrong way.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../main/providers/provider';
import { createZolozGateway, type ZolozAuth } from '../../../main/providers/zoloz/gateway';
import { formatZolozTime } from '../../../main/providers/zoloz/time';
import { useZolozEmulator } from './support';

const URI = '/api/v1/zoloz/authentication/test';
const rig = useZolozEmulator({ akSk: true });

/** HMAC-SHA256 as the AK/SK scheme defines it, written out here rather than borrowed from the kiosk. */
const hmac = (content: string, secretKeyBase64url: string) => createHmac('sha256', Buffer.from(secretKeyBase64url, 'base64url')).update(content, 'utf8').digest('base64url');

const aksk = (): ZolozAuth => ({ scheme: 'aksk', accessKey: rig.keys.akSk.accessKey, secretKey: rig.keys.akSk.secretKey });
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as ProviderError);

describe('AK/SK replies from the emulator', () => {
  it('reads a correctly signed reply', async () => {
    const gw = createZolozGateway({ baseUrl: rig.sandbox.url, clientId: rig.keys.clientId, auth: aksk() });
    const before = rig.sandbox.stats().aksk;
    const reply = await gw.call(URI, { title: 'hello' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ title: 'hello' });
    expect(rig.sandbox.stats().aksk).toBe(before + 1); // the request really went as AK/SK
  });

  for (const [fault, pattern] of [
    [{ kind: 'bad-signature' }, /failed signature verification/],
    [{ kind: 'unsigned' }, /was not signed/],
  ] as const) {
    it(`refuses a ${fault.kind} reply without reading it`, async () => {
      const gw = createZolozGateway({ baseUrl: rig.sandbox.url, clientId: rig.keys.clientId, auth: aksk() });
      rig.nextFault = fault;
      const e = await failure(gw.call(URI, { title: 'hello' }));
      expect(e).toBeInstanceOf(ProviderError);
      expect(e!.kind).toBe('auth');
      expect(e!.message).toMatch(pattern);
      expect(e!.details.rawBody).toBeUndefined();
      expect(rig.nextFault).toBeNull(); // the emulator did apply the fault
    });
  }
});

describe('AK/SK replies signed the wrong way', () => {
  type Signer = (content: string) => string | null;
  let server: Server;
  let url: string;
  let signer: Signer = () => null;
  let responseTimeOf: (requestTime: string) => string = (t) => t;
  let served = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        served += 1;
        const body = JSON.stringify({ result: { resultStatus: 'S', resultCode: 'SUCCESS', resultMessage: 'Success' }, echoed: Buffer.concat(chunks).toString('utf8') });
        const responseTime = responseTimeOf(String(req.headers['request-time'] ?? ''));
        const signature = signer(`POST ${req.url}\n${rig.keys.clientId}.${responseTime}.${body}`);
        res.writeHead(200, {
          'Content-Type': 'application/json; charset=UTF-8',
          'Response-Time': responseTime,
          ...(signature === null ? {} : { Signature: signature }),
        });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = () => failure(createZolozGateway({ baseUrl: url, clientId: rig.keys.clientId, auth: aksk() }).call(URI, { title: 'hello' }));

  it('reads the reply when the server signs it with the shared secret (control)', async () => {
    signer = (content) => hmac(content, rig.keys.akSk.secretKey);
    const gw = createZolozGateway({ baseUrl: url, clientId: rig.keys.clientId, auth: aksk() });
    const reply = await gw.call(URI, { title: 'hello' });
    expect(reply.body).toMatchObject({ result: { resultCode: 'SUCCESS' } });
  });

  const wrong: Array<[string, Signer, RegExp]> = [
    ['signed with another secret key', (c) => hmac(c, randomBytes(32).toString('base64url')), /failed signature verification/],
    ['signed over a different body', (c) => hmac(c.replace('SUCCESS', 'FAILURE'), rig.keys.akSk.secretKey), /failed signature verification/],
    ['signature truncated by one character', (c) => hmac(c, rig.keys.akSk.secretKey).slice(0, -1), /failed signature verification/],
    ['signature in padded standard base64', (c) => createHmac('sha256', Buffer.from(rig.keys.akSk.secretKey, 'base64url')).update(c).digest('base64').replace(/[+/]/g, 'x') + '=', /failed signature verification/],
    ['an empty Signature header', () => '', /was not signed/],
    ['no Signature header', () => null, /was not signed/],
  ];
  for (const [name, sign, pattern] of wrong) {
    it(`refuses a 200 reply ${name}`, async () => {
      signer = sign;
      const before = served;
      const e = await call();
      expect(served).toBe(before + 1);
      expect(e).toBeInstanceOf(ProviderError);
      expect(e!.kind).toBe('auth');
      expect(e!.message).toMatch(pattern);
      expect(e!.details.rawBody).toBeUndefined();
    });
  }

  it('refuses a reply whose signature covers another Response-Time than the one sent', async () => {
    // Signed correctly for a Response-Time an hour earlier (a replayed reply), sent with the current one.
    responseTimeOf = (t) => t;
    signer = (content) => {
      const stale = formatZolozTime(new Date(Date.now() - 3_600_000), 0);
      return hmac(content.replace(/^(POST [^\n]*\n[^.]*\.)[^.]*(\..*)$/s, `$1${stale}$2`), rig.keys.akSk.secretKey);
    };
    const e = await call();
    expect(e?.kind).toBe('auth');
    expect(e!.message).toMatch(/failed signature verification/);
  });
});
