// The kiosk status the teller's screen shows: mode, providers and whether any is reachable, devices,
// the outbox queue, the version and the idle timeout of the teller's screen.
import type { KioskStatus } from '../../shared/domain';
import type { DeviceRegistry } from '../capture/devices';
import type { Store } from '../store/store';
import type { SyncWorker } from '../sync/worker';
import { KIOSK_VERSION } from '../version';

export interface StatusDeps {
  mode: KioskStatus['mode'];
  kioskId: string;
  worker: Pick<SyncWorker, 'providerStatus'>;
  devices: Pick<DeviceRegistry, 'list'>;
  store: Pick<Store, 'queueCounts'>;
  /** config teller.idleTimeoutMinutes */
  idleTimeoutMinutes: number;
}

export async function kioskStatus(deps: StatusDeps): Promise<KioskStatus> {
  const providers = deps.worker.providerStatus();
  return {
    mode: deps.mode,
    kioskId: deps.kioskId,
    online: providers.some((p) => p.configured && p.reachable !== false),
    providers,
    devices: await deps.devices.list(),
    queue: deps.store.queueCounts(),
    version: KIOSK_VERSION,
    idleTimeoutSeconds: Math.round(deps.idleTimeoutMinutes * 60),
  };
}
