// The kiosk's trust store beyond a folder of CSCA certificates, with PKI made by the openssl command line:
// a CSCA master list as states publish it (`openssl cms -sign` over a DER CscaMasterList, content type
// id-icao-cscaMasterList, signed by a master list signer issued by the publishing state's CSCA) read and
// its CSCAs used to verify a SOD; a tampered list, a list from an untrusted signer, a signer without the
// master-list purpose and a file that is not a master list each refused with a plain reason; CRL freshness —
// a CRL past its nextUpdate makes the revocation status "unknown" (the chip still verifies, the result says
// so), a DS on an expired CRL is still revoked, no CRL at all is "unknown" too.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMasterList } from '../../../main/chip/master-list';
import { passiveAuthentication } from '../../../main/chip/passive-auth';
import { readAndVerifyChip } from '../../../main/chip/read-session';
import { createTrustStoreLoader } from '../../../main/chip/trust-store-folder';
import { loadCertificate, loadCrl } from '../../../main/chip/trust-material';
import { EmulatedPassport } from './support/emulated-passport';
import { dg1Of, efCom, FID, ldsSecurityObject, SPECIMEN_ACCESS, SPECIMEN_MRZ_LINES } from './support/passport-data';
import { encodeTlv } from '../../../main/chip/tlv';

let dir: string;
const file = (name: string): string => join(dir, name);
const openssl = (...args: string[]): void => {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
};
const DG1 = dg1Of(SPECIMEN_MRZ_LINES);
const groups = new Map<number, Uint8Array>([[1, DG1]]);

function makeCsca(name: string, country: string): void {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`,
    '-days', '3650', '-subj', `/C=${country}/O=${country} Test Authority/CN=${country} Test CSCA`,
    '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('x509', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`);
}

/** A certificate issued by CSCA `issuer` with the given extensions (openssl x509 -req). */
function issue(name: string, issuer: string, country: string, extensions: string[], days = 365): void {
  openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`,
    '-subj', `/C=${country}/O=${country} Test Authority/CN=${name}`);
  writeFileSync(file(`${name}.ext`), `${extensions.join('\n')}\n`);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial',
    '-days', String(days), '-extfile', `${name}.ext`, '-out', `${name}.pem`);
}

/** CscaMasterList ::= SEQUENCE { version 0, certList SET OF Certificate }, signed by `signer` with openssl cms. */
function masterList(signer: string, certificates: string[], out: string, contentType = '2.23.136.1.1.2'): Buffer {
  const certs = certificates.map((c) => asn1js.fromBER(readFileSync(file(`${c}.der`))).result);
  writeFileSync(file(`${out}.content.der`), Buffer.from(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 0 }), new asn1js.Set({ value: certs })] }).toBER()));
  openssl('cms', '-sign', '-in', `${out}.content.der`, '-binary', '-nodetach', '-nosmimecap', '-outform', 'DER', '-econtent_type', contentType,
    '-md', 'sha256', '-signer', `${signer}.pem`, '-inkey', `${signer}.key`, '-out', `${out}.ml`);
  return readFileSync(file(`${out}.ml`));
}

function signSod(signer: string): Buffer {
  writeFileSync(file('lds.der'), ldsSecurityObject(groups));
  openssl('cms', '-sign', '-in', 'lds.der', '-binary', '-nodetach', '-nosmimecap', '-outform', 'DER', '-econtent_type', '2.23.136.1.1.1',
    '-md', 'sha256', '-signer', `${signer}.pem`, '-inkey', `${signer}.key`, '-out', 'sod.cms');
  return encodeTlv(0x77, readFileSync(file('sod.cms')));
}

/** A CRL of CSCA `ca` (openssl ca), listing `revoked`, with the given lastUpdate/nextUpdate (YYYYMMDDHHMMSSZ) or 30 days. */
function crlOf(ca: string, revoked: string[], dates?: { last: string; next: string }): Buffer {
  const sub = file(`ca-${ca}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(sub);
  writeFileSync(join(sub, 'index.txt'), '');
  writeFileSync(join(sub, 'crlnumber'), '01\n');
  writeFileSync(join(sub, 'ca.cnf'), ['[ca]', 'default_ca = t', '[t]', `dir = ${sub}`, 'database = $dir/index.txt', 'crlnumber = $dir/crlnumber',
    `certificate = ${file(`${ca}.pem`)}`, `private_key = ${file(`${ca}.key`)}`, 'default_md = sha256', 'default_crl_days = 30', ''].join('\n'));
  for (const r of revoked) openssl('ca', '-config', join(sub, 'ca.cnf'), '-revoke', file(`${r}.pem`), '-batch');
  const when = dates ? ['-crl_lastupdate', dates.last, '-crl_nextupdate', dates.next] : [];
  openssl('ca', '-config', join(sub, 'ca.cnf'), '-gencrl', '-out', join(sub, 'crl.pem'), '-batch', ...when);
  return readFileSync(join(sub, 'crl.pem'));
}

