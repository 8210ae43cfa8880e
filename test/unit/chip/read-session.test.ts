// The reading session's outcomes that do not need a PKI or a reader: the test's emulated passport is
// called directly (no pcscd), and the link is cut or the chip's answers spoilt at chosen commands.
import { describe, expect, it } from 'vitest';
import type { Transmit } from '../../../main/chip/bac';
import { ChipError } from '../../../main/chip/errors';
import { readAndVerifyChip } from '../../../main/chip/read-session';
import { encodeTlv } from '../../../main/chip/tlv';
import { EmulatedPassport, PACE_CARD_ACCESS } from '../../integration/chip/support/emulated-passport';
import { dg1Of, efCom, FID, SPECIMEN_ACCESS, SPECIMEN_MRZ_LINES } from '../../integration/chip/support/passport-data';

const TRUST = { cscas: [], crls: [] };
const files = (extra: [number, Buffer][] = []) =>
  new Map<number, Buffer>([
    [FID.COM, efCom([0x61])], [FID.SOD, encodeTlv(0x77, Buffer.from('3000', 'hex'))], [FID.DG1, dg1Of(SPECIMEN_MRZ_LINES)], ...extra,
  ]);

function chip(content: Map<number, Buffer>, spoil?: (index: number, command: Buffer, answer: Buffer) => Buffer | 'cut' | undefined): Transmit {
  const card = new EmulatedPassport({ access: SPECIMEN_ACCESS, files: content });
  let index = 0;
  return async (command) => {
    const answer = card.execute(command);
    const spoilt = spoil?.(index++, command, answer) ?? answer;
    if (spoilt === 'cut') throw new ChipError('link-lost', 'The document was moved away from the reader while it was being read.');
    return spoilt;
  };
}

const read = (transmit: Transmit) => readAndVerifyChip({ transmit, access: SPECIMEN_ACCESS, printedMrz: SPECIMEN_MRZ_LINES, trust: TRUST });

describe('readAndVerifyChip without a reader', () => {
  it('reads everything and then reports the SOD it cannot verify, keeping the evidence', async () => {
    const result = await read(chip(files()));
    expect(result).toMatchObject({ outcome: 'not-authentic', reason: 'sod-malformed', evidence: { accessMethod: 'bac', mrzLines: SPECIMEN_MRZ_LINES } });
  });

  for (const [name, content] of [['BAC', files()], ['PACE', files([[FID.CARD_ACCESS, PACE_CARD_ACCESS]])]] as const) {
    it(`ends "interrupted" when the link is cut during ${name} or during a file`, async () => {
      for (const at of [0, 2, 3, 5, 9]) {
        expect(await read(chip(content, (i) => (i === at ? 'cut' : undefined))), `cut at command ${at}`).toMatchObject({ outcome: 'interrupted', retry: true });
      }
    });
  }

  it('calls a chip whose protected answer was altered unreadable, not interrupted', async () => {
    const result = await read(chip(files(), (i, _c, answer) => {
      if (i !== 6) return answer;
      const bad = Buffer.from(answer);
      bad[3] = bad[3]! ^ 0x01;
      return bad;
    }));
    expect(result).toMatchObject({ outcome: 'unreadable', message: expect.stringContaining('integrity check') });
  });

  it('calls a chip without the passport application unreadable', async () => {
    const result = await read(chip(files(), (_i, command, answer) => (command[1] === 0xa4 && command[2] === 0x04 ? Buffer.from('6A82', 'hex') : answer)));
    expect(result).toEqual({ outcome: 'unreadable', message: 'The chip does not hold a passport (eMRTD) application.' });
  });

  it('calls a chip whose EF.COM does not list DG1 unreadable', async () => {
    const result = await read(chip(new Map([...files(), [FID.COM, efCom([0x75])]])));
    expect(result).toEqual({ outcome: 'unreadable', message: 'The chip does not list its MRZ data group (DG1).' });
  });

  it('turns access fields that cannot form a key into access-denied with the reason', async () => {
    const result = await readAndVerifyChip({
      transmit: chip(files()), access: { ...SPECIMEN_ACCESS, dateOfBirth: '741312' }, printedMrz: null, trust: TRUST,
    });
    expect(result).toEqual({ outcome: 'access-denied', message: 'The date of birth must be six digits, YYMMDD, as printed in the MRZ.' });
  });
});
