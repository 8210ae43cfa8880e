// TRAINING ONLY. A virtual ePassport chip answering in-process: the eMRTD application with EF.COM, DG1
// (the MRZ of the specimen the teller scanned), DG2 (a face picture), DG14 (its chip authentication public
// key, brainpoolP256r1, CA with 3DES) and an EF.SOD signed by the training PKI (training-pki.ts), behind
// basic access control and 3DES secure messaging (ICAO 9303 Part 11), and it proves its chip authentication
// key (chip-authentication-card.ts) so the clone check runs too —
// so the kiosk's real reading and verification code runs end to end without a reader. It offers no PACE
// (no EF.CardAccess): the training path shows BAC. The cryptographic primitives are the kiosk's own.
import { randomBytes } from 'node:crypto';
import { bacKeySeed, type MrzAccessFields } from './access-key';
import { ChipAuthenticationCard, type ChipAuthenticationPrivateKey } from './chip-authentication-card';
import { buildDg14 } from './dg14-build';
import type { Transmit } from './bac';
import { padIso9797, retailMac, tdesDecrypt, tdesEncrypt, unpadIso9797 } from './des';
import { deriveTdesKeyPair, type TdesKeyPair } from './key-derivation';
import { EMRTD_AID } from './read-session';
import { encodeTlv, readTlvs } from './tlv';
import type { TrainingPki } from './training-pki';

const FID = { COM: 0x011e, SOD: 0x011d, DG1: 0x0101, DG2: 0x0102, DG14: 0x010e } as const;
const SW = { OK: 0x9000, WRONG_LENGTH: 0x6700, AUTH_FAILED: 0x6300, NOT_SATISFIED: 0x6982, SM_INCORRECT: 0x6988, NOT_FOUND: 0x6a82, WRONG_P1P2: 0x6b00, INS: 0x6d00 } as const;

const withSw = (data: Uint8Array, sw: number): Buffer => Buffer.concat([data, Buffer.from([sw >> 8, sw & 0xff])]);
const status = (sw: number): Buffer => withSw(Buffer.alloc(0), sw);

/** DG1: the MRZ lines concatenated (tag 61 / 5F1F). */
export const dg1Of = (lines: string[]): Buffer => encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from(lines.join(''), 'latin1')));

/** EF.COM: LDS 1.7, Unicode 4.0.0, listing DG1 (61), DG2 (75) and DG14 (6E). */
const efCom = (): Buffer =>
  encodeTlv(0x60, Buffer.concat([encodeTlv(0x5f01, Buffer.from('0107')), encodeTlv(0x5f36, Buffer.from('040000')), encodeTlv(0x5c, Buffer.from([0x61, 0x75, 0x6e]))]));

/** DG2: one ISO/IEC 19794-5 facial record around a JPEG of `width` × `height`. */
export function dg2Of(jpeg: Buffer, width: number, height: number): Buffer {
  const imageInfo = Buffer.alloc(12);
  imageInfo.writeUInt8(1, 0); // full frontal
  imageInfo.writeUInt8(0, 1); // JPEG
  imageInfo.writeUInt16BE(width, 2);
  imageInfo.writeUInt16BE(height, 4);
  imageInfo.writeUInt8(1, 6); // 24-bit RGB
  const facialInfo = Buffer.alloc(20);
  facialInfo.writeUInt32BE(20 + 12 + jpeg.length, 0);
  const header = Buffer.alloc(14);
  Buffer.from('FAC\u0000010\u0000', 'latin1').copy(header, 0);
  header.writeUInt32BE(14 + 20 + 12 + jpeg.length, 8);
  header.writeUInt16BE(1, 12);
  const bht = encodeTlv(0xa1, Buffer.concat([encodeTlv(0x80, Buffer.from([1, 1])), encodeTlv(0x87, Buffer.from([1, 1])), encodeTlv(0x88, Buffer.from([0, 8]))]));
  const template = encodeTlv(0x7f60, Buffer.concat([bht, encodeTlv(0x5f2e, Buffer.concat([header, facialInfo, imageInfo, jpeg]))]));
  return encodeTlv(0x75, encodeTlv(0x7f61, Buffer.concat([encodeTlv(0x02, Buffer.from([1])), template])));
}