const ML_SIGNER_EXT = ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=2.23.136.1.1.3'];
let ml: Buffer;
let uvSod: Buffer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chip-trust-'));
  makeCsca('ut-csca', 'UT'); // the publishing state, trusted from the CSCA folder
  makeCsca('uv-csca', 'UV');
  makeCsca('uw-csca', 'UW');
  makeCsca('stranger-csca', 'UX'); // not trusted by the kiosk
  issue('ut-ml-signer', 'ut-csca', 'UT', ML_SIGNER_EXT);
  issue('ut-plain-signer', 'ut-csca', 'UT', ['keyUsage=critical,digitalSignature']);
  issue('ux-ml-signer', 'stranger-csca', 'UX', ML_SIGNER_EXT);
  issue('uv-ds', 'uv-csca', 'UV', ['keyUsage=critical,digitalSignature']);
  ml = masterList('ut-ml-signer', ['ut-csca', 'uv-csca', 'uw-csca'], 'ut');
  uvSod = signSod('uv-ds');
});

afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

const anchors = () => [loadCertificate(readFileSync(file('ut-csca.pem')))];

describe('CSCA master lists', () => {
  it('reads a list signed by a master list signer of a trusted CSCA, and its CSCAs verify a SOD of another state', async () => {
    const list = await loadMasterList(ml, { anchors: anchors() });
    expect(list.publisher).toBe('UT');
    expect(list.unreadable).toBe(0);
    expect(list.cscas.map((c) => c.subject.typesAndValues.find((t) => t.type === '2.5.4.6')!.value.valueBlock.value)).toEqual(['UT', 'UV', 'UW']);
    const outcome = await passiveAuthentication({ sod: uvSod, dataGroups: groups, trust: { cscas: list.cscas, crls: [] } });
    expect(outcome).toMatchObject({ ok: true, country: 'UV' });
  });

  it('refuses a tampered list, naming why, and uses nothing of it', async () => {
    const tampered = Buffer.from(ml);
    const at = tampered.indexOf(Buffer.from('UW Test CSCA'));
    expect(at).toBeGreaterThan(0);
    tampered[at + 1] = 'X'.charCodeAt(0); // "UX Test CSCA": one certificate's name changed inside the signed content
    await expect(loadMasterList(tampered, { anchors: anchors() })).rejects.toThrow(
      'The master list is refused: its signature does not verify (the file was altered or is damaged).',
    );
  });

  it('refuses a list whose signer no trusted CSCA issued, a signer without the master-list purpose, and other CMS content', async () => {
    await expect(loadMasterList(ml, { anchors: [] })).rejects.toThrow(/its signer "ut-ml-signer" is not issued by a CSCA this kiosk trusts/);
    const stranger = masterList('ux-ml-signer', ['uv-csca'], 'ux');
    await expect(loadMasterList(stranger, { anchors: anchors() })).rejects.toThrow(/not issued by a CSCA this kiosk trusts/);
    const plain = masterList('ut-plain-signer', ['uv-csca'], 'plain');
    await expect(loadMasterList(plain, { anchors: anchors() })).rejects.toThrow(/"ut-plain-signer" is not a master list signer \(extended key usage 2\.23\.136\.1\.1\.3\)/);
    const notAList = masterList('ut-ml-signer', ['uv-csca'], 'other', '2.23.136.1.1.1');
    await expect(loadMasterList(notAList, { anchors: anchors() })).rejects.toThrow(/its content is not a CSCA master list/);
    await expect(loadMasterList(Buffer.from('not a master list'), { anchors: anchors() })).rejects.toThrow(/The master list is refused/);
    const farFuture = new Date(Date.now() + 2 * 365 * 86_400_000);
    await expect(loadMasterList(ml, { anchors: anchors(), at: farFuture })).rejects.toThrow(/"ut-ml-signer" is not valid on/);
  });

  it('loads the master list folder beside the CSCA folder; a tampered list there is skipped with its reason', async () => {
    const cscaDir = file('store/csca');
    const masterListDir = file('store/masterlist');
    mkdirSync(cscaDir, { recursive: true });
    mkdirSync(masterListDir, { recursive: true });
    copyFileSync(file('ut-csca.pem'), join(cscaDir, 'ut.pem'));
    copyFileSync(file('ut.ml'), join(masterListDir, 'ICAO_ml_UT.ml'));
    const load = createTrustStoreLoader({ cscaDir, masterListDir });
    const loaded = await load();
    expect(loaded.skipped).toEqual([]);
    expect(loaded.masterLists).toEqual([{ file: join(masterListDir, 'ICAO_ml_UT.ml'), publisher: 'UT', cscas: 3 }]);
    expect(loaded.trust.cscas).toHaveLength(4);
    expect(await passiveAuthentication({ sod: uvSod, dataGroups: groups, trust: loaded.trust })).toMatchObject({ ok: true, country: 'UV' });

    const tampered = Buffer.from(ml);
    tampered[tampered.indexOf(Buffer.from('UV Test CSCA')) + 1] = 'Z'.charCodeAt(0);
    writeFileSync(join(masterListDir, 'ICAO_ml_UT.ml'), tampered);
    const again = await load();
    expect(again.skipped).toEqual([{
      file: join(masterListDir, 'ICAO_ml_UT.ml'), reason: 'The master list is refused: its signature does not verify (the file was altered or is damaged).',
    }]);
    expect(again.trust.cscas).toHaveLength(1);
    expect(await passiveAuthentication({ sod: uvSod, dataGroups: groups, trust: again.trust })).toMatchObject({ ok: false, reason: 'signer-not-trusted' });
  });
});

