// The remembered device (per kiosk, in the data dir) and the device watch (re-enumerate while the scan
// screen is open, announce changes, stop when the lease runs out).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE_PREFERENCE_FILE, DevicePreferenceStore } from '../../../main/capture/device-preference';
import { DeviceWatcher, deviceListKey } from '../../../main/capture/device-watch';
import type { Device } from '../../../shared/domain';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-pref-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('DevicePreferenceStore', () => {
  it('starts empty, remembers the last device and the last of each kind, and survives a restart', async () => {
    const dir = tempDir();
    const store = new DevicePreferenceStore(dir);
    expect(await store.get()).toEqual({ lastDeviceId: null, scanner: null, camera: null });
    await store.remember({ id: 'sane:test:0', kind: 'scanner' });
    await store.remember({ id: 'camera:/dev/video0', kind: 'camera' });
    const reopened = new DevicePreferenceStore(dir);
    expect(await reopened.get()).toEqual({ lastDeviceId: 'camera:/dev/video0', scanner: 'sane:test:0', camera: 'camera:/dev/video0' });
    expect(JSON.parse(readFileSync(join(dir, DEVICE_PREFERENCE_FILE), 'utf8'))).toMatchObject({ version: 1 });
  });

  it('a damaged file means "no preference yet" and is replaced by the next choice', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, DEVICE_PREFERENCE_FILE), '{"version":1,"lastDevi');
    const warnings: string[] = [];
    const store = new DevicePreferenceStore(dir, (_l, m) => warnings.push(m));
    expect(await store.get()).toEqual({ lastDeviceId: null, scanner: null, camera: null });
    expect(warnings).toHaveLength(1);
    await store.remember({ id: 'specimen:camera', kind: 'camera' });
    expect((await store.get()).camera).toBe('specimen:camera');
  });

  it('quick successive choices land in order', async () => {
    const store = new DevicePreferenceStore(tempDir());
    await Promise.all(['a:1', 'a:2', 'a:3'].map((id) => store.remember({ id, kind: 'scanner' })));
    expect((await store.get()).lastDeviceId).toBe('a:3');
  });
});

describe('DeviceWatcher', () => {
  const cam: Device = { id: 'camera:/dev/video0', kind: 'camera', label: 'USB camera', specimen: false };
  const scanner: Device = { id: 'sane:test:0', kind: 'scanner', label: 'Test', specimen: false };

  it('announces a device plugged in and one removed, and nothing when the list is unchanged', async () => {
    let current: Device[] = [scanner];
    const changes: Device[][] = [];
    const w = new DeviceWatcher({ list: async () => current, onChange: (d) => changes.push(d), intervalMs: 60_000 });
    expect(await w.watch(true)).toEqual([scanner]);
    await w.poll();
    expect(changes).toEqual([]);
    current = [scanner, cam];
    await w.poll();
    current = [cam];
    await w.poll();
    await w.poll();
    expect(changes).toEqual([[scanner, cam], [cam]]);
    w.stop();
    expect(w.active).toBe(false);
  });

  it('stops polling when the lease is not renewed, and on watch(false)', async () => {
    let lists = 0;
    const w = new DeviceWatcher({ list: async () => (lists++, [scanner]), onChange: () => {}, intervalMs: 60_000, leaseMs: 0 });
    await w.watch(true);
    await new Promise((r) => setTimeout(r, 5));
    await w.poll();
    expect(w.active).toBe(false);
    const before = lists;
    await w.poll();
    expect(lists).toBe(before);
    const w2 = new DeviceWatcher({ list: async () => [scanner], onChange: () => {}, intervalMs: 60_000 });
    await w2.watch(true);
    expect(w2.active).toBe(true);
    await w2.watch(false);
    expect(w2.active).toBe(false);
  });

  it('a relabelled device is a change; order is not', () => {
    expect(deviceListKey([scanner, cam])).toBe(deviceListKey([cam, scanner]));
    expect(deviceListKey([scanner])).not.toBe(deviceListKey([{ ...scanner, label: 'Other' }]));
  });
});
