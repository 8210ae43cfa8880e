// CSCA master lists as states publish them (ICAO 9303 Part 12, 9): a CMS SignedData whose content
// (type id-icao-cscaMasterList, 2.23.136.1.1.2) is CscaMasterList ::= SEQUENCE { version, certList SET OF
// Certificate }. A list is believed only when its signature verifies with its master list signer certificate,
// that signer is issued by a CSCA the kiosk already trusts (the publishing state's, from the CSCA folder), is
// valid on the day and carries the master-list-signing purpose (extended key usage 2.23.136.1.1.3).
// Anything else is refused with a sentence saying what is wrong; nothing of a refused list is used.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { ChipError } from './errors';
import { subjectCountry } from './trust-material';

export const OID_CSCA_MASTER_LIST = '2.23.136.1.1.2';
export const OID_MASTER_LIST_SIGNING = '2.23.136.1.1.3';
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_EXTENDED_KEY_USAGE = '2.5.29.37';

export interface MasterList {
  /** The CSCA certificates the list carries. */
  cscas: pkijs.Certificate[];
  /** The state that signed the list (C= of its signer), e.g. "DE". */
  publisher: string | null;
  /** Certificates in the list that could not be read (left out). */
  unreadable: number;
}

const refuse = (why: string): ChipError => new ChipError('trust-file', `The master list is refused: ${why}.`);

function derOf(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const pem = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/.exec(text);
  return pem ? Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64') : bytes;
}

const cn = (cert: pkijs.Certificate): string => {
  const attr = cert.subject.typesAndValues.find((t) => t.type === '2.5.4.3');
  return attr ? String((attr.value as { valueBlock: { value: unknown } }).valueBlock.value) : 'unnamed';
};

async function issuedBy(cert: pkijs.Certificate, anchors: pkijs.Certificate[]): Promise<pkijs.Certificate | null> {
  for (const anchor of anchors) {
    if (!cert.issuer.isEqual(anchor.subject)) continue;
    try {
      if (await cert.verify(anchor)) return anchor;
    } catch {
      // a key that cannot check this signature: not the issuer
    }
  }
  return null;
}

function hasMasterListPurpose(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === OID_EXTENDED_KEY_USAGE);
  const usage = ext?.parsedValue as pkijs.ExtKeyUsage | undefined;
  return !!usage?.keyPurposes?.includes(OID_MASTER_LIST_SIGNING);
}

/**
 * Reads and verifies a master list. `anchors`: CSCA certificates trusted already (the publishing state's
 * CSCA must be among them); `at`: the day the signer's validity is judged. Throws ChipError('trust-file').
 */
export async function loadMasterList(bytes: Uint8Array, options: { anchors: pkijs.Certificate[]; at?: Date }): Promise<MasterList> {
  const at = options.at ?? new Date();
  const parsed = asn1js.fromBER(derOf(bytes));
  if (parsed.offset === -1) throw refuse('the file is not DER or PEM CMS');
  let signedData: pkijs.SignedData;
  try {
    const info = new pkijs.ContentInfo({ schema: parsed.result });
    if (info.contentType !== OID_SIGNED_DATA) throw refuse('it is not CMS SignedData');
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (e) {
    throw e instanceof ChipError ? e : refuse('the CMS SignedData cannot be read');
  }
  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== OID_CSCA_MASTER_LIST || !encap.eContent) throw refuse(`its content is not a CSCA master list (${OID_CSCA_MASTER_LIST})`);
  if (signedData.signerInfos.length !== 1) throw refuse('it must have exactly one signer');

  let signer: pkijs.Certificate | undefined;
  try {
    const result = await signedData.verify({ signer: 0, checkChain: false, extendedMode: true });
    if (result.signatureVerified === true) signer = result.signerCertificate ?? undefined;
  } catch {
    signer = undefined;
  }
  if (!signer) throw refuse('its signature does not verify (the file was altered or is damaged)');
  if (!(await issuedBy(signer, options.anchors))) {
    throw refuse(`its signer "${cn(signer)}" is not issued by a CSCA this kiosk trusts (place the publishing state's CSCA certificate in the CSCA folder)`);
  }
  if (!(signer.notBefore.value <= at && at <= signer.notAfter.value)) {
    throw refuse(`its signer "${cn(signer)}" is not valid on ${at.toISOString().slice(0, 10)}`);
  }
  if (!hasMasterListPurpose(signer)) throw refuse(`its signer "${cn(signer)}" is not a master list signer (extended key usage ${OID_MASTER_LIST_SIGNING})`);

  const content = asn1js.fromBER(new Uint8Array(encap.eContent.getValue()));
  const [version, certList] = content.result instanceof asn1js.Sequence ? content.result.valueBlock.value : [];
  if (content.offset === -1 || !(version instanceof asn1js.Integer) || !(certList instanceof asn1js.Set)) {
    throw refuse('its content is not a CscaMasterList (version, set of certificates)');
  }
  const cscas: pkijs.Certificate[] = [];
  let unreadable = 0;
  for (const item of certList.valueBlock.value) {
    try {
      cscas.push(new pkijs.Certificate({ schema: item }));
    } catch {
      unreadable++;
    }
  }
  return { cscas, publisher: subjectCountry(signer), unreadable };
}
