// Loads CSCA certificates and CRLs given as DER or PEM bytes into pkijs objects.
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { ChipError } from './errors';

function der(bytes: Uint8Array, what: string): ArrayBuffer {
  const text = Buffer.from(bytes).toString('latin1');
  const pem = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/.exec(text);
  const raw = pem ? Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64') : Buffer.from(bytes);
  if (raw.length === 0) throw new ChipError('bad-apdu', `The ${what} is empty.`);
  return raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length) as ArrayBuffer;
}

export function loadCertificate(bytes: Uint8Array): pkijs.Certificate {
  try {
    return pkijs.Certificate.fromBER(der(bytes, 'certificate'));
  } catch (e) {
    throw e instanceof ChipError ? e : new ChipError('bad-apdu', 'A trust-store certificate cannot be read (expected DER or PEM X.509).');
  }
}

export function loadCrl(bytes: Uint8Array): pkijs.CertificateRevocationList {
  try {
    return pkijs.CertificateRevocationList.fromBER(der(bytes, 'CRL'));
  } catch (e) {
    throw e instanceof ChipError ? e : new ChipError('bad-apdu', 'A CRL cannot be read (expected DER or PEM).');
  }
}

/** The country code (C=) of a certificate's subject, upper case, or null. */
export function subjectCountry(cert: pkijs.Certificate): string | null {
  const c = cert.subject.typesAndValues.find((t) => t.type === '2.5.4.6');
  const value = c?.value as asn1js.PrintableString | undefined;
  return value ? value.valueBlock.value.toUpperCase() : null;
}
