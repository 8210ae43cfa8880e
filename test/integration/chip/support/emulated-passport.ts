// The chip side of an ICAO 9303 eMRTD, for tests: an unprotected EF.CardAccess in the master file, the
// eMRTD application (AID A0000002471001), basic access control with the key from the MRZ, PACE (ECDH
// generic mapping, AES-128, brainpoolP256r1) when it was given an EF.CardAccess, and 3DES or AES secure
// messaging around SELECT and READ BINARY of the files it was given, and chip authentication when it was
// given a private key (main/chip/chip-authentication-card.ts; a clone holds a key that does not match its DG14),
// and active authentication (INTERNAL AUTHENTICATE) when it was given a DG15 private key. Protected commands may be
// short or extended (ISO 7816-4); an answer above 256 bytes goes back whole to an extended command or in
// parts (61XX, GET RESPONSE), as `longAnswers` says. It answers commands one at a time
// (`execute`); emulated-passport-cli.ts puts it behind the virtual reader's socket. The cryptographic
// primitives are the kiosk's own (main/chip/des.ts, aes.ts, key-derivation.ts, pace-keys.ts), which are
// checked against ICAO 9303 Part 11 Appendices D and G and against openssl; the protocol steps here are
// written from the card's side.
import { brainpoolP256r1 } from '@noble/curves/misc.js';
import { randomBytes, type KeyObject } from 'node:crypto';
import { activeAuthenticationSignature } from './active-authentication-chip';
import { bacKeySeed, type MrzAccessFields } from '../../../../main/chip/access-key';
import { ChipAuthenticationCard, type CardSession, type ChipAuthenticationPrivateKey } from '../../../../main/chip/chip-authentication-card';
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac8, aesEncryptBlock } from '../../../../main/chip/aes';
import { padIso9797, retailMac, tdesDecrypt, tdesEncrypt, unpadIso9797 } from '../../../../main/chip/des';
import { deriveTdesKeyPair, type TdesKeyPair } from '../../../../main/chip/key-derivation';
import { oidContent, publicKeyDataObject } from '../../../../main/chip/pace';
import { deriveAesKey, pacePasswordKey } from '../../../../main/chip/pace-keys';
import { decodeCommand } from '../../../../main/chip/apdu';
import { encodeTlv, readTlvs } from '../../../../main/chip/tlv';

export const EMRTD_AID = Buffer.from('A0000002471001', 'hex');
export const CARD_ACCESS_FID = 0x011c;

const SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  AUTH_FAILED: 0x6300,
  SECURITY_NOT_SATISFIED: 0x6982,
  SM_OBJECTS_INCORRECT: 0x6988,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  WRONG_OFFSET: 0x6b00,
} as const;

const withSw = (data: Uint8Array, sw: number): Buffer => Buffer.concat([data, Buffer.from([sw >> 8, sw & 0xff])]);
const status = (sw: number): Buffer => withSw(Buffer.alloc(0), sw);

interface Session {
  cipher: '3DES' | 'AES';
  keys: { enc: Buffer; mac: Buffer };
  ssc: bigint;
}

const blockOf = (session: Session): number => (session.cipher === 'AES' ? 16 : 8);

/** PACE as this card runs it: ECDH generic mapping, AES-128, brainpoolP256r1 (parameter id 13). */
export const PACE_PROTOCOL = '0.4.0.127.0.7.2.2.4.2.2';
/** EF.CardAccess offering exactly that: SET { PACEInfo { id-PACE-ECDH-GM-AES-CBC-CMAC-128, 2, 13 } }. */
export const PACE_CARD_ACCESS = Buffer.from('3114301206' + '0A04007F00070202040202' + '020102' + '02010D', 'hex');
/** PACE with Chip Authentication Mapping, AES-128, brainpoolP256r1: id-PACE-ECDH-CAM-AES-CBC-CMAC-128. */
export const PACE_CAM_PROTOCOL = '0.4.0.127.0.7.2.2.4.6.2';
/** EF.CardAccess offering PACE-CAM (the chip then needs its chip authentication key, on brainpoolP256r1). */
export const PACE_CAM_CARD_ACCESS = Buffer.from('3114301206' + '0A04007F00070202040602' + '020102' + '02010D', 'hex');
const curve = brainpoolP256r1;
type Point = ReturnType<typeof curve.Point.fromBytes>;

