// Which device sources a kiosk has, from its configuration and mode. Specimen devices are listed in
// training mode (and in live mode only when explicitly configured, never in production).
import type { KioskConfig } from '../config';
import type { DeviceSource } from './device';
import { FswebcamSource } from './camera';
import { CommandCamSource } from './commandcam';
import { ImagesnapSource } from './imagesnap';
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
  // Cameras by platform, as node-webcam maps them: fswebcam (Linux), imagesnap (macOS), CommandCam (Windows).
  if (config.capture.cameras) {
    const camera = cameraSourceFor(process.platform);
    if (camera) sources.push(camera);
  }
  if (mode === 'training' || config.capture.specimenInLive) sources.push(new SpecimenSource());
  return sources;
}

/** The camera backend for a platform (exported for unit tests), or null where there is none. */
export function cameraSourceFor(platform: NodeJS.Platform): DeviceSource | null {
  if (platform === 'linux') return new FswebcamSource();
  if (platform === 'darwin') return new ImagesnapSource();
  if (platform === 'win32') return new CommandCamSource();
  return null;
}
