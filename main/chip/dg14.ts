// DG14 (ICAO 9303 Part 10, 4.7.14; Part 11, 9.2.5-9.2.6): the chip's security infos for Chip Authentication —
// ChipAuthenticationInfo { protocol, version, keyId? } and ChipAuthenticationPublicKeyInfo { id-PK-ECDH or
// id-PK-DH, SubjectPublicKeyInfo, keyId? }. The chip's static public key carries its domain parameters either as
// a named curve or explicitly (as most passports do); explicit parameters are matched to a curve the kiosk knows.
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import * as asn1js from 'asn1js';
import { ChipError } from './errors';
import { readTlv } from './tlv';

type Curve = typeof brainpoolP256r1;

const ID_PK_DH = '0.4.0.127.0.7.2.2.1.1';
const ID_PK_ECDH = '0.4.0.127.0.7.2.2.1.2';
const ID_CA = '0.4.0.127.0.7.2.2.3';
const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const ID_PRIME_FIELD = '1.2.840.10045.1.1';

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
}

const bad = (why: string): ChipError => new ChipError('bad-apdu', `The chip's DG14 is not well-formed: ${why}.`);

const bigintOf = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`));

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

function parsePublicKey(spki: asn1js.Sequence): { agreement: 'ECDH' | 'DH'; curve: ChipAuthenticationKey['curve']; point: Uint8Array | null } {
  const [algorithm, key] = spki.valueBlock.value;
  if (!(algorithm instanceof asn1js.Sequence) || !(key instanceof asn1js.BitString)) throw bad('a chip authentication public key is malformed');
  const [oid, params] = algorithm.valueBlock.value;
  if (!(oid instanceof asn1js.ObjectIdentifier)) throw bad('a chip authentication public key names no algorithm');
  const algorithmOid = oid.valueBlock.toString();
  if (algorithmOid !== ID_EC_PUBLIC_KEY && algorithmOid !== ID_PK_ECDH) return { agreement: 'DH', curve: null, point: null };
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
  const keys: { agreement: 'ECDH' | 'DH'; curve: ChipAuthenticationKey['curve']; point: Uint8Array | null; keyId: number | null }[] = [];
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
    out.push({ protocol, agreement: arcs[0] === '2' ? 'ECDH' : 'DH', cipher, keyId: key.keyId, curve: key.curve, publicPoint: key.point });
  }
  return out;
}

/** The first key the kiosk can run chip authentication with: ECDH on a known curve, any of the four ciphers. */
export function supportedChipAuthenticationKey(keys: ChipAuthenticationKey[]): ChipAuthenticationKey | null {
  return keys.find((k) => k.agreement === 'ECDH' && k.curve !== null && k.publicPoint !== null) ?? null;
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
