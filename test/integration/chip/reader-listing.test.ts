// Chip readers in the kiosk's device listing over a real PC/SC stack: pcscd with the vsmartcard virtual
// reader and an emulated passport process (both started here, stopped by PID). The reader is listed
// beside the capture devices as a `chip-reader`; a passport placed on it and taken off reaches the
// device watch's devicesChanged at once (the PC/SC reader monitor nudges the watch, whose own poll is
// set far away here); with pcscd stopped the listing says so in a sentence and lists no reader.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChipReaderState } from '../../../shared/contract-chip';
import type { Device } from '../../../shared/domain';
import { Device as DeviceSchema } from '../../../shared/domain';
import { DeviceRegistry } from '../../../main/capture/devices';
import { DeviceWatcher } from '../../../main/capture/device-watch';
import type { CaptureDevice } from '../../../main/capture/device';
import { createChipService } from '../../../main/chip/service';
import { openChipReaders, type ChipReaderEvent } from '../../../main/chip/pcsc';
import { chipReaderId } from '../../../main/chip/reader-devices';
import { createChipReaderCalls } from '../../../main/teller/chip-readers';
import { dg1Of, dg2Of, efCom, FID, SPECIMEN_ACCESS, SPECIMEN_MRZ_LINES, syntheticFaceJpeg, TestPki, writePassportFolder } from './support/passport-data';
import { startVirtualStack, virtualStackAvailable, type VirtualStack } from './support/virtual-stack';

const missing = virtualStackAvailable();
let dir: string;
let stack: VirtualStack;
let folder: string;