export interface TrainingPassportContent {
  mrzLines: string[];
  access: MrzAccessFields;
  face: { jpeg: Buffer; width: number; height: number };
}

/** The chip's files, DG14 publishing `chipKey`'s public key, the SOD signed by the training document signer. */
export async function trainingPassportFiles(content: TrainingPassportContent, pki: TrainingPki, chipKey: ChipAuthenticationPrivateKey): Promise<Map<number, Buffer>> {
  const dg1 = dg1Of(content.mrzLines);
  const dg2 = dg2Of(content.face.jpeg, content.face.width, content.face.height);
  const publicPoint = new ChipAuthenticationCard(chipKey).publicPoint();
  const dg14 = buildDg14({ curveName: chipKey.curveName, cipher: chipKey.cipher, publicPoint, explicitParameters: true });
  const sod = await pki.signSod(new Map([[1, dg1], [2, dg2], [14, dg14]]));
  return new Map([[FID.COM, efCom()], [FID.SOD, sod], [FID.DG1, dg1], [FID.DG2, dg2], [FID.DG14, dg14]]);
}

/** The card side: answers one APDU at a time, as a chip in the reader's field does. */
export class TrainingPassportChip {
  private readonly bacKeys: TdesKeyPair;
  private challenge: Buffer | null = null;
  private session: { keys: TdesKeyPair; ssc: bigint } | null = null;
  private applicationSelected = false;
  private selected: number | null = null;
  private readonly chipAuth: ChipAuthenticationCard;
  private nextKeys: TdesKeyPair | null = null;

  /** `chipKey`: the private key of DG14's public key (3DES chip authentication). */
  constructor(access: MrzAccessFields, private readonly files: Map<number, Buffer>, chipKey: ChipAuthenticationPrivateKey) {
    if (chipKey.cipher !== '3DES') throw new RangeError('the training chip runs chip authentication with 3DES secure messaging only');
    this.bacKeys = deriveTdesKeyPair(bacKeySeed(access));
    this.chipAuth = new ChipAuthenticationCard(chipKey);
  }

  /** A fresh power-on: nothing negotiated survives leaving the field. */
  reset(): void {
    this.challenge = null;
    this.session = null;
    this.applicationSelected = false;
    this.selected = null;
    this.chipAuth.reset();
    this.nextKeys = null;
  }

  readonly transmit: Transmit = async (apdu) => this.execute(apdu);

  execute(apdu: Buffer): Buffer {
    if (apdu.length < 4) return status(SW.WRONG_LENGTH);
    if ((apdu[0]! & 0x0c) === 0x0c) return this.executeProtected(apdu);
    this.session = null;
    const [, ins, p1] = apdu;
    const lc = apdu.length > 5 ? apdu[4]! : 0;
    const data = apdu.subarray(5, 5 + lc);
    if (ins === 0xa4 && p1 === 0x04) {
      if (!data.equals(EMRTD_AID)) return status(SW.NOT_FOUND);
      this.applicationSelected = true;
      return status(SW.OK);
    }
    // No EF.CardAccess: this chip offers BAC only.
    if (ins === 0xa4) return status(SW.NOT_FOUND);
    if (ins === 0x84) {
      if (!this.applicationSelected) return status(SW.NOT_SATISFIED);
      this.challenge = randomBytes(8);
      return withSw(this.challenge, SW.OK);
    }
    if (ins === 0x82) return this.externalAuthenticate(data);
    return status(ins === 0xb0 ? SW.NOT_SATISFIED : SW.INS);
  }

  private externalAuthenticate(data: Buffer): Buffer {
    const challenge = this.challenge;
    this.challenge = null;
    if (!challenge || data.length !== 40) return status(SW.NOT_SATISFIED);
    const eIfd = data.subarray(0, 32);
    if (!retailMac(this.bacKeys.mac, padIso9797(eIfd)).equals(data.subarray(32))) return status(SW.AUTH_FAILED);
    const s = tdesDecrypt(this.bacKeys.enc, eIfd);
    if (!s.subarray(8, 16).equals(challenge)) return status(SW.AUTH_FAILED);
    const rndIfd = s.subarray(0, 8);
    const kIfd = s.subarray(16, 32);
    const kIc = randomBytes(16);
    const eIc = tdesEncrypt(this.bacKeys.enc, Buffer.concat([challenge, rndIfd, kIc]));
    const seed = Buffer.alloc(16);
    for (let i = 0; i < 16; i++) seed[i] = kIfd[i]! ^ kIc[i]!;
    this.session = { keys: deriveTdesKeyPair(seed), ssc: Buffer.concat([challenge.subarray(4), rndIfd.subarray(4)]).readBigUInt64BE() };
    this.selected = null;
    return withSw(Buffer.concat([eIc, retailMac(this.bacKeys.mac, padIso9797(eIc))]), SW.OK);
  }

