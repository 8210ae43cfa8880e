// PACE with the MRZ as password, elliptic-curve Diffie-Hellman with the generic mapping, AES
// (ICAO 9303 Part 11, 4.4 and 9.7; BSI TR-03110 Part 3): MSE:Set AT, then four GENERAL AUTHENTICATE steps —
// the encrypted nonce, the mapping (G' = s·G + H), the key agreement over G', and the exchange of
// authentication tokens — ending in AES secure messaging with a zero send sequence counter. The curve
// arithmetic is @noble/curves' (brainpool and NIST curves); nothing of it is written here.
// PACE with Chip Authentication Mapping (PACE-CAM, 4.4.3.3.3 and 4.4.3.5) maps like the generic mapping and
// the chip adds its encrypted chip authentication data A = E(KSenc, CA) to the last step: the kiosk keeps
// CA = SK_IC⁻¹·SK_Map,IC and the chip's mapping key, and once DG14's static key PK_IC is known to be the
// state's (passive authentication) checks PK_Map,IC = CA·PK_IC (clone-check.ts).
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import type { MrzAccessFields } from './access-key';
import { AES_BLOCK, aesCbcDecrypt, aesCmac8, aesEncryptBlock } from './aes';
import { encodeCommand, parseResponse, SW_OK } from './apdu';
import type { Transmit } from './bac';
import { ChipError } from './errors';
import type { PaceInfo } from './lds-files';
import { decryptPaceNonce, deriveAesKey, pacePasswordKey, type PaceCipher } from './pace-keys';
import { unpadIso9797 } from './des';
import { SecureMessaging } from './secure-messaging';
import { encodeTlv, readTlvs, TlvError } from './tlv';

type Curve = typeof brainpoolP256r1;
type Point = ReturnType<Curve['Point']['fromBytes']>;

/** Standardized domain parameters (BSI TR-03110 Part 3, table 4) this kiosk can compute on. */
export const PACE_CURVES: Record<number, { name: string; curve: Curve }> = {
  12: { name: 'NIST P-256', curve: p256 },
  13: { name: 'brainpoolP256r1', curve: brainpoolP256r1 },
  15: { name: 'NIST P-384', curve: p384 },
  16: { name: 'brainpoolP384r1', curve: brainpoolP384r1 },
  17: { name: 'brainpoolP512r1', curve: brainpoolP512r1 },
  18: { name: 'NIST P-521', curve: p521 },
};

const PASSWORD_MRZ = 0x01;
const KDF_ENC = 1;
const KDF_MAC = 2;

/** Whether this kiosk can run the PACE variant a chip offers. */
export function paceSupported(info: PaceInfo): boolean {
  return (info.mapping === 'ECDH-GM' || info.mapping === 'ECDH-CAM') && info.cipher !== '3DES' && info.parameterId !== null && info.parameterId in PACE_CURVES;
}

export function oidContent(oid: string): Buffer {
  return Buffer.from(new asn1js.ObjectIdentifier({ value: oid }).toBER()).subarray(2);
}

/** The public key data object the authentication tokens are computed over (TR-03110 Part 3, D.3.3). */
export function publicKeyDataObject(oid: string, point: Uint8Array): Buffer {
  return encodeTlv(0x7f49, Buffer.concat([encodeTlv(0x06, oidContent(oid)), encodeTlv(0x86, point)]));
}

export interface PaceTerminalKeys {
  /** Scalars for the mapping and the key agreement; drawn at random unless given (tests replay Appendix G). */
  mapping?: bigint;
  agreement?: bigint;
}

/** What PACE-CAM leaves to check once the chip's static key is trusted: PK_Map,IC must equal CA·PK_IC. */
export interface ChipAuthenticationMapping {
  protocol: string;
  curveName: string;
  /** The chip's mapping public key, uncompressed. */
  pkMapIc: Uint8Array;
  /** The decrypted chip authentication data CA_IC. */
  caIc: bigint;
}

