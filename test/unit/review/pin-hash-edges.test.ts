// The edges of supervisor PIN hashing: only 4 to 12 ASCII digits are a PIN (not look-alike digits
// that normalise to one), a stored hash is scrypt with exactly the parameters it names, the parser
// takes every cost within its bounds and nothing outside them, and a stored hash that does not fit
// (short salt or key, text around it) never matches and never throws.
import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPin, isValidPin, parsePinHash, verifyPin } from '../../../main/review/pin';

const CHEAP = { N: 1024, r: 8, p: 1 };
const SALT = 'c2FsdHNhbHRzYWx0c2FsdA=='; // 16 bytes
const KEY = Buffer.alloc(32, 1).toString('base64');
const hashText = (N: number | string, r: number | string, p: number | string, salt = SALT, key = KEY) => `scrypt$${N}$${r}$${p}$${salt}$${key}`;

describe('what a PIN is', () => {
  it('4 to 12 ASCII digits and nothing around them', () => {
    for (const pin of ['1234', '123456789012']) expect(isValidPin(pin)).toBe(true);
    for (const pin of ['x1234', '1234x', '1234567890123', '１２３４', '']) expect(isValidPin(pin)).toBe(false);
  });

  it('full-width digits that normalise to the PIN do not verify', async () => {
    const h = await hashPin('1234', CHEAP);
    expect(await verifyPin('1234', h)).toBe(true);
    expect(await verifyPin('１２３４', h)).toBe(false);
  });
});

describe('a stored hash', () => {
  it('is scrypt of the PIN with exactly the parameters it names (another implementation derives the same key)', async () => {
    const h = await hashPin('246810', CHEAP);
    const parsed = parsePinHash(h)!;
    expect(parsed.key.equals(scryptSync('246810', parsed.salt, 32, CHEAP))).toBe(true);
  });

  it('verifies at the smallest and widest costs the parser allows (N=2 with p=16, r=16)', async () => {
    for (const params of [
      { N: 2, r: 1, p: 16 },
      { N: 16, r: 16, p: 2 },
      { N: 16, r: 1, p: 12 },
    ]) {
      const h = await hashPin('5555', params);
      expect(await verifyPin('5555', h)).toBe(true);
    }
  });

  it('costs are read within their bounds and refused outside them', () => {
    for (const [N, r, p] of [
      [2, 1, 1],
      [2 ** 20, 32, 16],
      [1024, 16, 12],
    ] as const)
      expect(parsePinHash(hashText(N, r, p))).toMatchObject({ N, r, p });
    for (const [N, r, p] of [
      [1, 8, 1],
      [2 ** 21, 8, 1],
      [1024, 0, 1],
      [1024, 33, 1],
      [1024, 8, 0],
      [1024, 8, 17],
    ] as const)
      expect(parsePinHash(hashText(N, r, p))).toBeNull();
  });

  it('text before or after the hash, or a salt under 8 bytes or a key under 16, is not a hash', () => {
    expect(parsePinHash(`x${hashText(1024, 8, 1)}`)).toBeNull();
    expect(parsePinHash(`${hashText(1024, 8, 1)} x`)).toBeNull();
    expect(parsePinHash(hashText(1024, 8, 1, 'AAAAAAAAAA======'))).toBeNull(); // 7-byte salt
    expect(parsePinHash(hashText(1024, 8, 1, 'AAAAAAAAAAA====='))).not.toBeNull(); // 8 bytes
    expect(parsePinHash(hashText(1024, 8, 1, SALT, 'AAAAAAAAAAAAAAAAAAAA'))).toBeNull(); // 15-byte key
    expect(parsePinHash(hashText(1024, 8, 1, SALT, 'AAAAAAAAAAAAAAAAAAAAAA=='))).not.toBeNull(); // 16 bytes
  });

  it('a hash whose key is shorter than the one derived never matches, and does not throw', async () => {
    const h = await hashPin('1234', CHEAP);
    const parsed = parsePinHash(h)!;
    const short = hashText(1024, 8, 1, parsed.salt.toString('base64'), parsed.key.subarray(0, 16).toString('base64'));
    await expect(verifyPin('1234', short)).resolves.toBe(false);
  });
});
