// All capture devices behind one registry: lists the devices of every source (SANE, cameras, specimen),
// captures only from a device id found in the enumerated list (an id from the renderer is never used to
// build a command), and passes every image through the normalizeImage gate.
import type { Device } from '../../shared/domain';
import { KioskError, isKioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import type { CaptureDevice, CapturedImage, CaptureRequest, DeviceSource } from './device';
import { normalizeImage, type NormalizeOptions } from './image-input';

export const DEVICE_GONE_MESSAGE = kioskMessage('device_gone');

export interface DeviceRegistryOptions {
  /** How long an enumeration is reused (default 5 s): `scanimage -f` can take seconds with network backends. */
  cacheMs?: number;
  /** Passed to normalizeImage; maxBytes defaults to 20 MB (config capture.maxImageBytes). */
  image?: Partial<NormalizeOptions>;
  /** Called when a source fails to enumerate; the other sources are still listed. */
  onSourceError?: (source: string, error: unknown) => void;
}

/** Devices listed beside the capture devices that take no pictures (chip readers), read fresh at every listing. */
export type ListedOnlyDevices = () => Device[];

export class DeviceRegistry {
  private cache: { at: number; devices: CaptureDevice[] } | null = null;
  private pending: Promise<CaptureDevice[]> | null = null;
  private readonly cacheMs: number;
  private listedOnly: ListedOnlyDevices = () => [];

  constructor(
    private readonly sources: DeviceSource[],
    private readonly opts: DeviceRegistryOptions = {},
  ) {
    this.cacheMs = opts.cacheMs ?? 5_000;
  }

  /**
   * The devices of all sources, specimen devices last, then the chip readers (not cached: listing them is
   * cheap, and a document placed on one must show at once). `refresh` forces a new enumeration.
   */
  async list(opts: { refresh?: boolean } = {}): Promise<Device[]> {
    const capture = (await this.enumerate(opts.refresh ?? false)).map((d) => (d.info.kind === 'camera' && !d.openPreview ? { ...d.info, livePreview: false } : d.info));
    return [...capture, ...this.listedOnly()];
  }

  /** Lists these devices too (chip readers); they are never found for a capture or a preview. */
  showAlso(devices: ListedOnlyDevices): void {
    this.listedOnly = devices;
  }

  async capture(deviceId: string, request: CaptureRequest): Promise<CapturedImage> {
    let device = (await this.enumerate(false)).find((d) => d.info.id === deviceId);
    // Not in the cached list: maybe it was just plugged in, so look once more before refusing (at most once
    // a second, so a renderer repeating a stale id cannot keep the kiosk busy enumerating).
    if (!device && Date.now() - (this.cache?.at ?? 0) > 1_000) device = (await this.enumerate(true)).find((d) => d.info.id === deviceId);
    if (!device) throw new KioskError('device_error', DEVICE_GONE_MESSAGE);
    let raw: CapturedImage;
    try {
      raw = await device.capture(request);
    } catch (e) {
      if (isKioskError(e)) throw e;
      if (request.signal?.aborted) throw new KioskError('device_error', kioskMessage('capture_cancelled'), { cause: e });
      throw new KioskError('device_error', kioskMessage('device_failed', { device: device.info.label }), { cause: e });
    }
    return normalizeImage(raw.jpeg, { maxBytes: 20 * 1024 * 1024, ...this.opts.image });
  }

  /** The enumerated device object for an id (re-enumerating once, like capture), or null when it is gone. */
  async find(deviceId: string): Promise<CaptureDevice | null> {
    let device = (await this.enumerate(false)).find((d) => d.info.id === deviceId);
    if (!device && Date.now() - (this.cache?.at ?? 0) > 1_000) device = (await this.enumerate(true)).find((d) => d.info.id === deviceId);
    return device ?? null;
  }

  private async enumerate(refresh: boolean): Promise<CaptureDevice[]> {
    if (!refresh && this.cache && Date.now() - this.cache.at < this.cacheMs) return this.cache.devices;
    // Concurrent callers share one enumeration instead of starting several scanimage processes.
    if (!this.pending) {
      this.pending = this.enumerateAll().finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  private async enumerateAll(): Promise<CaptureDevice[]> {
    const lists = await Promise.all(
      this.sources.map(async (source) => {
        try {
          return await source.list();
        } catch (e) {
          this.opts.onSourceError?.(source.name, e);
          return [];
        }
      }),
    );
    const seen = new Set<string>();
    const devices = lists.flat().filter((d) => !seen.has(d.info.id) && seen.add(d.info.id));
    devices.sort((a, b) => Number(a.info.specimen) - Number(b.info.specimen));
    this.cache = { at: Date.now(), devices };
    return devices;
  }
}
