// Supervisor PINs, hashed with scrypt (node:crypto). Stored as `scrypt$N$r$p$<salt b64>$<hash b64>`,
// so the cost can be raised later without breaking stored hashes. Verification compares in
// constant time. A PIN is short, so the cost of each guess (scrypt) and the lockout after a few wrong
// tries (auth.ts) are what protect it, not its length.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const PIN_PATTERN = /^[0-9]{4,12}$/;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** N=2^14, r=8, p=1: ~16 MB and tens of milliseconds per guess on kiosk hardware. */
export const DEFAULT_SCRYPT = { N: 16_384, r: 8, p: 1 } as const;

function scrypt(pin: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(pin.normalize('NFKC'), salt, KEY_BYTES, options, (e, key) => (e ? reject(e) : resolve(key))));
}

export function isValidPin(pin: string): boolean {
  return PIN_PATTERN.test(pin);
}

export async function hashPin(pin: string, params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Promise<string> {
  if (!isValidPin(pin)) throw new Error('A supervisor PIN is 4 to 12 digits.');
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(pin, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

/** Parses a stored hash; null when it is not one of ours (so a bad roster entry never matches). */
export function parsePinHash(stored: string): ParsedHash | null {
  const m = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/=]{16,})\$([A-Za-z0-9+/=]{16,})$/.exec(stored);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // N must be a power of two > 1; keep the memory bounded so a hostile config cannot exhaust RAM.
  if (N < 2 || (N & (N - 1)) !== 0 || N > 1 << 20 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(m[4]!, 'base64');
  const key = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  if (!isValidPin(pin)) return false;
  const parsed = parsePinHash(stored);
  if (!parsed) return false;
  const key = await scrypt(pin, parsed.salt, parsed);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}