describe('CRL freshness', () => {
  let cscas: ReturnType<typeof anchors>;
  let revokedSod: Buffer;
  beforeAll(() => {
    cscas = [loadCertificate(readFileSync(file('uv-csca.pem')))];
    issue('uv-ds-revoked', 'uv-csca', 'UV', ['keyUsage=critical,digitalSignature']);
    revokedSod = signSod('uv-ds-revoked');
  });

  it('calls the DS not revoked only on a current CRL; past nextUpdate or with no CRL the status is unknown, with a sentence', async () => {
    const current = loadCrl(crlOf('uv-csca', []));
    expect(await passiveAuthentication({ sod: uvSod, dataGroups: groups, trust: { cscas, crls: [current] } })).toMatchObject({
      ok: true, revocation: { status: 'not-revoked', nextUpdate: current.nextUpdate!.value.toISOString() },
    });
    const expired = loadCrl(crlOf('uv-csca', [], { last: '20250101000000Z', next: '20250401000000Z' }));
    expect(await passiveAuthentication({ sod: uvSod, dataGroups: groups, trust: { cscas, crls: [expired] } })).toMatchObject({
      ok: true,
      revocation: {
        status: 'unknown', reason: 'crl-expired',
        message: 'Revocation status unknown: the newest revocation list (CRL) from UV expired on 2025-04-01; install the current one.',
      },
    });
    expect(await passiveAuthentication({ sod: uvSod, dataGroups: groups, trust: { cscas, crls: [] } })).toMatchObject({
      ok: true, revocation: { status: 'unknown', reason: 'no-crl', message: 'Revocation not checked: no revocation list (CRL) from UV is installed.' },
    });
    // The current CRL counts only until its nextUpdate: judged 40 days on, it is expired too.
    const later = new Date(Date.now() + 40 * 86_400_000);
    expect(await passiveAuthentication({ sod: uvSod, dataGroups: groups, trust: { cscas, crls: [current] }, at: later })).toMatchObject({
      ok: true, revocation: { status: 'unknown', reason: 'crl-expired' },
    });
    // An expired CRL beside a current one: the current one decides.
    expect(await passiveAuthentication({ sod: uvSod, dataGroups: groups, trust: { cscas, crls: [expired, current] } })).toMatchObject({
      ok: true, revocation: { status: 'not-revoked' },
    });
  });

  it('still refuses a DS listed on an expired CRL (revocation is final)', async () => {
    const expired = loadCrl(crlOf('uv-csca', ['uv-ds-revoked'], { last: '20250101000000Z', next: '20250401000000Z' }));
    expect(await passiveAuthentication({ sod: revokedSod, dataGroups: groups, trust: { cscas, crls: [expired] } })).toMatchObject({
      ok: false, reason: 'signer-revoked',
    });
  });

  it('tells the teller in the verified sentence when the CRL has expired (a read from the emulated passport)', async () => {
    const expired = loadCrl(crlOf('uv-csca', [], { last: '20250101000000Z', next: '20250401000000Z' }));
    const card = new EmulatedPassport({ access: SPECIMEN_ACCESS, files: new Map([[FID.COM, efCom([0x61])], [FID.SOD, uvSod], [FID.DG1, DG1]]) });
    const result = await readAndVerifyChip({
      transmit: async (c) => card.execute(c), access: SPECIMEN_ACCESS, printedMrz: SPECIMEN_MRZ_LINES, trust: { cscas, crls: [expired] },
    });
    expect(result).toMatchObject({
      outcome: 'verified',
      message: 'Chip verified by UV. Revocation status unknown: the newest revocation list (CRL) from UV expired on 2025-04-01; install the current one.',
      revocation: { status: 'unknown', reason: 'crl-expired' },
      evidence: { cloneCheck: { status: 'not-supported', by: 'document' } },
    });
  });
});
