// Basic access control and 3DES secure messaging against the worked example of ICAO Doc 9303 Part 11
// (8th edition, 2021), Appendix D "Worked example: Basic Access Control" (D.2 key derivation, D.3 mutual
// authentication, D.4 secure messaging). Every hex value below is copied from that appendix; the
// secure-messaging values were cross-checked against the same example as quoted in the public test
// tsenger/animamea junit/de/tsenger/animamea/iso7816/SecureMessagingTest.java (values only, no code).
import { describe, expect, it } from 'vitest';
import { bacKeySeed, mrzCheckDigit, mrzInformation } from '../../../main/chip/access-key';
import { completeBac, documentBasicAccessKeys, externalAuthenticateData, performBac } from '../../../main/chip/bac';
import { ChipError } from '../../../main/chip/errors';
import { adjustDesParity } from '../../../main/chip/key-derivation';
import { SecureMessaging } from '../../../main/chip/secure-messaging';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

// Appendix D.2: the MRZ of the ICAO specimen (document number L898902C<, born 690806, expires 940623).
const SPECIMEN = { documentNumber: 'L898902C<', dateOfBirth: '690806', dateOfExpiry: '940623' };
// Appendix D.3: the terminal's and the chip's random values.
const RND_IC = hex('4608F91988702212');
const TERMINAL = { rndIfd: hex('781723860C06C226'), kIfd: hex('0B795240CB7049B01C19B33E32804F0B') };
const CHIP_ANSWER = hex('46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F 2F2D235D074D7449');
// Appendix D.3/D.4: the session established by that exchange.
const KS_ENC = hex('979EC13B1CBFE9DCD01AB0FED307EAE5');
const KS_MAC = hex('F1CB1F1FB5ADF208806B89DC579DC1F8');
const SSC = hex('887022120C06C226');

