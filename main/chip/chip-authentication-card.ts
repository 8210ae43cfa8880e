// The chip's side of chip authentication (ICAO 9303 Part 11, 6.2), for the training ePassport and the tests'
// emulated passport: it holds the private key whose public key is in its DG14, answers MSE:Set AT +
// GENERAL AUTHENTICATE (AES) or MSE:Set KAT (3DES), and hands back the session keys secure messaging
// restarts with (counter 0) once its answer has gone out under the old keys. ECDH on a named curve, or DH
// in a prime-field group (the terminal's public value is checked to lie in the group).
import { chipAuthenticationSessionKeys } from './chip-authentication';
import { modPow, sharedSecret, validPublicValue, bigintOfBytes, groupBytes, type DhGroup } from './dh-group';
import { knownCurve, OID_CA_DH, OID_CA_ECDH, type ChipAuthCipher } from './dg14';
import { oidContent } from './pace';
import { encodeTlv, readTlvs, type Tlv } from './tlv';

export interface ChipAuthenticationPrivateKey {
  /** The ECDH curve (ignored when `dh` is set). */
  curveName: string;
  /** A DH key: its group (the key agreement is DH, not ECDH). */
  dh?: DhGroup;
  /** The static private scalar or exponent; for a clone, one that does not belong to DG14's public key. */
  privateKey: bigint;
  cipher: ChipAuthCipher;
}

export interface CardSession {
  cipher: '3DES' | 'AES';
  keys: { enc: Buffer; mac: Buffer };
}

const withSw = (data: Uint8Array, sw: number): Buffer => Buffer.concat([data, Buffer.from([sw >> 8, sw & 0xff])]);
const status = (sw: number): Buffer => withSw(Buffer.alloc(0), sw);
const SW_OK = 0x9000;
const WRONG_DATA = 0x6a80;
const CONDITIONS = 0x6985;

export class ChipAuthenticationCard {
  private protocolSet = false;

  constructor(private readonly key: ChipAuthenticationPrivateKey) {}

  /** Forget a started exchange (power-on, new access control). */
  reset(): void {
    this.protocolSet = false;
  }

  /** The chip's public point for DG14 (uncompressed); for DH, g^x mod p as an integer's bytes. */
  publicPoint(): Uint8Array {
    if (this.key.dh) return Buffer.from(modPow(this.key.dh.g, this.key.privateKey, this.key.dh.p).toString(16).padStart(groupBytes(this.key.dh) * 2, '0'), 'hex');
    return knownCurve(this.key.curveName).curve.Point.BASE.multiply(this.key.privateKey).toBytes(false);
  }

  /**
   * Answers a command of the protocol, or returns null for any other command. `session` is set when the
   * exchange is complete: the caller protects `answer` under the old keys, then switches to `session`.
   */
  handle(ins: number, p1: number, p2: number, data: Buffer): { answer: Buffer; session?: CardSession } | null {
    const isSetAt = ins === 0x22 && p1 === 0x41 && p2 === 0xa4;
    const isSetKat = ins === 0x22 && p1 === 0x41 && p2 === 0xa6;
    if (!isSetAt && !isSetKat && ins !== 0x86) return null;
    let objects: Tlv[];
    try {
      objects = readTlvs(data);
    } catch {
      this.protocolSet = false;
      return { answer: status(WRONG_DATA) };
    }
    const value = (tag: number, from: Tlv[] = objects) => from.find((o) => o.tag === tag)?.value;
    if (isSetAt) {
      const oid = value(0x80);
      const protocol = (this.key.dh ? OID_CA_DH : OID_CA_ECDH)[this.key.cipher];
      this.protocolSet = this.key.cipher !== '3DES' && !!oid && Buffer.from(oid).equals(oidContent(protocol));
      return { answer: status(this.protocolSet ? SW_OK : WRONG_DATA) };
    }
    if (isSetKat) {
      if (this.key.cipher !== '3DES') return { answer: status(CONDITIONS) };
      return this.agree(value(0x91), (session) => ({ answer: status(SW_OK), session }));
    }
    // GENERAL AUTHENTICATE: 7C { 80 ephemeral public key } after MSE:Set AT.
    if (!this.protocolSet) return { answer: status(CONDITIONS) };
    this.protocolSet = false;
    const inner = objects[0]?.tag === 0x7c ? (() => {
      try {
        return readTlvs(objects[0]!.value);
      } catch {
        return [];
      }
    })() : [];
    return this.agree(value(0x80, inner), (session) => ({ answer: withSw(encodeTlv(0x7c, Buffer.alloc(0)), SW_OK), session }));
  }

  private agree(point: Uint8Array | undefined, done: (session: CardSession) => { answer: Buffer; session: CardSession }) {
    if (this.key.dh) {
      const y = bigintOfBytes(point ?? new Uint8Array(0));
      if (!point || point.length !== groupBytes(this.key.dh) || !validPublicValue(this.key.dh, y)) return { answer: status(WRONG_DATA) };
      const { ksEnc, ksMac } = chipAuthenticationSessionKeys(sharedSecret(this.key.dh, y, this.key.privateKey), this.key.cipher);
      return done({ cipher: this.key.cipher === '3DES' ? '3DES' : 'AES', keys: { enc: ksEnc, mac: ksMac } });
    }
    const { curve } = knownCurve(this.key.curveName);
    let terminal;
    try {
      terminal = curve.Point.fromBytes(point!);
      terminal.assertValidity();
    } catch {
      return { answer: status(WRONG_DATA) };
    }
    const x = terminal.multiply(this.key.privateKey).toAffine().x;
    const shared = Buffer.from(x.toString(16).padStart(curve.Point.Fp.BYTES * 2, '0'), 'hex');
    const { ksEnc, ksMac } = chipAuthenticationSessionKeys(shared, this.key.cipher);
    return done({ cipher: this.key.cipher === '3DES' ? '3DES' : 'AES', keys: { enc: ksEnc, mac: ksMac } });
  }
}
