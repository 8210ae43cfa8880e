// PACE's symmetric first steps (ICAO 9303 Part 11, 4.4.3 and 9.7.3; BSI TR-03110 Part 3, A.2.3): the
// password key Kπ derived from the MRZ key seed with counter 3, and decryption of the chip's nonce z into s.
// The elliptic-curve mapping that follows needs point addition, which node:crypto does not expose.
import { createDecipheriv, createHash } from 'node:crypto';
import { mrzInformation, type MrzAccessFields } from './access-key';
import { ChipError } from './errors';

export type PaceCipher = 'AES-128' | 'AES-192' | 'AES-256';
export const KDF_PACE_PASSWORD = 3;

const KEY_BYTES: Record<PaceCipher, number> = { 'AES-128': 16, 'AES-192': 24, 'AES-256': 32 };

/** KDF for AES: SHA-1 for 128-bit keys, SHA-256 for 192- and 256-bit keys, over secret ‖ 32-bit counter. */
export function deriveAesKey(secret: Uint8Array, counter: number, cipher: PaceCipher): Buffer {
  const c = Buffer.alloc(4);
  c.writeUInt32BE(counter);
  const hash = cipher === 'AES-128' ? 'sha1' : 'sha256';
  return createHash(hash).update(secret).update(c).digest().subarray(0, KEY_BYTES[cipher]);
}

/**
 * Kπ for PACE with the MRZ as password. The shared secret is SHA-1 of the MRZ information in full
 * (20 bytes), not the 16-byte BAC Kseed.
 */
export function pacePasswordKey(fields: MrzAccessFields, cipher: PaceCipher): Buffer {
  const full = createHash('sha1').update(Buffer.from(mrzInformation(fields), 'ascii')).digest();
  return deriveAesKey(full, KDF_PACE_PASSWORD, cipher);
}

/** s = AES-CBC decryption of the encrypted nonce z under Kπ with a zero IV. */
export function decryptPaceNonce(kPi: Uint8Array, z: Uint8Array): Buffer {
  if (z.length === 0 || z.length % 16 !== 0) throw new ChipError('bad-apdu', 'The chip\'s PACE nonce is not a whole number of AES blocks.');
  const algorithm = kPi.length === 16 ? 'aes-128-cbc' : kPi.length === 24 ? 'aes-192-cbc' : 'aes-256-cbc';
  const d = createDecipheriv(algorithm, kPi, Buffer.alloc(16));
  d.setAutoPadding(false);
  return Buffer.concat([d.update(z), d.final()]);
}
