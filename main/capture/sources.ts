// Which device sources a kiosk has, from its configuration and mode. Specimen devices are listed in
// training mode (and in live mode only when explicitly configured, never in production).
import type { KioskConfig } from '../config';
import type { DeviceSource } from './device';
import { FswebcamSource } from './camera';
import { findNaps2Console, Naps2Source } from './naps2';
import { SaneSource } from './sane';
import { SpecimenSource } from './specimen/device';
import { WiaSource } from './wia';

export function buildDeviceSources(config: KioskConfig, mode: 'training' | 'live'): DeviceSource[] {
  const sources: DeviceSource[] = [];
  if (config.capture.sane && process.platform !== 'win32') sources.push(new SaneSource());
  if (config.capture.sane && process.platform === 'win32') {
    // NAPS2's console when installed (it handles many drivers' quirks), else WIA Automation through PowerShell.
    const naps2 = findNaps2Console();
    sources.push(naps2 ? new Naps2Source({ exe: naps2 }) : new WiaSource());
  }
  if (config.capture.cameras && process.platform === 'linux') sources.push(new FswebcamSource());
  if (mode === 'training' || config.capture.specimenInLive) sources.push(new SpecimenSource());
  return sources;
}