interface PaceState {
  step: 'set' | 'nonce' | 'mapped' | 'agreed';
  protocol: string;
  /** The chip's mapping private key (PACE-CAM proves it with its static key). */
  skMap?: bigint;
  s?: bigint;
  generator?: Point;
  pkIfd?: Point;
  pkIc?: Point;
  keys?: { enc: Buffer; mac: Buffer };
}

const randomScalar = (): bigint => (BigInt(`0x${randomBytes(40).toString('hex')}`) % (curve.Point.Fn.ORDER - 1n)) + 1n;

/** The MRZ fields the chip's BAC key comes from, and its files by file identifier. */
export interface PassportContent {
  access: MrzAccessFields;
  /** File id (0x011E EF.COM, 0x011D EF.SOD, 0x0101 DG1, …, 0x011C EF.CardAccess) → file bytes. */
  files: Map<number, Buffer>;
  /** The chip authentication private key (its public key is in DG14); absent: the chip does not run CA. */
  chipAuthentication?: ChipAuthenticationPrivateKey;
  /** The active authentication private key (its public key is in DG15); absent: no INTERNAL AUTHENTICATE. */
  activeAuthentication?: KeyObject;
  /**
   * How the chip returns an answer longer than a short response (256 bytes): `extended` (default) in one
   * extended-length response when the command was extended, else in parts; `parts`: always in 256-byte
   * parts announced by SW1 61 and fetched with GET RESPONSE; `short-only`: the chip knows no extended
   * length and answers an extended command 6700, ending secure messaging.
   */
  longAnswers?: 'extended' | 'parts' | 'short-only';
}

export class EmulatedPassport {
  private readonly basicAccessKeys: TdesKeyPair;
  private challenge: Buffer | null = null;
  private session: Session | null = null;
  private pace: PaceState | null = null;
  private applicationSelected = false;
  private selected: number | null = null;
  private readonly chipAuth: ChipAuthenticationCard | null;
  private nextSession: CardSession | null = null;
  /** The rest of an answer given in parts, handed out by GET RESPONSE. */
  private remaining: Buffer | null = null;
  /** Commands answered since power-on, for the bench. */
  commands = 0;

  constructor(private readonly content: PassportContent) {
    this.basicAccessKeys = deriveTdesKeyPair(bacKeySeed(content.access));
    this.chipAuth = content.chipAuthentication ? new ChipAuthenticationCard(content.chipAuthentication) : null;
  }

  /** Power-on or reset: everything negotiated is forgotten, as on a real chip leaving the field. */
  reset(): void {
    this.challenge = null;
    this.session = null;
    this.pace = null;
    this.applicationSelected = false;
    this.selected = null;
    this.commands = 0;
    this.chipAuth?.reset();
    this.nextSession = null;
    this.remaining = null;
  }

  execute(apdu: Buffer): Buffer {
    this.commands++;
    if (apdu.length < 4) return status(SW.WRONG_LENGTH);
    const remaining = this.remaining;
    this.remaining = null;
    // GET RESPONSE (in the clear, also under secure messaging) hands out the next part of a long answer.
    if (apdu[1] === 0xc0 && (apdu[0]! & 0x0c) === 0) return remaining ? this.inParts(remaining, apdu.length === 5 ? apdu[4]! || 256 : 256) : status(SW.WRONG_P1P2);
    if ((apdu[0]! & 0x0c) === 0x0c) return this.executeProtected(apdu);
    // A plain command after BAC ends secure messaging (ICAO 9303 Part 11, 9.8.6).
    if (this.session) this.session = null;
    return this.executePlain(apdu);
  }

