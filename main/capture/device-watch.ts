// Devices come and go (a camera unplugged, a scanner switched on): while a scan screen is open, re-list
// them every few seconds and announce changes. The watch is a lease the renderer renews, so a closed or
// crashed window does not leave the kiosk enumerating USB devices forever.
import type { Device } from '../../shared/domain';

export interface DeviceWatchOptions {
  list: (opts: { refresh: boolean }) => Promise<Device[]>;
  onChange: (devices: Device[]) => void;
  /** Re-enumeration period (default 3 s). */
  intervalMs?: number;
  /** How long one `watch(true)` keeps polling without renewal (default 45 s; the renderer renews every 20 s). */
  leaseMs?: number;
  log?: (level: 'warn', message: string, e?: unknown) => void;
}

/** A stable fingerprint of a device list: order-insensitive, includes labels (a relabelled device is a change). */
export function deviceListKey(devices: readonly Device[]): string {
  return devices
    .map((d) => `${d.id}\u0000${d.kind}\u0000${d.label}\u0000${d.specimen}`)
    .sort()
    .join('\u0001');
}

export class DeviceWatcher {
  private timer: NodeJS.Timeout | null = null;
  private leaseUntil = 0;
  private lastKey: string | null = null;
  private polling = false;

  constructor(private readonly opts: DeviceWatchOptions) {}

  /** Starts (or renews) or stops the watch; returns the current list. */
  async watch(active: boolean): Promise<Device[]> {
    if (!active) {
      this.stop();
      return this.opts.list({ refresh: false });
    }
    this.leaseUntil = Date.now() + (this.opts.leaseMs ?? 45_000);
    const devices = await this.opts.list({ refresh: false });
    if (this.lastKey === null) this.lastKey = deviceListKey(devices);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.opts.intervalMs ?? 3_000);
      this.timer.unref();
    }
    return devices;
  }

  get active(): boolean {
    return this.timer !== null;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.lastKey = null;
  }

  /** One enumeration; emits when the list differs from the last one seen. Exposed for tests. */
  async poll(): Promise<void> {
    if (this.polling) return; // a slow scanimage -L must not pile up enumerations
    if (Date.now() > this.leaseUntil) return this.stop();
    this.polling = true;
    try {
      const devices = await this.opts.list({ refresh: true });
      const key = deviceListKey(devices);
      if (key !== this.lastKey) {
        const first = this.lastKey === null;
        this.lastKey = key;
        if (!first) this.opts.onChange(devices);
      }
    } catch (e) {
      this.opts.log?.('warn', 'device enumeration failed', e);
    } finally {
      this.polling = false;
    }
  }
}
