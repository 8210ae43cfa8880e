// The ONE place that RSA-PKCS#1 v1.5-decrypts: unwrapping the AES key ZOLOZ sends in a reply's
// `Encrypt: algorithm=RSA_AES, symmetricKey=...` header.
//
// Why node-forge and not crypto.privateDecrypt:
// - Node 18.19.1+/20.11.1+ built against OpenSSL 3.0 throw "RSA_PKCS1_PADDING is no longer supported
//   for private decryption" (CVE-2023-46809). Node 24 with OpenSSL >= 3.2 accepts the call, but only
//   through "implicit rejection": with a wrong key it returns RANDOM bytes instead of failing, which
//   would surface later as an unexplained AES padding error. Electron's BoringSSL is untested.
// - forge's pure-JS RSAES-PKCS1-v1_5 decrypt behaves the same on every runtime and throws on a
//   padding mismatch, so a key mix-up gets a clear error here.
// The padding-oracle concern behind the CVE does not apply: this decrypts only replies whose
// signature has already been verified, never attacker-chosen ciphertexts.
import forge from 'node-forge';
import type { KeyObject } from 'node:crypto';

export class Pkcs1UnwrapError extends Error {
  override readonly name = 'Pkcs1UnwrapError';
}

export function unwrapKeyPkcs1(wrapped: Buffer, privateKey: KeyObject): Buffer {
  const der = privateKey.export({ type: 'pkcs1', format: 'der' });
  let out: string;
  try {
    const key = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')))) as forge.pki.rsa.PrivateKey;
    out = key.decrypt(wrapped.toString('binary'), 'RSAES-PKCS1-V1_5');
  } catch {
    throw new Pkcs1UnwrapError('The reply key could not be unwrapped with the merchant private key (wrong key or corrupted Encrypt header).');
  }
  return Buffer.from(out, 'binary');
}