  private nextSsc(): Buffer {
    const session = this.session!;
    session.ssc = (session.ssc + 1n) & 0xffff_ffff_ffff_ffffn;
    const out = Buffer.alloc(8);
    out.writeBigUInt64BE(session.ssc);
    return out;
  }

  private executeProtected(apdu: Buffer): Buffer {
    const session = this.session;
    if (!session) return status(SW.NOT_SATISFIED);
    let objects;
    try {
      objects = readTlvs(apdu.subarray(5, 5 + (apdu.length > 5 ? apdu[4]! : 0)));
    } catch {
      this.session = null;
      return status(SW.SM_INCORRECT);
    }
    const find = (tag: number) => objects.find((o) => o.tag === tag);
    const [do87, do97, do8e] = [find(0x87), find(0x97), find(0x8e)];
    const ssc = this.nextSsc();
    const macInput = Buffer.concat([ssc, padIso9797(apdu.subarray(0, 4)), ...(do87 ? [do87.raw] : []), ...(do97 ? [do97.raw] : [])]);
    if (!do8e || !retailMac(session.keys.mac, padIso9797(macInput)).equals(Buffer.from(do8e.value))) {
      this.session = null;
      return status(SW.SM_INCORRECT);
    }
    let data: Buffer = Buffer.alloc(0);
    if (do87) {
      const plain = do87.value[0] === 0x01 ? unpadIso9797(tdesDecrypt(session.keys.enc, do87.value.subarray(1))) : null;
      if (!plain) {
        this.session = null;
        return status(SW.SM_INCORRECT);
      }
      data = plain;
    }
    const le = do97 ? do97.value[0]! || 256 : 0;
    const answer = this.inApplication(apdu[1]!, apdu[2]!, apdu[3]!, data, le);
    const body = answer.subarray(0, answer.length - 2);
    const responseSsc = this.nextSsc();
    const r87 = body.length ? encodeTlv(0x87, Buffer.concat([Buffer.from([0x01]), tdesEncrypt(session.keys.enc, padIso9797(body))])) : Buffer.alloc(0);
    const r99 = encodeTlv(0x99, answer.subarray(answer.length - 2));
    const mac = retailMac(session.keys.mac, padIso9797(Buffer.concat([responseSsc, r87, r99])));
    if (this.nextKeys) {
      // Chip authentication done: this answer went under the old keys; the next ones use the new, counter 0.
      this.session = { keys: this.nextKeys, ssc: 0n };
      this.nextKeys = null;
      this.selected = null;
    }
    return withSw(Buffer.concat([r87, r99, encodeTlv(0x8e, mac)]), SW.OK);
  }

  private inApplication(ins: number, p1: number, p2: number, data: Buffer, le: number): Buffer {
    const ca = this.chipAuth.handle(ins, p1, p2, data);
    if (ca) {
      if (ca.session) this.nextKeys = ca.session.keys;
      return ca.answer;
    }
    if (ins === 0xa4) {
      if (p1 === 0x04) return data.equals(EMRTD_AID) ? status(SW.OK) : status(SW.NOT_FOUND);
      if (p1 !== 0x02 || data.length !== 2) return status(SW.WRONG_P1P2);
      const fid = data.readUInt16BE(0);
      if (!this.files.has(fid)) return status(SW.NOT_FOUND);
      this.selected = fid;
      return status(SW.OK);
    }
    if (ins === 0xb0) {
      if (this.selected === null) return status(SW.NOT_SATISFIED);
      const file = this.files.get(this.selected)!;
      const offset = ((p1 & 0x7f) << 8) | p2;
      if (offset > file.length) return status(SW.WRONG_P1P2);
      return withSw(file.subarray(offset, offset + le), SW.OK);
    }
    return status(SW.INS);
  }
}
