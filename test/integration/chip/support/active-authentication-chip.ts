// The chip side of active authentication (ICAO 9303 Part 11, 6.1) for the tests' emulated passport: it
// answers INTERNAL AUTHENTICATE by signing the kiosk's challenge with its private key — ECDSA as a plain
// r‖s signature, RSA as ISO/IEC 9796-2 scheme 1 with partial recovery (header 6A, a random recoverable
// part M1, H(M1 ‖ challenge), trailer BC for SHA-1 or 34 CC for SHA-256). A clone holds another key.
import { constants, createHash, privateEncrypt, randomBytes, sign, type KeyObject } from 'node:crypto';

export function activeAuthenticationSignature(key: KeyObject, challenge: Buffer, rsaHash: 'sha1' | 'sha256' = 'sha1'): Buffer {
  if (key.asymmetricKeyType === 'ec') {
    const bits = key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 384 : 256;
    return sign(bits === 384 ? 'sha384' : 'sha256', challenge, { key, dsaEncoding: 'ieee-p1363' });
  }
  const k = Math.ceil(key.asymmetricKeyDetails!.modulusLength! / 8);
  const trailer = rsaHash === 'sha1' ? Buffer.from([0xbc]) : Buffer.from([0x34, 0xcc]);
  const hashLength = rsaHash === 'sha1' ? 20 : 32;
  const m1 = randomBytes(k - 1 - hashLength - trailer.length);
  const f = Buffer.concat([Buffer.from([0x6a]), m1, createHash(rsaHash).update(m1).update(challenge).digest(), trailer]);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, f);
}
