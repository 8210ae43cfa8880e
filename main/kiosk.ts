// createKiosk(config): the composition root of the core. Both hosts (Electron IPC and the loopback web
// host) call this one function and talk to the returned KioskService; nothing here imports electron.
// It only constructs and wires: the teller's flow is main/teller/, the supervisor's main/review/.
import { randomBytes } from 'node:crypto';
import type { KioskService } from '../shared/contract';
import { isTrainingMode, type KioskConfig } from './config';
import { KioskEvents } from './events';
import type { Log } from './log';
import { Store, type StoreOptions } from './store/store';
import { SyncWorker } from './sync/worker';
import { DeviceRegistry } from './capture/devices';
import { sweepCaptureTemp } from './capture/temp-sweep';
import { buildDeviceSources } from './capture/sources';
import { SpecimenSource, type SpecimenDeviceOptions } from './capture/specimen/device';
import { createProviderAdapters } from './providers/adapters';
import { createProviderPageStarters } from './providers/assisted-starters';
import { startZolozPrivacyDeletes } from './providers/zoloz/privacy-deletes';
import { createMrzReader } from './precheck/mrz-ocr';
import { createLanedReader } from './precheck/reader-lanes';
import { createPrecheckService } from './precheck/service';
import { createFaceChecker } from './precheck/face';
import { createBarcodeChecker } from './precheck/pdf417';
import { startTrainingSandboxes, type TrainingSandboxes } from './sandbox/training';
import { createMrzAnalyzer, createMrzJudge } from './sandbox/judge-mrz';
import { createReviewService } from './review/service';
import { createTellerService } from './teller/service';
import { createIssuingCountryService, mrzIssuingStateReader } from './teller/issuing-country';
import { createAssistedCalls, type ProviderPageOpener } from './teller/assisted';
import { startFleet } from './fleet/fleet';
import { recoveryWhileRunning } from './recovery/while-running';

export interface Kiosk {
  service: KioskService;
  events: KioskEvents;
  mode: 'training' | 'live';
  config: KioskConfig;
  /** Training mode only: the embedded provider emulators (tests use their stats and fault controls). */
  sandboxes: TrainingSandboxes | null;
  close(): Promise<void>;
}

export interface KioskOptions {
  /** 256-bit database key: from the 0600 key file (web host) or sealed with safeStorage (Electron). */
  dbKey: Buffer;
  log?: Log;
  /** Options of the training specimen devices (tests choose expired / broken specimens). Default: random valid ones. */
  specimen?: SpecimenDeviceOptions;
  /** How this host shows a provider's own page (Electron: a locked child window); absent = not offered. */
  openProviderPage?: ProviderPageOpener;
  /** A supervisor accepts a database behind its anchor (restored backup, lost WAL); recorded in the audit. */
  acceptRollback?: NonNullable<StoreOptions['acceptRollback']>;
  /** The hosts' event hub when they made it before the kiosk (a kiosk started after a supervisor's recovery). */
  events?: KioskEvents;
}

