// Optional body encryption (ZOLOZ "RSA_AES"): AES/ECB/PKCS5Padding over the UTF-8 JSON, standard
// base64; the AES key travels RSA/ECB/PKCS1-wrapped in `Encrypt: algorithm=RSA_AES, symmetricKey=`.
// ECB is ZOLOZ's choice (Java `Cipher.getInstance("AES")`), not ours; the body is also signed.
import { createCipheriv, createDecipheriv, publicEncrypt, randomBytes, constants, type KeyObject } from 'node:crypto';
import { parseHeaderParams } from './signing';
import { unwrapKeyPkcs1 } from './rsa-pkcs1';

function cipherName(key: Buffer): string {
  if (![16, 24, 32].includes(key.length)) throw new Error(`AES key must be 128, 192 or 256 bits, got ${key.length * 8}.`);
  return `aes-${key.length * 8}-ecb`;
}

/** Fresh AES key; 256 bits is the Java SDK default (Python and the bash script use 128). */
export function newAesKey(bits: 128 | 192 | 256 = 256): Buffer {
  return randomBytes(bits / 8);
}

export function aesEncrypt(plain: string, key: Buffer): string {
  const c = createCipheriv(cipherName(key), key, null);
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64');
}

export function aesDecrypt(base64: string, key: Buffer): string {
  const d = createDecipheriv(cipherName(key), key, null);
  return Buffer.concat([d.update(Buffer.from(base64.trim(), 'base64')), d.final()]).toString('utf8');
}

/** RSA-PKCS#1 v1.5 wraps the AES key with the recipient's public key (public encryption is still allowed in Node). */
export function wrapKey(aesKey: Buffer, recipientPublicKey: KeyObject): string {
  return publicEncrypt({ key: recipientPublicKey, padding: constants.RSA_PKCS1_PADDING }, aesKey).toString('base64');
}

export function formatEncryptHeader(wrappedKeyBase64: string): string {
  return `algorithm=RSA_AES, symmetricKey=${encodeURIComponent(wrappedKeyBase64)}`;
}

/** Reads and unwraps the AES key of an `Encrypt` header with our private key. */
export function keyFromEncryptHeader(value: string, privateKey: KeyObject): Buffer {
  const params = parseHeaderParams(value);
  if (params.algorithm !== 'RSA_AES' || !params.symmetricKey) throw new Error('The Encrypt header is not "algorithm=RSA_AES, symmetricKey=...".');
  const wrapped = Buffer.from(decodeURIComponent(params.symmetricKey), 'base64');
  return unwrapKeyPkcs1(wrapped, privateKey);
}
