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

/**
 * A stable fingerprint of a device list: order-insensitive, includes labels (a relabelled device is a
 * change) and whether a document is on a chip reader (placed or taken off is a change).
 */
export function deviceListKey(devices: readonly Device[]): string {
  return devices
    .map((d) => `${d.id}\u0000${d.kind}\u0000${d.label}\u0000${d.specimen}\u0000${d.cardPresent ?? ''}`)
    .sort()
    .join('\u0001');
}

export class DeviceWatcher {
  private timer: NodeJS.Timeout | null = null;
  private leaseUntil = 0;
  private lastKey: string | null = null;
  private polling = false;
  private nudged = false;

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

  /**
   * Something announced a change (a chip reader plugged in, a document placed on it): while watched, list
   * at once from the enumeration cache (chip readers are always listed fresh) instead of waiting for the
   * next poll. When a poll is already running, one more listing follows it.
   */
  nudge(): void {
    if (!this.timer) return;
    if (this.polling) this.nudged = true;
    else void this.poll({ refresh: false });
  }

  /** One enumeration; emits when the list differs from the last one seen. Exposed for tests. */
  async poll(opts: { refresh: boolean } = { refresh: true }): Promise<void> {
    if (this.polling) return; // a slow scanimage -L must not pile up enumerations
    if (Date.now() > this.leaseUntil) return this.stop();
    this.polling = true;
    try {
      const devices = await this.opts.list({ refresh: opts.refresh });
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
      if (this.nudged) {
        this.nudged = false;
        void this.poll({ refresh: false });
      }
    }
  }
}
