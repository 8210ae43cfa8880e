// Chip Authentication, ECDH or DH (ICAO 9303 Part 11, 6.2 and 9.2.5; BSI TR-03110 Part 1): the kiosk sends an
// ephemeral public key on the domain parameters of the chip's static key from DG14, both sides compute the
// shared secret, and secure messaging restarts under session keys derived from it (send sequence counter 0).
// ECDH: the secret is the x coordinate of sk·PK; DH: y^x mod p, both the length of the field. A DH public value
// (128 or 256 bytes) makes the protected MSE:Set KAT longer than a short APDU: it goes in extended length.
// The chip proves it holds the private key its issuing state signed (DG14 is in the SOD) by answering under
// those keys; a copy of the data groups cannot. AES: MSE:Set AT then GENERAL AUTHENTICATE; 3DES: MSE:Set KAT.
// The curve arithmetic is @noble/curves'.
import type { Transmit } from './bac';
import { SW_OK } from './apdu';
import type { ChipAuthenticationKey } from './dg14';
import { publicValue, randomExponent, sharedSecret } from './dh-group';
import { ChipError } from './errors';
import { deriveTdesKeyPair } from './key-derivation';
import { oidContent, randomScalar } from './pace';
import { deriveAesKey, type PaceCipher } from './pace-keys';
import { SecureMessaging, type SecureChannel } from './secure-messaging';
import { encodeTlv } from './tlv';

export interface ChipAuthenticationResult {
  sm: SecureMessaging;
  ksEnc: Buffer;
  ksMac: Buffer;
}

const refused = (step: string, sw: number) =>
  new ChipError('chip-auth-refused', `The chip refused chip authentication at ${step} (status ${sw.toString(16).toUpperCase().padStart(4, '0')}).`);

function minimalUnsigned(n: number): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}

/** The session keys both sides derive from the shared secret (the x coordinate of sk·PK), per cipher. */
export function chipAuthenticationSessionKeys(shared: Uint8Array, cipher: ChipAuthenticationKey['cipher']): { ksEnc: Buffer; ksMac: Buffer } {
  if (cipher === '3DES') {
    const pair = deriveTdesKeyPair(shared);
    return { ksEnc: pair.enc, ksMac: pair.mac };
  }
  return { ksEnc: deriveAesKey(shared, 1, cipher as PaceCipher), ksMac: deriveAesKey(shared, 2, cipher as PaceCipher) };
}

/** The kiosk's ephemeral public key to send and the shared secret, for the DG14 key's agreement. */
function keyAgreement(key: ChipAuthenticationKey, ephemeral?: bigint): { pk: Buffer; shared: Buffer } {
  if (key.agreement === 'DH') {
    // DG14 parsing already refused a group or public value the kiosk cannot use (dh null).
    if (!key.dh) throw new RangeError('chip authentication needs a usable DH group and public value');
    const { group, y } = key.dh;
    const x = ephemeral ?? randomExponent(group);
    return { pk: publicValue(group, x), shared: sharedSecret(group, y, x) };
  }
  if (!key.curve || !key.publicPoint) throw new RangeError('chip authentication needs an ECDH key on a known curve');
  const { curve } = key.curve;
  let chipKey;
  try {
    chipKey = curve.Point.fromBytes(key.publicPoint);
    chipKey.assertValidity();
  } catch {
    throw new ChipError('chip-auth-refused', 'The chip authentication key in DG14 is not a point on its curve.');
  }
  const sk = ephemeral ?? randomScalar(curve);
  const x = chipKey.multiply(sk).toAffine().x;
  return { pk: Buffer.from(curve.Point.BASE.multiply(sk).toBytes(false)), shared: Buffer.from(x.toString(16).padStart(curve.Point.Fp.BYTES * 2, '0'), 'hex') };
}

/**
 * Runs chip authentication over the current secure channel `sm` and returns the new channel. The chip's
 * answers to these commands still come under the old keys; whether it holds the private key shows only
 * when it answers under the new ones (the caller's next command).
 */
export async function performChipAuthentication(
  sm: SecureChannel,
  transmit: Transmit,
  key: ChipAuthenticationKey,
  ephemeralScalar?: bigint,
): Promise<ChipAuthenticationResult> {
  const { pk, shared } = keyAgreement(key, ephemeralScalar);
  const keyRef = key.keyId !== null ? encodeTlv(0x84, minimalUnsigned(key.keyId)) : Buffer.alloc(0);

  if (key.cipher === '3DES') {
    const kat = sm.unwrap(await transmit(sm.wrap({ cla: 0, ins: 0x22, p1: 0x41, p2: 0xa6, data: Buffer.concat([encodeTlv(0x91, pk), keyRef]) })));
    if (kat.sw !== SW_OK) throw refused('MSE:Set KAT', kat.sw);
  } else {
    const setAt = sm.unwrap(await transmit(sm.wrap({ cla: 0, ins: 0x22, p1: 0x41, p2: 0xa4, data: Buffer.concat([encodeTlv(0x80, oidContent(key.protocol)), keyRef]) })));
    if (setAt.sw !== SW_OK) throw refused('MSE:Set AT', setAt.sw);
    const ga = sm.unwrap(await transmit(sm.wrap({ cla: 0, ins: 0x86, p1: 0, p2: 0, data: encodeTlv(0x7c, encodeTlv(0x80, pk)), le: 256 })));
    if (ga.sw !== SW_OK) throw refused('GENERAL AUTHENTICATE', ga.sw);
  }

  const keys = chipAuthenticationSessionKeys(shared, key.cipher);
  const smCipher = key.cipher === '3DES' ? '3DES' : 'AES';
  return { sm: new SecureMessaging(keys, Buffer.alloc(smCipher === 'AES' ? 16 : 8), smCipher), ...keys };
}