// A scanner that is always there, so the listing shows the reader beside a capture device.
const scanner: CaptureDevice = {
  info: { id: 'test:scanner', kind: 'scanner', label: 'Test flatbed', specimen: false },
  capture: () => Promise.reject(new Error('not used')),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

beforeAll(async () => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'chip-listing-'));
  const pki = new TestPki(join(dir, 'pki'));
  pki.makeCsca('csca');
  pki.makeDs('ds', { days: 365 });
  const dg1 = dg1Of(SPECIMEN_MRZ_LINES);
  const dg2 = dg2Of(await syntheticFaceJpeg());
  const sod = pki.signSod('ds', new Map([[1, dg1], [2, dg2]]));
  const files = new Map<number, Buffer>([[FID.COM, efCom([0x61, 0x75])], [FID.SOD, sod], [FID.DG1, dg1], [FID.DG2, dg2]]);
  folder = writePassportFolder(join(dir, 'passport'), { access: SPECIMEN_ACCESS, files });
  stack = await startVirtualStack();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe.skipIf(missing)('chip readers beside scanners and cameras, over pcscd + vpcd', () => {
  it('lists the reader, reflects a passport placed and taken off at once, and says when pcscd is stopped', async () => {
    const service = createChipService({ readers: stack.readers, trust: () => ({ cscas: [], crls: [] }) });
    const registry = new DeviceRegistry([{ name: 'test', list: async () => [scanner] }]);
    const changes: Device[][] = [];
    const states: ChipReaderState[] = [];
    // The watch's own poll is an hour away: every change seen below came from the reader monitor's nudge.
    const watcher = new DeviceWatcher({ list: (o) => registry.list(o), onChange: (d) => changes.push(d), intervalMs: 3_600_000 });
    const readers = createChipReaderCalls({
      chip: service,
      training: false,
      mode: () => 'offer',
      devices: registry,
      onChange: () => watcher.nudge(),
      onState: (st) => states.push(st),
      log: () => {},
    });
    const readerId = chipReaderId(stack.readerName);
    // vpcd serves two slots ("… 00 00" and "… 00 01"); the passport goes on the first.
    const chipReader = (list: Device[]) => list.find((d) => d.id === readerId);
    const ids = (list: Device[]) => list.map((d) => `${d.kind}:${d.id}`);
    try {
      const listed = await watcher.watch(true);
      expect(ids(listed)[0]).toBe('scanner:test:scanner');
      expect(ids(listed).slice(1).every((id) => id.startsWith('chip-reader:chip:Kiosk_Test_Reader_00_0'))).toBe(true);
      expect(chipReader(listed)).toEqual({ id: readerId, kind: 'chip-reader', label: stack.readerName, specimen: false, cardPresent: false });
      for (const d of listed) expect(DeviceSchema.parse(d)).toEqual(d);
      const state = await readers.calls.listChipReaders();
      expect(ChipReaderState.parse(state)).toEqual({ available: true, reason: null, message: null, readers: listed.slice(1) });

      const placed = await stack.place(folder);
      const withCard = await until('devicesChanged with the passport on the reader', () => changes.find((c) => chipReader(c)?.cardPresent === true));
      expect(ids(withCard)).toEqual(ids(listed));
      expect((await readers.calls.listChipReaders()).readers.find((r) => r.id === readerId)?.cardPresent).toBe(true);
      // The chip step's own event: the readers' state with the passport on the reader.
      const stateWithCard = await until('chipReadersChanged with the passport on the reader', () => states.find((st) => st.readers.find((r) => r.id === readerId)?.cardPresent === true));
      expect(ChipReaderState.parse(stateWithCard)).toEqual(stateWithCard);
      const statesBefore = states.length;

      const seen = changes.length;
      await placed.remove();
      const without = await until('devicesChanged with the passport taken off', () => changes.slice(seen).find((c) => chipReader(c)?.cardPresent === false));
      expect(chipReader(without)?.id).toBe(readerId);
      await until('chipReadersChanged with the passport taken off', () => states.slice(statesBefore).find((st) => st.readers.find((r) => r.id === readerId)?.cardPresent === false));

      // pcscd stopped (by its PID): no chip reader in the listing, and a sentence saying why.
      const exited = new Promise<void>((r) => {
        const check = setInterval(() => {
          try {
            process.kill(stack.pcscdPid, 0);
          } catch {
            clearInterval(check);
            r();
          }
        }, 25);
      });
      process.kill(stack.pcscdPid, 'SIGTERM');
      await exited;
      const down = await readers.calls.listChipReaders();
      expect(down).toEqual({
        available: false,
        reason: 'service-not-running',
        message: 'Chip reading is not available: the smart-card service (pcscd) is not running on this computer.',
        readers: [],
      });
      expect((await registry.list()).map((d) => d.id)).toEqual(['test:scanner']);
      await watcher.poll();
      expect(changes.at(-1)?.map((d) => d.id)).toEqual(['test:scanner']);
    } finally {
      watcher.stop();
      readers.close();
    }
  }, 120_000);

  it('a reader watch started while pcscd is down picks the reader up when pcscd starts, and again after pcscd is restarted', async () => {
    // pcscd was stopped by the test above: this watch starts without the service and keeps trying.
    const pcsc = openChipReaders();
    const events: ChipReaderEvent[] = [];
    const stopWatching = pcsc.watch((e) => events.push(e));
    const seen = (type: ChipReaderEvent['type'], from: number) => () => events.slice(from).find((e) => e.type === type && e.reader === stack.readerName);
    try {
      await stack.stop();
      stack = await startVirtualStack();
      await until('the reader attached once pcscd is up', seen('reader-attached', 0));
      let mark = events.length;
      const placed = await stack.place(folder);
      await until('the passport placed', seen('card-inserted', mark));
      await placed.remove();

      // pcscd stops under a running watch and comes back.
      process.kill(stack.pcscdPid, 'SIGTERM');
      await until('the watch to notice pcscd gone', () => events.slice(mark).find((e) => e.type === 'error'));
      await stack.stop();
      mark = events.length;
      stack = await startVirtualStack();
      await until('the reader attached again after the restart', seen('reader-attached', mark));
      expect(pcsc.list()).toMatchObject({ ok: true });
    } finally {
      stopWatching();
      pcsc.close();
    }
  }, 120_000);
});
