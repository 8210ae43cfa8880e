// A ZOLOZ reply that is correctly signed but encrypted for another merchant's key, served over real
// HTTP on loopback: the gateway refuses it as a configuration fault and keeps, for the supervisor and
// the retry policy, the HTTP status it came with and the decryption error that caused it.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../main/providers/provider';
import { createZolozGateway } from '../../../main/providers/zoloz/gateway';
import { buildReply } from '../../../main/sandbox/zoloz/protocol';

const URI = '/api/v1/zoloz/authentication/test';
const CLIENT = '2188000000000002';
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const someoneElse = generateKeyPairSync('rsa', { modulusLength: 2048 });
const zoloz = generateKeyPairSync('rsa', { modulusLength: 2048 });
let server: Server;
let url: string;
let status = 200;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      // Signed by ZOLOZ's key (so the signature checks out), its AES key wrapped for another merchant.
      const reply = buildReply(URI, CLIENT, { result: { resultStatus: 'S', resultCode: 'SUCCESS' } }, { scheme: 'rsa', encrypted: true }, { clientId: CLIENT, merchantPublicKey: someoneElse.publicKey, zolozPrivateKey: zoloz.privateKey, maxSkewMs: 60_000 }, new Date());
      res.writeHead(status, reply.headers).end(reply.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('a signed reply the merchant key cannot decrypt', () => {
  it('is refused as a key fault with its HTTP status and the decryption error kept', async () => {
    const gateway = createZolozGateway({ baseUrl: url, clientId: CLIENT, auth: { scheme: 'rsa', merchantPrivateKey: merchant.privateKey, zolozPublicKey: zoloz.publicKey, encrypt: true } });
    for (const code of [200, 503]) {
      status = code;
      const e = await gateway.call(URI, { hello: 'world' }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(ProviderError);
      const error = e as ProviderError;
      expect(error.kind).toBe('auth');
      expect(error.message).toMatch(/could not be decrypted with the merchant private key/);
      expect(error.details.status).toBe(code);
      expect(error.details.cause).toBeInstanceOf(Error);
      expect(error.details.rawBody).toBeUndefined();
    }
  });
});
