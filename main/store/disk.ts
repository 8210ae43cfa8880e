// Free-space floor: below it the kiosk refuses new captures up front instead of failing half-way
// through a write. (SQLite itself never leaves a half-written transaction; this keeps the teller's
// flow from starting something the disk cannot finish.)
import { statfsSync } from 'node:fs';
import { KioskError } from '../errors';

export function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  // bavail: blocks available to unprivileged users (what the kiosk process can actually use).
  return Number(s.bavail) * Number(s.bsize);
}

export function checkDiskFloor(dataDir: string, minFreeBytes: number): void {
  if (minFreeBytes <= 0) return;
  const free = freeBytes(dataDir);
  if (free < minFreeBytes) {
    const mb = (n: number) => Math.floor(n / (1024 * 1024));
    throw new KioskError(
      'disk_low',
      `The kiosk's disk is almost full (${mb(free)} MB free, ${mb(minFreeBytes)} MB needed), so no new captures can be taken. Finished verifications are kept safe; call your supervisor to free space.`,
    );
  }
}
