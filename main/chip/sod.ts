// EF.SOD (ICAO 9303 Part 10, 4.6.2): an application tag 0x77 around a CMS SignedData whose encapsulated
// content is the LDSSecurityObject, the hash of every data group on the chip.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { ChipError } from './errors';
import { readTlv } from './tlv';

export const OID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export interface LdsSecurityObject {
  /** node:crypto hash name, e.g. "sha256" */
  hashAlgorithm: string;
  /** Data-group number → hash over the whole DG file as read from the chip. */
  hashes: Map<number, Buffer>;
}

export interface Sod {
  signedData: pkijs.SignedData;
  lds: LdsSecurityObject;
}

const bad = (why: string): ChipError => new ChipError('bad-apdu', `The chip's security object (EF.SOD) is not well-formed: ${why}.`);

export function parseLdsSecurityObject(der: Uint8Array): LdsSecurityObject {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) throw bad('the LDS security object is not a DER sequence');
  const [version, algorithm, values] = parsed.result.valueBlock.value;
  if (!(version instanceof asn1js.Integer) || !(algorithm instanceof asn1js.Sequence) || !(values instanceof asn1js.Sequence)) {
    throw bad('the LDS security object lacks its version, hash algorithm or hash values');
  }
  const oid = algorithm.valueBlock.value[0];
  const hashAlgorithm = oid instanceof asn1js.ObjectIdentifier ? HASHES[oid.valueBlock.toString()] : undefined;
  if (!hashAlgorithm) throw bad('its hash algorithm is not one ICAO allows');
  const hashes = new Map<number, Buffer>();
  for (const entry of values.valueBlock.value) {
    const [number, hash] = entry instanceof asn1js.Sequence ? entry.valueBlock.value : [];
    if (!(number instanceof asn1js.Integer) || !(hash instanceof asn1js.OctetString)) throw bad('a data-group hash entry is malformed');
    const dg = number.valueBlock.valueDec;
    if (dg < 1 || dg > 16 || hashes.has(dg)) throw bad(`data group ${dg} is out of range or listed twice`);
    hashes.set(dg, Buffer.from(hash.valueBlock.valueHexView));
  }
  return { hashAlgorithm, hashes };
}

export function parseSod(bytes: Uint8Array): Sod {
  let content: Uint8Array;
  try {
    const { tlv } = readTlv(bytes);
    if (tlv.tag !== 0x77) throw bad('it does not start with tag 77');
    content = tlv.value;
  } catch (e) {
    throw e instanceof ChipError ? e : bad('its outer length is wrong');
  }
  const parsed = asn1js.fromBER(content);
  if (parsed.offset === -1) throw bad('the CMS structure is not DER');
  let signedData: pkijs.SignedData;
  try {
    const info = new pkijs.ContentInfo({ schema: parsed.result });
    if (info.contentType !== OID_SIGNED_DATA) throw bad('it is not CMS SignedData');
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (e) {
    throw e instanceof ChipError ? e : bad('the CMS SignedData cannot be read');
  }
  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== OID_LDS_SECURITY_OBJECT || !encap.eContent) throw bad('it does not carry an LDS security object');
  return { signedData, lds: parseLdsSecurityObject(new Uint8Array(encap.eContent.getValue())) };
}
