// ISO 7816-4 command and response APDUs, short form only (eMRTD reading with BAC uses short APDUs).
import { ChipError } from './errors';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length, 1..256 (256 is encoded as 00). Absent: no response data expected. */
  le?: number;
}

export interface ResponseApdu {
  data: Buffer;
  /** Status word, e.g. 0x9000. */
  sw: number;
}

const byte = (v: number, name: string): number => {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new ChipError('bad-apdu', `The APDU's ${name} must be one byte.`);
  return v;
};

export function encodeCommand(c: CommandApdu): Buffer {
  const parts: number[] = [byte(c.cla, 'class'), byte(c.ins, 'instruction'), byte(c.p1, 'P1'), byte(c.p2, 'P2')];
  const data = c.data ?? new Uint8Array(0);
  if (data.length > 255) throw new ChipError('bad-apdu', 'Command data above 255 bytes needs extended APDUs, which are not used here.');
  const head = Buffer.from(parts);
  const lc = data.length > 0 ? Buffer.from([data.length]) : Buffer.alloc(0);
  let le = Buffer.alloc(0);
  if (c.le !== undefined) {
    if (!Number.isInteger(c.le) || c.le < 1 || c.le > 256) throw new ChipError('bad-apdu', 'Le must be between 1 and 256.');
    le = Buffer.from([c.le & 0xff]);
  }
  return Buffer.concat([head, lc, data, le]);
}

export function parseResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new ChipError('bad-apdu', 'The chip answered with fewer than two bytes (no status word).');
  const sw = (bytes[bytes.length - 2]! << 8) | bytes[bytes.length - 1]!;
  return { data: Buffer.from(bytes.subarray(0, bytes.length - 2)), sw };
}

export const SW_OK = 0x9000;
