// The PC/SC side without its native binding: a kiosk where `smartcard` is not built or libpcsclite is
// missing still starts, lists no chip reader and says why, and refuses to connect with the same sentence.
import { describe, expect, it } from 'vitest';
import { ChipError } from '../../../main/chip/errors';
import { openChipReaders } from '../../../main/chip/pcsc';

describe('chip readers without the PC/SC binding', () => {
  const readers = openChipReaders(null);

  it('lists no reader, with a plain reason', () => {
    expect(readers.list()).toEqual({
      ok: false,
      reason: 'binding-missing',
      message: 'Chip reading is not available on this computer: the smart-card (PC/SC) support is not installed.',
      readers: [],
    });
  });

  it('refuses to connect with a ChipError carrying that sentence', async () => {
    const attempt = readers.connect('Any Reader 00 00');
    await expect(attempt).rejects.toBeInstanceOf(ChipError);
    await expect(attempt).rejects.toMatchObject({ code: 'reader-unavailable', message: expect.stringContaining('not installed') });
  });

  it('watches nothing and closes cleanly', () => {
    const stop = readers.watch(() => {
      throw new Error('no events without a binding');
    });
    stop();
    readers.close();
  });
});
