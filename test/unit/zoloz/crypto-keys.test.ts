import { generateKeyPairSync, publicEncrypt, constants } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey, loadPublicKey } from '../../../main/providers/zoloz/keys';
import { unwrapKeyPkcs1 } from '../../../main/providers/zoloz/rsa-pkcs1';
import { aesDecrypt, aesEncrypt, formatEncryptHeader, keyFromEncryptHeader, newAesKey, wrapKey } from '../../../main/providers/zoloz/encryption';
import { rsaSign, rsaVerify } from '../../../main/providers/zoloz/signing';

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('key loading', () => {
  it('accepts PEM and bare base64 DER (the Java SDK format) for both keys', () => {
    const forms = {
      pkcs8Pem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      pkcs1Pem: pair.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
      pkcs8Der: (pair.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64'),
      pkcs1Der: (pair.privateKey.export({ type: 'pkcs1', format: 'der' }) as Buffer).toString('base64'),
    };
    const pubForms = {
      spkiPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      spkiDer: (pair.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
      pkcs1Der: (pair.publicKey.export({ type: 'pkcs1', format: 'der' }) as Buffer).toString('base64'),
    };
    for (const priv of Object.values(forms)) {
      const sig = rsaSign('content', loadPrivateKey(priv));
      for (const pub of Object.values(pubForms)) expect(rsaVerify('content', sig, loadPublicKey(pub))).toBe(true);
    }
  });
  it('names the problem without echoing the key text', () => {
    const secretish = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ-not-a-key';
    expect(() => loadPrivateKey(secretish)).toThrow(/not a readable RSA private key/);
    try {
      loadPrivateKey(secretish);
    } catch (e) {
      expect((e as Error).message).not.toContain('MIIEvQ');
    }
    expect(() => loadPublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toThrow(/not a readable RSA public key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => loadPublicKey(ec.publicKey.export({ type: 'spki', format: 'pem' }) as string)).toThrow(/not an RSA key/);
  });
});

describe('RSA_AES body encryption', () => {
  it('unwraps a PKCS#1 v1.5 wrapped key with the pure-JS module, and fails clearly with the wrong key', () => {
    const aes = newAesKey(256);
    const wrapped = publicEncrypt({ key: pair.publicKey, padding: constants.RSA_PKCS1_PADDING }, aes);
    expect(unwrapKeyPkcs1(wrapped, pair.privateKey).equals(aes)).toBe(true);
    expect(() => unwrapKeyPkcs1(wrapped, other.privateKey)).toThrow(/could not be unwrapped/);
  });
  it('round-trips a UTF-8 body through AES-ECB and the Encrypt header', () => {
    const aes = newAesKey(256);
    const body = JSON.stringify({ name: 'Åsa Öberg 李', n: 1 });
    const ct = aesEncrypt(body, aes);
    expect(ct).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const header = formatEncryptHeader(wrapKey(aes, pair.publicKey));
    expect(header).toMatch(/^algorithm=RSA_AES, symmetricKey=[A-Za-z0-9%]+$/);
    expect(aesDecrypt(ct, keyFromEncryptHeader(header, pair.privateKey))).toBe(body);
    expect(() => aesDecrypt(ct, newAesKey(256))).toThrow();
    // 128-bit keys (Python SDK, bash script) work too
    const k128 = newAesKey(128);
    expect(aesDecrypt(aesEncrypt(body, k128), k128)).toBe(body);
  });
});
