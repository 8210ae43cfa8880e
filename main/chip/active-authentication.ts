// Active Authentication (ICAO 9303 Part 11, 6.1): the chip signs a random 8-byte challenge from the kiosk
// with the private key whose public key is in DG15 (covered by the SOD), sent as INTERNAL AUTHENTICATE under
// secure messaging. RSA: ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery (trailer BC
// = SHA-1, or <hash id> CC); ECDSA: a plain r‖s signature (BSI TR-03111) over the challenge with the hash
// DG14's ActiveAuthenticationInfo names (the key's size decides when DG14 does not say). Signature checks are
// node:crypto's (RSA without padding gives the message representative to check). RSA-2048 and larger
// signatures come back in an extended-length response or in parts (ISO 7816-4).
import { constants, createHash, createPublicKey, publicDecrypt, randomBytes, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import type { Transmit } from './bac';
import { SW_OK, transmitCollecting } from './apdu';
import { ChipError } from './errors';
import type { SecureChannel } from './secure-messaging';
import { readTlv } from './tlv';

const OID_AA_INFO = '2.23.136.1.1.5';
/** Signature algorithm OIDs an ActiveAuthenticationInfo may name for ECDSA (TR-03111 plain, X9.62) → hash. */
const ECDSA_HASHES: Record<string, string> = {
  '0.4.0.127.0.7.1.1.4.1.1': 'sha1', '0.4.0.127.0.7.1.1.4.1.2': 'sha224', '0.4.0.127.0.7.1.1.4.1.3': 'sha256',
  '0.4.0.127.0.7.1.1.4.1.4': 'sha384', '0.4.0.127.0.7.1.1.4.1.5': 'sha512',
  '1.2.840.10045.4.1': 'sha1', '1.2.840.10045.4.3.1': 'sha224', '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384', '1.2.840.10045.4.3.4': 'sha512',
};
/** ISO/IEC 10118-3 hash identifiers used in the 9796-2 trailer "<id> CC". */
const TRAILER_HASHES: Record<number, string> = { 0x33: 'sha1', 0x34: 'sha256', 0x35: 'sha512', 0x36: 'sha384', 0x38: 'sha224' };

const bad = (why: string): ChipError => new ChipError('bad-apdu', `The chip's DG15 is not well-formed: ${why}.`);

/** The active authentication public key held in DG15 (tag 6F around a SubjectPublicKeyInfo). */
export function parseDg15(bytes: Uint8Array): KeyObject {
  let spki: Uint8Array;
  try {
    const { tlv } = readTlv(bytes);
    if (tlv.tag !== 0x6f) throw bad('it does not start with tag 6F');
    spki = tlv.value;
  } catch (e) {
    throw e instanceof ChipError ? e : bad('its outer length is wrong');
  }
  try {
    return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    throw bad('its public key cannot be read');
  }
}

/** The ECDSA hash DG14's ActiveAuthenticationInfo names, or null (none, or DG14 absent or unreadable). */
export function activeAuthenticationHash(dg14: Uint8Array | undefined): string | null {
  if (!dg14) return null;
  try {
    const parsed = asn1js.fromBER(readTlv(dg14).tlv.value);
    if (!(parsed.result instanceof asn1js.Set)) return null;
    for (const item of parsed.result.valueBlock.value) {
      const [oid, , algorithm] = item instanceof asn1js.Sequence ? item.valueBlock.value : [];
      if (oid instanceof asn1js.ObjectIdentifier && oid.valueBlock.toString() === OID_AA_INFO && algorithm instanceof asn1js.ObjectIdentifier) {
        return ECDSA_HASHES[algorithm.valueBlock.toString()] ?? null;
      }
    }
  } catch {
    return null;
  }
  return null;
}

const CURVE_BITS: Record<string, number> = {
  'prime256v1': 256, 'secp384r1': 384, 'secp521r1': 521, 'brainpoolP256r1': 256, 'brainpoolP384r1': 384, 'brainpoolP512r1': 512,
};
const curveBits = (key: KeyObject): number | undefined => CURVE_BITS[key.asymmetricKeyDetails?.namedCurve ?? ''];

function ecHashForKey(key: KeyObject): string {
  const bits = curveBits(key) ?? 256;
  return bits <= 256 ? 'sha256' : bits <= 384 ? 'sha384' : 'sha512';
}

/** Whether `signature` is the chip's ISO 9796-2 scheme 1 signature over (M1 ‖ challenge) under RSA `key`. */
export function verifyIso9796Signature(key: KeyObject, challenge: Uint8Array, signature: Uint8Array): boolean {
  const modulusBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (signature.length !== modulusBytes) return false;
  let f: Buffer;
  try {
    f = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(signature));
  } catch {
    return false;
  }
  if (f[0] !== 0x6a) return false; // header: scheme 1 with partial message recovery (the challenge is not recovered)
  let hash: string | undefined;
  let trailer: number;
  if (f[f.length - 1] === 0xbc) {
    hash = 'sha1';
    trailer = 1;
  } else if (f[f.length - 1] === 0xcc) {
    hash = TRAILER_HASHES[f[f.length - 2]!];
    trailer = 2;
  } else {
    return false;
  }
  if (!hash) return false;
  const hashLength = createHash(hash).digest().length;
  if (f.length < 1 + hashLength + trailer) return false;
  const m1 = f.subarray(1, f.length - hashLength - trailer);
  const digest = f.subarray(f.length - hashLength - trailer, f.length - trailer);
  return createHash(hash).update(m1).update(challenge).digest().equals(digest);
}

