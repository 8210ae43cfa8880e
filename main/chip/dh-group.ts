// Diffie-Hellman over a prime field, as chip authentication with a DH key runs it (ICAO 9303 Part 11, 6.2;
// BSI TR-03110 Part 3, A.1.1 and A.4.1): public values are y = g^x mod p, written as unsigned big-endian
// octet strings the length of p, and the shared secret K = y^x mod p likewise. A peer's public value must
// lie in 2..p-2 and, when the group's order q is known, in the subgroup of order q (y^q = 1), so a key
// outside the group cannot leak the exponent.
import { randomBytes } from 'node:crypto';

export interface DhGroup {
  p: bigint;
  g: bigint;
  /** The order of g's subgroup; null when the parameters do not give it (PKCS #3 parameters carry none). */
  q: bigint | null;
}

export const bigintOfBytes = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`));

/** Byte length of p: the length of every public value and of the shared secret. */
export const groupBytes = (group: DhGroup): number => Math.ceil(group.p.toString(16).length / 2);

/** `n` as an unsigned big-endian octet string of `length` bytes. */
export function octets(n: bigint, length: number): Buffer {
  const hex = n.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError('the value is longer than the group allows');
  return Buffer.from(hex, 'hex');
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Whether `y` is a usable public value of the group. */
export function validPublicValue(group: DhGroup, y: bigint): boolean {
  if (y < 2n || y > group.p - 2n) return false;
  return group.q === null || modPow(y, group.q, group.p) === 1n;
}

/** A random exponent: below q when the group gives it, else of p's size. */
export function randomExponent(group: DhGroup): bigint {
  const bound = group.q ?? group.p - 1n;
  const bytes = Math.ceil(bound.toString(16).length / 2) + 8;
  return (bigintOfBytes(randomBytes(bytes)) % (bound - 2n)) + 2n;
}

export const publicValue = (group: DhGroup, x: bigint): Buffer => octets(modPow(group.g, x, group.p), groupBytes(group));

export const sharedSecret = (group: DhGroup, peer: bigint, x: bigint): Buffer => octets(modPow(peer, x, group.p), groupBytes(group));
