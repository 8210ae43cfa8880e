// Both hosts start the kiosk through this: the kiosk as createKiosk builds it, or, when the start-up
// checks refuse its database (damaged, or rolled back behind its anchor or the log server's head), a
// stopped kiosk whose only work is the supervisor's recovery (recovery-service.ts). The hosts hold one
// service and one event hub throughout: once a supervisor restored or accepted, the kiosk starts
// behind the same service and the screens go on without a restart of the host.
import { CALL_NAMES, type CallName, type KioskService } from '../../shared/contract';
import type { RecoveryFinding } from '../../shared/contract-recovery';
import type { KioskConfig } from '../config';
import { KioskEvents } from '../events';
import { createKiosk, type Kiosk, type KioskOptions } from '../kiosk';
import { findingOf } from './finding';
import { createRecoveryService, type RecoveryService } from './recovery-service';

export interface StartedKiosk {
  service: KioskService;
  events: KioskEvents;
  /** The running kiosk, or null while it is stopped for the supervisor. */
  kiosk(): Kiosk | null;
  /** What stopped it (null while it runs). */
  finding(): RecoveryFinding | null;
  /** Resolves when the kiosk runs: at once, or after the supervisor's recovery. */
  running: Promise<Kiosk>;
  close(): Promise<void>;
}

export async function startKioskOrRecovery(
  config: KioskConfig,
  options: KioskOptions & { onStopped?: (finding: RecoveryFinding) => void; scryptParams?: { N: number; r: number; p: number }; now?: () => number },
): Promise<StartedKiosk> {
  const events = options.events ?? new KioskEvents();
  const { onStopped, scryptParams, now, ...kioskOptions } = options;
  let kiosk: Kiosk | null = null;
  let recovery: RecoveryService | null = null;
  let started!: (k: Kiosk) => void;
  const running = new Promise<Kiosk>((resolve) => (started = resolve));
  try {
    kiosk = await createKiosk(config, { ...kioskOptions, events });
    started(kiosk);
  } catch (e) {
    const finding = findingOf(e);
    if (!finding) throw e;
    recovery = createRecoveryService({
      config,
      dbKey: options.dbKey,
      finding,
      ...(options.log ? { log: options.log } : {}),
      ...(scryptParams ? { scryptParams } : {}),
      ...(now ? { now } : {}),
      resume: async (acceptRollback) => {
        const k = await createKiosk(config, { ...kioskOptions, events, acceptRollback });
        kiosk = k;
        recovery?.close();
        recovery = null;
        started(k);
        events.emit('queueChanged', await k.service.getStatus({}).then((s) => s.queue));
      },
    });
    onStopped?.(finding);
  }
  // Each call goes to whichever answers now: the running kiosk, else the recovery.
  const service = Object.fromEntries(
    CALL_NAMES.map((name) => [
      name,
      (request: unknown) => {
        const target = (kiosk?.service ?? recovery?.service) as unknown as Record<CallName, (r: unknown) => Promise<unknown>>;
        return target[name](request);
      },
    ]),
  ) as unknown as KioskService;
  return {
    service,
    events,
    kiosk: () => kiosk,
    finding: () => (kiosk ? null : (recovery?.finding() ?? null)),
    running,
    close: async () => {
      recovery?.close();
      recovery = null;
      if (kiosk) await kiosk.close();
    },
  };
}