export function verifyActiveAuthentication(key: KeyObject, challenge: Uint8Array, signature: Uint8Array, ecdsaHash: string | null): boolean {
  if (key.asymmetricKeyType === 'rsa') return verifyIso9796Signature(key, challenge, signature);
  if (key.asymmetricKeyType === 'ec') {
    try {
      return verify(ecdsaHash ?? ecHashForKey(key), Buffer.from(challenge), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature));
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * Sends INTERNAL AUTHENTICATE with a fresh random challenge over `sm` and checks the chip's signature.
 * Returns true when it verifies; a refusal or a wrong signature is false. Link loss propagates.
 */
export async function performActiveAuthentication(sm: SecureChannel, transmit: Transmit, key: KeyObject, ecdsaHash: string | null, challenge: Uint8Array = randomBytes(8)): Promise<boolean> {
  // A signature longer than 223 bytes (RSA above 1784 bits) no longer fits a short response once wrapped in
  // secure messaging: the command goes in extended form, asking for up to 65536 bytes. A chip may still
  // deliver the answer in parts (SW1 61), which are collected with GET RESPONSE.
  const extended = signatureLength(key) > MAX_SHORT_SIGNATURE;
  const command = sm.wrap({ cla: 0, ins: 0x88, p1: 0, p2: 0, data: challenge, le: extended ? 65536 : 256, extended });
  const answer = sm.unwrap(await transmitCollecting(transmit, command));
  if (answer.sw !== SW_OK || answer.data.length === 0) return false;
  return verifyActiveAuthentication(key, challenge, answer.data, ecdsaHash);
}

/** The largest signature whose protected answer fits a short response (3DES or AES padding, DO'99', DO'8E'). */
export const MAX_SHORT_SIGNATURE = 223;

/** The signature's length in bytes: the modulus for RSA, r‖s for ECDSA. */
export function signatureLength(key: KeyObject): number {
  if (key.asymmetricKeyType === 'rsa') return Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  // An unnamed curve: assume the largest (the command then asks for an extended answer, which any chip may fill less).
  return 2 * Math.ceil((curveBits(key) ?? 521) / 8);
}

export function describeKey(key: KeyObject): string {
  if (key.asymmetricKeyType === 'rsa') return `RSA-${key.asymmetricKeyDetails?.modulusLength ?? '?'}`;
  return `ECDSA ${key.asymmetricKeyDetails?.namedCurve ?? 'explicit curve'}`;
}
