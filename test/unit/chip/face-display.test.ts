// The chip's face made ready to show: a JPEG passes through; a JPEG 2000 face (JP2 file and bare
// codestream, encoded by OpenJPEG's opj_compress: test/fixtures/chip/README.md) decodes to the picture it
// was made from (the synthetic face, compared pixel by pixel within JPEG 2000's lossy error) and comes out
// as a JPEG; damaged data is a sentence, not a crash.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ChipError } from '../../../main/chip/errors';
import { decodeJpeg2000, faceForDisplay } from '../../../main/chip/face-display';
import { syntheticFaceJpeg } from '../../integration/chip/support/passport-data';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/chip');
const jp2 = readFileSync(resolve(FIXTURES, 'synthetic-face.jp2'));
const j2k = readFileSync(resolve(FIXTURES, 'synthetic-face.j2k'));

/** Mean absolute difference per channel value between two same-sized RGB pictures. */
function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('faceForDisplay', () => {
  it('passes a JPEG face through unchanged', async () => {
    const jpeg = await syntheticFaceJpeg();
    const shown = await faceForDisplay({ format: 'jpeg', width: 240, height: 320, bytes: jpeg });
    expect(shown).toMatchObject({ mime: 'image/jpeg', width: 240, height: 320, source: 'jpeg' });
    expect(shown.bytes.equals(jpeg)).toBe(true);
  });

  it('decodes a JPEG 2000 face (JP2 and codestream) to the picture it was made from, shown as JPEG', async () => {
    const original = await sharp(await syntheticFaceJpeg()).raw().toBuffer();
    for (const bytes of [jp2, j2k]) {
      const decoded = await decodeJpeg2000(bytes);
      expect(decoded).toMatchObject({ width: 240, height: 320, channels: 3 });
      expect(meanDifference(decoded.pixels, original)).toBeLessThan(6);
    }
    const shown = await faceForDisplay({ format: 'jpeg2000', width: 240, height: 320, bytes: jp2 });
    expect(shown).toMatchObject({ mime: 'image/jpeg', width: 240, height: 320, source: 'jpeg2000' });
    expect(shown.bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
  });

  it('says a damaged JPEG 2000 face cannot be shown', async () => {
    const damaged = Buffer.concat([jp2.subarray(0, 200), Buffer.alloc(2000, 0xff)]);
    await expect(faceForDisplay({ format: 'jpeg2000', width: 240, height: 320, bytes: damaged })).rejects.toBeInstanceOf(ChipError);
  });
});
