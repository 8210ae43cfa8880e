// AES secure messaging (ICAO 9303 Part 11, 9.8.6.2) checked against an independent implementation: the
// openssl command line computes the IV (AES-ECB of the counter), the cryptogram (AES-CBC) and the MAC
// (AES-CMAC, first 8 bytes) of a protected SELECT and READ BINARY under the session keys of Appendix G.1;
// the kiosk must produce the same bytes, and open a response built the same way.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { padIso9797 } from '../../../main/chip/des';
import { SecureMessaging } from '../../../main/chip/secure-messaging';
import { encodeTlv } from '../../../main/chip/tlv';

const KS_ENC = 'F5F0E35C0D7161EE6724EE513A0D9A7F';
const KS_MAC = 'FE251C7858B356B24514B3BD5F4297D1';
const hex = (s: string): Buffer => Buffer.from(s, 'hex');

const openssl = (args: string[], input: Buffer): Buffer => execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
const ecb = (block: Buffer) => openssl(['enc', '-aes-128-ecb', '-K', KS_ENC, '-nopad'], block);
const cbc = (iv: Buffer, data: Buffer, decrypt = false) =>
  openssl(['enc', '-aes-128-cbc', ...(decrypt ? ['-d'] : []), '-K', KS_ENC, '-iv', iv.toString('hex'), '-nopad'], data);
const cmac8 = (data: Buffer) => hex(openssl(['mac', '-cipher', 'AES-128-CBC', '-macopt', `hexkey:${KS_MAC}`, 'CMAC'], data).toString().trim()).subarray(0, 8);
const ssc = (n: number) => Buffer.concat([Buffer.alloc(15), Buffer.from([n])]);
const pad = (b: Buffer) => padIso9797(b, 16);

describe('AES secure messaging against openssl', () => {
  it('protects SELECT EF.COM and READ BINARY as openssl computes them, and opens the chip\'s answer', () => {
    const sm = new SecureMessaging({ ksEnc: hex(KS_ENC), ksMac: hex(KS_MAC) }, Buffer.alloc(16), 'AES');

    const do87 = encodeTlv(0x87, Buffer.concat([Buffer.from([1]), cbc(ecb(ssc(1)), pad(hex('011E')))]));
    const mac1 = cmac8(pad(Buffer.concat([ssc(1), pad(hex('0CA4020C')), do87])));
    const select = sm.wrap({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: hex('011E') });
    expect(select.toString('hex')).toBe(Buffer.concat([hex('0CA4020C'), Buffer.from([do87.length + 10]), do87, encodeTlv(0x8e, mac1), hex('00')]).toString('hex'));

    const do99 = hex('99029000');
    expect(sm.unwrap(Buffer.concat([do99, encodeTlv(0x8e, cmac8(pad(Buffer.concat([ssc(2), do99])))), hex('9000')]))).toEqual({ data: Buffer.alloc(0), sw: 0x9000 });

    const do97 = hex('970104');
    const mac3 = cmac8(pad(Buffer.concat([ssc(3), pad(hex('0CB00000')), do97])));
    expect(sm.wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 }).toString('hex')).toBe(
      Buffer.concat([hex('0CB000000D'), do97, encodeTlv(0x8e, mac3), hex('00')]).toString('hex'),
    );

    const answer = encodeTlv(0x87, Buffer.concat([Buffer.from([1]), cbc(ecb(ssc(4)), pad(hex('60145F01')))]));
    const mac4 = cmac8(pad(Buffer.concat([ssc(4), answer, do99])));
    expect(sm.unwrap(Buffer.concat([answer, do99, encodeTlv(0x8e, mac4), hex('9000')]))).toEqual({ data: hex('60145F01'), sw: 0x9000 });
    expect(sm.sendSequenceCounter.equals(ssc(4))).toBe(true);
  });

  it('refuses a response whose MAC was computed for another counter', () => {
    const sm = new SecureMessaging({ ksEnc: hex(KS_ENC), ksMac: hex(KS_MAC) }, Buffer.alloc(16), 'AES');
    sm.wrap({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: hex('011E') });
    const do99 = hex('99029000');
    const replayed = Buffer.concat([do99, encodeTlv(0x8e, cmac8(pad(Buffer.concat([ssc(1), do99])))), hex('9000')]);
    expect(() => sm.unwrap(replayed)).toThrow(/integrity check/);
  });
});
