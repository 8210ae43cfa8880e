// DG14 (ICAO 9303 Part 10, 4.7.14; Part 11, 9.2.5-9.2.6): the chip's security infos for Chip Authentication —
// ChipAuthenticationInfo { protocol, version, keyId? } and ChipAuthenticationPublicKeyInfo { id-PK-ECDH or
// id-PK-DH, SubjectPublicKeyInfo, keyId? }. The chip's static public key carries its domain parameters either as
// a named curve or explicitly (as most passports do); explicit parameters are matched to a curve the kiosk knows.
// A DH key (id-PK-DH) carries its group as X9.42 DomainParameters { p, g, q, … } (dhpublicnumber, RFC 3279) or
// PKCS #3 DHParameter { p, g, … }, and its public value as a DER INTEGER inside the bit string.
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import * as asn1js from 'asn1js';
import { bigintOfBytes, validPublicValue, type DhGroup } from './dh-group';
import { ChipError } from './errors';
import { readTlv } from './tlv';

type Curve = typeof brainpoolP256r1;

const ID_PK_DH = '0.4.0.127.0.7.2.2.1.1';
const ID_PK_ECDH = '0.4.0.127.0.7.2.2.1.2';
const ID_CA = '0.4.0.127.0.7.2.2.3';
const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const ID_PRIME_FIELD = '1.2.840.10045.1.1';
const ID_DH_X942 = '1.2.840.10046.2.1';
const ID_DH_PKCS3 = '1.2.840.113549.1.3.1';
/** The smallest DH modulus the kiosk accepts (RFC 5114's 1024-bit group is the smallest ICAO uses). */
const MIN_DH_BITS = 1024;

/** Curves the kiosk computes on, by their named-curve OIDs. */
const CURVES: { name: string; oid: string; curve: Curve }[] = [
  { name: 'NIST P-256', oid: '1.2.840.10045.3.1.7', curve: p256 },
  { name: 'NIST P-384', oid: '1.3.132.0.34', curve: p384 },
  { name: 'NIST P-521', oid: '1.3.132.0.35', curve: p521 },
  { name: 'brainpoolP256r1', oid: '1.3.36.3.3.2.8.1.1.7', curve: brainpoolP256r1 },
  { name: 'brainpoolP384r1', oid: '1.3.36.3.3.2.8.1.1.11', curve: brainpoolP384r1 },
  { name: 'brainpoolP512r1', oid: '1.3.36.3.3.2.8.1.1.13', curve: brainpoolP512r1 },
];

const CA_CIPHERS: Record<string, ChipAuthCipher> = { '1': '3DES', '2': 'AES-128', '3': 'AES-192', '4': 'AES-256' };

export type ChipAuthCipher = '3DES' | 'AES-128' | 'AES-192' | 'AES-256';

export interface ChipAuthenticationKey {
  /** id-CA-ECDH-… (or id-CA-DH-…) as the chip names it; for a DG14 without ChipAuthenticationInfo, id-CA-ECDH-3DES-CBC-CBC. */
  protocol: string;
  agreement: 'ECDH' | 'DH';
  cipher: ChipAuthCipher;
  keyId: number | null;
  /** Set for ECDH keys on a curve the kiosk knows. */
  curve: { name: string; curve: Curve } | null;
  /** The chip's static public point (uncompressed or compressed encoding as stored), ECDH only. */
  publicPoint: Uint8Array | null;
  /** DH only: the group and the chip's static public value; null when the key cannot be read or is unusable. */
  dh?: { group: DhGroup; y: bigint } | null;
}

const bad = (why: string): ChipError => new ChipError('bad-apdu', `The chip's DG14 is not well-formed: ${why}.`);

const bigintOf = bigintOfBytes;

const integerOf = (node: asn1js.AsnType | undefined): bigint | null =>
  node instanceof asn1js.Integer ? bigintOf(new Uint8Array(node.valueBlock.valueHexView)) : null;

