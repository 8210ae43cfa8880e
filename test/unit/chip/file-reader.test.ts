// Reading EF.COM over secure messaging, replaying ICAO Doc 9303 Part 11 Appendix D.4: the reader must send
// exactly the published SELECT and two READ BINARY commands (4 bytes, then 0x12 at offset 4) and return the
// 22 bytes of EF.COM. Values are from that appendix.
import { describe, expect, it } from 'vitest';
import { ChipError } from '../../../main/chip/errors';
import { FILE_IDS, readFile } from '../../../main/chip/file-reader';
import { SecureMessaging } from '../../../main/chip/secure-messaging';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

const session = (): SecureMessaging =>
  new SecureMessaging({ ksEnc: hex('979EC13B1CBFE9DCD01AB0FED307EAE5'), ksMac: hex('F1CB1F1FB5ADF208806B89DC579DC1F8') }, hex('887022120C06C226'));

const TRANSCRIPT: Array<[string, string]> = [
  ['0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800', '990290008E08FA855A5D4C50A8ED9000'],
  ['0CB000000D9701048E08ED6705417E96BA5500', '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000'],
  ['0CB000040D9701128E082EA28A70F3C7B53500', '871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000'],
];

function scripted(failAt?: number): { transmit: (c: Buffer) => Promise<Buffer>; sent: string[] } {
  const sent: string[] = [];
  const transmit = async (command: Buffer): Promise<Buffer> => {
    sent.push(toHex(command));
    const i = sent.length - 1;
    if (i === failAt) throw new Error('SCardTransmit: card removed');
    const step = TRANSCRIPT[i];
    return step && step[0] === toHex(command) ? hex(step[1]) : hex('6D00');
  };
  return { transmit, sent };
}

describe('reading a file over secure messaging', () => {
  it('reads EF.COM with the published commands and reports progress', async () => {
    const { transmit, sent } = scripted();
    const progress: string[] = [];
    const com = await readFile(session(), transmit, FILE_IDS.COM, (p) => progress.push(`${p.read}/${p.total}`));
    expect(toHex(com)).toBe('60145F0104303130365F36063034303030305C026175');
    expect(sent).toEqual(TRANSCRIPT.map(([c]) => c));
    expect(progress).toEqual(['4/22', '22/22']);
  });

  it('turns a card removed mid-read into a plain sentence', async () => {
    const { transmit } = scripted(2);
    const error = await readFile(session(), transmit, FILE_IDS.COM).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChipError);
    expect(error).toMatchObject({ code: 'read-failed', message: expect.stringMatching(/keep the document on the reader/) });
  });

  it('stops at a response that fails its integrity check', async () => {
    const { transmit } = scripted();
    const tampering = async (c: Buffer): Promise<Buffer> => {
      const answer = await transmit(c);
      if (c[1] === 0xb0 && c[3] === 0x04) answer[5] = answer[5]! ^ 0x01;
      return answer;
    };
    await expect(readFile(session(), tampering, FILE_IDS.COM)).rejects.toMatchObject({ code: 'sm-integrity' });
  });
});
