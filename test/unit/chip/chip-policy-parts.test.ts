// The chip policy's pieces without a kiosk: the config section (defaults, each mode, a wrong value named,
// sendChipFace accepted, a non-boolean named), which documents the submit gate expects a chip on, the
// device ids of chip readers, and the device watch seeing a document placed on a reader as a change.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceId } from '../../../shared/contract-base';
import type { CaptureSummary, Device, Verification } from '../../../shared/domain';
import { loadConfig } from '../../../main/config';
import { chipReaderDevices, chipReaderId, chipReaderState, isChipReaderId } from '../../../main/chip/reader-devices';
import { chipExpected, chipVerified } from '../../../main/teller/chip-gate';
import type { ChipReadRecord } from '../../../main/store/chip-reads';
import { DeviceWatcher, deviceListKey } from '../../../main/capture/device-watch';

const dirs: string[] = [];
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-chip-config-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('config chip section', () => {
  it('defaults: the chip is offered, nothing completes on the chip alone, the chip face stays on the kiosk', () => {
    expect(loadConfig({ dataDir: dir(), env: {} }).chip).toEqual({ mode: 'offer', completeOnChipAlone: false, revocationUnknown: 'warn', sendChipFace: false });
  });

  it('reads each mode and completeOnChipAlone from config.json', () => {
    for (const mode of ['off', 'offer', 'required'] as const) {
      const d = dir();
      writeFileSync(join(d, 'config.json'), JSON.stringify({ chip: { mode, completeOnChipAlone: true } }));
      expect(loadConfig({ dataDir: d, env: {} }).chip).toEqual({ mode, completeOnChipAlone: true, revocationUnknown: 'warn', sendChipFace: false });
    }
  });

  it('reads revocationUnknown warn or refuse, and names anything else', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), JSON.stringify({ chip: { revocationUnknown: 'refuse' } }));
    expect(loadConfig({ dataDir: d, env: {} }).chip.revocationUnknown).toBe('refuse');
    writeFileSync(join(d, 'config.json'), JSON.stringify({ chip: { revocationUnknown: 'ignore' } }));
    expect(() => loadConfig({ dataDir: d, env: {} })).toThrow(/chip\.revocationUnknown/);
  });

  it('names a wrong mode, accepts sendChipFace true and names a non-boolean', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), JSON.stringify({ chip: { mode: 'always' } }));
    expect(() => loadConfig({ dataDir: d, env: {} })).toThrow(/chip\.mode/);
    writeFileSync(join(d, 'config.json'), JSON.stringify({ chip: { sendChipFace: true } }));
    expect(loadConfig({ dataDir: d, env: {} }).chip.sendChipFace).toBe(true);
    writeFileSync(join(d, 'config.json'), JSON.stringify({ chip: { sendChipFace: 'yes' } }));
    expect(() => loadConfig({ dataDir: d, env: {} })).toThrow(/chip\.sendChipFace/);
  });
});

const capture = (status: 'accepted' | 'invalid' | 'unreadable' | null): CaptureSummary =>
  ({ id: 'c1', side: 'front', precheck: status ? { mrz: { status } } : null }) as unknown as CaptureSummary;
const verification = (documentType: Verification['documentType'], ...captures: CaptureSummary[]): Verification =>
  ({ id: 'v1', documentType, captures }) as unknown as Verification;