  private executePlain(apdu: Buffer): Buffer {
    const [, ins, p1, p2] = apdu;
    const lc = apdu.length > 5 ? apdu[4]! : 0;
    const data = apdu.subarray(5, 5 + lc);
    switch (ins) {
      case 0xa4: {
        if (p1 === 0x04) {
          if (!data.equals(EMRTD_AID)) return status(SW.FILE_NOT_FOUND);
          this.applicationSelected = true;
          this.selected = null;
          return status(SW.OK);
        }
        if (p1 === 0x02 || p1 === 0x00) {
          const fid = data.length === 2 ? data.readUInt16BE(0) : -1;
          // Before access control only EF.CardAccess (in the master file) may be selected.
          if (fid !== CARD_ACCESS_FID) return status(SW.SECURITY_NOT_SATISFIED);
          if (!this.content.files.has(fid)) return status(SW.FILE_NOT_FOUND);
          this.selected = fid;
          return status(SW.OK);
        }
        return status(SW.WRONG_P1P2);
      }
      case 0xb0: {
        if (this.selected !== CARD_ACCESS_FID) return status(SW.SECURITY_NOT_SATISFIED);
        const le = apdu.length === 5 ? apdu[4]! || 256 : 256;
        return this.readSelected((p1! << 8) | p2!, le);
      }
      case 0x84: {
        if (!this.applicationSelected) return status(SW.SECURITY_NOT_SATISFIED);
        this.challenge = randomBytes(8);
        return withSw(this.challenge, SW.OK);
      }
      case 0x82:
        return this.externalAuthenticate(data);
      case 0x22:
        return this.setAuthenticationTemplate(p1!, p2!, data);
      case 0x86:
        return this.generalAuthenticate(apdu[0]!, data);
      default:
        return status(SW.INS_NOT_SUPPORTED);
    }
  }

  private externalAuthenticate(data: Buffer): Buffer {
    const challenge = this.challenge;
    this.challenge = null;
    if (!challenge || data.length !== 40) return status(SW.SECURITY_NOT_SATISFIED);
    const eIfd = data.subarray(0, 32);
    if (!retailMac(this.basicAccessKeys.mac, padIso9797(eIfd)).equals(data.subarray(32))) return status(SW.AUTH_FAILED);
    const s = tdesDecrypt(this.basicAccessKeys.enc, eIfd);
    const rndIfd = s.subarray(0, 8);
    if (!s.subarray(8, 16).equals(challenge)) return status(SW.AUTH_FAILED);
    const kIfd = s.subarray(16, 32);
    const kIc = randomBytes(16);
    const eIc = tdesEncrypt(this.basicAccessKeys.enc, Buffer.concat([challenge, rndIfd, kIc]));
    const mIc = retailMac(this.basicAccessKeys.mac, padIso9797(eIc));
    const seed = Buffer.alloc(16);
    for (let i = 0; i < 16; i++) seed[i] = kIfd[i]! ^ kIc[i]!;
    const keys = deriveTdesKeyPair(seed);
    this.session = { cipher: '3DES', keys, ssc: Buffer.concat([challenge.subarray(4), rndIfd.subarray(4)]).readBigUInt64BE() };
    this.selected = null;
    return withSw(Buffer.concat([eIc, mIc]), SW.OK);
  }

