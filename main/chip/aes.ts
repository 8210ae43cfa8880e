// AES as PACE and its secure messaging use it (ICAO 9303 Part 11, 9.8.6.2): CBC without padding of its
// own (ISO 9797-1 method 2 is applied by the caller), a single-block ECB encryption for the SSC-derived IV,
// and AES-CMAC (NIST SP 800-38B) truncated to 8 bytes for MACs and authentication tokens. AES is
// node:crypto's; CMAC is @noble/ciphers' (node:crypto exposes no CMAC).
import { cmac } from '@noble/ciphers/aes.js';
import { createCipheriv, createDecipheriv } from 'node:crypto';

export const AES_BLOCK = 16;

function algorithm(key: Uint8Array, mode: 'cbc' | 'ecb'): string {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new RangeError('AES keys are 16, 24 or 32 bytes');
  return `aes-${key.length * 8}-${mode}`;
}

function run(cipher: ReturnType<typeof createCipheriv> | ReturnType<typeof createDecipheriv>, data: Uint8Array): Buffer {
  if (data.length % AES_BLOCK !== 0) throw new RangeError('AES input must be a whole number of 16-byte blocks');
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  return run(createCipheriv(algorithm(key, 'cbc'), key, iv), data);
}

export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  return run(createDecipheriv(algorithm(key, 'cbc'), key, iv), data);
}

/** One block encrypted with AES-ECB: the IV of secure messaging is E(KSenc, SSC). */
export function aesEncryptBlock(key: Uint8Array, block: Uint8Array): Buffer {
  if (block.length !== AES_BLOCK) throw new RangeError('one AES block is 16 bytes');
  return run(createCipheriv(algorithm(key, 'ecb'), key, null), block);
}

/** AES-CMAC over `data`, truncated to its first 8 bytes as eMRTD MACs and PACE tokens are. */
export function aesCmac8(key: Uint8Array, data: Uint8Array): Buffer {
  return Buffer.from(cmac(data, key)).subarray(0, 8);
}