describe('documents the chip rule applies to', () => {
  it('every passport, with or without an MRZ read', () => {
    expect(chipExpected(verification('passport'))).toBe(true);
    expect(chipExpected(verification('passport', capture('unreadable')))).toBe(true);
  });

  it('an ID card only when an MRZ was found on it (read exactly or not)', () => {
    expect(chipExpected(verification('id_card', capture('accepted')))).toBe(true);
    expect(chipExpected(verification('id_card', capture('unreadable'), capture('invalid')))).toBe(true);
    expect(chipExpected(verification('id_card', capture('unreadable')))).toBe(false);
    expect(chipExpected(verification('id_card', capture(null)))).toBe(false);
  });

  it('never a driving licence or another document', () => {
    expect(chipExpected(verification('drivers_license', capture('accepted')))).toBe(false);
    expect(chipExpected(verification('other', capture('accepted')))).toBe(false);
  });

  it('a read counts only when verified, equal to the printed page, and of the kiosk\'s own kind (training or live)', () => {
    const read = { outcome: 'verified', printedMrzMatch: true, training: false } as ChipReadRecord;
    expect(chipVerified(read, false)).toBe(true);
    expect(chipVerified(read, true)).toBe(false);
    expect(chipVerified({ ...read, printedMrzMatch: null }, false)).toBe(false);
    expect(chipVerified({ ...read, outcome: 'differs-from-printed-page', printedMrzMatch: false }, false)).toBe(false);
    expect(chipVerified({ ...read, outcome: 'not-authentic' }, false)).toBe(false);
    expect(chipVerified(null, false)).toBe(false);
  });

  it('under revocationUnknown refuse, a verified read counts only when a current CRL said its signer is not revoked', () => {
    const base = { outcome: 'verified', printedMrzMatch: true, training: false } as ChipReadRecord;
    const checked = { ...base, revocation: { status: 'not-revoked', reason: null } } as ChipReadRecord;
    const expired = { ...base, revocation: { status: 'unknown', reason: 'crl-expired' } } as ChipReadRecord;
    const noCrl = { ...base, revocation: { status: 'unknown', reason: 'no-crl' } } as ChipReadRecord;
    const unrecorded = { ...base, revocation: null } as ChipReadRecord;
    for (const read of [checked, expired, noCrl, unrecorded]) expect(chipVerified(read, false, 'warn')).toBe(true);
    expect(chipVerified(checked, false, 'refuse')).toBe(true);
    for (const read of [expired, noCrl, unrecorded]) expect(chipVerified(read, false, 'refuse')).toBe(false);
    expect(chipVerified({ ...checked, outcome: 'not-authentic' }, false, 'refuse')).toBe(false);
  });
});

describe('chip readers as devices', () => {
  it('a reader name becomes a valid, stable device id, distinct for names that differ only in spaces or brackets', () => {
    const names = ['ACS ACR1252 1S CL Reader PICC 00 00', 'ACS ACR1252 1S CL Reader [PICC] 00 00', 'Identiv uTrust 3700 F (CL) 0', 'x'.repeat(300)];
    const ids = names.map(chipReaderId);
    for (const id of ids) {
      expect(DeviceId.safeParse(id).success, id).toBe(true);
      expect(isChipReaderId(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(names.length);
    expect(chipReaderId(names[0]!)).toBe(ids[0]);
    expect(isChipReaderId('sane:test:0')).toBe(false);
  });

  it('a listing becomes chip-reader devices, or the reason there are none', () => {
    const listing = { ok: true as const, readers: [{ name: 'Reader A 00 00', cardPresent: true }] };
    expect(chipReaderDevices(listing, false)).toEqual([{ id: chipReaderId('Reader A 00 00'), kind: 'chip-reader', label: 'Reader A 00 00', specimen: false, cardPresent: true }]);
    const down = { ok: false as const, reason: 'service-not-running' as const, message: 'pcscd is not running', readers: [] as [] };
    expect(chipReaderState(down, false)).toEqual({ available: false, reason: 'service-not-running', message: 'pcscd is not running', readers: [] });
    expect(chipReaderState('off', false)).toMatchObject({ available: false, reason: 'off', readers: [] });
  });
});

describe('the device watch and chip readers', () => {
  const reader = (cardPresent: boolean): Device => ({ id: 'chip:R.0', kind: 'chip-reader', label: 'R', specimen: false, cardPresent });

  it('a document placed on a reader changes the list fingerprint', () => {
    expect(deviceListKey([reader(true)])).not.toBe(deviceListKey([reader(false)]));
  });

  it('a nudge lists at once from the cache while watched, and not at all when not watched', async () => {
    let present = false;
    const refreshes: boolean[] = [];
    const changes: Device[][] = [];
    const watcher = new DeviceWatcher({
      list: async ({ refresh }) => {
        refreshes.push(refresh);
        return [reader(present)];
      },
      onChange: (d) => changes.push(d),
      intervalMs: 3_600_000,
    });
    watcher.nudge();
    expect(refreshes).toEqual([]);
    await watcher.watch(true);
    present = true;
    watcher.nudge();
    await new Promise((r) => setTimeout(r, 20));
    expect(changes).toEqual([[reader(true)]]);
    expect(refreshes.at(-1)).toBe(false);
    watcher.stop();
  });
});
