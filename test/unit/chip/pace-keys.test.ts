// PACE password key and nonce decryption against the worked example of ICAO Doc 9303 Part 11, Appendix G.1
// (PACE ECDH generic mapping, brainpoolP256r1, AES-128; MRZ T22000129 / 640812 / 101031). Values from that
// appendix, cross-checked against the same example quoted in the public test of gmrtd (TestDecryptNonce).
import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mrzInformation } from '../../../main/chip/access-key';
import { decryptPaceNonce, deriveAesKey, pacePasswordKey } from '../../../main/chip/pace-keys';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const FIELDS = { documentNumber: 'T22000129', dateOfBirth: '640812', dateOfExpiry: '101031' };

describe('PACE with the MRZ as password (Appendix G.1)', () => {
  it('derives Kπ from the MRZ information', () => {
    expect(mrzInformation(FIELDS)).toBe('T22000129364081251010318');
    expect(toHex(pacePasswordKey(FIELDS, 'AES-128'))).toBe('89DED1B26624EC1E634C1989302849DD');
    expect(toHex(deriveAesKey(hex('7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD'), 3, 'AES-128'))).toBe('89DED1B26624EC1E634C1989302849DD');
  });

  it('decrypts the chip\'s nonce z into s', () => {
    const s = decryptPaceNonce(hex('89DED1B26624EC1E634C1989302849DD'), hex('95A3A016522EE98D01E76CB6B98B42C3'));
    expect(toHex(s)).toBe('3F00C4D39D153F2B2A214A078D899B22');
  });

  it('reproduces the terminal\'s mapping public key on brainpoolP256r1 with node:crypto', () => {
    const ecdh = createECDH('brainpoolP256r1');
    ecdh.setPrivateKey(hex('7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99'));
    expect(toHex(ecdh.getPublicKey())).toBe(
      '04' + '7ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E' + '544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D',
    );
  });

  it('refuses a nonce that is not whole AES blocks', () => {
    expect(() => decryptPaceNonce(hex('89DED1B26624EC1E634C1989302849DD'), hex('95A3'))).toThrow(/AES blocks/);
  });
});