/** The curve explicit ECParameters (RFC 3279) describe, when it is one of the kiosk's curves. */
function curveOfExplicit(params: asn1js.Sequence): { name: string; curve: Curve } | null {
  const [, fieldId, curveSeq, base, order] = params.valueBlock.value;
  if (!(fieldId instanceof asn1js.Sequence) || !(curveSeq instanceof asn1js.Sequence) || !(base instanceof asn1js.OctetString)) return null;
  const [fieldType, prime] = fieldId.valueBlock.value;
  if (!(fieldType instanceof asn1js.ObjectIdentifier) || fieldType.valueBlock.toString() !== ID_PRIME_FIELD) return null;
  const [a, b] = curveSeq.valueBlock.value;
  if (!(a instanceof asn1js.OctetString) || !(b instanceof asn1js.OctetString)) return null;
  const p = integerOf(prime);
  const n = integerOf(order);
  const generator = new Uint8Array(base.valueBlock.valueHexView);
  for (const known of CURVES) {
    const c = known.curve.Point.CURVE();
    if (c.p !== p || c.n !== n) continue;
    if (c.a !== bigintOf(new Uint8Array(a.valueBlock.valueHexView)) || c.b !== bigintOf(new Uint8Array(b.valueBlock.valueHexView))) continue;
    try {
      if (!known.curve.Point.fromBytes(generator).equals(known.curve.Point.BASE)) continue;
    } catch {
      continue;
    }
    return { name: known.name, curve: known.curve };
  }
  return null;
}

/** The DH group and public value of a DH SubjectPublicKeyInfo, or null when the kiosk cannot use it. */
function dhKeyOf(algorithmOid: string, params: asn1js.AsnType | undefined, key: asn1js.BitString): ChipAuthenticationKey['dh'] {
  if (!(params instanceof asn1js.Sequence)) return null;
  const [p, g, third] = params.valueBlock.value.map(integerOf);
  if (!p || !g) return null;
  // X9.42 (dhpublicnumber, and id-PK-DH as TR-03110 writes it) gives q third; PKCS #3's third is a length.
  const q = algorithmOid === ID_DH_PKCS3 ? null : (third ?? null);
  const parsed = asn1js.fromBER(key.valueBlock.valueHexView);
  const y = parsed.offset === -1 ? null : integerOf(parsed.result);
  if (y === null || p.toString(2).length < MIN_DH_BITS) return null;
  const group = { p, g, q };
  if (!validPublicValue(group, y) || (q !== null && (q < 2n || (p - 1n) % q !== 0n))) return null;
  return { group, y };
}

function parsePublicKey(spki: asn1js.Sequence): { agreement: 'ECDH' | 'DH'; curve: ChipAuthenticationKey['curve']; point: Uint8Array | null; dh?: ChipAuthenticationKey['dh'] } {
  const [algorithm, key] = spki.valueBlock.value;
  if (!(algorithm instanceof asn1js.Sequence) || !(key instanceof asn1js.BitString)) throw bad('a chip authentication public key is malformed');
  const [oid, params] = algorithm.valueBlock.value;
  if (!(oid instanceof asn1js.ObjectIdentifier)) throw bad('a chip authentication public key names no algorithm');
  const algorithmOid = oid.valueBlock.toString();
  if (algorithmOid === ID_DH_X942 || algorithmOid === ID_DH_PKCS3 || algorithmOid === ID_PK_DH) {
    return { agreement: 'DH', curve: null, point: null, dh: dhKeyOf(algorithmOid, params, key) };
  }
  if (algorithmOid !== ID_EC_PUBLIC_KEY && algorithmOid !== ID_PK_ECDH) return { agreement: 'DH', curve: null, point: null, dh: null };
  let curve: ChipAuthenticationKey['curve'] = null;
  if (params instanceof asn1js.ObjectIdentifier) {
    const named = CURVES.find((c) => c.oid === params.valueBlock.toString());
    curve = named ? { name: named.name, curve: named.curve } : null;
  } else if (params instanceof asn1js.Sequence) {
    curve = curveOfExplicit(params);
  }
  return { agreement: 'ECDH', curve, point: new Uint8Array(key.valueBlock.valueHexView) };
}

