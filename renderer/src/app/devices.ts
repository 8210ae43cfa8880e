import type { Device } from '../../../shared/domain';

/** The devices that take pictures: chip readers are listed beside them but read the chip on the review screen. */
export function captureDevices(devices: readonly Device[]): Device[] {
  return devices.filter((d) => d.kind !== 'chip-reader');
}

/** The remembered device if it is still connected, else the first real device, else the first listed. */
export function pickDevice(devices: readonly Device[], remembered: string | null): string | null {
  if (remembered && devices.some((d) => d.id === remembered)) return remembered;
  return (devices.find((d) => !d.specimen) ?? devices[0])?.id ?? null;
}

/**
 * The device after the list changed (plugged, unplugged, a listing that failed once): the one the
 * teller picked on this screen as soon as it is listed again, else as pickDevice keeps or chooses.
 * Without the teller's pick, a scanner missing from one listing left the screen on the stand-in
 * for good.
 */
export function pickAfterListChange(devices: readonly Device[], current: string | null, chosenByTeller: string | null): string | null {
  if (chosenByTeller && devices.some((d) => d.id === chosenByTeller)) return chosenByTeller;
  return pickDevice(devices, current);
}
