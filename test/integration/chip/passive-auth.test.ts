// Passive authentication against a SOD this test builds: its own test CSCA and document signer made with
// the openssl command line, an LDS security object over a synthetic DG1 (the ICAO 9303 Part 4 specimen MRZ,
// public) and DG2 (random bytes), signed with `openssl cms`. Each tampering gives its own outcome.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDg1 } from '../../../main/chip/lds-files';
import { passiveAuthentication, type TrustStore } from '../../../main/chip/passive-auth';
import { parseSod } from '../../../main/chip/sod';
import { encodeTlv } from '../../../main/chip/tlv';
import { loadCertificate, loadCrl } from '../../../main/chip/trust-material';

const SPECIMEN_MRZ = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' + 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';
const DG1 = encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from(SPECIMEN_MRZ, 'latin1')));
const DG2 = encodeTlv(0x75, randomBytes(20_000));

let dir: string;
const file = (name: string): string => join(dir, name);
const openssl = (...args: string[]): void => {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
};

function makeCsca(name: string): void {
  openssl(
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '3650',
    '-subj', '/C=UT/O=Utopia Test Authority/CN=Utopia Test CSCA',
    '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  );
}

function makeDs(name: string, days: number, serial: string): void {
  openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/C=UT/O=Utopia Test Authority/CN=${name}`);
  writeFileSync(file(`${name}.ext`), 'keyUsage=critical,digitalSignature\n');
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'csca.pem', '-CAkey', 'csca.key', '-set_serial', serial,
    '-days', String(days), '-extfile', `${name}.ext`, '-out', `${name}.pem`);
}

/** LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm, dataGroupHashValues } with SHA-256. */
function ldsSecurityObject(groups: Map<number, Uint8Array>): Buffer {
  const entries = [...groups].map(([n, bytes]) => new asn1js.Sequence({
    value: [new asn1js.Integer({ value: n }), new asn1js.OctetString({ valueHex: createHash('sha256').update(bytes).digest() })],
  }));
  const lso = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '2.16.840.1.101.3.4.2.1' })] }),
      new asn1js.Sequence({ value: entries }),
    ],
  });
  return Buffer.from(lso.toBER());
}

function signSod(signer: string, groups: Map<number, Uint8Array>): Buffer {
  writeFileSync(file('lds.der'), ldsSecurityObject(groups));
  openssl('cms', '-sign', '-in', 'lds.der', '-binary', '-nodetach', '-nosmimecap', '-outform', 'DER',
    '-econtent_type', '2.23.136.1.1.1', '-md', 'sha256', '-signer', `${signer}.pem`, '-inkey', `${signer}.key`, '-out', 'sod.cms');
  return encodeTlv(0x77, readFileSync(file('sod.cms')));
}

function revokeAndPublishCrl(name: string): Buffer {
  writeFileSync(file('index.txt'), '');
  writeFileSync(file('crlnumber'), '01\n');
  writeFileSync(file('ca.cnf'), [
    '[ca]', 'default_ca = test', '[test]', `dir = ${dir}`, 'database = $dir/index.txt', 'crlnumber = $dir/crlnumber',
    'certificate = $dir/csca.pem', 'private_key = $dir/csca.key', 'default_md = sha256', 'default_crl_days = 30', '',
  ].join('\n'));
  openssl('ca', '-config', 'ca.cnf', '-revoke', `${name}.pem`, '-batch');
  openssl('ca', '-config', 'ca.cnf', '-gencrl', '-out', 'crl.pem', '-batch');
  return readFileSync(file('crl.pem'));
}

const groups = new Map<number, Uint8Array>([[1, DG1], [2, DG2]]);
let sod: Buffer;
let revokedSod: Buffer;
let shortLivedSod: Buffer;
let trust: TrustStore;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chip-pa-'));
  makeCsca('csca');
  makeCsca('other-csca'); // same name as the real CSCA, different key
  makeDs('ds', 365, '4097');
  makeDs('ds-short', 1, '4098');
  makeDs('ds-revoked', 365, '4099');
  sod = signSod('ds', groups);
  shortLivedSod = signSod('ds-short', groups);
  revokedSod = signSod('ds-revoked', groups);
  const crl = revokeAndPublishCrl('ds-revoked');
  trust = { cscas: [loadCertificate(readFileSync(file('csca.pem')))], crls: [loadCrl(crl)] };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('passive authentication', () => {
  it('reads the SOD: SHA-256 hashes of DG1 and DG2, and DG1\'s MRZ', () => {
    const parsed = parseSod(sod);
    expect(parsed.lds.hashAlgorithm).toBe('sha256');
    expect([...parsed.lds.hashes.keys()]).toEqual([1, 2]);
    expect(parsed.lds.hashes.get(2)!.equals(createHash('sha256').update(DG2).digest())).toBe(true);
    expect(parseDg1(DG1).lines).toEqual([SPECIMEN_MRZ.slice(0, 44), SPECIMEN_MRZ.slice(44)]);
  });

  it('verifies untouched data signed by a trusted document signer, naming the state', async () => {
    const outcome = await passiveAuthentication({ sod, dataGroups: groups, trust });
    expect(outcome).toMatchObject({ ok: true, country: 'UT', hashAlgorithm: 'sha256', dataGroups: [1, 2] });
  });

  it('reports an altered DG1 and an altered DG2 by number', async () => {
    const dg1 = Buffer.from(DG1);
    dg1[dg1.length - 3] = 0x39; // one digit of the MRZ changed
    const dg2 = Buffer.from(DG2);
    dg2[10_000] = dg2[10_000]! ^ 0xff;
    expect(await passiveAuthentication({ sod, dataGroups: new Map([[1, dg1], [2, DG2]]), trust })).toMatchObject({
      ok: false, reason: 'data-group-altered', dataGroups: [1],
    });
    expect(await passiveAuthentication({ sod, dataGroups: new Map([[1, DG1], [2, dg2]]), trust })).toMatchObject({
      ok: false, reason: 'data-group-altered', dataGroups: [2],
    });
  });

  it('reports a data group the SOD does not list', async () => {
    const outcome = await passiveAuthentication({ sod, dataGroups: new Map([[1, DG1], [11, encodeTlv(0x6b, Buffer.from('x'))]]), trust });
    expect(outcome).toMatchObject({ ok: false, reason: 'data-group-not-in-sod', dataGroups: [11] });
  });

  it('reports a signature that does not verify (one byte of the signed content changed)', async () => {
    const forged = Buffer.from(sod);
    const at = forged.indexOf(createHash('sha256').update(DG2).digest());
    forged[at] = forged[at]! ^ 0x01;
    const outcome = await passiveAuthentication({ sod: forged, dataGroups: new Map([[1, DG1]]), trust });
    expect(outcome).toMatchObject({ ok: false, reason: 'signature-invalid' });
  });

  it('refuses a document signer that chains to another CSCA of the same name', async () => {
    const wrong = { cscas: [loadCertificate(readFileSync(file('other-csca.pem')))], crls: [] };
    expect(await passiveAuthentication({ sod, dataGroups: groups, trust: wrong })).toMatchObject({ ok: false, reason: 'signer-not-trusted' });
    expect(await passiveAuthentication({ sod, dataGroups: groups, trust: { cscas: [], crls: [] } })).toMatchObject({
      ok: false, reason: 'signer-not-trusted',
    });
  });

  it('refuses a document signer past its validity', async () => {
    expect(await passiveAuthentication({ sod: shortLivedSod, dataGroups: groups, trust })).toMatchObject({ ok: true });
    const threeDaysOn = new Date(Date.now() + 3 * 86_400_000);
    const outcome = await passiveAuthentication({ sod: shortLivedSod, dataGroups: groups, trust, at: threeDaysOn });
    expect(outcome).toMatchObject({ ok: false, reason: 'signer-not-valid-at-date' });
  });

  it('refuses a document signer its CSCA has revoked, and only that one', async () => {
    expect(await passiveAuthentication({ sod: revokedSod, dataGroups: groups, trust })).toMatchObject({ ok: false, reason: 'signer-revoked' });
    expect(await passiveAuthentication({ sod: revokedSod, dataGroups: groups, trust: { ...trust, crls: [] } })).toMatchObject({ ok: true });
  });

  it('calls a SOD that is not one malformed, without throwing', async () => {
    expect(await passiveAuthentication({ sod: Buffer.from('7703010203', 'hex'), dataGroups: groups, trust })).toMatchObject({
      ok: false, reason: 'sod-malformed',
    });
    expect(await passiveAuthentication({ sod: DG1, dataGroups: groups, trust })).toMatchObject({ ok: false, reason: 'sod-malformed' });
  });
});