  private setAuthenticationTemplate(p1: number, p2: number, data: Buffer): Buffer {
    if (p1 !== 0xc1 || p2 !== 0xa4 || !this.content.files.has(CARD_ACCESS_FID)) return status(SW.WRONG_P1P2);
    let objects;
    try {
      objects = readTlvs(data);
    } catch {
      return status(SW.WRONG_P1P2);
    }
    const value = (tag: number) => objects.find((o) => o.tag === tag)?.value;
    const oid = value(0x80);
    const protocol = [PACE_PROTOCOL, PACE_CAM_PROTOCOL].find((p) => oid && Buffer.from(oid).equals(oidContent(p)));
    if (!protocol || value(0x83)?.[0] !== 0x01 || value(0x84)?.[0] !== 13) {
      return status(SW.WRONG_P1P2);
    }
    this.pace = { step: 'set', protocol };
    this.session = null;
    return status(SW.OK);
  }

  private generalAuthenticate(cla: number, data: Buffer): Buffer {
    const pace = this.pace;
    if (!pace) return status(SW.SECURITY_NOT_SATISFIED);
    let inner;
    try {
      const [outer] = readTlvs(data);
      if (!outer || outer.tag !== 0x7c) throw new Error('not 7C');
      inner = readTlvs(outer.value);
    } catch {
      this.pace = null;
      return status(SW.WRONG_P1P2);
    }
    const value = (tag: number) => inner.find((o) => o.tag === tag)?.value;
    const answer = (tag: number, bytes: Uint8Array) => withSw(encodeTlv(0x7c, encodeTlv(tag, bytes)), SW.OK);
    const point = (bytes: Uint8Array | undefined): Point | null => {
      try {
        const p = curve.Point.fromBytes(bytes!);
        p.assertValidity();
        return p;
      } catch {
        return null;
      }
    };
    const chained = (cla & 0x10) !== 0;
    if (pace.step === 'set' && chained) {
      const nonce = randomBytes(16);
      pace.s = BigInt(`0x${nonce.toString('hex')}`);
      pace.step = 'nonce';
      return answer(0x80, aesCbcEncrypt(pacePasswordKey(this.content.access, 'AES-128'), Buffer.alloc(16), nonce));
    }
    if (pace.step === 'nonce' && chained) {
      const pkMapIfd = point(value(0x81));
      if (!pkMapIfd) return this.paceFailed();
      const sk = randomScalar();
      pace.generator = curve.Point.BASE.multiply(pace.s!).add(pkMapIfd.multiply(sk));
      pace.skMap = sk;
      pace.step = 'mapped';
      return answer(0x82, curve.Point.BASE.multiply(sk).toBytes(false));
    }
    if (pace.step === 'mapped' && chained) {
      const pkIfd = point(value(0x83));
      if (!pkIfd) return this.paceFailed();
      const sk = randomScalar();
      const pkIc = pace.generator!.multiply(sk);
      const shared = Buffer.from(pkIfd.multiply(sk).toAffine().x.toString(16).padStart(64, '0'), 'hex');
      Object.assign(pace, { step: 'agreed', pkIfd, pkIc, keys: { enc: deriveAesKey(shared, 1, 'AES-128'), mac: deriveAesKey(shared, 2, 'AES-128') } });
      return answer(0x84, pkIc.toBytes(false));
    }
    if (pace.step === 'agreed' && !chained) {
      const tIfd = value(0x85);
      const expected = aesCmac8(pace.keys!.mac, publicKeyDataObject(pace.protocol, pace.pkIc!.toBytes(false)));
      if (!tIfd || !expected.equals(Buffer.from(tIfd))) return this.paceFailed();
      const token = encodeTlv(0x86, aesCmac8(pace.keys!.mac, publicKeyDataObject(pace.protocol, pace.pkIfd!.toBytes(false))));
      let camData: Buffer = Buffer.alloc(0);
      if (pace.protocol === PACE_CAM_PROTOCOL) {
        // CA_IC = SK_IC⁻¹ · SK_Map,IC mod n, as 32 bytes, padded, AES-CBC under KSenc with IV = E(KSenc, FF…FF).
        const key = this.content.chipAuthentication;
        if (!key) return this.paceFailed();
        const fn = curve.Point.Fn;
        const ca = fn.mul(fn.inv(key.privateKey % fn.ORDER), pace.skMap!);
        const iv = aesEncryptBlock(pace.keys!.enc, Buffer.alloc(16, 0xff));
        camData = encodeTlv(0x8a, aesCbcEncrypt(pace.keys!.enc, iv, padIso9797(Buffer.from(ca.toString(16).padStart(64, '0'), 'hex'), 16)));
      }
      this.session = { cipher: 'AES', keys: pace.keys!, ssc: 0n };
      this.pace = null;
      this.selected = null;
      return withSw(encodeTlv(0x7c, Buffer.concat([token, camData])), SW.OK);
    }
    return this.paceFailed();
  }

