// Chip readers as the device listing shows them, beside scanners and cameras: a `chip-reader` device per
// PC/SC reader with whether a document is on it, and the reason when none can be listed (no PC/SC support,
// service stopped, nothing plugged in, or chip reading turned off in config).
import { createHash } from 'node:crypto';
import type { ChipReaderState } from '../../shared/contract-chip';
import type { Device } from '../../shared/domain';
import type { ChipReaderListing } from './pcsc';

export const CHIP_READER_ID_PREFIX = 'chip:';

const CHIP_OFF_MESSAGE = 'Chip reading is turned off on this kiosk (configuration chip.mode).';

/**
 * A device id for a reader name: reader names carry spaces and brackets ("ACS ACR1252 1S CL Reader PICC
 * 00 00"), which a device id never has. Stable for a name, and distinct for names that only differ in
 * those characters (a short hash of the exact name).
 */
export function chipReaderId(name: string): string {
  const slug = name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${CHIP_READER_ID_PREFIX}${slug}.${hash}`;
}

export const isChipReaderId = (id: string): boolean => id.startsWith(CHIP_READER_ID_PREFIX);

/** The readers of a listing as devices. `specimen`: the training kiosk's virtual reader. */
export function chipReaderDevices(listing: ChipReaderListing, specimen: boolean): Device[] {
  return listing.readers.map((r) => ({ id: chipReaderId(r.name), kind: 'chip-reader', label: r.name, specimen, cardPresent: r.cardPresent }));
}

/** The chip readers' state for the screen: listed readers, or why there are none. */
export function chipReaderState(listing: ChipReaderListing | 'off', specimen: boolean): ChipReaderState {
  if (listing === 'off') return { available: false, reason: 'off', message: CHIP_OFF_MESSAGE, readers: [] };
  if (!listing.ok) return { available: false, reason: listing.reason, message: listing.message, readers: [] };
  return { available: true, reason: null, message: null, readers: chipReaderDevices(listing, specimen) };
}

/** For sending the state only when it changed: what the screen tells apart: available or why not, and each reader with whether a document is on it. */
export function chipReaderStateKey(s: ChipReaderState): string {
  return JSON.stringify([s.available, s.reason, s.readers.map((r) => [r.id, r.cardPresent ?? null]).sort()]);
}
