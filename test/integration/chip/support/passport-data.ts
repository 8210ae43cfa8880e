// A synthetic ePassport's files and the public-key infrastructure behind them, made by the test:
// - DG1: the ICAO 9303 Part 4 specimen MRZ (ERIKSSON ANNA MARIA, UTO; public specimen data);
// - DG2: an ISO 19794-5 facial record holding a synthetic JPEG (an oval "face" on a gradient with seeded
//   noise, drawn here and encoded with sharp, about 20 KB);
// - EF.COM listing DG1 and DG2, and an EF.SOD: an LDS security object (SHA-256) signed with `openssl cms`
//   by a document signer (DS) issued by a test CSCA, all made with the openssl command line.
// Also a second CSCA with the same name and another key, an expired DS and a revoked DS with its CRL.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import sharp from 'sharp';
import type { MrzAccessFields } from '../../../../main/chip/access-key';
import type { ChipAuthenticationPrivateKey } from '../../../../main/chip/chip-authentication-card';
import { knownCurve, type ChipAuthCipher } from '../../../../main/chip/dg14';
import { buildDg14 } from '../../../../main/chip/dg14-build';
import { randomScalar } from '../../../../main/chip/pace';
import { encodeTlv } from '../../../../main/chip/tlv';

export const SPECIMEN_MRZ_LINES = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
export const SPECIMEN_ACCESS: MrzAccessFields = { documentNumber: 'L898902C3', dateOfBirth: '740812', dateOfExpiry: '120415' };

export const FID = { CARD_ACCESS: 0x011c, COM: 0x011e, SOD: 0x011d, DG1: 0x0101, DG2: 0x0102, DG14: 0x010e, DG15: 0x010f } as const;

export function dg1Of(lines: string[]): Buffer {
  return encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from(lines.join(''), 'latin1')));
}

export function efCom(dataGroupTags: number[]): Buffer {
  return encodeTlv(0x60, Buffer.concat([
    encodeTlv(0x5f01, Buffer.from('0107')),
    encodeTlv(0x5f36, Buffer.from('040000')),
    encodeTlv(0x5c, Buffer.from(dataGroupTags)),
  ]));
}

/** A deterministic synthetic face picture, JPEG, about `approxBytes` long. */
export async function syntheticFaceJpeg(approxBytes = 20_600): Promise<Buffer> {
  const width = 240;
  const height = 320;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 0x2545f491;
  const random = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return ((seed >>> 0) % 1000) / 1000;
  };
  let noise = 18;
  let jpeg = Buffer.alloc(0);
  for (let attempt = 0; attempt < 8; attempt++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inFace = ((x - 120) / 70) ** 2 + ((y - 150) / 95) ** 2 <= 1;
        const inEye = ((x - 95) / 10) ** 2 + ((y - 130) / 6) ** 2 <= 1 || ((x - 145) / 10) ** 2 + ((y - 130) / 6) ** 2 <= 1;
        const base = inEye ? [60, 40, 30] : inFace ? [224, 180, 150] : [200 - y / 4, 210 - y / 5, 230 - y / 6];
        const n = (random() - 0.5) * noise;
        const i = (y * width + x) * 3;
        for (let c = 0; c < 3; c++) pixels[i + c] = Math.max(0, Math.min(255, Math.round(base[c]! + n)));
      }
    }
    jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
    if (Math.abs(jpeg.length - approxBytes) < approxBytes * 0.02) break;
    noise *= Math.sqrt(approxBytes / jpeg.length);
  }
  return jpeg;
}

/** DG2: biometric information template group with one ISO 19794-5 facial record around `image`. */
export function dg2Of(image: Buffer, imageDataType: 0 | 1 = 0): Buffer {
  const imageInfo = Buffer.alloc(12);
  imageInfo.writeUInt8(1, 0); // full frontal
  imageInfo.writeUInt8(imageDataType, 1); // 0 JPEG, 1 JPEG 2000
  imageInfo.writeUInt16BE(240, 2);
  imageInfo.writeUInt16BE(320, 4);
  imageInfo.writeUInt8(1, 6); // 24-bit RGB
  const facialInfo = Buffer.alloc(20);
  facialInfo.writeUInt32BE(20 + 12 + image.length, 0);
  const recordLength = 14 + 20 + 12 + image.length;
  const header = Buffer.alloc(14);
  Buffer.from('FAC\u0000010\u0000', 'latin1').copy(header, 0);
  header.writeUInt32BE(recordLength, 8);
  header.writeUInt16BE(1, 12);
  const record = Buffer.concat([header, facialInfo, imageInfo, image]);
  const bhtHeader = encodeTlv(0xa1, Buffer.concat([
    encodeTlv(0x80, Buffer.from([0x01, 0x01])),
    encodeTlv(0x87, Buffer.from([0x01, 0x01])),
    encodeTlv(0x88, Buffer.from([0x00, 0x08])),
  ]));
  const template = encodeTlv(0x7f60, Buffer.concat([bhtHeader, encodeTlv(0x5f2e, record)]));
  return encodeTlv(0x75, encodeTlv(0x7f61, Buffer.concat([encodeTlv(0x02, Buffer.from([0x01])), template])));
}

/** LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm, dataGroupHashValues } with SHA-256. */
export function ldsSecurityObject(groups: Map<number, Uint8Array>): Buffer {
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

const CSCA_SUBJECT = '/C=UT/O=Utopia Test Authority/CN=Utopia Test CSCA';

/** The test's certificate authority work, in one folder: CSCAs, document signers, CRL, signed SODs. */
export class TestPki {
  constructor(readonly dir: string) {
    mkdirSync(join(dir, 'newcerts'), { recursive: true });
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '1001\n');
    writeFileSync(join(dir, 'crlnumber'), '01\n');
    writeFileSync(join(dir, 'ca.cnf'), [
      '[ca]', 'default_ca = test', '[test]', `dir = ${dir}`, 'database = $dir/index.txt', 'new_certs_dir = $dir/newcerts',
      'serial = $dir/serial', 'crlnumber = $dir/crlnumber', 'certificate = $dir/csca.pem', 'private_key = $dir/csca.key',
      'default_md = sha256', 'default_crl_days = 30', 'policy = policy_any', 'unique_subject = no', 'x509_extensions = ds_ext',
      '[policy_any]', 'countryName = supplied', 'organizationName = optional', 'commonName = supplied',
      '[ds_ext]', 'keyUsage = critical,digitalSignature', '',
    ].join('\n'));
  }

  file(name: string): string {
    return join(this.dir, name);
  }

  private openssl(...args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  /** A self-signed CSCA `<name>.pem`/`.key`; every CSCA made here has the same subject name. */
  makeCsca(name: string): Buffer {
    this.openssl(
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '3650', '-subj', CSCA_SUBJECT,
      '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    );
    return readFileSync(this.file(`${name}.pem`));
  }

  /** A document signer issued by `csca.pem`, valid between the two dates (openssl's YYYYMMDDHHMMSSZ). */
  makeDs(name: string, validity: { start: string; end: string } | { days: number }): void {
    this.openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/C=UT/O=Utopia Test Authority/CN=${name}`);
    const dates = 'days' in validity ? ['-days', String(validity.days)] : ['-startdate', validity.start, '-enddate', validity.end];
    this.openssl('ca', '-config', 'ca.cnf', '-batch', '-notext', '-preserveDN', '-in', `${name}.csr`, '-out', `${name}.pem`, ...dates);
  }

  /** EF.SOD (tag 77) over `groups`, signed by the document signer `signer`. */
  signSod(signer: string, groups: Map<number, Uint8Array>): Buffer {
    writeFileSync(this.file('lds.der'), ldsSecurityObject(groups));
    this.openssl('cms', '-sign', '-in', 'lds.der', '-binary', '-nodetach', '-nosmimecap', '-outform', 'DER',
      '-econtent_type', '2.23.136.1.1.1', '-md', 'sha256', '-signer', `${signer}.pem`, '-inkey', `${signer}.key`, '-out', 'sod.cms');
    return encodeTlv(0x77, readFileSync(this.file('sod.cms')));
  }

  /** Revokes the document signer `name` and returns the CSCA's new CRL (PEM). */
  revoke(name: string): Buffer {
    this.openssl('ca', '-config', 'ca.cnf', '-revoke', `${name}.pem`, '-batch');
    this.openssl('ca', '-config', 'ca.cnf', '-gencrl', '-out', 'crl.pem', '-batch');
    return readFileSync(this.file('crl.pem'));
  }
}

export interface PassportFolderContent {
  access: MrzAccessFields;
  files: Map<number, Buffer>;
  chipAuthentication?: ChipAuthenticationPrivateKey;
  activeAuthentication?: KeyObject;
  longAnswers?: 'extended' | 'parts' | 'short-only';
}

/** An active authentication key pair, DG15 (tag 6F around its SubjectPublicKeyInfo) and a clone's other key. */
export function activeAuthenticationKeys(type: 'ec' | 'rsa' = 'ec', rsaBits = 1024) {
  const make = () => (type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('rsa', { modulusLength: rsaBits }));
  const genuine = make();
  return {
    dg15: encodeTlv(0x6f, genuine.publicKey.export({ format: 'der', type: 'spki' })),
    genuine: genuine.privateKey,
    cloneKey: make().privateKey,
  };
}

/**
 * A chip authentication key pair and the DG14 publishing its public key (written out explicitly, as most
 * passports do, unless `named`). A clone of that chip copies the DG14 but not the private key: `cloneKey`
 * is another key on the same curve.
 */
export function chipAuthenticationKeys(options: { curveName?: string; cipher?: ChipAuthCipher; named?: boolean } = {}) {
  const curveName = options.curveName ?? 'brainpoolP256r1';
  const cipher = options.cipher ?? 'AES-128';
  const { curve } = knownCurve(curveName);
  const privateKey = randomScalar(curve);
  const dg14 = buildDg14({ curveName, cipher, publicPoint: curve.Point.BASE.multiply(privateKey).toBytes(false), explicitParameters: !options.named });
  return {
    dg14,
    genuine: { curveName, cipher, privateKey } satisfies ChipAuthenticationPrivateKey,
    cloneKey: { curveName, cipher, privateKey: randomScalar(curve) } satisfies ChipAuthenticationPrivateKey,
  };
}

/** Lays a passport out as emulated-passport-cli.ts reads it: access.json and one <FID>.bin per file. */
export function writePassportFolder(dir: string, content: PassportFolderContent): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'access.json'), JSON.stringify(content.access));
  for (const [fid, bytes] of content.files) writeFileSync(join(dir, `${fid.toString(16).toUpperCase().padStart(4, '0')}.bin`), bytes);
  if (content.chipAuthentication) {
    const { curveName, cipher, privateKey, dh } = content.chipAuthentication;
    const group = dh ? { dh: { p: dh.p.toString(16), g: dh.g.toString(16), q: dh.q?.toString(16) ?? null } } : {};
    writeFileSync(join(dir, 'chip-authentication.json'), JSON.stringify({ curveName, cipher, privateKey: privateKey.toString(16), ...group }));
  }
  if (content.activeAuthentication) {
    writeFileSync(join(dir, 'active-authentication.pem'), content.activeAuthentication.export({ format: 'pem', type: 'pkcs8' }));
  }
  if (content.longAnswers) writeFileSync(join(dir, 'long-answers.txt'), content.longAnswers);
  return dir;
}
