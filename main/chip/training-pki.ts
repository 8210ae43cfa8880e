// TRAINING ONLY. A country signing CA (CSCA) and document signer (DS) made at start-up in memory, and
// an EF.SOD signed by that DS, so the training kiosk's virtual ePassport passes passive authentication
// exactly as a real state's chip would. Every certificate says TRAINING in its organisation and name;
// the keys never leave the process and are gone when it ends. Made with WebCrypto (ECDSA P-256) and pkijs.
import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID_LDS_SECURITY_OBJECT } from './sod';
import { encodeTlv } from './tlv';

export const TRAINING_ORGANISATION = 'Branch ID Kiosk TRAINING - not a state authority';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
/**
 * The key type pkijs' signatures name: the global CryptoKey, which is the DOM's where the DOM library is
 * in the compilation (the e2e tests) and Node's elsewhere. Node's keys are those keys at run time.
 */
type PkijsKey = Parameters<pkijs.Certificate['sign']>[0];
const forPkijs = (k: CryptoKey): PkijsKey => k as unknown as PkijsKey;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const OID = {
  country: '2.5.4.6',
  organisation: '2.5.4.10',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

export interface TrainingPki {
  /** The training CSCA of `countryAlpha2`: trust it, and only in training. */
  csca: pkijs.Certificate;
  /** EF.SOD (tag 77) over the data groups, signed by this country's training document signer. */
  signSod(groups: Map<number, Uint8Array>): Promise<Buffer>;
}

const name = (country: string, commonName: string): pkijs.RelativeDistinguishedNames =>
  new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: OID.country, value: new asn1js.PrintableString({ value: country }) }),
      new pkijs.AttributeTypeAndValue({ type: OID.organisation, value: new asn1js.Utf8String({ value: TRAINING_ORGANISATION }) }),
      new pkijs.AttributeTypeAndValue({ type: OID.commonName, value: new asn1js.Utf8String({ value: commonName }) }),
    ],
  });

function keyUsage(bits: number): pkijs.Extension {
  // One byte of KeyUsage flags (bit 0 = digitalSignature … bit 5 = keyCertSign, bit 6 = cRLSign).
  const usage = new asn1js.BitString({ valueHex: new Uint8Array([bits]).buffer, unusedBits: 1 });
  return new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: usage.toBER(false) });
}

async function certificate(options: {
  serial: number;
  subject: pkijs.RelativeDistinguishedNames;
  issuer: pkijs.RelativeDistinguishedNames;
  publicKey: CryptoKey;
  signingKey: CryptoKey;
  ca: boolean;
}): Promise<pkijs.Certificate> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: options.serial });
  cert.subject = options.subject;
  cert.issuer = options.issuer;
  const now = Date.now();
  cert.notBefore.value = new Date(now - 24 * 3600_000);
  cert.notAfter.value = new Date(now + 365 * 24 * 3600_000);
  cert.extensions = options.ca
    ? [
        new pkijs.Extension({
          extnID: OID.basicConstraints,
          critical: true,
          extnValue: new pkijs.BasicConstraints({ cA: true, pathLenConstraint: 0 }).toSchema().toBER(false),
        }),
        keyUsage(0x06),
      ]
    : [keyUsage(0x80)];
  await cert.subjectPublicKeyInfo.importKey(forPkijs(options.publicKey), pkijs.getCrypto(true));
  await cert.sign(forPkijs(options.signingKey), 'SHA-256', pkijs.getCrypto(true));
  return cert;
}

/** LDSSecurityObject ::= SEQUENCE { version 0, hashAlgorithm SHA-256, dataGroupHashValues }. */
export function ldsSecurityObject(groups: Map<number, Uint8Array>): Buffer {
  const entries = [...groups].map(
    ([n, bytes]) =>
      new asn1js.Sequence({
        value: [new asn1js.Integer({ value: n }), new asn1js.OctetString({ valueHex: createHash('sha256').update(bytes).digest() })],
      }),
  );
  const lso = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.sha256 })] }),
      new asn1js.Sequence({ value: entries }),
    ],
  });
  return Buffer.from(lso.toBER());
}

/** A training CSCA and DS for one country (ISO 3166-1 alpha-2, as certificates name countries). */
export async function createTrainingPki(countryAlpha2: string): Promise<TrainingPki> {
  const subtle = webcrypto.subtle;
  const cscaKeys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const dsKeys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cscaName = name(countryAlpha2, `TRAINING CSCA ${countryAlpha2}`);
  const csca = await certificate({ serial: 1, subject: cscaName, issuer: cscaName, publicKey: cscaKeys.publicKey, signingKey: cscaKeys.privateKey, ca: true });
  const ds = await certificate({
    serial: 2,
    subject: name(countryAlpha2, `TRAINING Document Signer ${countryAlpha2}`),
    issuer: cscaName,
    publicKey: dsKeys.publicKey,
    signingKey: cscaKeys.privateKey,
    ca: false,
  });

  return {
    csca,
    async signSod(groups) {
      const lso = ldsSecurityObject(groups);
      const signedData = new pkijs.SignedData({
        version: 3,
        encapContentInfo: new pkijs.EncapsulatedContentInfo({
          eContentType: OID_LDS_SECURITY_OBJECT,
          eContent: new asn1js.OctetString({ valueHex: lso }),
        }),
        signerInfos: [
          new pkijs.SignerInfo({
            version: 1,
            sid: new pkijs.IssuerAndSerialNumber({ issuer: ds.issuer, serialNumber: ds.serialNumber }),
            signedAttrs: new pkijs.SignedAndUnsignedAttributes({
              type: 0,
              attributes: [
                new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID_LDS_SECURITY_OBJECT })] }),
                new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: createHash('sha256').update(lso).digest() })] }),
              ],
            }),
          }),
        ],
        certificates: [ds],
      });
      await signedData.sign(forPkijs(dsKeys.privateKey), 0, 'SHA-256', undefined, pkijs.getCrypto(true));
      const content = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
      return encodeTlv(0x77, Buffer.from(content.toSchema().toBER(false)));
    },
  };
}
