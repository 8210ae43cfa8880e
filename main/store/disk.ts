// Free-space floor: below it the kiosk refuses new captures up front instead of failing half-way
// through a write. (SQLite itself never leaves a half-written transaction; this keeps the teller's
// flow from starting something the disk cannot finish.)
import { statfsSync } from 'node:fs';
import { kioskMessage } from '../../shared/kiosk-message';
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
    throw new KioskError('disk_low', kioskMessage('disk_low', { freeMb: mb(free), neededMb: mb(minFreeBytes) }));
  }
}

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

/**
 * The teller's sentence for a failed write to the disk (full, or an I/O error) anywhere in a call:
 * SQLite rolled the transaction back, so what was saved before is intact. null for other errors.
 */
export function diskErrorOf(e: unknown): KioskError | null {
  for (let x: unknown = e, depth = 0; x && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    const code = String((x as { code?: unknown }).code ?? '');
    if (FULL_CODES.has(code)) {
      return new KioskError('disk_low', kioskMessage('disk_full'), { cause: e });
    }
    if (code === 'EIO' || code.startsWith('SQLITE_IOERR')) {
      return new KioskError('disk_low', kioskMessage('disk_io'), { cause: e });
    }
  }
  return null;
}
