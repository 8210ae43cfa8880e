// ISO 7816-4 secure messaging as BAC and PACE establish it (ICAO 9303 Part 11, 9.8): command data in
// DO'87' (encrypted, padded, with the 01 padding indicator), Le in DO'97', the response status in DO'99',
// and a MAC in DO'8E' over the send sequence counter and the protected objects. With 3DES (BAC): an 8-byte
// counter, zero IV and the retail MAC. With AES (PACE, 9.8.6.2): a 16-byte counter, IV = E(KSenc, SSC)
// and AES-CMAC truncated to 8 bytes; padding to the cipher's block size in both. A command whose answer or
// protected data does not fit a short APDU is sent in extended form (ISO 7816-4, 5.1).
import { AES_BLOCK, aesCbcDecrypt, aesCbcEncrypt, aesCmac8, aesEncryptBlock } from './aes';
import { encodeCommand, isExtended, type CommandApdu, type ResponseApdu, parseResponse } from './apdu';
import { DES_BLOCK, padIso9797, retailMac, tdesDecrypt, tdesEncrypt, unpadIso9797 } from './des';
import { ChipError } from './errors';
import { encodeTlv, readTlvs, TlvError, type Tlv } from './tlv';

export interface SessionKeys {
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
}

export type SmCipher = '3DES' | 'AES';

/** What a reading needs from a secure channel, whichever cipher protects it. */
export type SecureChannel = Pick<SecureMessaging, 'wrap' | 'unwrap'>;

export class SecureMessaging {
  private ssc: bigint;
  private readonly block: number;
  private readonly sscMax: bigint;

  constructor(
    private readonly keys: SessionKeys,
    initialSsc: Uint8Array,
    readonly cipher: SmCipher = '3DES',
  ) {
    this.block = cipher === 'AES' ? AES_BLOCK : DES_BLOCK;
    if (initialSsc.length !== this.block) throw new RangeError(`the ${cipher} send sequence counter is ${this.block} bytes`);
    this.ssc = BigInt(`0x${Buffer.from(initialSsc).toString('hex')}`);
    this.sscMax = (1n << BigInt(this.block * 8)) - 1n;
  }

  /** The counter's current value, for tests and diagnostics. */
  get sendSequenceCounter(): Buffer {
    return Buffer.from(this.ssc.toString(16).padStart(this.block * 2, '0'), 'hex');
  }

  private nextSsc(): Buffer {
    this.ssc = this.ssc === this.sscMax ? 0n : this.ssc + 1n;
    return this.sendSequenceCounter;
  }

  private pad(data: Uint8Array): Buffer {
    return padIso9797(data, this.block);
  }

  private mac(paddedData: Uint8Array): Buffer {
    return this.cipher === 'AES' ? aesCmac8(this.keys.ksMac, paddedData) : retailMac(this.keys.ksMac, paddedData);
  }

  private encrypt(ssc: Buffer, data: Uint8Array): Buffer {
    if (this.cipher === '3DES') return tdesEncrypt(this.keys.ksEnc, data);
    return aesCbcEncrypt(this.keys.ksEnc, aesEncryptBlock(this.keys.ksEnc, ssc), data);
  }

  private decrypt(ssc: Buffer, data: Uint8Array): Buffer {
    if (this.cipher === '3DES') return tdesDecrypt(this.keys.ksEnc, data);
    return aesCbcDecrypt(this.keys.ksEnc, aesEncryptBlock(this.keys.ksEnc, ssc), data);
  }

  /** The protected form of a plain command APDU, ready to send. Advances the counter once. */
  wrap(command: CommandApdu): Buffer {
    if ((command.ins & 1) !== 0) {
      throw new ChipError('bad-apdu', 'Commands with an odd instruction byte need DO\'85\', which eMRTD reading does not use.');
    }
    const cla = (command.cla & 0xf0) | 0x0c;
    const header = this.pad(Buffer.from([cla, command.ins, command.p1, command.p2]));
    const objects: Buffer[] = [];
    const ssc = this.nextSsc();
    if (command.data && command.data.length > 0) {
      const cryptogram = this.encrypt(ssc, this.pad(command.data));
      objects.push(encodeTlv(0x87, Buffer.concat([Buffer.from([0x01]), cryptogram])));
    }
    if (command.le !== undefined) {
      if (!Number.isInteger(command.le) || command.le < 1 || command.le > 65536) throw new ChipError('bad-apdu', 'Le must be between 1 and 65536.');
      // One byte up to 256 (00 = 256), two beyond (0000 = 65536).
      const le = command.le > 256 ? Buffer.from([(command.le >> 8) & 0xff, command.le & 0xff]) : Buffer.from([command.le & 0xff]);
      objects.push(encodeTlv(0x97, le));
    }
    const mac = this.mac(this.pad(Buffer.concat([ssc, header, ...objects])));
    objects.push(encodeTlv(0x8e, mac));
    const data = Buffer.concat(objects);
    // The protected APDU goes in extended form when the plain one does (a long answer is expected) or its
    // data objects outgrow a short one; its own Le then asks for everything (0000), else 00.
    const extended = isExtended(command) || data.length > 255;
    return encodeCommand({ cla, ins: command.ins, p1: command.p1, p2: command.p2, data, le: extended ? 65536 : 256, extended });
  }

  /**
   * Verifies and opens a protected response APDU. Advances the counter once. A chip that drops secure
   * messaging (a bare status word such as 6982/6988) ends the session: the caller must authenticate again.
   */
  unwrap(responseBytes: Uint8Array): ResponseApdu {
    const ssc = this.nextSsc();
    const outer = parseResponse(responseBytes);
    if (outer.data.length === 0) {
      throw new ChipError(
        'sm-integrity',
        `The chip answered without secure messaging (status ${outer.sw.toString(16).toUpperCase().padStart(4, '0')}); the session has ended.`,
      );
    }
    let objects: Tlv[];
    try {
      objects = readTlvs(outer.data);
    } catch (e) {
      if (e instanceof TlvError) throw new ChipError('sm-integrity', 'The chip\'s protected response is not well-formed.');
      throw e;
    }
    const find = (tag: number): Tlv | undefined => objects.find((o) => o.tag === tag);
    const do87 = find(0x87);
    const do99 = find(0x99);
    const do8e = find(0x8e);
    if (!do8e || do8e.value.length !== 8) throw new ChipError('sm-integrity', 'The chip\'s response carries no MAC.');
    if (!do99 || do99.value.length !== 2) throw new ChipError('sm-integrity', 'The chip\'s response carries no protected status word.');
    const macInput = Buffer.concat([ssc, ...(do87 ? [do87.raw] : []), do99.raw]);
    const expected = this.mac(this.pad(macInput));
    if (!expected.equals(do8e.value)) {
      throw new ChipError('sm-integrity', 'The chip\'s response failed its integrity check; the data cannot be trusted.');
    }
    const sw = (do99.value[0]! << 8) | do99.value[1]!;
    if (!do87) return { data: Buffer.alloc(0), sw };
    if (do87.value[0] !== 0x01 || (do87.value.length - 1) % this.block !== 0) {
      throw new ChipError('sm-integrity', 'The chip\'s encrypted response data is not well-formed.');
    }
    const plain = unpadIso9797(this.decrypt(ssc, do87.value.subarray(1)));
    if (!plain) throw new ChipError('sm-integrity', 'The chip\'s encrypted response data has no valid padding.');
    return { data: plain, sw };
  }
}
