// PACE ECDH generic mapping against the worked example of ICAO Doc 9303 Part 11, Appendix G.1
// (brainpoolP256r1, AES-128, MRZ T22000129 / 640812 / 101031): with the appendix's terminal scalars the
// kiosk must send exactly the appendix's APDUs (which fixes the mapped generator, the key agreement and the
// token) and derive its session keys; a wrong token or an off-curve point from the chip is refused.
import { describe, expect, it } from 'vitest';
import type { Transmit } from '../../../main/chip/bac';
import { parseCardAccess } from '../../../main/chip/lds-files';
import { performPace, paceSupported } from '../../../main/chip/pace';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const FIELDS = { documentNumber: 'T22000129', dateOfBirth: '640812', dateOfExpiry: '101031' };
const CARD_ACCESS = hex('3114 3012 060A04007F0007020204020202010202010D');

const PK_MAP_IFD = '047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D';
const PK_MAP_IC = '04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54';
const PK_DH_IFD = '042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462';
const PK_DH_IC = '049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094';

/** The appendix's exchange: what the terminal sends and what the chip answers. */
const TRANSCRIPT: [string, string][] = [
  ['0022C1A412800A04007F0007020204020283010184010D', '9000'],
  ['10860000027C0000', '7C12801095A3A016522EE98D01E76CB6B98B42C39000'],
  [`10860000457C438141${PK_MAP_IFD}00`, `7C438241${PK_MAP_IC}9000`],
  [`10860000457C438341${PK_DH_IFD}00`, `7C438441${PK_DH_IC}9000`],
  ['008600000C7C0A8508C2B0BD78D94BA86600', '7C0A86083ABB9674BCE93C089000'],
];

function scripted(script: [string, string][]): { transmit: Transmit; sent: string[] } {
  const sent: string[] = [];
  const transmit: Transmit = async (command) => {
    sent.push(toHex(command));
    const step = script[sent.length - 1];
    if (!step) throw new Error('the chip has nothing more to say');
    return hex(step[1]);
  };
  return { transmit, sent };
}

const KEYS = {
  mapping: 0x7f4ef07b9ea82fd78ad689b38d0bc78cf21f249d953bc46f4c6e19259c010f99n,
  agreement: 0xa73fb703ac1436a18e0cfa5abb3f7bec7a070e7a6788486bee230c4a22762595n,
};

describe('PACE ECDH-GM with AES (Appendix G.1)', () => {
  const [info] = parseCardAccess(CARD_ACCESS);

  it('reads the appendix\'s EF.CardAccess as supported PACE', () => {
    expect(info).toEqual({ protocol: '0.4.0.127.0.7.2.2.4.2.2', mapping: 'ECDH-GM', cipher: 'AES-128', version: 2, parameterId: 13 });
    expect(paceSupported(info!)).toBe(true);
    expect(paceSupported({ ...info!, parameterId: 14 })).toBe(false); // brainpoolP320r1: no curve here
    expect(paceSupported({ ...info!, mapping: 'ECDH-IM' })).toBe(false);
  });

  it('sends the appendix\'s APDUs byte for byte and derives its session keys', async () => {
    const chip = scripted(TRANSCRIPT);
    const result = await performPace(chip.transmit, FIELDS, info!, KEYS);
    expect(chip.sent).toEqual(TRANSCRIPT.map(([command]) => command));
    expect(toHex(result.ksEnc)).toBe('F5F0E35C0D7161EE6724EE513A0D9A7F');
    expect(toHex(result.ksMac)).toBe('FE251C7858B356B24514B3BD5F4297D1');
    expect(toHex(result.sm.sendSequenceCounter)).toBe('00000000000000000000000000000000');
  });

  it('refuses a chip whose token does not verify', async () => {
    const forged = TRANSCRIPT.map(([c, r], i): [string, string] => [c, i === 4 ? '7C0A86083ABB9674BCE93C099000' : r]);
    await expect(performPace(scripted(forged).transmit, FIELDS, info!, KEYS)).rejects.toMatchObject({ code: 'access-denied', message: expect.stringContaining('token') });
  });

  it('says the access key is wrong when the chip refuses the kiosk\'s token (a wrong MRZ)', async () => {
    const refused = TRANSCRIPT.map(([c, r], i): [string, string] => [c, i === 4 ? '6300' : r]);
    await expect(performPace(scripted(refused).transmit, FIELDS, info!, KEYS)).rejects.toMatchObject({
      code: 'access-denied', message: expect.stringContaining('check the document number'),
    });
  });

  it('refuses a mapping key that is not on the curve', async () => {
    const offCurve = PK_MAP_IC.slice(0, -2) + '55';
    const bad = TRANSCRIPT.map(([c, r], i): [string, string] => [c, i === 2 ? `7C438241${offCurve}9000` : r]);
    await expect(performPace(scripted(bad).transmit, FIELDS, info!, KEYS)).rejects.toMatchObject({ message: 'The chip\'s mapping key is not a point on the curve.' });
  });
});
