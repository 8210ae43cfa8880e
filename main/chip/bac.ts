// Basic access control (ICAO 9303 Part 11, 4.3): GET CHALLENGE, then mutual authentication with
// EXTERNAL AUTHENTICATE under the document basic access keys, then session keys and the send sequence
// counter for secure messaging.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { bacKeySeed, type MrzAccessFields } from './access-key';
import { encodeCommand, parseResponse, SW_OK } from './apdu';
import { padIso9797, retailMac, tdesDecrypt, tdesEncrypt } from './des';
import { ChipError } from './errors';
import { deriveTdesKeyPair, type TdesKeyPair } from './key-derivation';
import { SecureMessaging } from './secure-messaging';

/** Sends one command APDU to the chip and resolves with its response bytes (data + status word). */
export type Transmit = (command: Buffer) => Promise<Buffer>;

export interface TerminalRandom {
  /** RND.IFD, 8 bytes */
  rndIfd: Uint8Array;
  /** K.IFD, 16 bytes */
  kIfd: Uint8Array;
}

export interface BacSessionValues {
  ksEnc: Buffer;
  ksMac: Buffer;
  ssc: Buffer;
}

export function documentBasicAccessKeys(fields: MrzAccessFields): TdesKeyPair {
  return deriveTdesKeyPair(bacKeySeed(fields));
}

/** EIFD || MIFD: the 40-byte data of EXTERNAL AUTHENTICATE. */
export function externalAuthenticateData(keys: TdesKeyPair, rndIc: Uint8Array, terminal: TerminalRandom): Buffer {
  if (rndIc.length !== 8) throw new ChipError('bad-apdu', 'The chip\'s challenge must be 8 bytes.');
  if (terminal.rndIfd.length !== 8 || terminal.kIfd.length !== 16) throw new RangeError('RND.IFD is 8 bytes and K.IFD 16');
  const eIfd = tdesEncrypt(keys.enc, Buffer.concat([terminal.rndIfd, rndIc, terminal.kIfd]));
  return Buffer.concat([eIfd, retailMac(keys.mac, padIso9797(eIfd))]);
}

/** Checks the chip's EIC || MIC and derives the session. Throws access-denied when the chip did not prove the key. */
export function completeBac(keys: TdesKeyPair, rndIc: Uint8Array, terminal: TerminalRandom, response: Uint8Array): BacSessionValues {
  if (response.length !== 40) throw new ChipError('access-denied', 'The chip\'s authentication answer has the wrong length.');
  const eIc = response.subarray(0, 32);
  const mIc = response.subarray(32);
  if (!timingSafeEqual(retailMac(keys.mac, padIso9797(eIc)), mIc)) {
    throw new ChipError('access-denied', 'The chip\'s authentication answer failed its MAC check.');
  }
  const r = tdesDecrypt(keys.enc, eIc);
  if (!r.subarray(0, 8).equals(Buffer.from(rndIc)) || !r.subarray(8, 16).equals(Buffer.from(terminal.rndIfd))) {
    throw new ChipError('access-denied', 'The chip did not return the challenges it was given.');
  }
  const kIc = r.subarray(16, 32);
  const seed = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) seed[i] = terminal.kIfd[i]! ^ kIc[i]!;
  const session = deriveTdesKeyPair(seed);
  const ssc = Buffer.concat([rndIc.subarray(4, 8), terminal.rndIfd.subarray(4, 8)]);
  return { ksEnc: session.enc, ksMac: session.mac, ssc };
}

/**
 * Runs BAC over a transmit function and returns a secure-messaging channel. `terminal` exists so tests can
 * replay published transcripts; in use it is left out and fresh random values are drawn.
 */
export async function performBac(
  transmit: Transmit,
  fields: MrzAccessFields,
  terminal: TerminalRandom = { rndIfd: randomBytes(8), kIfd: randomBytes(16) },
): Promise<{ sm: SecureMessaging; session: BacSessionValues }> {
  const keys = documentBasicAccessKeys(fields);
  const challenge = parseResponse(await transmit(encodeCommand({ cla: 0x00, ins: 0x84, p1: 0, p2: 0, le: 8 })));
  if (challenge.sw !== SW_OK || challenge.data.length !== 8) {
    throw new ChipError('access-denied', 'The chip did not give a challenge for basic access control.');
  }
  const data = externalAuthenticateData(keys, challenge.data, terminal);
  const answer = parseResponse(await transmit(encodeCommand({ cla: 0x00, ins: 0x82, p1: 0, p2: 0, data, le: 40 })));
  if (answer.sw !== SW_OK) {
    throw new ChipError(
      'access-denied',
      'The chip refused the access key: check the document number, date of birth and expiry date against the document.',
    );
  }
  const session = completeBac(keys, challenge.data, terminal, answer.data);
  return { sm: new SecureMessaging({ ksEnc: session.ksEnc, ksMac: session.ksMac }, session.ssc), session };
}
