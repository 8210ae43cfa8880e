// Capture leftovers in the temp folder (a crash mid-capture): removed at start, only the kiosk's own
// names and only when older than any capture can run. Real files in a real folder.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { STALE_CAPTURE_TEMP_MS, sweepCaptureTemp } from '../../../main/capture/temp-sweep';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-sweep-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

it('removes stale WIA/NAPS2 files and one-shot camera folders, and nothing else', () => {
  const now = Date.now();
  const old = (now - STALE_CAPTURE_TEMP_MS - 60_000) / 1000;
  const make = (name: string, kind: 'file' | 'dir', stale: boolean) => {
    const path = join(dir, name);
    if (kind === 'dir') {
      mkdirSync(path);
      writeFileSync(join(path, 'shot.jpg'), 'x');
    } else writeFileSync(path, 'x');
    if (stale) utimesSync(path, old, old);
  };
  make('kiosk-wia-0123456789abcdef.jpg', 'file', true);
  make('kiosk-naps2-fedcba9876543210.jpg', 'file', true);
  make('kiosk-cam-Ab12Cd', 'dir', true);
  make('kc-Zz09Yy', 'dir', true);
  make('kiosk-wia-1111111111111111.jpg', 'file', false); // a capture running now
  make('kiosk-cam-Run123', 'dir', false);
  make('report.jpg', 'file', true); // not ours
  make('kc-notours-longer', 'dir', true);
  make('kiosk-wia-0123456789abcdef.jpg.bak', 'file', true);
  expect(sweepCaptureTemp(dir, now)).toBe(4);
  expect(readdirSync(dir).sort()).toEqual(['kc-notours-longer', 'kiosk-cam-Run123', 'kiosk-wia-0123456789abcdef.jpg.bak', 'kiosk-wia-1111111111111111.jpg', 'report.jpg']);
  expect(sweepCaptureTemp(join(dir, 'missing'), now)).toBe(0);
});
