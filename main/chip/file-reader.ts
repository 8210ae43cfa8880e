// Reads an elementary file over secure messaging: SELECT by file identifier, READ BINARY of the first four
// bytes to learn the TLV length, then the rest in chunks (ICAO 9303 Part 10 reading sequence, Part 11 D.4).
import type { Transmit } from './bac';
import { SW_OK } from './apdu';
import { ChipError } from './errors';
import type { SecureChannel } from './secure-messaging';
import { TlvError, readTlvHeader } from './tlv';

/** Short file identifiers' full ids (ICAO 9303 Part 10, table 37). */
export const FILE_IDS = { COM: 0x011e, SOD: 0x011d, DG1: 0x0101, DG2: 0x0102, DG14: 0x010e, DG15: 0x010f } as const;

/** The largest READ BINARY answer that fits a short response APDU once wrapped in 3DES secure messaging. */
export const MAX_CHUNK = 0xdf;

export interface ReadProgress {
  read: number;
  total: number;
}

const statusText = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');

async function exchange(sm: SecureChannel, transmit: Transmit, command: Parameters<SecureChannel['wrap']>[0]) {
  let answer: Buffer;
  try {
    answer = await transmit(sm.wrap(command));
  } catch (cause) {
    throw new ChipError('read-failed', 'The connection to the chip was lost: keep the document on the reader and try again.', { cause });
  }
  return sm.unwrap(answer);
}

export async function readFile(
  sm: SecureChannel,
  transmit: Transmit,
  fileId: number,
  onProgress?: (p: ReadProgress) => void,
): Promise<Buffer> {
  const select = await exchange(sm, transmit, {
    cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Buffer.from([fileId >> 8, fileId & 0xff]),
  });
  if (select.sw === 0x6a82) throw new ChipError('file-not-found', `The chip does not hold file ${statusText(fileId)}.`);
  if (select.sw !== SW_OK) throw new ChipError('read-failed', `The chip refused to select file ${statusText(fileId)} (status ${statusText(select.sw)}).`);

  const readAt = async (offset: number, length: number): Promise<Buffer> => {
    const r = await exchange(sm, transmit, { cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le: length });
    if (r.sw !== SW_OK && r.sw !== 0x6282) {
      throw new ChipError('read-failed', `The chip refused to read file ${statusText(fileId)} (status ${statusText(r.sw)}).`);
    }
    if (r.data.length === 0) throw new ChipError('read-failed', `The chip returned no data for file ${statusText(fileId)}.`);
    return r.data;
  };

  const head = await readAt(0, 4);
  let total: number;
  try {
    const header = readTlvHeader(head);
    total = header.headerLength + header.valueLength;
  } catch (e) {
    if (e instanceof TlvError) throw new ChipError('read-failed', `File ${statusText(fileId)} does not start with a TLV header.`);
    throw e;
  }
  if (total > 0x7fff) throw new ChipError('read-failed', `File ${statusText(fileId)} is larger than short READ BINARY offsets reach.`);
  const parts: Buffer[] = [head.subarray(0, Math.min(head.length, total))];
  let read = parts[0]!.length;
  onProgress?.({ read, total });
  while (read < total) {
    const chunk = await readAt(read, Math.min(MAX_CHUNK, total - read));
    parts.push(chunk);
    read += chunk.length;
    onProgress?.({ read: Math.min(read, total), total });
  }
  return Buffer.concat(parts).subarray(0, total);
}
