// ISO 7816-4 command and response APDUs (5.1): short form (Lc and Le one byte, Le 00 = 256) and, for
// answers or data that do not fit, extended form (Lc as 00 + two bytes, Le as two bytes — or 00 + two
// bytes when there is no data —, Le 0000 = 65536). Responses a chip gives in parts (SW1 61: "XX more bytes
// available") are collected with GET RESPONSE (5.3.4 / 11.4.3).
import { ChipError } from './errors';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length: 1..256 in short form (256 is encoded as 00), up to 65536 in extended form. Absent: none. */
  le?: number;
  /** Send in extended form even when the fields would fit the short one (a long answer is expected). */
  extended?: boolean;
}

export interface ResponseApdu {
  data: Buffer;
  /** Status word, e.g. 0x9000. */
  sw: number;
}

/** Most command data an extended APDU carries. */
export const MAX_EXTENDED = 65535;

const byte = (v: number, name: string): number => {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new ChipError('bad-apdu', `The APDU's ${name} must be one byte.`);
  return v;
};

/** Whether the command needs (or asks for) the extended form. */
export function isExtended(c: CommandApdu): boolean {
  return c.extended === true || (c.data?.length ?? 0) > 255 || (c.le ?? 0) > 256;
}

export function encodeCommand(c: CommandApdu): Buffer {
  const head = Buffer.from([byte(c.cla, 'class'), byte(c.ins, 'instruction'), byte(c.p1, 'P1'), byte(c.p2, 'P2')]);
  const data = c.data ?? new Uint8Array(0);
  const extended = isExtended(c);
  if (data.length > (extended ? MAX_EXTENDED : 255)) throw new ChipError('bad-apdu', `Command data of ${data.length} bytes is more than an APDU carries.`);
  if (c.le !== undefined && (!Number.isInteger(c.le) || c.le < 1 || c.le > (extended ? 65536 : 256))) {
    throw new ChipError('bad-apdu', extended ? 'Le must be between 1 and 65536.' : 'Le must be between 1 and 256.');
  }
  if (!extended) {
    const lc = data.length > 0 ? Buffer.from([data.length]) : Buffer.alloc(0);
    const le = c.le !== undefined ? Buffer.from([c.le & 0xff]) : Buffer.alloc(0);
    return Buffer.concat([head, lc, data, le]);
  }
  const two = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
  const lc = data.length > 0 ? Buffer.concat([Buffer.from([0]), two(data.length)]) : Buffer.alloc(0);
  // Le follows Lc's two bytes directly; without data it carries the leading 00 itself.
  const le = c.le === undefined ? Buffer.alloc(0) : Buffer.concat([data.length > 0 ? Buffer.alloc(0) : Buffer.from([0]), two(c.le & 0xffff)]);
  return Buffer.concat([head, lc, data, le]);
}

/** A command APDU as a card reads it (ISO 7816-4, 5.1, cases 1–4 short and extended). */
export interface DecodedCommand {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Buffer;
  /** 0: no Le field. */
  le: number;
  extended: boolean;
}

export function decodeCommand(bytes: Uint8Array): DecodedCommand {
  const b = Buffer.from(bytes);
  if (b.length < 4) throw new ChipError('bad-apdu', 'A command APDU has at least four bytes.');
  const base = { cla: b[0]!, ins: b[1]!, p1: b[2]!, p2: b[3]! };
  const body = b.subarray(4);
  const short = (n: number): number => n || 256;
  const long = (hi: number, lo: number): number => ((hi << 8) | lo) || 65536;
  if (body.length === 0) return { ...base, data: Buffer.alloc(0), le: 0, extended: false };
  if (body.length === 1) return { ...base, data: Buffer.alloc(0), le: short(body[0]!), extended: false };
  if (body[0] !== 0 || body.length < 3) {
    // Short case 3 or 4: Lc, data, optional Le.
    const lc = body[0]!;
    if (lc === 0 || body.length < 1 + lc || body.length > 2 + lc) throw new ChipError('bad-apdu', 'The command\'s short length fields do not match its size.');
    return { ...base, data: body.subarray(1, 1 + lc), le: body.length === 2 + lc ? short(body[1 + lc]!) : 0, extended: false };
  }
  if (body.length === 3) return { ...base, data: Buffer.alloc(0), le: long(body[1]!, body[2]!), extended: true };
  const lc = (body[1]! << 8) | body[2]!;
  if (lc === 0 || (body.length !== 3 + lc && body.length !== 5 + lc)) throw new ChipError('bad-apdu', 'The command\'s extended length fields do not match its size.');
  return { ...base, data: body.subarray(3, 3 + lc), le: body.length === 5 + lc ? long(body[3 + lc]!, body[4 + lc]!) : 0, extended: true };
}

export function parseResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new ChipError('bad-apdu', 'The chip answered with fewer than two bytes (no status word).');
  const sw = (bytes[bytes.length - 2]! << 8) | bytes[bytes.length - 1]!;
  return { data: Buffer.from(bytes.subarray(0, bytes.length - 2)), sw };
}

export const SW_OK = 0x9000;

/** Most GET RESPONSE rounds accepted for one answer (65536 bytes in 256-byte parts). */
const MAX_RESPONSE_PARTS = 257;

/**
 * Sends `command` and, while the chip answers SW1 61 ("more data available", SW2 the count, 00 = 256 or
 * more), fetches the rest with GET RESPONSE (00 C0 00 00 Le), as ISO 7816-4 has a chip deliver an answer
 * longer than the response it can send at once. Returns the whole answer and the last status word, as one
 * response APDU's bytes. Under secure messaging GET RESPONSE goes in the clear: the parts joined are the
 * protected response.
 */
export async function transmitCollecting(transmit: (command: Buffer) => Promise<Buffer>, command: Buffer): Promise<Buffer> {
  let answer = parseResponse(await transmit(command));
  const parts: Buffer[] = [answer.data];
  for (let round = 0; answer.sw >> 8 === 0x61; round++) {
    if (round >= MAX_RESPONSE_PARTS) throw new ChipError('bad-apdu', 'The chip kept announcing more response data than an answer can hold.');
    answer = parseResponse(await transmit(encodeCommand({ cla: 0, ins: 0xc0, p1: 0, p2: 0, le: answer.sw & 0xff || 256 })));
    parts.push(answer.data);
  }
  return Buffer.concat([...parts, Buffer.from([answer.sw >> 8, answer.sw & 0xff])]);
}
