// The document basic access keys' derivation function (ICAO 9303 Part 11, 9.7.1): SHA-1 of the shared
// secret followed by a 32-bit counter (1 for encryption, 2 for MAC); the first 16 bytes, with DES odd
// parity set, are a two-key 3DES key. Used for Kenc/Kmac from Kseed and for the session keys after BAC.
import { createHash } from 'node:crypto';

export const KDF_ENC = 1;
export const KDF_MAC = 2;

/** Sets the least significant bit of each byte so the byte has an odd number of one bits (DES parity). */
export function adjustDesParity(key: Uint8Array): Buffer {
  const out = Buffer.from(key);
  for (let i = 0; i < out.length; i++) {
    const b = out[i]! & 0xfe;
    let ones = 0;
    for (let v = b; v !== 0; v >>= 1) ones += v & 1;
    out[i] = ones % 2 === 0 ? b | 1 : b;
  }
  return out;
}

export function deriveTdesKey(secret: Uint8Array, counter: number): Buffer {
  const c = Buffer.alloc(4);
  c.writeUInt32BE(counter);
  const digest = createHash('sha1').update(secret).update(c).digest();
  return adjustDesParity(digest.subarray(0, 16));
}

export interface TdesKeyPair {
  enc: Buffer;
  mac: Buffer;
}

export function deriveTdesKeyPair(secret: Uint8Array): TdesKeyPair {
  return { enc: deriveTdesKey(secret, KDF_ENC), mac: deriveTdesKey(secret, KDF_MAC) };
}
