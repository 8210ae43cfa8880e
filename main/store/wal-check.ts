// Reads a WAL file's frame checksums (sqlite.org/walformat.html) to tell damage from a torn tail.
// SQLite's own recovery stops at the first frame whose cumulative checksum fails and silently drops
// every frame after it, so a flipped byte in the middle of the WAL loses committed transactions
// without an error. Here a failing frame followed by a commit frame that checks out (seeded from the
// failing frame's stored checksum: it was written whole, after it) means the WAL was damaged after it
// was written. A failing frame followed only by frames without a commit marker is a transaction a
// crash interrupted, which SQLite rightly ignores: a large transaction spills pages to the WAL before
// it commits and rewrites a spilled page in place, fixing the checksums only when it commits, so a
// kill before that leaves a stale checksum in the middle of written frames.
// SQLite3 Multiple Ciphers checksums the encrypted bytes, so no key is needed.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;

/**
 * `frames`: frames of the WAL's current generation. `stopsAt`: the first frame whose checksum fails,
 * where SQLite's recovery stops (absent when every frame checks out); nothing committed follows it.
 */
export type WalVerdict = { ok: true; frames: number; stopsAt?: number } | { ok: false; frame: number; reason: string };

export function checkWal(file: string): WalVerdict {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { ok: true, frames: 0 };
  }
  try {
    const size = fstatSync(fd).size;
    if (size < 32) return { ok: true, frames: 0 };
    const hdr = Buffer.alloc(32);
    readSync(fd, hdr, 0, 32, 0);
    const magic = hdr.readUInt32BE(0);
    if (magic !== MAGIC_LE && magic !== MAGIC_BE) return { ok: false, frame: 0, reason: 'its header is not a WAL header' };
    const le = magic === MAGIC_LE;
    const pageSize = hdr.readUInt32BE(8);
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return { ok: false, frame: 0, reason: 'its header names an impossible page size' };
    const word = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const sum = (data: Buffer, s: [number, number]): [number, number] => {
      let [s0, s1] = s;
      for (let i = 0; i < data.length; i += 8) {
        s0 = (s0 + word(data, i) + s1) >>> 0;
        s1 = (s1 + word(data, i + 4) + s0) >>> 0;
      }
      return [s0, s1];
    };
    let s = sum(hdr.subarray(0, 24), [0, 0]);
    const frameSize = 24 + pageSize;
    if (s[0] !== hdr.readUInt32BE(24) || s[1] !== hdr.readUInt32BE(28)) {
      return size >= 32 + frameSize ? { ok: false, frame: 0, reason: 'its header checksum does not match' } : { ok: true, frames: 0 };
    }
    const salt1 = hdr.readUInt32BE(16);
    const salt2 = hdr.readUInt32BE(20);
    const frame = Buffer.alloc(frameSize);
    let firstBad = 0;
    let n = 0;
    for (let off = 32; off + frameSize <= size; off += frameSize) {
      readSync(fd, frame, 0, frameSize, off);
      // Frames of an earlier WAL generation (other salts) are left-overs SQLite ignores.
      if (frame.readUInt32BE(8) !== salt1 || frame.readUInt32BE(12) !== salt2) break;
      n++;
      s = sum(frame.subarray(24), sum(frame.subarray(0, 8), s));
      const stored: [number, number] = [frame.readUInt32BE(16), frame.readUInt32BE(20)];
      if (s[0] !== stored[0] || s[1] !== stored[1]) {
        firstBad ||= n;
        s = stored;
      } else if (firstBad && frame.readUInt32BE(4) !== 0) {
        return { ok: false, frame: firstBad, reason: `frame ${firstBad} fails its checksum and committed frames follow it` };
      }
    }
    return firstBad ? { ok: true, frames: n, stopsAt: firstBad } : { ok: true, frames: n };
  } finally {
    closeSync(fd);
  }
}
