import { generateKeyPairSync, createSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatSignatureHeader, hmacSign, hmacVerify, parseHeaderParams, rsaSign, rsaVerify, signatureFromHeader, stringToSign } from '../../../main/providers/zoloz/signing';
import { formatZolozTime, parseZolozTime } from '../../../main/providers/zoloz/time';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('string to sign', () => {
  it('reproduces the vector from the spec notes byte for byte', () => {
    const expected = Buffer.from(
      'POST /api/v1/zoloz/authentication/test\n9999999999999999.2018-01-18T08:30:22+0700.{"description":"just for demonstration.","title":"hello"}',
      'utf8',
    );
    const got = stringToSign(
      '/api/v1/zoloz/authentication/test',
      '9999999999999999',
      '2018-01-18T08:30:22+0700',
      JSON.stringify({ description: 'just for demonstration.', title: 'hello' }),
    );
    expect(Buffer.from(got, 'utf8').equals(expected)).toBe(true);
    expect(got).not.toContain('\r');
  });
});

describe('Request-Time', () => {
  it('has no colon in the offset and round-trips', () => {
    const t = new Date(Date.UTC(2018, 0, 18, 1, 30, 22));
    expect(formatZolozTime(t, 420)).toBe('2018-01-18T08:30:22+0700');
    expect(formatZolozTime(t)).toBe('2018-01-18T01:30:22+0000');
    expect(formatZolozTime(t, -330)).toBe('2018-01-17T20:00:22-0530');
    expect(parseZolozTime('2018-01-18T08:30:22+0700')?.getTime()).toBe(t.getTime());
  });
  it('rejects the formats the gateway does not accept', () => {
    for (const bad of ['2018-01-18T08:30:22+07:00', '2018-01-18T01:30:22Z', '2018-01-18T01:30:22.000+0000', '2018-01-18 01:30:22+0000']) {
      expect(parseZolozTime(bad)).toBeNull();
    }
  });
});

describe('RSA signature', () => {
  const content = stringToSign('/api/v1/zoloz/idrecognition/recognize', '1234567890123456', '2024-05-01T10:00:00+0800', '{"bizId":"x"}');
  it('equals a SHA256withRSA signature made by an independent signer', () => {
    const independent = createSign('RSA-SHA256').update(content).sign(privateKey, 'base64');
    expect(rsaSign(content, privateKey)).toBe(independent); // PKCS#1 v1.5 is deterministic
  });
  it('rejects tampered body, tampered time, a flipped signature and the wrong key', () => {
    const sig = rsaSign(content, privateKey);
    expect(rsaVerify(content, sig, publicKey)).toBe(true);
    expect(rsaVerify(content.replace('"x"', '"y"'), sig, publicKey)).toBe(false);
    expect(rsaVerify(content.replace('10:00:00', '10:00:01'), sig, publicKey)).toBe(false);
    const flipped = Buffer.from(sig, 'base64');
    flipped[10] = flipped[10]! ^ 1;
    expect(rsaVerify(content, flipped.toString('base64'), publicKey)).toBe(false);
    expect(rsaVerify(content, sig, other.publicKey)).toBe(false);
    expect(rsaVerify(content, '', publicKey)).toBe(false);
  });
  it('URL-encodes the base64 signature in the header and reads it back', () => {
    const sig = rsaSign(content, privateKey);
    const header = formatSignatureHeader(sig);
    expect(header.startsWith('algorithm=RSA256, signature=')).toBe(true);
    expect(header.slice('algorithm=RSA256, signature='.length)).not.toMatch(/[+/=]/);
    expect(signatureFromHeader(header)).toBe(sig);
    // keyVersion (PHP sample) is tolerated
    expect(signatureFromHeader(`algorithm=RSA256, keyVersion=v1, signature=${encodeURIComponent(sig)}`)).toBe(sig);
    expect(parseHeaderParams('algorithm=RSA_AES, symmetricKey=ab%3D')).toEqual({ algorithm: 'RSA_AES', symmetricKey: 'ab%3D' });
    expect(signatureFromHeader('algorithm=RSA256')).toBeNull();
  });
});

describe('AK/SK signature', () => {
  it('is HMAC-SHA256 keyed with base64url-decode(secretKey), base64url without padding', () => {
    const secret = Buffer.from('a secret key of thirty-two bytes').toString('base64url');
    const sig = hmacSign('POST /api/v1/zoloz/x\n1.2.{}', secret);
    expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hmacVerify('POST /api/v1/zoloz/x\n1.2.{}', sig, secret)).toBe(true);
    expect(hmacVerify('POST /api/v1/zoloz/x\n1.2.{ }', sig, secret)).toBe(false);
    expect(hmacVerify('POST /api/v1/zoloz/x\n1.2.{}', sig, Buffer.from('another key').toString('base64url'))).toBe(false);
  });
});