describe('document basic access keys (Appendix D.2)', () => {
  it('builds the MRZ information with its check digits', () => {
    expect(mrzInformation(SPECIMEN)).toBe('L898902C<369080619406236');
    expect(mrzCheckDigit('L898902C<')).toBe('3');
  });

  it('hashes it to the published Kseed and derives Kenc and Kmac with parity adjusted', () => {
    expect(toHex(bacKeySeed(SPECIMEN))).toBe('239AB9CB282DAF66231DC5A4DF6BFBAE');
    const keys = documentBasicAccessKeys(SPECIMEN);
    expect(toHex(keys.enc)).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(toHex(keys.mac)).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('pads a short document number with fillers and takes lower case as printed upper case', () => {
    expect(mrzInformation({ ...SPECIMEN, documentNumber: 'l898902c' })).toBe('L898902C<369080619406236');
  });

  it('gives odd parity to every key byte', () => {
    // Appendix D.2: SHA-1 Ka AB94FCEDF2664EDF becomes AB94FDECF2674FDF after adjustment.
    expect(toHex(adjustDesParity(hex('AB94FCEDF2664EDF')))).toBe('AB94FDECF2674FDF');
  });

  it.each([
    [{ ...SPECIMEN, dateOfBirth: '691306' }, /date of birth/],
    [{ ...SPECIMEN, dateOfExpiry: '9406' }, /expiry date/],
    [{ ...SPECIMEN, documentNumber: 'L89-8902C' }, /document number|character/],
    [{ ...SPECIMEN, documentNumber: '<<<' }, /document number/],
  ])('refuses fields that cannot be an MRZ: %o', (fields, message) => {
    expect(() => mrzInformation(fields)).toThrow(message);
    expect(() => mrzInformation(fields)).toThrow(ChipError);
  });
});

describe('mutual authentication (Appendix D.3)', () => {
  const keys = documentBasicAccessKeys(SPECIMEN);

  it('produces the published EIFD || MIFD', () => {
    expect(toHex(externalAuthenticateData(keys, RND_IC, TERMINAL))).toBe(
      '72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2' + '5F1448EEA8AD90A7',
    );
  });

  it('accepts the chip\'s published answer and derives the published session keys and counter', () => {
    const session = completeBac(keys, RND_IC, TERMINAL, CHIP_ANSWER);
    expect(toHex(session.ksEnc)).toBe(toHex(KS_ENC));
    expect(toHex(session.ksMac)).toBe(toHex(KS_MAC));
    expect(toHex(session.ssc)).toBe(toHex(SSC));
  });

  it('refuses an answer whose MAC does not verify', () => {
    const forged = Buffer.from(CHIP_ANSWER);
    forged[39] = forged[39]! ^ 0x01;
    expect(() => completeBac(keys, RND_IC, TERMINAL, forged)).toThrow(expect.objectContaining({ code: 'access-denied' }));
  });

  it('refuses an answer made with another document\'s keys', () => {
    const other = documentBasicAccessKeys({ ...SPECIMEN, dateOfExpiry: '940624' });
    expect(() => completeBac(other, RND_IC, TERMINAL, CHIP_ANSWER)).toThrow(expect.objectContaining({ code: 'access-denied' }));
  });

  it('refuses an answer that does not echo the terminal\'s challenge', () => {
    const otherTerminal = { ...TERMINAL, rndIfd: hex('781723860C06C227') };
    expect(() => completeBac(keys, RND_IC, otherTerminal, CHIP_ANSWER)).toThrow(/challenges/);
  });
});

describe('secure messaging (Appendix D.4)', () => {
  const session = (): SecureMessaging => new SecureMessaging({ ksEnc: KS_ENC, ksMac: KS_MAC }, SSC);

  it('wraps SELECT EF.COM, READ BINARY 4 and READ BINARY 18 at offset 4 as published', () => {
    const sm = session();
    expect(toHex(sm.wrap({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: hex('011E') }))).toBe(
      '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800',
    );
    expect(toHex(sm.sendSequenceCounter)).toBe('887022120C06C227');
    sm.unwrap(hex('990290008E08FA855A5D4C50A8ED9000'));
    expect(toHex(sm.wrap({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 }))).toBe('0CB000000D9701048E08ED6705417E96BA5500');
    sm.unwrap(hex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000'));
    expect(toHex(sm.wrap({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x04, le: 0x12 }))).toBe('0CB000040D9701128E082EA28A70F3C7B53500');
  });

  it('unwraps the published responses and recovers EF.COM\'s first 22 bytes', () => {
    const sm = session();
    sm.wrap({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: hex('011E') });
    const select = sm.unwrap(hex('990290008E08FA855A5D4C50A8ED9000'));
    expect(select.sw).toBe(0x9000);
    expect(select.data.length).toBe(0);
    sm.wrap({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 });
    const head = sm.unwrap(hex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000'));
    expect(toHex(head.data)).toBe('60145F01');
    sm.wrap({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x04, le: 0x12 });
    const rest = sm.unwrap(hex('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A99029000 8E08C8B2787EAEA07D74 9000'));
    expect(toHex(rest.data)).toBe('04303130365F36063034303030305C026175');
    expect(toHex(sm.sendSequenceCounter)).toBe('887022120C06C22C');
  });

  it('refuses a response whose MAC does not verify, and one replayed out of sequence', () => {
    const tampered = session();
    tampered.wrap({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 });
    tampered.wrap({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 }); // counter now where D.4's READ BINARY left it
    // One flipped bit in the cryptogram.
    expect(() => tampered.unwrap(hex('8709019FF0EC34F9922751990290008E08AD55CC17140B2DED9000'))).toThrow(
      expect.objectContaining({ code: 'sm-integrity' }),
    );
    const replay = session();
    replay.wrap({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: hex('011E') });
    // SELECT's answer arrives where READ BINARY's was expected: the counter differs, so the MAC fails.
    replay.unwrap(hex('990290008E08FA855A5D4C50A8ED9000'));
    replay.wrap({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 });
    expect(() => replay.unwrap(hex('990290008E08FA855A5D4C50A8ED9000'))).toThrow(/integrity check/);
  });

  it('ends the session when the chip answers with a bare status word or no MAC', () => {
    const sm = session();
    sm.wrap({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 });
    expect(() => sm.unwrap(hex('6988'))).toThrow(/without secure messaging \(status 6988\)/);
    expect(() => sm.unwrap(hex('990290009000'))).toThrow(/no MAC/);
    expect(() => sm.unwrap(hex('8E089000'))).toThrow(/not well-formed/);
  });

  it('wraps the counter from FF…FF to 00…00', () => {
    const sm = new SecureMessaging({ ksEnc: KS_ENC, ksMac: KS_MAC }, hex('FFFFFFFFFFFFFFFF'));
    sm.wrap({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 });
    expect(toHex(sm.sendSequenceCounter)).toBe('0000000000000000');
  });
});

describe('the whole Appendix D exchange over a transmit function', () => {
  it('sends the published commands and reads EF.COM\'s first bytes', async () => {
    const script: Array<[string, string]> = [
      ['0084000008', '4608F919887022129000'],
      [
        '008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728',
        '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000',
      ],
    ];
    const sent: string[] = [];
    const transmit = async (command: Buffer): Promise<Buffer> => {
      sent.push(toHex(command));
      const step = script[sent.length - 1];
      if (!step || step[0] !== toHex(command)) return hex('6D00');
      return hex(step[1]);
    };
    const { sm, session } = await performBac(transmit, SPECIMEN, TERMINAL);
    expect(sent).toEqual(script.map(([c]) => c));
    expect(toHex(session.ssc)).toBe(toHex(SSC));
    expect(toHex(sm.wrap({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: hex('011E') }))).toBe(
      '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800',
    );
  });

  it('tells the teller to check the MRZ fields when the chip refuses the key', async () => {
    const transmit = async (command: Buffer): Promise<Buffer> =>
      command[1] === 0x84 ? hex('4608F919887022129000') : hex('6300');
    await expect(performBac(transmit, SPECIMEN, TERMINAL)).rejects.toThrow(/document number, date of birth and expiry date/);
  });
});