export async function createKiosk(inputConfig: KioskConfig, options: KioskOptions): Promise<Kiosk> {
  const log: Log = options.log ?? (() => {});
  const mode = isTrainingMode(inputConfig) ? 'training' : 'live';
  const events = options.events ?? new KioskEvents();
  // Open the store first: a wrong key must stop start-up before anything else is started.
  const { backup } = inputConfig;
  const store = Store.open({
    dataDir: inputConfig.dataDir,
    key: options.dbKey,
    integrityCheckHours: backup.integrityCheckHours,
    ...(backup.dir ? { backup: { dir: backup.dir, everyMinutes: backup.everyMinutes, keep: backup.keep } } : {}),
    ...(options.acceptRollback ? { acceptRollback: options.acceptRollback } : {}),
    onBackup: (r) => (r.ok ? log('info', `backup written: ${r.result.file} (${r.result.head.seq} audit rows)`) : log('error', 'backup failed', r.error)),
  });

  // One MRZ reader (one OCR engine), warming in the background from start, shared by the teller's
  // precheck (first in line) and the training emulators' judgement; the face detector warms likewise.
  const mrzEngine = createMrzReader();
  mrzEngine.catch((e: unknown) => log('warn', 'The MRZ reader could not start; prechecks will report it', e));
  const mrzReader = createLanedReader(mrzEngine);
  const faceChecker = createFaceChecker();
  faceChecker.ready.catch((e: unknown) => log('warn', 'The face detector could not start; selfies will not be checked for a face', e));

  let sandboxes: TrainingSandboxes | null = null;
  let config = inputConfig;
  try {
    if (mode === 'training') {
      // Embedded emulators with throwaway credentials minted per run, judging with the kiosk's own MRZ reader.
      sandboxes = await startTrainingSandboxes({
        analysisDelayMs: config.sandbox.analysisDelayMs,
        zignsecApiKey: randomBytes(24).toString('hex'),
        judge: createMrzJudge(mrzReader.lane('sandbox')),
        analyze: createMrzAnalyzer(mrzReader.lane('sandbox')),
      });
      config = { ...config, providers: { ...config.providers, ...sandboxes.providerOverrides(config.providers) } };
    }
  } catch (e) {
    await Promise.all([mrzReader.close(), faceChecker.close()]);
    store.close();
    throw e;
  }

  // Audit forwarding to the bank's SIEM and metrics for its Prometheus (config siem / metrics; off by default).
  const fleet = await startFleet({ config, store, events, providerStatus: () => worker.providerStatus(), mode, log, lastBackupAt: () => store.lastBackupAt() });
  const barcode = createBarcodeChecker();
  const precheck = createPrecheckService({ db: store.db, audit: store.audit, reader: fleet.timeMrz(mrzReader.lane('precheck')), face: faceChecker, barcode, policy: () => config.precheck, log });
  const countries = createIssuingCountryService({ db: store.db, audit: store.audit, providers: () => config.providers, mrzIssuingState: mrzIssuingStateReader(store, precheck) });

  const adapters = await createProviderAdapters(config, { log, issuingCountry: (id) => countries.effective(id) });

  const sources = buildDeviceSources(config, mode).map((s) => (options.specimen && s instanceof SpecimenSource ? new SpecimenSource(options.specimen) : s));
  // Customers' images a crash left in the temp folder mid-capture (temp-sweep.ts).
  const swept = sweepCaptureTemp();
  if (swept) log('info', `removed ${swept} capture file(s) left in the temp folder by an interrupted capture`);
  const devices = new DeviceRegistry(sources, {
    image: { maxBytes: config.capture.maxImageBytes },
    onSourceError: (source, e) => log('warn', `device source ${source} could not be listed`, e),
  });
  const worker = new SyncWorker({ store, adapters, events, config: config.sync, log, retention: config.retention, failover: config.providers.failover });
  if (config.sync.enabled) worker.start();
  // Purges queue privacyinfo/delete at ZOLOZ (Store.dropImagesOf); this sends them, retried like any step.
  const privacyDeletes = config.sync.enabled
    ? startZolozPrivacyDeletes({ queue: store, adapter: adapters.get('zoloz'), policy: { baseMs: config.sync.backoffBaseMs, capMs: config.sync.backoffCapMs }, log })
    : null;

  const available = () => [...adapters.keys()];
  const teller = createTellerService({ mode, config, store, events, devices, worker, available, precheck, countries, face: faceChecker, log });
  const review = createReviewService({ store, events, config, worker, log });
  const opener = options.openProviderPage ?? null;
  const starters = createProviderPageStarters(config, store, countries);
  const assisted = createAssistedCalls({ store, events, starters, opener, kick: () => worker.kick(), log });
  const service: KioskService = fleet.instrument({ ...teller.calls, ...review.calls, ...assisted, ...recoveryWhileRunning });

  return {
    service,
    events,
    mode,
    config,
    sandboxes,
    close: async () => {
      await fleet.close();
      await teller.close();
      review.close();
      await worker.stop();
      await privacyDeletes?.stop();
      if (sandboxes) await sandboxes.close();
      // After the emulators, whose judgements may still be reading.
      await Promise.all([mrzReader.close(), faceChecker.close()]);
      store.close();
    },
  };
}