export interface PaceResult {
  sm: SecureMessaging;
  ksEnc: Buffer;
  ksMac: Buffer;
  /** PACE-CAM only. */
  cam?: ChipAuthenticationMapping;
}

/** A_IC decrypted: AES-CBC under KSenc with IV = E(KSenc, FF…FF), ISO 9797-1 padding method 2. */
export function decryptChipAuthenticationData(ksEnc: Uint8Array, encrypted: Uint8Array): bigint {
  if (encrypted.length === 0 || encrypted.length % AES_BLOCK !== 0) throw denied('The chip\'s chip authentication data (PACE-CAM) is not well-formed.');
  const plain = unpadIso9797(aesCbcDecrypt(ksEnc, aesEncryptBlock(ksEnc, Buffer.alloc(AES_BLOCK, 0xff)), encrypted));
  if (!plain || plain.length === 0) throw denied('The chip\'s chip authentication data (PACE-CAM) has no valid padding.');
  return BigInt(`0x${plain.toString('hex')}`);
}

/** Whether PK_Map,IC = CA·PK_IC for the chip's static public point `pkIc` on the PACE curve. */
export function chipAuthenticationMappingHolds(cam: ChipAuthenticationMapping, pkIc: Uint8Array): boolean {
  const entry = Object.values(PACE_CURVES).find((c) => c.name === cam.curveName);
  if (!entry) return false;
  try {
    const staticKey = entry.curve.Point.fromBytes(pkIc);
    staticKey.assertValidity();
    const order = entry.curve.Point.Fn.ORDER;
    if (cam.caIc <= 0n || cam.caIc >= order) return false;
    return staticKey.multiply(cam.caIc).equals(entry.curve.Point.fromBytes(cam.pkMapIc));
  } catch {
    return false;
  }
}

/** A secret scalar in [1, n-1], uniform up to a negligible bias (8 extra random bytes before the reduction). */
export function randomScalar(curve: Curve): bigint {
  const order = curve.Point.Fn.ORDER;
  const bytes = randomBytes(curve.Point.Fn.BYTES + 8);
  return (BigInt(`0x${bytes.toString('hex')}`) % (order - 1n)) + 1n;
}

const denied = (message: string): ChipError => new ChipError('access-denied', message);

/** Sends one step of GENERAL AUTHENTICATE and returns the chip's dynamic authentication data objects. */
async function generalAuthenticate(transmit: Transmit, last: boolean, data: Buffer, step: string) {
  const command = encodeCommand({ cla: last ? 0x00 : 0x10, ins: 0x86, p1: 0, p2: 0, data: encodeTlv(0x7c, data), le: 256 });
  const response = parseResponse(await transmit(command));
  if (response.sw !== SW_OK) {
    if (last) {
      throw denied('The chip refused the access key: check the document number, date of birth and expiry date against the document.');
    }
    throw denied(`The chip stopped PACE at the ${step} (status ${response.sw.toString(16).toUpperCase().padStart(4, '0')}).`);
  }
  try {
    const [outer] = readTlvs(response.data);
    if (!outer || outer.tag !== 0x7c) throw denied(`The chip's answer to the ${step} is not dynamic authentication data.`);
    return readTlvs(outer.value);
  } catch (e) {
    if (e instanceof TlvError) throw denied(`The chip's answer to the ${step} is not well-formed.`);
    throw e;
  }
}

function pointFrom(curve: Curve, bytes: Uint8Array | undefined, what: string): Point {
  if (!bytes) throw denied(`The chip sent no ${what}.`);
  try {
    const p = curve.Point.fromBytes(bytes);
    p.assertValidity();
    return p;
  } catch {
    throw denied(`The chip's ${what} is not a point on the curve.`);
  }
}

