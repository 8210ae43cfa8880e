// Reading and verifying a passport chip over a real PC/SC stack: pcscd with the vsmartcard virtual reader
// (started here, stopped by PID) and an emulated passport process holding a synthetic DG1 (ICAO specimen
// MRZ), a ~20 KB DG2 (synthetic JPEG face) and a SOD this test signs with its own CSCA and document
// signers (openssl). Each tampering or trust problem ends in its own outcome; a document taken off the
// reader mid-read ends in "interrupted" and reads fine when placed again. Clone detection: the PACE passport
// holds a chip authentication key (DG14, covered by the SOD) and proves it; its clone (same files, another
// private key) ends in "clone-check-failed"; the BAC passport has neither DG14 nor DG15, so its clone check is
// "not supported"; a BAC passport with only DG15 (ECDSA) passes active authentication, its clone fails it.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustStore } from '../../../main/chip/passive-auth';
import type { ChipReaderEvent } from '../../../main/chip/pcsc';
import type { ChipReadProgress } from '../../../main/chip/read-session';
import { createChipService, type ChipService, type ChipServiceResult } from '../../../main/chip/service';
import { loadTrustStoreFolders } from '../../../main/chip/trust-store-folder';
import { loadCertificate, loadCrl } from '../../../main/chip/trust-material';
import type { ChipAuthenticationPrivateKey } from '../../../main/chip/chip-authentication-card';
import { encodeTlv } from '../../../main/chip/tlv';
import { OID_CA_DH } from '../../../main/chip/dg14';
import { dhChipAuthenticationKey } from '../../helpers/chip-dh-key';
import {
  activeAuthenticationKeys, chipAuthenticationKeys, dg1Of, dg2Of, efCom, FID, SPECIMEN_ACCESS, SPECIMEN_MRZ_LINES, syntheticFaceJpeg, TestPki, writePassportFolder,
} from './support/passport-data';
import { PACE_CAM_CARD_ACCESS, PACE_CAM_PROTOCOL, PACE_CARD_ACCESS } from './support/emulated-passport';
import { startVirtualStack, type VirtualStack } from './support/virtual-stack';

let dir: string;
let stack: VirtualStack;
let pki: TestPki;
let jpeg: Buffer;
let trusted: TrustStore;
let currentTrust: TrustStore;
let service: ChipService;
const folders: Record<string, string> = {};

const DG1 = dg1Of(SPECIMEN_MRZ_LINES);
const COM = efCom([0x61, 0x75]);

function passport(name: string, files: {
  dg1?: Buffer; dg2: Buffer; dg14?: Buffer; dg15?: Buffer; sod: Buffer; cardAccess?: Buffer; chipAuthentication?: ChipAuthenticationPrivateKey; activeAuthentication?: KeyObject;
  longAnswers?: 'extended' | 'parts' | 'short-only';
}): void {
  const content = new Map<number, Buffer>([[FID.COM, COM], [FID.SOD, files.sod], [FID.DG1, files.dg1 ?? DG1], [FID.DG2, files.dg2]]);
  if (files.cardAccess) content.set(FID.CARD_ACCESS, files.cardAccess);
  if (files.dg14) {
    content.set(FID.DG14, files.dg14);
    content.set(FID.COM, efCom([0x61, 0x75, 0x6e]));
  }
  if (files.dg15) {
    content.set(FID.DG15, files.dg15);
    content.set(FID.COM, efCom([0x61, 0x75, 0x6f]));
  }
  folders[name] = writePassportFolder(join(dir, `passport-${name}`), {
    access: SPECIMEN_ACCESS, files: content, ...(files.chipAuthentication ? { chipAuthentication: files.chipAuthentication } : {}),
    ...(files.activeAuthentication ? { activeAuthentication: files.activeAuthentication } : {}),
    ...(files.longAnswers ? { longAnswers: files.longAnswers } : {}),
  });
}

