// The face image in DG2 (ICAO 9303 Part 10, 4.7.2): biometric information template group (7F61) → first
// template (7F60) → biometric data block (5F2E, or 7F2E when constructed) holding an ISO/IEC 19794-5:2005
// facial record ("FAC\0" "010\0"): a 14-byte general header, a 20-byte facial information block, 8 bytes per
// feature point, a 12-byte image information block, then the JPEG or JPEG 2000 image.
import { ChipError } from './errors';
import { readTlv, readTlvs, TlvError, type Tlv } from './tlv';

export type FaceImageFormat = 'jpeg' | 'jpeg2000';

export interface ChipFaceImage {
  format: FaceImageFormat;
  width: number;
  height: number;
  bytes: Buffer;
}

const malformed = (why: string): ChipError => new ChipError('bad-apdu', `The chip's face image (DG2) is not well-formed: ${why}.`);

function child(items: Tlv[], tag: number): Tlv | undefined {
  return items.find((t) => t.tag === tag);
}

const JP2_SIGNATURE = Buffer.from('0000000C6A5020200D0A870A', 'hex');

function formatOf(image: Buffer, declared: number): FaceImageFormat {
  if (image[0] === 0xff && image[1] === 0xd8) return 'jpeg';
  if (image.subarray(0, 12).equals(JP2_SIGNATURE) || (image[0] === 0xff && image[1] === 0x4f)) return 'jpeg2000';
  throw malformed(`the image is neither JPEG nor JPEG 2000 (declared type ${declared})`);
}

/** The first face image in DG2. */
export function faceImageOfDg2(dg2: Uint8Array): ChipFaceImage {
  let block: Tlv | undefined;
  try {
    const { tlv: outer } = readTlv(dg2);
    if (outer.tag !== 0x75) throw malformed('it does not start with tag 75');
    const group = child(readTlvs(outer.value), 0x7f61);
    if (!group) throw malformed('no biometric information group (7F61)');
    const template = child(readTlvs(group.value), 0x7f60);
    if (!template) throw malformed('no biometric information template (7F60)');
    const parts = readTlvs(template.value);
    block = child(parts, 0x5f2e) ?? child(parts, 0x7f2e);
  } catch (e) {
    if (e instanceof TlvError) throw malformed(e.message);
    throw e;
  }
  if (!block) throw malformed('no biometric data block (5F2E)');
  const record = Buffer.from(block.value);
  if (record.length < 46 || record.toString('latin1', 0, 4) !== 'FAC\u0000') throw malformed('not an ISO/IEC 19794-5 facial record');
  if (record.readUInt16BE(12) < 1) throw malformed('the record holds no face');
  const facialBlockLength = record.readUInt32BE(14);
  const featurePoints = record.readUInt16BE(18);
  const imageInfo = 14 + 20 + featurePoints * 8;
  const imageStart = imageInfo + 12;
  const imageEnd = 14 + facialBlockLength;
  if (imageEnd > record.length || imageStart >= imageEnd) throw malformed('the facial record\'s lengths do not add up');
  const declared = record.readUInt8(imageInfo + 1);
  const bytes = record.subarray(imageStart, imageEnd);
  return { format: formatOf(bytes, declared), width: record.readUInt16BE(imageInfo + 2), height: record.readUInt16BE(imageInfo + 4), bytes };
}
