// Passive authentication (ICAO 9303 Part 11, 5.1): the data groups read hash to the values in the SOD's
// LDS security object, the SOD's CMS signature verifies with its document signer (DS) certificate, and
// that certificate chains to a trusted CSCA, is valid at the check date and is not on that CSCA's CRL.
// Revocation policy: a CRL counts only when that CSCA signed it; a DS listed on any such CRL is revoked, even
// on an expired one (revocation is final). Otherwise the DS is "not revoked" only when one of those CRLs is
// current (thisUpdate ≤ date ≤ nextUpdate); when all are past nextUpdate, or none is installed, the revocation
// status is unknown — the chip still verifies, and the result says so (never silently "not revoked").
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

export type RevocationCheck =
  /** A current CRL of the CSCA does not list the document signer; `nextUpdate` is that CRL's. */
  | { status: 'not-revoked'; nextUpdate: string }
  | { status: 'unknown'; reason: 'crl-expired' | 'no-crl'; message: string };

export type PassiveAuthOutcome =
  | { ok: true; country: string | null; signerSubject: string; hashAlgorithm: string; dataGroups: number[]; revocation: RevocationCheck }
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

const day = (d: Date): string => d.toISOString().slice(0, 10);

async function revocationOf(
  ds: pkijs.Certificate,
  csca: pkijs.Certificate,
  crls: pkijs.CertificateRevocationList[],
  at: Date,
): Promise<RevocationCheck | 'revoked'> {
  const genuine: pkijs.CertificateRevocationList[] = [];
  for (const crl of crls) {
    if (!crl.issuer.isEqual(csca.subject)) continue;
    try {
      // A CRL the CSCA did not sign is ignored: it cannot be trusted to say anything.
      if (await crl.verify({ issuerCertificate: csca })) genuine.push(crl);
    } catch {
      // a key the CSCA cannot check this signature with: not its CRL
    }
  }
  if (genuine.some((crl) => crl.isCertificateRevoked(ds))) return 'revoked';
  const country = subjectCountry(csca) ?? 'the issuing state';
  const current = genuine.filter((crl) => crl.thisUpdate.value <= at && crl.nextUpdate !== undefined && at <= crl.nextUpdate.value);
  if (current.length > 0) {
    const latest = Math.max(...current.map((crl) => crl.nextUpdate!.value.getTime()));
    return { status: 'not-revoked', nextUpdate: new Date(latest).toISOString() };
  }
  if (genuine.length === 0) {
    return { status: 'unknown', reason: 'no-crl', message: `Revocation not checked: no revocation list (CRL) from ${country} is installed.` };
  }
  const newest = Math.max(...genuine.map((crl) => crl.nextUpdate?.value.getTime() ?? crl.thisUpdate.value.getTime()));
  return {
    status: 'unknown',
    reason: 'crl-expired',
    message: `Revocation status unknown: the newest revocation list (CRL) from ${country} expired on ${day(new Date(newest))}; install the current one.`,
  };
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
  const revocation = await revocationOf(signer, csca, input.trust.crls, at);
  if (revocation === 'revoked') {
    return fail('signer-revoked', 'The issuing state has revoked the document signer certificate.');
  }
  return { ok: true, country: subjectCountry(csca), signerSubject: dn(signer), hashAlgorithm: sod.lds.hashAlgorithm, dataGroups: numbers, revocation };
}
