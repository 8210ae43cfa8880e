// Two-key triple DES as eMRTD basic access control uses it (ICAO 9303 Part 11, section 9.8):
// 3DES-CBC with a zero IV for encryption, ISO 9797-1 padding method 2, and ISO 9797-1 MAC algorithm 3
// ("retail MAC"). The block cipher itself is node:crypto's; only the modes' framing is here.
import { createCipheriv, createDecipheriv } from 'node:crypto';

export const DES_BLOCK = 8;
const ZERO_IV = Buffer.alloc(DES_BLOCK);

/** ISO 9797-1 padding method 2: append 0x80, then zeros up to a whole block. */
export function padIso9797(data: Uint8Array, block = DES_BLOCK): Buffer {
  const padded = Buffer.alloc((Math.floor(data.length / block) + 1) * block);
  padded.set(data, 0);
  padded[data.length] = 0x80;
  return padded;
}

/** Removes ISO 9797-1 method 2 padding; returns null when the padding is not there. */
export function unpadIso9797(data: Uint8Array): Buffer | null {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80) return null;
  return Buffer.from(data.subarray(0, i));
}

function assertKey(key: Uint8Array): void {
  if (key.length !== 16) throw new RangeError('two-key 3DES needs a 16-byte key');
}

function assertBlocks(data: Uint8Array): void {
  if (data.length % DES_BLOCK !== 0) throw new RangeError('3DES-CBC input must be a whole number of 8-byte blocks');
}

function run(cipher: ReturnType<typeof createCipheriv> | ReturnType<typeof createDecipheriv>, data: Uint8Array): Buffer {
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** 3DES-EDE-CBC encryption with a 16-byte key (K1, K2, K1) and, unless given, a zero IV. No padding added. */
export function tdesEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Buffer {
  assertKey(key);
  assertBlocks(data);
  return run(createCipheriv('des-ede-cbc', key, iv), data);
}

export function tdesDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Buffer {
  assertKey(key);
  assertBlocks(data);
  return run(createDecipheriv('des-ede-cbc', key, iv), data);
}

/**
 * ISO 9797-1 MAC algorithm 3 with DES: single-DES CBC under Ka over every block, the last block then
 * decrypted with Kb and encrypted with Ka. The input must already be padded. Single DES is expressed as
 * 3DES with Ka three times (EDE with equal keys is DES), because OpenSSL 3 only ships DES in its legacy provider.
 */
export function retailMac(key: Uint8Array, paddedData: Uint8Array): Buffer {
  assertKey(key);
  assertBlocks(paddedData);
  if (paddedData.length === 0) throw new RangeError('retail MAC needs at least one block');
  const ka = key.subarray(0, 8);
  const lastStart = paddedData.length - DES_BLOCK;
  let chain: Uint8Array = ZERO_IV;
  if (lastStart > 0) {
    const singleDes = Buffer.concat([ka, ka, ka]);
    const head = run(createCipheriv('des-ede3-cbc', singleDes, ZERO_IV), paddedData.subarray(0, lastStart));
    chain = head.subarray(head.length - DES_BLOCK);
  }
  // Final block: E(Ka, D(Kb, E(Ka, block XOR chain))) is exactly 2-key 3DES-EDE of that block with IV = chain.
  return run(createCipheriv('des-ede-cbc', key, chain), paddedData.subarray(lastStart));
}
