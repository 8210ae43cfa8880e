// The device the teller chose last, remembered per kiosk (not per browser profile): a small JSON file in
// the data dir, written atomically (temp file + rename) so a crash mid-write leaves the old choice, and
// read leniently — a damaged file only means "no preference yet", never a start-up failure.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { DevicePreference } from '../../shared/contract-capture';
import type { Device } from '../../shared/domain';

export const DEVICE_PREFERENCE_FILE = 'device-preference.json';

const FileSchema = z.object({
  version: z.literal(1),
  lastDeviceId: z.string().max(128).nullable(),
  scanner: z.string().max(128).nullable(),
  camera: z.string().max(128).nullable(),
});

const EMPTY: DevicePreference = { lastDeviceId: null, scanner: null, camera: null };

export class DevicePreferenceStore {
  private readonly path: string;
  /** Read-modify-writes are chained so two quick choices land in order and never share the temp file. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataDir: string,
    private readonly log: (level: 'warn', message: string, e?: unknown) => void = () => {},
  ) {
    this.path = join(dataDir, DEVICE_PREFERENCE_FILE);
  }

  async get(): Promise<DevicePreference> {
    await this.queue.catch(() => {});
    return this.read();
  }

  private async read(): Promise<DevicePreference> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log('warn', 'device preference could not be read', e);
      return { ...EMPTY };
    }
    try {
      const { lastDeviceId, scanner, camera } = FileSchema.parse(JSON.parse(text));
      return { lastDeviceId, scanner, camera };
    } catch (e) {
      this.log('warn', 'device preference file is damaged; starting without a preference', e);
      return { ...EMPTY };
    }
  }

  /** Records `device` as the last choice and the last of its kind. */
  remember(device: Pick<Device, 'id' | 'kind'>): Promise<DevicePreference> {
    const run = this.queue.catch(() => {}).then(async () => {
      const next = { ...(await this.read()), lastDeviceId: device.id, [device.kind]: device.id };
      const tmp = `${this.path}.${process.pid}.tmp`;
      await mkdir(this.dataDir, { recursive: true });
      await writeFile(tmp, JSON.stringify({ version: 1, ...next }, null, 2), { mode: 0o600 });
      await rename(tmp, this.path);
      return next;
    });
    this.queue = run;
    return run;
  }
}
