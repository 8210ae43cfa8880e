// The face image inside DG2: an ISO/IEC 19794-5 facial record built here around a JPEG and a JPEG 2000
// signature, with feature points skipped; broken structures are a ChipError, never a crash.
import { describe, expect, it } from 'vitest';
import { faceImageOfDg2 } from '../../../main/chip/dg2-face';
import { ChipError } from '../../../main/chip/errors';
import { encodeTlv } from '../../../main/chip/tlv';
import { dg2Of } from '../../integration/chip/support/passport-data';

const JPEG = Buffer.concat([Buffer.from('FFD8FFE0', 'hex'), Buffer.alloc(100, 7), Buffer.from('FFD9', 'hex')]);
const JP2 = Buffer.concat([Buffer.from('0000000C6A5020200D0A870A', 'hex'), Buffer.alloc(60, 3)]);

describe('faceImageOfDg2', () => {
  it('finds a JPEG with its declared size', () => {
    expect(faceImageOfDg2(dg2Of(JPEG))).toEqual({ format: 'jpeg', width: 240, height: 320, bytes: JPEG });
  });

  it('finds a JPEG 2000 image', () => {
    const face = faceImageOfDg2(dg2Of(JP2, 1));
    expect(face.format).toBe('jpeg2000');
    expect(face.bytes.equals(JP2)).toBe(true);
  });

  it('skips feature points (8 bytes each) before the image information', () => {
    const dg2 = dg2Of(JPEG);
    const record = dg2.indexOf(Buffer.from('FAC\u0000', 'latin1'));
    // Rebuild the record with two feature points inserted after the facial information block.
    const body = dg2.subarray(record);
    const withPoints = Buffer.concat([body.subarray(0, 34), Buffer.alloc(16, 0xaa), body.subarray(34)]);
    withPoints.writeUInt32BE(withPoints.readUInt32BE(14) + 16, 14);
    withPoints.writeUInt16BE(2, 18);
    const rebuilt = encodeTlv(0x75, encodeTlv(0x7f61, Buffer.concat([
      encodeTlv(0x02, Buffer.from([1])), encodeTlv(0x7f60, encodeTlv(0x5f2e, withPoints)),
    ])));
    expect(faceImageOfDg2(rebuilt).bytes.equals(JPEG)).toBe(true);
  });

  it('refuses what is not a facial record or not an image, with a sentence', () => {
    const notImage = dg2Of(Buffer.alloc(50, 1));
    expect(() => faceImageOfDg2(notImage)).toThrow(/neither JPEG nor JPEG 2000/);
    expect(() => faceImageOfDg2(encodeTlv(0x61, Buffer.from('x')))).toThrow(ChipError);
    expect(() => faceImageOfDg2(Buffer.from('75820100', 'hex'))).toThrow(/not well-formed/);
    const truncated = dg2Of(JPEG);
    truncated.writeUInt32BE(0xffff, truncated.indexOf(Buffer.from('FAC\u0000', 'latin1')) + 14);
    expect(() => faceImageOfDg2(truncated)).toThrow(/lengths do not add up/);
  });
});