/** Places a passport, reads it once through the service, takes it off again. */
async function readPassport(name: string, options: { printedMrz?: string[] | null; trust?: TrustStore; onProgress?: (p: ChipReadProgress) => void } = {}): Promise<ChipServiceResult> {
  const placed = await stack.place(folders[name]!);
  currentTrust = options.trust ?? trusted;
  try {
    return await service.read({
      readerName: stack.readerName,
      access: SPECIMEN_ACCESS,
      printedMrz: options.printedMrz === undefined ? SPECIMEN_MRZ_LINES : options.printedMrz,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    await placed.remove();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chip-read-'));
  pki = new TestPki(join(dir, 'pki'));
  const csca = pki.makeCsca('csca');
  pki.makeCsca('other-csca');
  pki.makeDs('ds', { days: 365 });
  pki.makeDs('ds-expired', { start: '20200101000000Z', end: '20210101000000Z' });
  pki.makeDs('ds-revoked', { days: 365 });
  const crl = pki.revoke('ds-revoked');
  trusted = { cscas: [loadCertificate(csca)], crls: [loadCrl(crl)] };

  jpeg = await syntheticFaceJpeg();
  const dg2 = dg2Of(jpeg);
  const groups = new Map<number, Uint8Array>([[1, DG1], [2, dg2]]);
  const sod = pki.signSod('ds', groups);
  passport('genuine', { dg2, sod });
  // The PACE passport also holds a DG14 (its chip authentication public key, brainpoolP256r1 with explicit
  // parameters, CA with AES-128), listed in EF.COM and the SOD; the clone copies every file but not the key.
  const ca = chipAuthenticationKeys({ curveName: 'brainpoolP256r1', cipher: 'AES-128' });
  const paceSod = pki.signSod('ds', new Map([[1, DG1], [2, dg2], [14, ca.dg14]]));
  passport('pace', { dg2, dg14: ca.dg14, sod: paceSod, cardAccess: PACE_CARD_ACCESS, chipAuthentication: ca.genuine });
  passport('clone', { dg2, dg14: ca.dg14, sod: paceSod, cardAccess: PACE_CARD_ACCESS, chipAuthentication: ca.cloneKey });
  // The same passport offering PACE-CAM: the chip proves its DG14 key within PACE; the clone cannot.
  passport('pace-cam', { dg2, dg14: ca.dg14, sod: paceSod, cardAccess: PACE_CAM_CARD_ACCESS, chipAuthentication: ca.genuine });
  passport('pace-cam-clone', { dg2, dg14: ca.dg14, sod: paceSod, cardAccess: PACE_CAM_CARD_ACCESS, chipAuthentication: ca.cloneKey });
  // A BAC passport whose only clone detection is active authentication (DG15, ECDSA P-256), and its clone.
  const aa = activeAuthenticationKeys('ec');
  const aaSod = pki.signSod('ds', new Map([[1, DG1], [2, dg2], [15, aa.dg15]]));
  passport('active-auth', { dg2, dg15: aa.dg15, sod: aaSod, activeAuthentication: aa.genuine });
  passport('active-auth-clone', { dg2, dg15: aa.dg15, sod: aaSod, activeAuthentication: aa.cloneKey });
  // Active authentication with an RSA-2048 key made by openssl: its 256-byte signature comes back in one
  // extended-length answer, or in parts (61XX, GET RESPONSE) from a chip that answers so.
  execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', join(dir, 'aa-rsa2048.pem')], { stdio: 'ignore' });
  const rsa = createPrivateKey(readFileSync(join(dir, 'aa-rsa2048.pem')));
  const rsaDg15 = encodeTlv(0x6f, createPublicKey(rsa).export({ format: 'der', type: 'spki' }));
  const rsaSod = pki.signSod('ds', new Map([[1, DG1], [2, dg2], [15, rsaDg15]]));
  passport('aa-rsa2048', { dg2, dg15: rsaDg15, sod: rsaSod, activeAuthentication: rsa });
  passport('aa-rsa2048-parts', { dg2, dg15: rsaDg15, sod: rsaSod, activeAuthentication: rsa, longAnswers: 'parts' });
  passport('aa-rsa2048-clone', { dg2, dg15: rsaDg15, sod: rsaSod, activeAuthentication: activeAuthenticationKeys('rsa', 2048).cloneKey });
  // Chip authentication with a DH key made by openssl (X9.42, RFC 5114's 2048-bit group with a 256-bit
  // subgroup) and 3DES: the kiosk's 256-byte public value goes in an extended MSE:Set KAT.
  const { dg14: dhDg14, genuine: dhKey } = dhChipAuthenticationKey(dir, 'ca-dh');
  const dhSod = pki.signSod('ds', new Map([[1, DG1], [2, dg2], [14, dhDg14]]));
  passport('ca-dh', { dg2, dg14: dhDg14, sod: dhSod, chipAuthentication: dhKey });
  passport('ca-dh-clone', { dg2, dg14: dhDg14, sod: dhSod, chipAuthentication: { ...dhKey, privateKey: dhKey.privateKey + 1n } });
  const alteredDg1 = dg1Of([SPECIMEN_MRZ_LINES[0]!.replace('ANNA<MARIA', 'ANNA<MARIE'), SPECIMEN_MRZ_LINES[1]!]);
  passport('altered-dg1', { dg1: alteredDg1, dg2, sod });
  const alteredDg2 = Buffer.from(dg2);
  alteredDg2[alteredDg2.length - 500] = alteredDg2[alteredDg2.length - 500]! ^ 0x10;
  passport('altered-dg2', { dg2: alteredDg2, sod });
  passport('expired-signer', { dg2, sod: pki.signSod('ds-expired', groups) });
  passport('revoked-signer', { dg2, sod: pki.signSod('ds-revoked', groups) });

  stack = await startVirtualStack();
  service = createChipService({ readers: stack.readers, trust: () => currentTrust });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('reading a passport chip over PC/SC', () => {
  it('lists the virtual reader, and a document on it only while one is placed, with live events', async () => {
    const events: ChipReaderEvent[] = [];
    const stopWatching = service.watch((e) => events.push(e));
    const before = service.listReaders();
    expect(before.ok && before.readers.find((r) => r.name === stack.readerName)).toMatchObject({ cardPresent: false });
    const placed = await stack.place(folders.genuine!);
    const during = service.listReaders();
    expect(during.ok && during.readers.find((r) => r.name === stack.readerName)).toMatchObject({ cardPresent: true });
    await placed.remove();
    const deadline = Date.now() + 10_000;
    while (!events.some((e) => e.type === 'card-removed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    stopWatching();
    const ours = events.filter((e) => e.reader === stack.readerName && (e.type === 'card-inserted' || e.type === 'card-removed'));
    expect(ours.map((e) => e.type)).toEqual(['card-inserted', 'card-removed']);
    expect(await service.read({ readerName: stack.readerName, access: SPECIMEN_ACCESS, printedMrz: null })).toEqual({
      outcome: 'no-document',
      message: 'No document is on the chip reader: place the passport or card on the reader.',
    });
  });

  it('reads with BAC, verifies the chip by its state and shows the chip\'s face, with progress per data group', async () => {
    const progress: ChipReadProgress[] = [];
    const result = await readPassport('genuine', { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ outcome: 'verified', message: 'Chip verified by UT.', country: 'UT', printedMrz: { match: true } });
    if (result.outcome !== 'verified') throw new Error('unreachable');
    expect(result.evidence).toMatchObject({ accessMethod: 'bac', paceOffered: false, mrzLines: SPECIMEN_MRZ_LINES });
    expect(result.evidence.cloneCheck).toEqual({
      status: 'not-supported', by: 'document', detail: 'The chip holds neither DG14 nor DG15 (no chip or active authentication key).',
    });
    expect(result.revocation).toMatchObject({ status: 'not-revoked' });
    expect([...result.evidence.dataGroups.keys()]).toEqual([1, 2]);
    expect(result.evidence.dataGroups.get(2)!.length).toBeGreaterThan(19_000);
    expect(result.evidence.face).toMatchObject({ format: 'jpeg', width: 240, height: 320 });
    expect(result.evidence.face!.bytes.equals(jpeg)).toBe(true);

    const files = [...new Set(progress.filter((p) => p.stage === 'reading').map((p) => p.file))];
    expect(files).toEqual(['EF.COM', 'EF.SOD', 'DG1', 'DG2']);
    const dg2 = progress.filter((p) => p.file === 'DG2');
    expect(dg2.at(-1)).toMatchObject({ read: result.evidence.dataGroups.get(2)!.length, total: result.evidence.dataGroups.get(2)!.length });
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
  });

  it('reads with PACE (ECDH generic mapping, AES) when EF.CardAccess offers it, and verifies the chip', async () => {
    const progress: ChipReadProgress[] = [];
    const result = await readPassport('pace', { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ outcome: 'verified', country: 'UT', evidence: { accessMethod: 'pace', paceOffered: true, mrzLines: SPECIMEN_MRZ_LINES } });
    if (result.outcome !== 'verified') throw new Error('unreachable');
    expect(result.evidence.face!.bytes.equals(jpeg)).toBe(true);
    expect([...result.evidence.dataGroups.keys()]).toEqual([1, 2, 14]);
    expect(result.evidence.cloneCheck).toEqual({
      status: 'passed', method: 'chip-authentication', protocol: '0.4.0.127.0.7.2.2.3.2.2', curve: 'brainpoolP256r1', cipher: 'AES-128',
    });
    expect([...new Set(progress.filter((p) => p.stage === 'reading').map((p) => p.file))]).toEqual(['EF.COM', 'EF.SOD', 'DG1', 'DG2', 'DG14']);
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
  });

  it('calls a clone — every file of the PACE passport, SOD included, but not its private key — a failed clone check', async () => {
    const result = await readPassport('clone');
    expect(result).toMatchObject({
      outcome: 'clone-check-failed',
      country: 'UT',
      message: 'The chip did not prove it holds the key its issuing state signed (chip authentication failed): the chip is likely a copy of a genuine one.',
      evidence: { accessMethod: 'pace', mrzLines: SPECIMEN_MRZ_LINES, cloneCheck: { status: 'failed', method: 'chip-authentication' } },
    });
    if (result.outcome !== 'clone-check-failed') throw new Error('unreachable');
    // What the copy claimed is kept as evidence for the fraud team.
    expect(result.evidence.face!.bytes.equals(jpeg)).toBe(true);
  });

  it('uses active authentication (DG15, ECDSA) on a chip without DG14: the genuine chip passes, its clone fails', async () => {
    const genuine = await readPassport('active-auth');
    expect(genuine).toMatchObject({
      outcome: 'verified', country: 'UT',
      evidence: { accessMethod: 'bac', cloneCheck: { status: 'passed', method: 'active-authentication', algorithm: 'ECDSA prime256v1' } },
    });
    if (genuine.outcome !== 'verified') throw new Error('unreachable');
    expect([...genuine.evidence.dataGroups.keys()]).toEqual([1, 2, 15]);
    expect(await readPassport('active-auth-clone')).toMatchObject({
      outcome: 'clone-check-failed',
      message: 'The chip did not prove it holds the key its issuing state signed (active authentication failed): the chip is likely a copy of a genuine one.',
      evidence: { cloneCheck: { status: 'failed', method: 'active-authentication' } },
    });
  });

  it('runs active authentication with RSA-2048 over the reader (extended length, or the answer in parts); its clone fails', async () => {
    for (const name of ['aa-rsa2048', 'aa-rsa2048-parts']) {
      expect(await readPassport(name), name).toMatchObject({
        outcome: 'verified', country: 'UT', evidence: { accessMethod: 'bac', cloneCheck: { status: 'passed', method: 'active-authentication', algorithm: 'RSA-2048' } },
      });
    }
    expect(await readPassport('aa-rsa2048-clone')).toMatchObject({
      outcome: 'clone-check-failed', evidence: { cloneCheck: { status: 'failed', method: 'active-authentication' } },
    });
  });

  it('runs chip authentication with a DH key (2048-bit, 3DES) over the reader; its clone fails', async () => {
    expect(await readPassport('ca-dh')).toMatchObject({
      outcome: 'verified', evidence: { accessMethod: 'bac', cloneCheck: { status: 'passed', method: 'chip-authentication', protocol: OID_CA_DH['3DES'], curve: 'DH 2048-bit', cipher: '3DES' } },
    });
    expect(await readPassport('ca-dh-clone')).toMatchObject({ outcome: 'clone-check-failed', evidence: { cloneCheck: { status: 'failed', method: 'chip-authentication' } } });
  });

  it('opens a PACE-CAM passport and checks its chip authentication data against DG14 after passive authentication; its clone fails', async () => {
    expect(await readPassport('pace-cam')).toMatchObject({
      outcome: 'verified', evidence: { accessMethod: 'pace', cloneCheck: { status: 'passed', method: 'chip-authentication', protocol: PACE_CAM_PROTOCOL, curve: 'brainpoolP256r1' } },
    });
    expect(await readPassport('pace-cam-clone')).toMatchObject({ outcome: 'clone-check-failed', evidence: { accessMethod: 'pace', cloneCheck: { status: 'failed', method: 'chip-authentication' } } });
  });

  it('says the access key is wrong when PACE fails on a wrong MRZ', async () => {
    const placed = await stack.place(folders.pace!);
    currentTrust = trusted;
    try {
      const result = await service.read({ readerName: stack.readerName, access: { ...SPECIMEN_ACCESS, dateOfExpiry: '120416' }, printedMrz: null });
      expect(result).toMatchObject({ outcome: 'access-denied' });
      expect(result.message).toContain('check the document number, date of birth and expiry date');
    } finally {
      await placed.remove();
    }
  });

  it('calls a chip whose DG1 was altered after signing altered, naming DG1', async () => {
    expect(await readPassport('altered-dg1', { printedMrz: null })).toMatchObject({
      outcome: 'not-authentic', reason: 'data-group-altered', dataGroups: [1],
    });
  });

  it('calls a chip whose face image (DG2) was altered altered, naming DG2', async () => {
    expect(await readPassport('altered-dg2')).toMatchObject({ outcome: 'not-authentic', reason: 'data-group-altered', dataGroups: [2] });
  });

  it('refuses a chip signed under a CSCA the kiosk does not trust (same name, other key)', async () => {
    // A configured CSCA folder holding only the look-alike CSCA, and a file that is not a certificate.
    const cscaDir = join(dir, 'wrong-cscas');
    mkdirSync(cscaDir);
    copyFileSync(pki.file('other-csca.pem'), join(cscaDir, 'utopia.pem'));
    writeFileSync(join(cscaDir, 'readme.pem'), 'not a certificate');
    const loaded = loadTrustStoreFolders({ cscaDir });
    expect(loaded.trust.cscas).toHaveLength(1);
    expect(loaded.skipped).toEqual([{ file: join(cscaDir, 'readme.pem'), reason: 'A trust-store certificate cannot be read (expected DER or PEM X.509).' }]);
    const result = await readPassport('genuine', { trust: loaded.trust });
    expect(result).toMatchObject({ outcome: 'not-authentic', reason: 'signer-not-trusted' });
    expect(result.message).toBe('The document signer certificate does not chain to a trusted state (CSCA) certificate.');
  });

  it('refuses a chip whose document signer has expired', async () => {
    expect(await readPassport('expired-signer')).toMatchObject({ outcome: 'not-authentic', reason: 'signer-not-valid-at-date' });
  });

  it('refuses a chip whose document signer the state revoked (CRL)', async () => {
    expect(await readPassport('revoked-signer')).toMatchObject({
      outcome: 'not-authentic', reason: 'signer-revoked', message: 'The issuing state has revoked the document signer certificate.',
    });
  });

  it('flags a genuine chip whose MRZ differs from the printed page', async () => {
    const printed = [SPECIMEN_MRZ_LINES[0]!.replace('ERIKSSON', 'ERIKSSEN'), SPECIMEN_MRZ_LINES[1]!];
    const result = await readPassport('genuine', { printedMrz: printed });
    expect(result).toMatchObject({ outcome: 'differs-from-printed-page', country: 'UT', printedMrz: { match: false, differingLines: [1] } });
  });

  it('says the access key is wrong when the MRZ fields do not match the chip', async () => {
    const placed = await stack.place(folders.genuine!);
    currentTrust = trusted;
    try {
      const result = await service.read({
        readerName: stack.readerName, access: { ...SPECIMEN_ACCESS, dateOfBirth: '740813' }, printedMrz: null,
      });
      expect(result).toMatchObject({ outcome: 'access-denied' });
      expect(result.message).toContain('check the document number, date of birth and expiry date');
    } finally {
      await placed.remove();
    }
  });

  it('ends in "interrupted" when the passport is taken off mid-read, and reads fine when placed again', async () => {
    const placed = await stack.place(folders.genuine!);
    currentTrust = trusted;
    let removal: Promise<void> | null = null;
    const result = await service.read({
      readerName: stack.readerName,
      access: SPECIMEN_ACCESS,
      printedMrz: SPECIMEN_MRZ_LINES,
      onProgress: (p) => {
        if (!removal && p.file === 'DG2' && p.read! > p.total! / 2) removal = placed.remove();
      },
    });
    await removal;
    expect(removal).not.toBeNull();
    expect(result).toEqual({
      outcome: 'interrupted',
      retry: true,
      message: 'The document was moved away from the reader before the chip was read. Place it on the reader again, keep it still, and read again.',
    });
    expect(await readPassport('genuine')).toMatchObject({ outcome: 'verified', country: 'UT' });
  });
});
