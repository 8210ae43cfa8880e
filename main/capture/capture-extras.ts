// The capture extras of the kiosk service: live preview + auto-capture, the remembered device
// and the device watch, behind the contract calls of shared/contract-capture.ts. main/kiosk.ts wires
// these calls in with one spread, so this feature's wiring lives here rather than in the composition root.
import type { CallRequest, CallResponse } from '../../shared/contract';
import type { CaptureSide, CaptureSummary, DocumentType, VerificationState } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import type { KioskEvents } from '../events';
import { AnalysisClient } from './analysis-client';
import { DevicePreferenceStore } from './device-preference';
import { DeviceWatcher } from './device-watch';
import { DEVICE_GONE_MESSAGE, type DeviceRegistry } from './devices';
import { PreviewService, type PreviewServiceOptions } from './preview';
import type { AssessOptions } from './quality-verdict';
import type { CapturedImage } from './device';
import { prepareStill, type PreparedStill } from './prepared-still';

type ExtraCall = 'startPreview' | 'stopPreview' | 'getDevicePreference' | 'setDevicePreference' | 'watchDevices';
export type CaptureExtraCalls = { [N in ExtraCall]: (request: CallRequest<N>) => Promise<CallResponse<N>> };

export interface CaptureExtrasOptions {
  devices: DeviceRegistry;
  events: KioskEvents;
  dataDir: string;
  /** The verification's document type and state (throws the kiosk's not_found error when it does not exist). */
  verification: (id: string) => { documentType: DocumentType; state: VerificationState };
  /** The kiosk's capture call (used by auto-capture). */
  capture: (request: { verificationId: string; side: CaptureSide; deviceId: string }) => Promise<CaptureSummary>;
  preview?: Partial<Pick<PreviewServiceOptions, 'autoCaptureFrames' | 'fps' | 'maxDurationMs'>>;
  deviceWatchIntervalMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, e?: unknown) => void;
}

export interface CaptureExtras {
  calls: CaptureExtraCalls;
  preview: PreviewService;
  /**
   * The still to keep and its verdict: a camera's cut down to the card and straightened, in the analysis
   * worker (the warp and the card search are pixel loops); on this thread only when no worker can start.
   */
  prepareStill(image: CapturedImage, opts: AssessOptions): Promise<PreparedStill>;
  /** Wraps the kiosk's manual capture so it pauses the live preview while the still is taken. */
  pausePreviewDuring<T>(fn: () => Promise<T>): Promise<T>;
  /** A device came or went, or a document was placed on a chip reader: the watched list is sent at once. */
  devicesMayHaveChanged(): void;
  close(): Promise<void>;
}

export function createCaptureExtras(opts: CaptureExtrasOptions): CaptureExtras {
  const log = opts.log ?? (() => {});
  const analysis = new AnalysisClient({ log });
  const preview = new PreviewService({
    devices: opts.devices,
    events: opts.events,
    analysis,
    capture: opts.capture,
    log,
    ...opts.preview,
  });
  const preference = new DevicePreferenceStore(opts.dataDir, log);
  const watcher = new DeviceWatcher({
    list: (o) => opts.devices.list(o),
    onChange: (devices) => opts.events.emit('devicesChanged', { devices }),
    intervalMs: opts.deviceWatchIntervalMs ?? 3_000,
    log,
  });

  const calls: CaptureExtraCalls = {
    startPreview: async ({ verificationId, side, deviceId, autoCapture }) => {
      const v = opts.verification(verificationId);
      if (v.state !== 'capturing') {
        throw new KioskError('conflict', kioskMessage('submitted_scan_new'));
      }
      return preview.start({ verificationId, side, deviceId, documentType: v.documentType, autoCapture });
    },
    stopPreview: async ({ previewId }) => ({ stopped: preview.stop(previewId) }),
    getDevicePreference: () => preference.get(),
    setDevicePreference: async ({ deviceId }) => {
      // Only a device that takes pictures is remembered (a chip reader is listed beside them, never chosen).
      const device = (await opts.devices.find(deviceId))?.info;
      if (!device) throw new KioskError('device_error', DEVICE_GONE_MESSAGE);
      return preference.remember(device);
    },
    watchDevices: ({ active }) => watcher.watch(active),
  };

  return {
    calls,
    preview,
    pausePreviewDuring: (fn) => preview.pauseFor(fn),
    devicesMayHaveChanged: () => watcher.nudge(),
    prepareStill: async (image, prepareOpts) => {
      try {
        return await analysis.prepareStill(image, prepareOpts);
      } catch (e) {
        log('warn', 'preparing the still in the analysis worker failed; preparing it on the main thread instead', e);
        return prepareStill(image, prepareOpts);
      }
    },
    close: async () => {
      watcher.stop();
      await preview.close();
    },
  };
}
