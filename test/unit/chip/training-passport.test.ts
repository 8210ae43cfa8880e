// The training kiosk's virtual ePassport read through the real chip service: BAC, secure messaging, the
// SOD signed by a training document signer that chains to the training CSCA made at start, and chip
// authentication with the virtual passport's own key (DG14 in the SOD): the clone check passes.
import { describe, expect, it } from 'vitest';
import { createChipService } from '../../../main/chip/service';
import { createTrainingChipKit } from '../../../main/chip/training-chip';
import { TRAINING_READER_NAME } from '../../../main/chip/training-reader';
import { TRAINING_ORGANISATION } from '../../../main/chip/training-pki';

// ICAO 9303 Part 4 specimen (public specimen data).
const LINES = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const ACCESS = { documentNumber: 'L898902C3', dateOfBirth: '740812', dateOfExpiry: '120415' };

describe('training ePassport', () => {
  it('reads over BAC and verifies against the training CSCA; another kiosk start\'s CSCA is not trusted', async () => {
    const kit = createTrainingChipKit();
    expect(kit.readers.list()).toEqual({ ok: true, readers: [{ name: TRAINING_READER_NAME, cardPresent: false }] });
    const chip = createChipService({ readers: kit.readers, trust: () => kit.trust() });
    expect(await chip.read({ readerName: TRAINING_READER_NAME, access: ACCESS, printedMrz: LINES })).toMatchObject({ outcome: 'no-document' });

    await kit.place({ mrzLines: LINES, access: ACCESS, issuingState: 'UTO', frontJpeg: null });
    const percents: number[] = [];
    const result = await chip.read({ readerName: TRAINING_READER_NAME, access: ACCESS, printedMrz: LINES, onProgress: (p) => percents.push(p.percent) });
    expect(result).toMatchObject({ outcome: 'verified', country: 'UT', printedMrz: { match: true } });
    if (result.outcome !== 'verified') throw new Error(result.message);
    expect(result.signerSubject).toContain(TRAINING_ORGANISATION);
    expect(result.evidence.accessMethod).toBe('bac');
    expect(result.evidence.mrzLines).toEqual(LINES);
    expect(result.evidence.face).toMatchObject({ format: 'jpeg', width: 240, height: 320 });
    expect([...result.evidence.dataGroups.keys()]).toEqual([1, 2, 14]);
    expect(result.evidence.cloneCheck).toEqual({
      status: 'passed', method: 'chip-authentication', protocol: '0.4.0.127.0.7.2.2.3.2.1', curve: 'brainpoolP256r1', cipher: '3DES',
    });
    expect(percents.at(-1)).toBe(100);

    const wrongKey = await chip.read({ readerName: TRAINING_READER_NAME, access: { ...ACCESS, dateOfBirth: '740813' }, printedMrz: LINES });
    expect(wrongKey.outcome).toBe('access-denied');

    const otherStart = createTrainingChipKit();
    const untrusting = createChipService({ readers: kit.readers, trust: () => otherStart.trust() });
    expect(await untrusting.read({ readerName: TRAINING_READER_NAME, access: ACCESS, printedMrz: LINES })).toMatchObject({ outcome: 'not-authentic', reason: 'signer-not-trusted' });
  });
});
