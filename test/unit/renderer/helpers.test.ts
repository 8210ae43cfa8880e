import { describe, expect, it } from 'vitest';
import { captureDevices, pickAfterListChange, pickDevice } from '../../../renderer/src/app/devices';
import { syncActivity } from '../../../renderer/src/app/sync-activity';
import { formatBytes, formatIsoDate, isSameLocalDay, nativeLanguageName } from '../../../renderer/src/app/format';
import { IDLE_TIMEOUT_SECONDS, idleTimeoutSeconds } from '../../../renderer/src/app/settings';
import { TOKEN_STORAGE_KEY, takeWebToken } from '../../../renderer/src/web-token';
import type { Device } from '../../../shared/domain';

function places(href: string, stored: Record<string, string> = {}) {
  const store = new Map(Object.entries(stored));
  const replaced: string[] = [];
  return {
    store,
    replaced,
    location: { href },
    storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
    history: { state: null, replaceState: (_d: unknown, _u: string, url?: string | null) => void replaced.push(url ?? '') },
  };
}

describe('web token', () => {
  it('takes the token from the URL, keeps it, and removes it from the address bar', () => {
    const p = places('http://127.0.0.1:4173/?lang=sv&token=abc123#top');
    expect(takeWebToken(p)).toBe('abc123');
    expect(p.store.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(p.replaced).toEqual(['/?lang=sv#top']);
  });
  it('falls back to the stored token after a reload', () => {
    const p = places('http://127.0.0.1:4173/', { [TOKEN_STORAGE_KEY]: 'kept' });
    expect(takeWebToken(p)).toBe('kept');
    expect(p.replaced).toEqual([]);
  });
  it('gives null when there is none', () => {
    expect(takeWebToken(places('http://127.0.0.1:4173/'))).toBeNull();
  });
});

describe('device choice', () => {
  const devices: Device[] = [
    { id: 'specimen', kind: 'scanner', label: 'Specimen', specimen: true },
    { id: 'test:0', kind: 'scanner', label: 'Test', specimen: false },
  ];
  it('keeps the remembered device while it is connected', () => expect(pickDevice(devices, 'specimen')).toBe('specimen'));
  it('prefers a real device when the remembered one is gone', () => expect(pickDevice(devices, 'gone')).toBe('test:0'));
  it('gives null for no devices', () => expect(pickDevice([], 'x')).toBeNull());
  it("goes back to the teller's scanner when it is listed again after a listing without it", () => {
    const camera: Device = { id: 'video0', kind: 'camera', label: 'Webcam', specimen: false };
    const scanner = devices[1]!;
    // The teller picked the scanner; one listing missed it, so the screen fell back to the camera.
    const during = pickAfterListChange([camera], 'test:0', 'test:0');
    expect(during).toBe('video0');
    expect(pickAfterListChange([camera, scanner], during, 'test:0')).toBe('test:0');
    // Without a pick of the teller's, the current device stays.
    expect(pickAfterListChange([camera, scanner], 'video0', null)).toBe('video0');
  });
  it('offers only scanners and cameras for capture, never a chip reader listed beside them', () => {
    const reader: Device = { id: 'chip:vpcd.1', kind: 'chip-reader', label: 'Virtual PCD', specimen: false, cardPresent: true };
    const camera: Device = { id: 'video0', kind: 'camera', label: 'Webcam', specimen: false };
    const listed = captureDevices([reader, ...devices, camera]);
    expect(listed.map((d) => d.id)).toEqual(['specimen', 'test:0', 'video0']);
    // A chip reader alone leaves nothing to capture with, rather than offering it.
    expect(pickDevice(captureDevices([reader]), null)).toBeNull();
  });
});

describe('formatting', () => {
  it('formats bytes with units', () => {
    expect(formatBytes(512, 'en')).toBe('512 byte');
    expect(formatBytes(3_400_000, 'en')).toBe('3.4 MB');
    expect(formatBytes(3_400_000, 'de')).toBe('3,4 MB');
  });
  it('formats ISO dates in the language, passing other text through', () => {
    expect(formatIsoDate('2030-01-01', 'en')).toBe('January 1, 2030');
    expect(formatIsoDate('2030-01-01', 'sv')).toBe('1 januari 2030');
    expect(formatIsoDate('unknown', 'en')).toBe('unknown');
  });
  it('knows what today is in local time', () => {
    const now = new Date(2026, 10, 22, 12, 0);
    expect(isSameLocalDay(new Date(2026, 10, 22, 0, 5).toISOString(), now)).toBe(true);
    expect(isSameLocalDay(new Date(2026, 10, 21, 23, 55).toISOString(), now)).toBe(false);
  });
  it('names languages in their own language', () => {
    expect(nativeLanguageName('sv')).toBe('Svenska');
    expect(nativeLanguageName('de')).toBe('Deutsch');
  });
});

describe('idle timeout setting', () => {
  const storage = (v: string | null) => ({ getItem: () => v });
  it('defaults to the constant', () => expect(idleTimeoutSeconds(storage(null))).toBe(IDLE_TIMEOUT_SECONDS));
  it('accepts a shorter value', () => expect(idleTimeoutSeconds(storage('5'))).toBe(5));
  it('refuses nonsense and longer values', () => {
    expect(idleTimeoutSeconds(storage('abc'))).toBe(IDLE_TIMEOUT_SECONDS);
    expect(idleTimeoutSeconds(storage('100000'))).toBe(IDLE_TIMEOUT_SECONDS);
  });
});

describe('syncActivity (what the submitted screen says is under way)', () => {
  it('names the activity that follows the last step the adapters record', () => {
    // ZignSec (adapter.ts) and ZOLOZ (zoloz/adapter.ts) step names, in the order they are recorded.
    const zignsec = ['create_session_intent', 'session_created', 'document_uploaded:c1', 'document_uploaded:c2', 'analysis_started', 'poll'];
    expect(zignsec.map(syncActivity)).toEqual(['create_session', 'upload', 'upload', 'upload', 'poll', 'poll']);
    const zoloz = ['recognize_intent', 'recognition_submitted', 'poll', 'recognition_done'];
    expect(zoloz.map(syncActivity)).toEqual(['upload', 'poll', 'poll', 'poll']);
    expect(syncActivity('start_analysis_intent')).toBe('start_analysis');
    expect(syncActivity(null)).toBe('unknown');
    expect(syncActivity('something_new')).toBe('unknown');
  });
});
