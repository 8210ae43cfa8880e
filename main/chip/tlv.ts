// BER-TLV as ISO 7816-4 and the ICAO LDS use it: tags of one or more bytes, definite lengths in short
// form or long form up to four length bytes. Values are views into the input, not copies.
export interface Tlv {
  /** The tag bytes as a number, e.g. 0x87, 0x5F1F, 0x7F61. */
  tag: number;
  value: Uint8Array;
  /** The whole encoding, tag and length included. */
  raw: Uint8Array;
}

export class TlvError extends Error {
  override name = 'TlvError';
}

/** Reads a TLV's tag and length at `offset` without needing its value to be present yet. */
export function readTlvHeader(buf: Uint8Array, offset = 0): { tag: number; headerLength: number; valueLength: number } {
  let i = offset;
  const need = (n: number, what: string): void => {
    if (i + n > buf.length) throw new TlvError(`TLV ends early inside the ${what} at byte ${i}`);
  };
  need(1, 'tag');
  let tag = buf[i++]!;
  if ((tag & 0x1f) === 0x1f) {
    let more = true;
    while (more) {
      need(1, 'tag');
      if (tag > 0xffffff) throw new TlvError('TLV tag longer than four bytes');
      const b = buf[i++]!;
      tag = tag * 256 + b;
      more = (b & 0x80) !== 0;
    }
  }
  need(1, 'length');
  let length = buf[i++]!;
  if (length === 0x80) throw new TlvError('indefinite TLV lengths are not used in the LDS');
  if (length > 0x80) {
    const count = length & 0x7f;
    if (count > 4) throw new TlvError(`TLV length of ${count} bytes is not supported`);
    need(count, 'length');
    length = 0;
    for (let k = 0; k < count; k++) length = length * 256 + buf[i++]!;
  }
  return { tag, headerLength: i - offset, valueLength: length };
}

/** Reads one TLV at `offset`; returns it and the offset just past it. */
export function readTlv(buf: Uint8Array, offset = 0): { tlv: Tlv; next: number } {
  const { tag, headerLength, valueLength } = readTlvHeader(buf, offset);
  const start = offset + headerLength;
  if (start + valueLength > buf.length) throw new TlvError(`TLV ends early inside the value at byte ${start}`);
  const value = buf.subarray(start, start + valueLength);
  return { tlv: { tag, value, raw: buf.subarray(offset, start + valueLength) }, next: start + valueLength };
}

/** Every TLV in sequence over the whole buffer. */
export function readTlvs(buf: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < buf.length) {
    const { tlv, next } = readTlv(buf, i);
    out.push(tlv);
    i = next;
  }
  return out;
}

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length <= 0xff) return Buffer.from([0x81, length]);
  if (length <= 0xffff) return Buffer.from([0x82, length >> 8, length & 0xff]);
  throw new RangeError('TLV values above 65535 bytes are not encoded here');
}

export function encodeTlv(tag: number, value: Uint8Array): Buffer {
  const tagBytes: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) tagBytes.unshift(t & 0xff);
  if (tagBytes.length === 0) tagBytes.push(0);
  return Buffer.concat([Buffer.from(tagBytes), encodeLength(value.length), value]);
}
