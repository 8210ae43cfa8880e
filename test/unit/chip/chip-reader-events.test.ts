// chipReadersChanged as the teller service sends it (createChipReaderCalls' onState), driven by the training
// kiosk's virtual reader and its real virtual ePassport: one state per change, with the document placed,
// replaced (taken off and placed in one go: no change for the screen, so nothing sent), and taken off;
// nothing at all with chip reading turned off.
import { describe, expect, it } from 'vitest';
import { ChipReaderState } from '../../../shared/contract-chip';
import { createChipService } from '../../../main/chip/service';
import { createTrainingChipKit } from '../../../main/chip/training-chip';
import { createChipReaderCalls } from '../../../main/teller/chip-readers';
import type { ChipMode } from '../../../main/teller/chip-gate';

// ICAO 9303 Part 4 specimen (public specimen data).
const LINES = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const ACCESS = { documentNumber: 'L898902C3', dateOfBirth: '740812', dateOfExpiry: '120415' };
const PASSPORT = { mrzLines: LINES, access: ACCESS, issuingState: 'UTO', frontJpeg: null };
const settle = () => new Promise<void>((r) => setImmediate(() => setImmediate(r)));

function setUp(mode: ChipMode) {
  const kit = createTrainingChipKit();
  const service = createChipService({ readers: kit.readers, trust: () => kit.trust() });
  const states: ChipReaderState[] = [];
  let nudges = 0;
  const calls = createChipReaderCalls({
    chip: service,
    training: true,
    mode: () => mode,
    devices: { showAlso: () => {} },
    onChange: () => nudges++,
    onState: (s) => states.push(s),
    log: () => {},
  });
  return { kit, states, calls, nudges: () => nudges };
}
const onReader = (s: ChipReaderState | undefined) => s?.readers.map((r) => r.cardPresent);

describe('chipReadersChanged', () => {
  it('placed → sent with the document on the reader; replaced → nothing new; taken off → sent without', async () => {
    const { kit, states, calls, nudges } = setUp('offer');
    try {
      await kit.place(PASSPORT);
      await settle();
      expect(states).toHaveLength(1);
      expect(ChipReaderState.parse(states[0])).toEqual(states[0]);
      expect(states[0]).toMatchObject({ available: true, reason: null });
      expect(onReader(states[0])).toEqual([true]);
      expect(states[0]).toEqual(await calls.calls.listChipReaders());

      await kit.place(PASSPORT); // another passport in its place: two reader events, the same state
      await settle();
      expect(states).toHaveLength(1);
      expect(nudges()).toBe(3); // the device watch still hears every event

      kit.readers.place(null);
      await settle();
      expect(states).toHaveLength(2);
      expect(onReader(states[1])).toEqual([false]);
    } finally {
      calls.close();
    }
  });

  it('chip reading turned off: no watch, nothing sent, the state says off', async () => {
    const { kit, states, calls, nudges } = setUp('off');
    await kit.place(PASSPORT);
    await settle();
    expect(states).toEqual([]);
    expect(nudges()).toBe(0);
    expect(await calls.calls.listChipReaders()).toMatchObject({ available: false, reason: 'off', readers: [] });
    calls.close();
  });
});