export async function performPace(transmit: Transmit, fields: MrzAccessFields, info: PaceInfo, keys: PaceTerminalKeys = {}): Promise<PaceResult> {
  if (!paceSupported(info)) throw denied('This chip offers a PACE variant the kiosk does not support.');
  const { curve } = PACE_CURVES[info.parameterId!]!;
  const cipher = info.cipher as PaceCipher;
  const kPi = pacePasswordKey(fields, cipher);

  // MSE:Set AT — protocol, password (MRZ), domain parameters.
  const setAt = encodeCommand({
    cla: 0x00, ins: 0x22, p1: 0xc1, p2: 0xa4,
    data: Buffer.concat([
      encodeTlv(0x80, oidContent(info.protocol)),
      encodeTlv(0x83, Buffer.from([PASSWORD_MRZ])),
      encodeTlv(0x84, Buffer.from([info.parameterId!])),
    ]),
  });
  const setAtAnswer = parseResponse(await transmit(setAt));
  if (setAtAnswer.sw !== SW_OK) throw denied('The chip refused to start PACE with these parameters.');

  // 1. The encrypted nonce.
  const step1 = await generalAuthenticate(transmit, false, Buffer.alloc(0), 'encrypted nonce');
  const z = step1.find((t) => t.tag === 0x80)?.value;
  if (!z) throw denied('The chip sent no encrypted nonce.');
  const s = BigInt(`0x${decryptPaceNonce(kPi, z).toString('hex')}`);

  // 2. Generic mapping: H = SKmap·PKmap,IC and G' = s·G + H.
  const skMap = keys.mapping ?? randomScalar(curve);
  const pkMap = curve.Point.BASE.multiply(skMap);
  const step2 = await generalAuthenticate(transmit, false, encodeTlv(0x81, pkMap.toBytes(false)), 'mapping');
  const pkMapIc = pointFrom(curve, step2.find((t) => t.tag === 0x82)?.value, 'mapping key');
  const h = pkMapIc.multiply(skMap);
  const mapped = curve.Point.BASE.multiply(s).add(h);

  // 3. Key agreement over G'.
  const skEph = keys.agreement ?? randomScalar(curve);
  const pkEph = mapped.multiply(skEph);
  const step3 = await generalAuthenticate(transmit, false, encodeTlv(0x83, pkEph.toBytes(false)), 'key agreement');
  const pkEphIc = pointFrom(curve, step3.find((t) => t.tag === 0x84)?.value, 'key agreement key');
  if (pkEphIc.equals(pkEph)) throw denied('The chip returned the kiosk\'s own key: the exchange is not genuine.');
  const shared = Buffer.from(pkEphIc.multiply(skEph).toAffine().x.toString(16).padStart(curve.Point.Fp.BYTES * 2, '0'), 'hex');
  const ksEnc = deriveAesKey(shared, KDF_ENC, cipher);
  const ksMac = deriveAesKey(shared, KDF_MAC, cipher);

  // 4. Authentication tokens: each side MACs the other's ephemeral public key.
  const tIfd = aesCmac8(ksMac, publicKeyDataObject(info.protocol, pkEphIc.toBytes(false)));
  const step4 = await generalAuthenticate(transmit, true, encodeTlv(0x85, tIfd), 'authentication token');
  const tIc = step4.find((t) => t.tag === 0x86)?.value;
  const expected = aesCmac8(ksMac, publicKeyDataObject(info.protocol, pkEph.toBytes(false)));
  if (!tIc || !expected.equals(Buffer.from(tIc))) throw denied('The chip\'s PACE authentication token is wrong: the chip did not prove the key.');

  const sm = new SecureMessaging({ ksEnc, ksMac }, Buffer.alloc(16), 'AES');
  if (info.mapping !== 'ECDH-CAM') return { sm, ksEnc, ksMac };
  const encrypted = step4.find((t) => t.tag === 0x8a)?.value;
  if (!encrypted) throw denied('The chip ran PACE-CAM without its chip authentication data.');
  const caIc = decryptChipAuthenticationData(ksEnc, encrypted);
  return { sm, ksEnc, ksMac, cam: { protocol: info.protocol, curveName: PACE_CURVES[info.parameterId!]!.name, pkMapIc: pkMapIc.toBytes(false), caIc } };
}
