// Builds a DG14 holding one chip authentication key, as an issuing state writes it (ICAO 9303 Part 11, 9.2.5):
// SET { ChipAuthenticationInfo { id-CA-ECDH-<cipher>, version 1 }, ChipAuthenticationPublicKeyInfo { id-PK-ECDH,
// SubjectPublicKeyInfo { id-ecPublicKey with the curve named or its parameters written out, the public point } } }.
// Or, with a DH key: { id-CA-DH-<cipher>, 1 }, { id-PK-DH, SubjectPublicKeyInfo { dhpublicnumber with X9.42
// DomainParameters { p, g, q }, INTEGER y } }. Used by the training ePassport and by the tests' emulated passport.
import * as asn1js from 'asn1js';
import type { DhGroup } from './dh-group';
import { knownCurve, OID_CA_DH, OID_CA_ECDH, OID_DH_X942, OID_EC_PUBLIC_KEY, OID_PK_DH, OID_PK_ECDH, type ChipAuthCipher } from './dg14';
import { encodeTlv } from './tlv';

const ID_PRIME_FIELD = '1.2.840.10045.1.1';

const integer = (n: bigint): asn1js.Integer => {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return new asn1js.Integer({ valueHex: Buffer.from(hex, 'hex') });
};

const fieldElement = (n: bigint, bytes: number): asn1js.OctetString =>
  new asn1js.OctetString({ valueHex: Buffer.from(n.toString(16).padStart(bytes * 2, '0'), 'hex') });

export interface Dg14Key {
  curveName: string;
  /** The chip's static public point, uncompressed. */
  publicPoint: Uint8Array;
  cipher: ChipAuthCipher;
  /** Write the domain parameters out (as most passports do) instead of naming the curve. */
  explicitParameters: boolean;
}

export function buildDg14(key: Dg14Key): Buffer {
  const { oid, curve } = knownCurve(key.curveName);
  let parameters: asn1js.AsnType;
  if (key.explicitParameters) {
    const c = curve.Point.CURVE();
    const size = curve.Point.Fp.BYTES;
    parameters = new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 1 }),
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: ID_PRIME_FIELD }), integer(c.p)] }),
        new asn1js.Sequence({ value: [fieldElement(c.a, size), fieldElement(c.b, size)] }),
        new asn1js.OctetString({ valueHex: curve.Point.BASE.toBytes(false) }),
        integer(c.n),
        integer(c.h),
      ],
    });
  } else {
    parameters = new asn1js.ObjectIdentifier({ value: oid });
  }
  const spki = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_EC_PUBLIC_KEY }), parameters] }),
      new asn1js.BitString({ valueHex: key.publicPoint }),
    ],
  });
  return dg14Of(OID_CA_ECDH[key.cipher], OID_PK_ECDH, spki);
}

/** A DG14 around one ChipAuthenticationInfo and its public key info (the SubjectPublicKeyInfo's DER given). */
export function dg14Of(protocol: string, publicKeyOid: string, spki: asn1js.AsnType): Buffer {
  const infos = new asn1js.Set({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: protocol }), new asn1js.Integer({ value: 1 })] }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: publicKeyOid }), spki] }),
    ],
  });
  return encodeTlv(0x6e, Buffer.from(infos.toBER()));
}

/** A DG14 with a DH chip authentication key: the group (X9.42 parameters) and the chip's public value y. */
export function buildDhDg14(key: { group: DhGroup; y: bigint; cipher: ChipAuthCipher }): Buffer {
  if (key.group.q === null) throw new RangeError('an X9.42 DH key needs q');
  const spki = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: OID_DH_X942 }), new asn1js.Sequence({ value: [integer(key.group.p), integer(key.group.g), integer(key.group.q)] })],
      }),
      new asn1js.BitString({ valueHex: integer(key.y).toBER() }),
    ],
  });
  return dg14Of(OID_CA_DH[key.cipher], OID_PK_DH, spki);
}
