// PIN hashing: scrypt with a per-hash salt, constant-time verification, stored parameters honoured,
// and nothing that is not one of our hashes ever matches.
import { describe, expect, it } from 'vitest';
import { hashPin, parsePinHash, verifyPin } from '../../../main/review/pin';

const CHEAP = { N: 1024, r: 8, p: 1 };

describe('supervisor PIN hashing', () => {
  it('verifies the right PIN and refuses others', async () => {
    const h = await hashPin('246810', CHEAP);
    expect(h).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPin('246810', h)).toBe(true);
    expect(await verifyPin('246811', h)).toBe(false);
    expect(await verifyPin('24681', h)).toBe(false);
  });

  it('salts every hash, so the same PIN never gives the same text', async () => {
    const [a, b] = await Promise.all([hashPin('1234', CHEAP), hashPin('1234', CHEAP)]);
    expect(a).not.toBe(b);
    expect(await verifyPin('1234', a)).toBe(true);
    expect(await verifyPin('1234', b)).toBe(true);
  });

  it('uses the cost stored in the hash (a hash made with the default cost still verifies)', async () => {
    const strong = await hashPin('97531');
    expect(parsePinHash(strong)).toMatchObject({ N: 16_384, r: 8, p: 1 });
    expect(await verifyPin('97531', strong)).toBe(true);
  });

  it('refuses PINs that are not 4 to 12 digits, and malformed or hostile hashes', async () => {
    await expect(hashPin('12a4', CHEAP)).rejects.toThrow(/4 to 12 digits/);
    await expect(hashPin('123', CHEAP)).rejects.toThrow();
    const good = await hashPin('1234', CHEAP);
    expect(await verifyPin('1234', good.replace('scrypt$1024', 'scrypt$1000'))).toBe(false); // N not a power of two
    expect(await verifyPin('1234', good.replace('scrypt$1024', `scrypt$${2 ** 24}`))).toBe(false); // memory bomb
    expect(await verifyPin('1234', 'plain-1234')).toBe(false);
    expect(await verifyPin('1234', '')).toBe(false);
    expect(await verifyPin('1234 ', good)).toBe(false);
  });
});