  private paceFailed(): Buffer {
    this.pace = null;
    this.session = null;
    return status(SW.AUTH_FAILED);
  }

  private nextSsc(session: Session): Buffer {
    const bytes = blockOf(session);
    session.ssc = (session.ssc + 1n) & ((1n << BigInt(bytes * 8)) - 1n);
    return Buffer.from(session.ssc.toString(16).padStart(bytes * 2, '0'), 'hex');
  }

  private smPad(session: Session, data: Uint8Array): Buffer {
    return padIso9797(data, blockOf(session));
  }

  private smMac(session: Session, padded: Uint8Array): Buffer {
    return session.cipher === 'AES' ? aesCmac8(session.keys.mac, padded) : retailMac(session.keys.mac, padded);
  }

  private smEncrypt(session: Session, ssc: Buffer, data: Uint8Array): Buffer {
    if (session.cipher === '3DES') return tdesEncrypt(session.keys.enc, data);
    return aesCbcEncrypt(session.keys.enc, aesEncryptBlock(session.keys.enc, ssc), data);
  }

  private smDecrypt(session: Session, ssc: Buffer, data: Uint8Array): Buffer {
    if (session.cipher === '3DES') return tdesDecrypt(session.keys.enc, data);
    return aesCbcDecrypt(session.keys.enc, aesEncryptBlock(session.keys.enc, ssc), data);
  }

  private executeProtected(apdu: Buffer): Buffer {
    const session = this.session;
    if (!session) return status(SW.SECURITY_NOT_SATISFIED);
    let objects;
    let extended: boolean;
    try {
      const command = decodeCommand(apdu);
      extended = command.extended;
      if (extended && this.content.longAnswers === 'short-only') {
        this.session = null;
        return status(SW.WRONG_LENGTH);
      }
      objects = readTlvs(command.data);
    } catch {
      this.session = null;
      return status(SW.SM_OBJECTS_INCORRECT);
    }
    const find = (tag: number) => objects.find((o) => o.tag === tag);
    const do87 = find(0x87);
    const do97 = find(0x97);
    const do8e = find(0x8e);
    const header = this.smPad(session, apdu.subarray(0, 4));
    const ssc = this.nextSsc(session);
    const macInput = Buffer.concat([ssc, header, ...(do87 ? [do87.raw] : []), ...(do97 ? [do97.raw] : [])]);
    if (!do8e || !this.smMac(session, this.smPad(session, macInput)).equals(Buffer.from(do8e.value))) {
      this.session = null;
      return status(SW.SM_OBJECTS_INCORRECT);
    }
    let data: Buffer = Buffer.alloc(0);
    if (do87) {
      const plain = unpadIso9797(this.smDecrypt(session, ssc, do87.value.subarray(1)));
      if (do87.value[0] !== 0x01 || !plain) {
        this.session = null;
        return status(SW.SM_OBJECTS_INCORRECT);
      }
      data = plain;
    }
    const le = !do97 ? 0 : do97.value.length === 2 ? ((do97.value[0]! << 8) | do97.value[1]!) || 65536 : do97.value[0]! || 256;
    const answer = this.executeInApplication(apdu[1]!, apdu[2]!, apdu[3]!, data, le);
    const protectedAnswer = this.protectResponse(session, answer);
    if (this.nextSession) {
      // Chip authentication done: its answer went out under the old keys; from now on the new ones, counter 0.
      this.session = { ...this.nextSession, ssc: 0n };
      this.nextSession = null;
      this.selected = null;
    }
    if (protectedAnswer.length <= 258 || (extended && this.content.longAnswers !== 'parts')) return protectedAnswer;
    return this.inParts(protectedAnswer.subarray(0, -2), 256);
  }

