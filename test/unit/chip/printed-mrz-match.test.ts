// DG1 against the printed MRZ, with the ICAO 9303 Part 4 specimen (public) as the printed page.
import { describe, expect, it } from 'vitest';
import { compareWithPrintedMrz } from '../../../main/chip/printed-mrz-match';

const PRINTED = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

describe('DG1 against the printed MRZ', () => {
  it('matches the same MRZ, ignoring surrounding spaces and case from the OCR', () => {
    expect(compareWithPrintedMrz(PRINTED, [` ${PRINTED[0]!.toLowerCase()} `, PRINTED[1]!])).toEqual({ match: true });
  });

  it('names the line that differs and counts the characters', () => {
    const altered = [PRINTED[0]!, PRINTED[1]!.replace('7408122', '8408122')];
    expect(compareWithPrintedMrz(altered, PRINTED)).toEqual({
      match: false,
      message: 'The chip data differs from the printed page (line 2 of the machine-readable zone).',
      differingLines: [2],
      differingPositions: 1,
    });
  });

  it('reports a different document format', () => {
    const td1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
    expect(compareWithPrintedMrz(td1, PRINTED)).toMatchObject({ match: false, differingLines: [1, 2, 3] });
  });
});