/** Every chip authentication key DG14 offers, each paired with its protocol (ICAO 9303 Part 11, 9.2.5). */
export function parseDg14(bytes: Uint8Array): ChipAuthenticationKey[] {
  let body: Uint8Array;
  try {
    const { tlv } = readTlv(bytes);
    if (tlv.tag !== 0x6e) throw bad('it does not start with tag 6E');
    body = tlv.value;
  } catch (e) {
    throw e instanceof ChipError ? e : bad('its outer length is wrong');
  }
  const parsed = asn1js.fromBER(body);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Set)) throw bad('its security infos are not a DER set');
  const infos: { protocol: string; keyId: number | null }[] = [];
  const keys: { agreement: 'ECDH' | 'DH'; curve: ChipAuthenticationKey['curve']; point: Uint8Array | null; dh?: ChipAuthenticationKey['dh']; keyId: number | null }[] = [];
  for (const item of parsed.result.valueBlock.value) {
    if (!(item instanceof asn1js.Sequence)) throw bad('a security info is not a sequence');
    const [oid, second, third] = item.valueBlock.value;
    if (!(oid instanceof asn1js.ObjectIdentifier)) throw bad('a security info names no protocol');
    const protocol = oid.valueBlock.toString();
    const keyId = third instanceof asn1js.Integer ? third.valueBlock.valueDec : null;
    if (protocol.startsWith(`${ID_CA}.`)) {
      if (!(second instanceof asn1js.Integer)) throw bad('a ChipAuthenticationInfo has no version');
      infos.push({ protocol, keyId });
    } else if (protocol === ID_PK_ECDH || protocol === ID_PK_DH) {
      if (!(second instanceof asn1js.Sequence)) throw bad('a ChipAuthenticationPublicKeyInfo holds no public key');
      keys.push({ ...parsePublicKey(second), keyId });
    }
    // Other security infos (active authentication, terminal authentication, PACE) are not chip authentication.
  }
  const out: ChipAuthenticationKey[] = [];
  for (const key of keys) {
    const info = infos.find((i) => i.keyId === key.keyId) ?? (infos.length === 1 ? infos[0] : undefined);
    // A DG14 with a key but no ChipAuthenticationInfo means CA with 3DES (ICAO 9303 Part 11, 9.2.5).
    const protocol = info?.protocol ?? (infos.length === 0 ? `${ID_CA}.${key.agreement === 'ECDH' ? 2 : 1}.1` : null);
    if (!protocol) continue;
    const arcs = protocol.slice(ID_CA.length + 1).split('.');
    const cipher = CA_CIPHERS[arcs[1] ?? ''];
    if (!cipher) continue;
    const agreement = arcs[0] === '2' ? 'ECDH' : 'DH';
    // A DH protocol runs only over a DH key (an ECDH key under it stays unusable: dh null).
    out.push({ protocol, agreement, cipher, keyId: key.keyId, curve: key.curve, publicPoint: key.point, ...(agreement === 'DH' ? { dh: key.agreement === 'DH' ? (key.dh ?? null) : null } : {}) });
  }
  return out;
}

/**
 * The key the kiosk runs chip authentication with: the first ECDH key on a known curve, else the first DH key
 * whose group and public value are usable (any of the four ciphers).
 */
export function supportedChipAuthenticationKey(keys: ChipAuthenticationKey[]): ChipAuthenticationKey | null {
  return keys.find((k) => k.agreement === 'ECDH' && k.curve !== null && k.publicPoint !== null) ?? keys.find((k) => k.agreement === 'DH' && !!k.dh) ?? null;
}

/** A curve the kiosk knows, by name, with its named-curve OID (for building DG14 in tests and training). */
export function knownCurve(name: string): { name: string; oid: string; curve: Curve } {
  const c = CURVES.find((x) => x.name === name);
  if (!c) throw new RangeError(`unknown curve ${name}`);
  return c;
}

export const OID_PK_ECDH = ID_PK_ECDH;
export const OID_EC_PUBLIC_KEY = ID_EC_PUBLIC_KEY;
export const OID_CA_ECDH = { '3DES': `${ID_CA}.2.1`, 'AES-128': `${ID_CA}.2.2`, 'AES-192': `${ID_CA}.2.3`, 'AES-256': `${ID_CA}.2.4` } as const;
export const OID_CA_DH = { '3DES': `${ID_CA}.1.1`, 'AES-128': `${ID_CA}.1.2`, 'AES-192': `${ID_CA}.1.3`, 'AES-256': `${ID_CA}.1.4` } as const;
export const OID_PK_DH = ID_PK_DH;
export const OID_DH_X942 = ID_DH_X942;
