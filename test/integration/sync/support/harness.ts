// Wires a real Store (encrypted file in a temp dir) and a SyncWorker to an adapter, and collects events.
import { events as contractEvents } from '../../../../shared/contract';
import type { ProviderId, QueueCounts, Verification } from '../../../../shared/domain';
import type { KioskConfig } from '../../../../main/config';
import { KioskEvents } from '../../../../main/events';
import type { ProviderAdapter } from '../../../../main/providers/provider';
import { Store } from '../../../../main/store/store';
import { SyncWorker } from '../../../../main/sync/worker';
import type { CircuitOptions } from '../../../../main/sync/circuit';
import { captureInput, markedJpeg } from '../../store/support';

export const FAST_SYNC: KioskConfig['sync'] = {
  enabled: true,
  concurrency: 2,
  tickMs: 15,
  backoffBaseMs: 10,
  backoffCapMs: 80,
  pollMinMs: 10,
  pollMaxMs: 50,
};

export interface Harness {
  store: Store;
  worker: SyncWorker;
  events: KioskEvents;
  updates: Verification[];
  queues: QueueCounts[];
  stop(): Promise<void>;
}

export function startHarness(opts: {
  dataDir: string;
  key: Buffer;
  adapter: ProviderAdapter;
  sync?: Partial<KioskConfig['sync']>;
  circuit?: CircuitOptions;
  autoStart?: boolean;
  /** SyncWorkerOptions.progressEventMs; 0 for tests that stop the kiosk at an exact step's event. */
  progressEventMs?: number;
  /** SyncWorkerOptions.random (backoff jitter), for tests that need a known backoff. */
  random?: () => number;
}): Harness {
  const store = Store.open({ dataDir: opts.dataDir, key: opts.key });
  const events = new KioskEvents();
  const updates: Verification[] = [];
  const queues: QueueCounts[] = [];
  // Every payload must match the contract's event schema.
  events.on('verificationUpdated', (v) => updates.push(contractEvents.verificationUpdated.parse(v)));
  events.on('queueChanged', (q) => queues.push(contractEvents.queueChanged.parse(q)));
  const worker = new SyncWorker({
    store,
    adapters: new Map<ProviderId, ProviderAdapter>([[opts.adapter.id, opts.adapter]]),
    events,
    config: { ...FAST_SYNC, ...opts.sync },
    ...(opts.circuit ? { circuit: opts.circuit } : {}),
    ...(opts.progressEventMs !== undefined ? { progressEventMs: opts.progressEventMs } : {}),
    ...(opts.random ? { random: opts.random } : {}),
  });
  if (opts.autoStart !== false) worker.start();
  return {
    store,
    worker,
    events,
    updates,
    queues,
    stop: async () => {
      await worker.stop();
      store.close();
    },
  };
}

/** A submitted verification with `sides` captured (each capture ~size bytes with a marker). */
export function queueVerification(store: Store, sides: Array<'front' | 'back' | 'selfie'> = ['front', 'back'], size = 8192): string {
  const v = store.createVerification({ documentType: sides.includes('back') ? 'id_card' : 'passport', provider: 'zignsec', locale: 'en' });
  for (const side of sides) store.putCapture(captureInput(v.id, side, markedJpeg(`M-${side}`, size)));
  store.submitVerification(v.id, sides);
  return v.id;
}

/** Waits (polling) until `predicate` holds; fails with `what` after a generous limit. Not a timing assertion. */
export async function waitUntil(what: string, predicate: () => boolean, limitMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const isFinal = (store: Store, id: string): boolean => ['accepted', 'declined', 'failed'].includes(store.getVerification(id)?.state ?? '');
