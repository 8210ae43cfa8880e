// Command APDUs in short and extended form (ISO/IEC 7816-4, 5.1: cases 1–4), read back as a card reads
// them, and answers given in parts (SW1 61) collected with GET RESPONSE. The byte layouts are the
// standard's; the secure-messaging case checks that a protected command outgrowing a short APDU goes extended.
import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand, transmitCollecting } from '../../../main/chip/apdu';
import { ChipError } from '../../../main/chip/errors';
import { SecureMessaging } from '../../../main/chip/secure-messaging';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const head = { cla: 0, ins: 0x88, p1: 0, p2: 0 };

describe('command APDUs', () => {
  it.each([
    ['case 1', {}, '00880000', false],
    ['case 2 short, Le 256', { le: 256 }, '0088000000', false],
    ['case 3 short', { data: Buffer.from('0102', 'hex') }, '00880000020102', false],
    ['case 4 short', { data: Buffer.from('0102', 'hex'), le: 256 }, '0088000002010200', false],
    ['case 2 extended, Le 65536', { le: 65536 }, '00880000000000', true],
    ['case 2 extended, Le 300', { le: 300 }, '0088000000012C', true],
    ['case 3 extended (forced)', { data: Buffer.from('0102', 'hex'), extended: true }, '00880000000002' + '0102', true],
    ['case 4 extended, Le 65536', { data: Buffer.from('0102', 'hex'), le: 65536, extended: true }, '00880000000002' + '0102' + '0000', true],
  ])('%s', (_, fields, expected, extended) => {
    const bytes = encodeCommand({ ...head, ...fields });
    expect(hex(bytes)).toBe(expected);
    const decoded = decodeCommand(bytes);
    expect(decoded.data).toEqual(Buffer.from((fields as { data?: Buffer }).data ?? []));
    expect(decoded.le).toBe((fields as { le?: number }).le ?? 0);
    expect(decoded.extended).toBe(extended);
  });

  it('carries 300 bytes of data in extended form and refuses them in a short one', () => {
    const data = Buffer.alloc(300, 7);
    const bytes = encodeCommand({ ...head, data, le: 256 });
    expect(hex(bytes.subarray(0, 7))).toBe('00880000' + '00012C');
    expect(hex(bytes.subarray(-2))).toBe('0100');
    expect(decodeCommand(bytes)).toMatchObject({ data, le: 256, extended: true });
    expect(() => encodeCommand({ ...head, le: 257, extended: false, data: Buffer.alloc(1) })).not.toThrow();
    expect(() => encodeCommand({ ...head, le: 65537 })).toThrow(ChipError);
    expect(() => encodeCommand({ ...head, data: Buffer.alloc(65536) })).toThrow(/more than an APDU carries/);
  });

  it('refuses length fields that do not match the command', () => {
    expect(() => decodeCommand(Buffer.from('0088000005010203', 'hex'))).toThrow(/short length/);
    expect(() => decodeCommand(Buffer.from('00880000000005010203', 'hex'))).toThrow(/extended length/);
    expect(() => decodeCommand(Buffer.from('008800', 'hex'))).toThrow(ChipError);
  });
});

describe('answers in parts', () => {
  it('joins the parts a chip announces with 61XX, asking for each with GET RESPONSE', async () => {
    const whole = Buffer.from(Array.from({ length: 600 }, (_, i) => i & 0xff));
    const sent: string[] = [];
    let at = 0;
    const transmit = async (c: Buffer): Promise<Buffer> => {
      sent.push(hex(c));
      const size = at === 0 ? 256 : (c[4] || 256);
      const part = whole.subarray(at, at + size);
      at += part.length;
      const rest = whole.length - at;
      return Buffer.concat([part, rest === 0 ? Buffer.from([0x90, 0]) : Buffer.from([0x61, rest >= 256 ? 0 : rest])]);
    };
    const answer = await transmitCollecting(transmit, Buffer.from('0088000000', 'hex'));
    expect(answer).toEqual(Buffer.concat([whole, Buffer.from([0x90, 0])]));
    expect(sent).toEqual(['0088000000', '00C0000000', '00C0000058']);
  });

  it('passes a whole answer through and stops a chip that never ends', async () => {
    expect(await transmitCollecting(async () => Buffer.from('01029000', 'hex'), Buffer.from('00B0000002', 'hex'))).toEqual(Buffer.from('01029000', 'hex'));
    await expect(transmitCollecting(async () => Buffer.from('6100', 'hex'), Buffer.from('0088000000', 'hex'))).rejects.toThrow(/more response data/);
  });
});

describe('secure messaging and extended length', () => {
  const keys = { ksEnc: Buffer.alloc(16, 1), ksMac: Buffer.alloc(16, 2) };
  it('keeps short commands short and sends extended when asked for a long answer or carrying long data', () => {
    const sm = (): SecureMessaging => new SecureMessaging(keys, Buffer.alloc(16), 'AES');
    expect(decodeCommand(sm().wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 223 }))).toMatchObject({ extended: false, le: 256 });
    const long = decodeCommand(sm().wrap({ ...head, data: Buffer.alloc(8), le: 65536, extended: true }));
    expect(long).toMatchObject({ extended: true, le: 65536 });
    expect(hex(long.data)).toContain('97020000');
    const big = decodeCommand(sm().wrap({ cla: 0, ins: 0x86, p1: 0, p2: 0, data: Buffer.alloc(260), le: 256 }));
    expect(big.extended).toBe(true);
    expect(big.data.length).toBeGreaterThan(255);
    expect(hex(big.data)).toContain('970100');
  });
});
