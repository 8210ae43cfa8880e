import type { Device } from '../../../shared/domain';

/** The remembered device if it is still connected, else the first real device, else the first listed. */
export function pickDevice(devices: readonly Device[], remembered: string | null): string | null {
  if (remembered && devices.some((d) => d.id === remembered)) return remembered;
  return (devices.find((d) => !d.specimen) ?? devices[0])?.id ?? null;
}
