// Passive authentication (ICAO 9303 Part 11, 5.1): the data groups read hash to the values in the SOD's
// LDS security object, the SOD's CMS signature verifies with its document signer (DS) certificate, and
// that certificate chains to a trusted CSCA, is valid at the check date and is not on that CSCA's CRL.
// Each failure has its own outcome, because a fraud team treats "altered data" and "unknown state" differently.
import { createHash } from 'node:crypto';
import type * as pkijs from 'pkijs';
import { ChipError } from './errors';
import { parseSod } from './sod';
import { subjectCountry } from './trust-material';

export type PassiveAuthFailure =
  | 'sod-malformed'
  | 'data-group-not-in-sod'
  | 'data-group-altered'
  | 'signature-invalid'
  | 'signer-not-trusted'
  | 'signer-not-valid-at-date'
  | 'csca-not-valid-at-date'
  | 'signer-revoked';

export type PassiveAuthOutcome =
  | { ok: true; country: string | null; signerSubject: string; hashAlgorithm: string; dataGroups: number[] }
  | { ok: false; reason: PassiveAuthFailure; message: string; dataGroups?: number[] };

export interface TrustStore {
  cscas: pkijs.Certificate[];
  crls: pkijs.CertificateRevocationList[];
}

export interface PassiveAuthInput {
  sod: Uint8Array;
  /** Data-group number → the DG file exactly as read from the chip. */
  dataGroups: Map<number, Uint8Array>;
  trust: TrustStore;
  /** The date validity is judged at; the time of the check unless given. */
  at?: Date;
}

const fail = (reason: PassiveAuthFailure, message: string, dataGroups?: number[]): PassiveAuthOutcome =>
  dataGroups ? { ok: false, reason, message, dataGroups } : { ok: false, reason, message };

const dn = (cert: pkijs.Certificate): string =>
  cert.subject.typesAndValues.map((t) => `${t.type}=${String((t.value as { valueBlock: { value: unknown } }).valueBlock.value)}`).join(',');

const validAt = (cert: pkijs.Certificate, at: Date): boolean => cert.notBefore.value <= at && at <= cert.notAfter.value;

async function findIssuer(ds: pkijs.Certificate, cscas: pkijs.Certificate[]): Promise<pkijs.Certificate | null> {
  for (const csca of cscas) {
    if (!ds.issuer.isEqual(csca.subject)) continue;
    try {
      if (await ds.verify(csca)) return csca;
    } catch {
      // a key type the CSCA cannot check this signature with: not the issuer
    }
  }
  return null;
}

async function isRevoked(ds: pkijs.Certificate, csca: pkijs.Certificate, crls: pkijs.CertificateRevocationList[]): Promise<boolean> {
  for (const crl of crls) {
    if (!crl.issuer.isEqual(csca.subject)) continue;
    let genuine: boolean;
    try {
      genuine = await crl.verify({ issuerCertificate: csca });
    } catch {
      genuine = false;
    }
    // A CRL the CSCA did not sign is ignored: it cannot be trusted to say anything.
    if (genuine && crl.isCertificateRevoked(ds)) return true;
  }
  return false;
}

export async function passiveAuthentication(input: PassiveAuthInput): Promise<PassiveAuthOutcome> {
  const at = input.at ?? new Date();
  let sod;
  try {
    sod = parseSod(input.sod);
  } catch (e) {
    if (e instanceof ChipError) return fail('sod-malformed', e.message);
    throw e;
  }

  // Step 1: every data group read must be listed in the SOD and hash to the listed value.
  const numbers = [...input.dataGroups.keys()].sort((a, b) => a - b);
  const missing = numbers.filter((n) => !sod.lds.hashes.has(n));
  if (missing.length > 0) {
    return fail('data-group-not-in-sod', `The chip's security object does not list data group ${missing.join(', ')}.`, missing);
  }
  const altered = numbers.filter((n) => {
    const actual = createHash(sod.lds.hashAlgorithm).update(input.dataGroups.get(n)!).digest();
    return !actual.equals(sod.lds.hashes.get(n)!);
  });
  if (altered.length > 0) {
    return fail(
      'data-group-altered',
      `Data group ${altered.join(', ')} on the chip does not match what the issuing state signed: the chip data has been altered.`,
      altered,
    );
  }

  // Step 2: the CMS signature, then the document signer's chain, validity and revocation.
  let signer: pkijs.Certificate | undefined;
  try {
    const result = await sod.signedData.verify({ signer: 0, checkChain: false, extendedMode: true });
    if (result.signatureVerified === true) signer = result.signerCertificate ?? undefined;
  } catch {
    signer = undefined;
  }
  if (!signer) return fail('signature-invalid', 'The signature on the chip\'s security object does not verify.');

  const csca = await findIssuer(signer, input.trust.cscas);
  if (!csca) {
    return fail('signer-not-trusted', 'The document signer certificate does not chain to a trusted state (CSCA) certificate.');
  }
  if (!validAt(signer, at)) {
    return fail('signer-not-valid-at-date', `The document signer certificate is not valid on ${at.toISOString().slice(0, 10)}.`);
  }
  if (!validAt(csca, at)) {
    return fail('csca-not-valid-at-date', `The state (CSCA) certificate is not valid on ${at.toISOString().slice(0, 10)}.`);
  }
  if (await isRevoked(signer, csca, input.trust.crls)) {
    return fail('signer-revoked', 'The issuing state has revoked the document signer certificate.');
  }
  return { ok: true, country: subjectCountry(csca), signerSubject: dn(signer), hashAlgorithm: sod.lds.hashAlgorithm, dataGroups: numbers };
}
