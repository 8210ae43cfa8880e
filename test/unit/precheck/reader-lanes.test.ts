// The shared MRZ reader's two lanes: the teller's precheck overtakes queued sandbox reads, but a sandbox
// read is never starved. The inner reader here is a recorder standing in for the OCR engine (the lanes,
// not OCR, are under test); each read completes when the test releases it.
import { describe, expect, it } from 'vitest';
import type { MrzReader, MrzReadResult } from '../../../main/precheck/mrz-ocr';
import { createLanedReader } from '../../../main/precheck/reader-lanes';

function recordingReader() {
  const order: string[] = [];
  const pending: Array<() => void> = [];
  let active = 0;
  let maxActive = 0;
  const reader: MrzReader = {
    read: (image) =>
      new Promise<MrzReadResult>((resolve) => {
        active++;
        maxActive = Math.max(maxActive, active);
        order.push(image.toString());
        pending.push(() => {
          active--;
          resolve({ status: 'unreadable', format: null, fields: null, fieldChecks: [], checks: {}, rawLines: [], lines: [], repaired: null, problems: [], ms: 0 });
        });
      }),
    close: async () => {},
  };
  const releaseOne = async () => {
    await new Promise((r) => setImmediate(r));
    pending.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { reader, order, releaseOne, maxActive: () => maxActive };
}

describe('laned MRZ reader', () => {
  it('runs one read at a time and lets the precheck overtake waiting sandbox reads', async () => {
    const r = recordingReader();
    const laned = createLanedReader(r.reader);
    const done: Promise<unknown>[] = [];
    done.push(laned.lane('sandbox').read(Buffer.from('s1')));
    done.push(laned.lane('sandbox').read(Buffer.from('s2')));
    done.push(laned.lane('precheck').read(Buffer.from('p1')));
    for (let i = 0; i < 3; i++) await r.releaseOne();
    await Promise.all(done);
    // s1 was already running; p1 overtakes s2.
    expect(r.order).toEqual(['s1', 'p1', 's2']);
    expect(r.maxActive()).toBe(1);
  });

  it('serves a waiting sandbox read after at most two precheck reads overtook it', async () => {
    const r = recordingReader();
    const laned = createLanedReader(r.reader);
    const done: Promise<unknown>[] = [laned.lane('precheck').read(Buffer.from('p0'))];
    done.push(laned.lane('sandbox').read(Buffer.from('s1')));
    for (let i = 1; i <= 4; i++) done.push(laned.lane('precheck').read(Buffer.from(`p${i}`)));
    for (let i = 0; i < 6; i++) await r.releaseOne();
    await Promise.all(done);
    expect(r.order).toEqual(['p0', 'p1', 'p2', 's1', 'p3', 'p4']);
  });

  it('refuses reads after close and reports a reader that never started', async () => {
    const failing = Promise.reject(new Error('no traineddata'));
    failing.catch(() => {});
    const laned = createLanedReader(failing);
    await expect(laned.lane('precheck').read(Buffer.from('x'))).rejects.toThrow('no traineddata');
    await laned.close();
    await expect(laned.lane('sandbox').read(Buffer.from('y'))).rejects.toThrow(/closed/);
  });
});
