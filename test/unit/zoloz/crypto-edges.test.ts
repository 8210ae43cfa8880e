// The edges of the ZOLOZ signing and encryption helpers, where a reply is refused rather than read:
// a signature check answers false (never throws, never passes) for a truncated signature or a key it
// cannot verify with; the composed headers are read by name only, whatever else a proxy adds; an
// Encrypt header naming another algorithm or carrying no key, and an AES key of the wrong size, get
// a clear error instead of a guess.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesDecrypt, aesEncrypt, formatEncryptHeader, keyFromEncryptHeader, newAesKey, wrapKey } from '../../../main/providers/zoloz/encryption';
import { hmacSign, hmacVerify, parseHeaderParams, rsaSign, rsaVerify, signatureFromHeader, stringToSign } from '../../../main/providers/zoloz/signing';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const content = stringToSign('/api/v1/zoloz/idrecognition/checkresult', 'ZZCLIENT', '2026-12-06T10:00:00+0000', '{"result":{"resultStatus":"S"}}');
const SECRET = Buffer.from('a shared secret of the test kiosk').toString('base64url');

describe('reply signature checks answer false, never throw', () => {
  it('an AK/SK signature cut short, or with a character added, is refused without an exception', () => {
    const good = hmacSign(content, SECRET);
    expect(hmacVerify(content, good, SECRET)).toBe(true);
    expect(() => hmacVerify(content, good.slice(0, -1), SECRET)).not.toThrow();
    expect(hmacVerify(content, good.slice(0, -1), SECRET)).toBe(false);
    expect(hmacVerify(content, `${good}A`, SECRET)).toBe(false);
    expect(hmacVerify(content, '', SECRET)).toBe(false);
  });

  it('an RSA check with a key that cannot verify SHA256withRSA (Ed25519) refuses the reply instead of throwing', () => {
    const ed = generateKeyPairSync('ed25519');
    const sig = rsaSign(content, rsa.privateKey);
    expect(rsaVerify(content, sig, rsa.publicKey)).toBe(true);
    expect(() => rsaVerify(content, sig, ed.publicKey)).not.toThrow();
    expect(rsaVerify(content, sig, ed.publicKey)).toBe(false);
  });
});

describe('composed headers are read by name', () => {
  it('parts without a name or without "=" are skipped, and spaces around a value are dropped', () => {
    expect(parseHeaderParams('=orphan, algorithm=RSA256, keyVersion, signature=abc%2B ')).toEqual({ algorithm: 'RSA256', signature: 'abc%2B' });
    expect(parseHeaderParams('algorithm=RSA_AES , symmetricKey=k1')).toEqual({ algorithm: 'RSA_AES', symmetricKey: 'k1' });
  });

  it('a Signature header without a signature part gives no signature to check', () => {
    expect(signatureFromHeader('algorithm=RSA256, signature')).toBeNull();
    expect(signatureFromHeader('algorithm=RSA256')).toBeNull();
  });

  it('an Encrypt header with a space before the comma (a reformatting hop) still unwraps the key', () => {
    const key = newAesKey(256);
    const header = formatEncryptHeader(wrapKey(key, rsa.publicKey)).replace(',', ' ,');
    expect(keyFromEncryptHeader(header, rsa.privateKey).equals(key)).toBe(true);
  });
});

describe('encrypted bodies refuse what they do not know', () => {
  it('an Encrypt header naming another algorithm is refused, even with a key we could unwrap', () => {
    const wrapped = encodeURIComponent(wrapKey(newAesKey(128), rsa.publicKey));
    expect(() => keyFromEncryptHeader(`algorithm=AES_GCM, symmetricKey=${wrapped}`, rsa.privateKey)).toThrow(/not "algorithm=RSA_AES, symmetricKey=\.\.\."/);
    expect(() => keyFromEncryptHeader('algorithm=RSA_AES', rsa.privateKey)).toThrow(/not "algorithm=RSA_AES, symmetricKey=\.\.\."/);
  });

  it('an AES key that is not 128, 192 or 256 bits gets an error naming its size', () => {
    const odd = Buffer.alloc(20, 7);
    expect(() => aesEncrypt('{}', odd)).toThrow('AES key must be 128, 192 or 256 bits, got 160.');
    expect(() => aesDecrypt('AAAA', odd)).toThrow('AES key must be 128, 192 or 256 bits, got 160.');
  });
});