  /** Up to `size` bytes of `answer`, with 61XX when more remains (XX its length, 00 for 256 or more), else 9000. */
  private inParts(answer: Buffer, size: number): Buffer {
    const part = answer.subarray(0, size);
    const rest = answer.subarray(size);
    if (rest.length === 0) return withSw(part, SW.OK);
    this.remaining = Buffer.from(rest);
    return withSw(part, 0x6100 | (rest.length >= 256 ? 0 : rest.length));
  }

  private protectResponse(session: Session, answer: Buffer): Buffer {
    const data = answer.subarray(0, answer.length - 2);
    const sw = answer.subarray(answer.length - 2);
    const ssc = this.nextSsc(session);
    const do87 = data.length ? encodeTlv(0x87, Buffer.concat([Buffer.from([0x01]), this.smEncrypt(session, ssc, this.smPad(session, data))])) : Buffer.alloc(0);
    const do99 = encodeTlv(0x99, sw);
    const mac = this.smMac(session, this.smPad(session, Buffer.concat([ssc, do87, do99])));
    return withSw(Buffer.concat([do87, do99, encodeTlv(0x8e, mac)]), SW.OK);
  }

  private executeInApplication(ins: number, p1: number, p2: number, data: Buffer, le: number): Buffer {
    if (ins === 0x88 && this.content.activeAuthentication && this.applicationSelected) {
      if (data.length !== 8) return status(SW.WRONG_LENGTH);
      return withSw(activeAuthenticationSignature(this.content.activeAuthentication, data), SW.OK);
    }
    const ca = this.applicationSelected ? this.chipAuth?.handle(ins, p1, p2, data) : null;
    if (ca) {
      if (ca.session) this.nextSession = ca.session;
      return ca.answer;
    }
    if (ins === 0xa4 && p1 === 0x04) {
      // After PACE the application is selected under secure messaging.
      if (!data.equals(EMRTD_AID)) return status(SW.FILE_NOT_FOUND);
      this.applicationSelected = true;
      this.selected = null;
      return status(SW.OK);
    }
    if (ins === 0xa4) {
      if (!this.applicationSelected || p1 !== 0x02 || data.length !== 2) return status(SW.WRONG_P1P2);
      const fid = data.readUInt16BE(0);
      if (fid === CARD_ACCESS_FID || !this.content.files.has(fid)) return status(SW.FILE_NOT_FOUND);
      this.selected = fid;
      return status(SW.OK);
    }
    if (ins === 0xb0) {
      if (this.selected === null) return status(SW.SECURITY_NOT_SATISFIED);
      return this.readSelected(((p1 & 0x7f) << 8) | p2, le);
    }
    return status(SW.INS_NOT_SUPPORTED);
  }

  private readSelected(offset: number, le: number): Buffer {
    const file = this.content.files.get(this.selected!)!;
    if (offset > file.length) return status(SW.WRONG_OFFSET);
    return withSw(file.subarray(offset, offset + le), SW.OK);
  }
}

/** An answer-to-reset as a contactless reader reports an ISO 14443-4 card (PC/SC Part 3, 3.1.3.2.3). */
export function contactlessAtr(historical = Buffer.from('8031B8640400', 'hex')): Buffer {
  const body = Buffer.concat([Buffer.from([0x80 | historical.length, 0x80, 0x01]), historical]);
  let tck = 0;
  for (const b of body) tck ^= b;
  return Buffer.concat([Buffer.from([0x3b]), body, Buffer.from([tck])]);
}
