// createKiosk(config): the composition root of the core. Both hosts (Electron IPC and the loopback
// web host) call this one function and talk to the returned KioskService; nothing here imports electron.
import { randomBytes } from 'node:crypto';
import type { KioskService } from '../shared/contract';
import { REQUIRED_SIDES, type CaptureSide, type KioskStatus, type ProviderId, type Verification } from '../shared/domain';
import { isTrainingMode, type KioskConfig } from './config';
import { KioskError } from './errors';
import { KioskEvents } from './events';
import type { Log } from './log';
import { Store } from './store/store';
import { SyncWorker } from './sync/worker';
import { checkDiskFloor } from './store/disk';
import { DeviceRegistry } from './capture/devices';
import { sweepCaptureTemp } from './capture/temp-sweep';
import { makePreview } from './capture/image-input';
import { buildDeviceSources } from './capture/sources';
import { createCaptureExtras } from './capture/capture-extras'; // issue 6 (capture helper)
import type { ProviderAdapter, SyncJob } from './providers/provider';
import { supports as zolozServes } from './providers/zoloz/doc-types'; // issue 8: the country-specific docType
import { createZignSecAdapter } from './providers/zignsec/adapter';
import { chooseProvider } from './providers/routing';
import { startTrainingSandboxes, type TrainingSandboxes } from './sandbox/training';
import { KIOSK_VERSION } from './version';
import { createReviewService } from './review/service'; // issue 9 (supervisor review)
import { createIssuingCountryService, ISSUING_COUNTRIES, type IssuingCountryService } from './teller/issuing-country'; // issue 8 (issuing country)
import { createAssistedService, type ProviderPageOpener } from './assisted/service'; // issue 4 (assisted flow)
import { createAssistedStarter } from './providers/zignsec/assisted';
// --- issue 7 (on-device precheck) ---
import { createMrzReader } from './precheck/mrz-ocr';
import { createLanedReader } from './precheck/reader-lanes';
import { createPrecheckService } from './precheck/service';
import { createFaceChecker } from './precheck/face';
import { createBarcodeChecker } from './precheck/pdf417';
import { bestMrz } from './precheck/policy';
import { createMrzAnalyzer, createMrzJudge } from './sandbox/judge-mrz';
import { SpecimenSource, type SpecimenDeviceOptions } from './capture/specimen/device';
// --- end issue 7 ---

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
  /** Issue 7: options of the training specimen devices (tests choose expired / broken specimens). Default: random valid ones. */
  specimen?: SpecimenDeviceOptions;
  /** Issue 4: how this host shows ZignSec's hosted page (Electron: a locked child window); absent = not offered. */
  openProviderPage?: ProviderPageOpener;
}

export async function createKiosk(inputConfig: KioskConfig, options: KioskOptions): Promise<Kiosk> {
  const log: Log = options.log ?? (() => {});
  const mode = isTrainingMode(inputConfig) ? 'training' : 'live';
  const events = new KioskEvents();

  // Open the store first: a wrong key must stop start-up before anything else is started.
  const store = Store.open({ dataDir: inputConfig.dataDir, key: options.dbKey });

  // --- issue 7 (on-device precheck): ONE MRZ reader (one OCR engine), warming in the background from
  // start, shared by the teller's precheck (first in line) and the training sandboxes' judgement. ---
  const mrzEngine = createMrzReader();
  mrzEngine.catch((e: unknown) => log('warn', 'The MRZ reader could not start; prechecks will report it', e));
  const mrzReader = createLanedReader(mrzEngine);
  // Face presence: BlazeFace on WASM in its own worker thread, loading and warming from start.
  const faceChecker = createFaceChecker();
  faceChecker.ready.catch((e: unknown) => log('warn', 'The face detector could not start; selfies will not be checked for a face', e));
  // --- end issue 7 ---

  let sandboxes: TrainingSandboxes | null = null;
  let config = inputConfig;
  try {
    if (mode === 'training') {
      // Training mode talks to embedded emulators with throwaway credentials, minted per run.
      sandboxes = await startTrainingSandboxes({
        analysisDelayMs: config.sandbox.analysisDelayMs,
        zignsecApiKey: randomBytes(24).toString('hex'),
        // --- issue 7: the emulators judge from the image with the kiosk's own MRZ reader. ---
        judge: createMrzJudge(mrzReader.lane('sandbox')),
        analyze: createMrzAnalyzer(mrzReader.lane('sandbox')),
        // --- end issue 7 ---
      });
      config = { ...config, providers: { ...config.providers, ...sandboxes.providerOverrides(config.providers) } };
    }
  } catch (e) {
    await Promise.all([mrzReader.close(), faceChecker.close()]); // issue 7
    store.close();
    throw e;
  }

  const adapters = new Map<ProviderId, ProviderAdapter>();
  // Poll timing comes from the kiosk's sync settings (2 s growing to 30 s by default).
  const pollTiming = { pollMinMs: config.sync.pollMinMs, pollMaxMs: config.sync.pollMaxMs };
  if (config.providers.zignsec.apiKey)
    adapters.set(
      'zignsec',
      createZignSecAdapter(config.providers.zignsec, {
        ...pollTiming,
        ...(config.providers.zignsec.assistedTimeoutMs ? { assistedTimeoutMs: config.providers.zignsec.assistedTimeoutMs } : {}),
      }),
    );
  // --- issue 8: ZOLOZ's country-specific docType uses the verification's issuing country (teller's choice, else MRZ). ---
  let countries: IssuingCountryService | null = null;
  // A country ZOLOZ has no code for is left out, so ZOLOZ classifies the document itself (as before).
  const zoloz = await loadZolozAdapter(config, log, (job) => {
    const country = countries?.effective(job.verificationId) ?? null;
    return country && zolozServes(job.documentType, country) ? country : null;
  });
  // --- end issue 8 ---
  if (zoloz) adapters.set('zoloz', zoloz);

  // --- issue 7: tests may choose the specimen variants (expired, broken check digit); default unchanged. ---
  const specimenOptions = options.specimen;
  const sources = buildDeviceSources(config, mode).map((s) => (specimenOptions && s instanceof SpecimenSource ? new SpecimenSource(specimenOptions) : s));
  // --- end issue 7 ---
  // Customers' images a crash left in the temp folder mid-capture (temp-sweep.ts).
  const swept = sweepCaptureTemp();
  if (swept) log('info', `removed ${swept} capture file(s) left in the temp folder by an interrupted capture`);
  const devices = new DeviceRegistry(sources, {
    image: { maxBytes: config.capture.maxImageBytes },
    onSourceError: (source, e) => log('warn', `device source ${source} could not be listed`, e),
  });
  const worker = new SyncWorker({ store, adapters, events, config: config.sync, log, retention: config.retention, failover: config.providers.failover });
  if (config.sync.enabled) worker.start();

  const requiredSides = (documentType: keyof typeof REQUIRED_SIDES, provider: ProviderId): CaptureSide[] => {
    const sides = [...REQUIRED_SIDES[documentType]];
    if (provider === 'zignsec' && config.providers.zignsec.analysisTypes.includes('selfie')) sides.push('selfie');
    return sides;
  };

  // --- issue 8 (teller flow): the renderer learns the sides to capture (selfie included) from the verification. ---
  // The sides of the provider the verification will be SENT to (routedProvider): routing by issuing
  // state happens at submit, and a provider there may need a selfie the first one did not.
  const withSides = (v: Verification): Verification => ({ ...v, requiredSides: requiredSides(v.documentType, routedProvider(v)) });
  // --- end issue 8 ---

  const getVerificationOrThrow = (id: string, previews: boolean) => {
    const v = store.getVerification(id, { previews });
    if (!v) throw new KioskError('not_found', 'That verification no longer exists. Start a new one.');
    return v;
  };

  const status = async (): Promise<KioskStatus> => {
    const providers = worker.providerStatus();
    return {
      mode,
      kioskId: config.kioskId,
      online: providers.some((p) => p.configured && p.reachable !== false),
      providers,
      devices: await devices.list(),
      queue: store.queueCounts(),
      version: KIOSK_VERSION,
    };
  };

  // --- issue 6 (capture helper): live preview + auto-capture, remembered device, device watch. ---
  const captureExtras = createCaptureExtras({
    devices,
    events,
    dataDir: config.dataDir,
    log,
    verification: (id) => getVerificationOrThrow(id, false),
    capture: (request) => service.capture(request),
  });
  // --- end issue 6 ---

  // --- issue 9 (supervisor review): PIN sessions, queue, actions, health, audit. ---
  const review = createReviewService({ store, events, config, worker, log });
  // --- end issue 9 ---

  // --- issue 7 (on-device precheck): MRZ read after capture, stored with it, submit policy. ---
  const precheck = createPrecheckService({ db: store.db, audit: store.audit, reader: mrzReader.lane('precheck'), face: faceChecker, barcode: createBarcodeChecker(), policy: () => config.precheck, log });
  // --- end issue 7 ---

  // --- issue 8 (teller flow): the issuing country, chosen by the teller or read from the MRZ. ---
  const mrzIssuingState = (verificationId: string): string | null => {
    const v = store.getVerification(verificationId, { previews: false });
    if (!v) return null;
    const mrz = bestMrz(precheck.attach(v).captures.map((c) => c.precheck));
    return mrz?.status === 'accepted' ? mrz.issuingState : null;
  };
  const issuingCountries = createIssuingCountryService({ db: store.db, audit: store.audit, providers: () => config.providers, mrzIssuingState });
  countries = issuingCountries;
  // --- end issue 8 ---

  /**
   * Routing by issuing country (config providers.byCountry): the country is known only once the
   * MRZ has been read (or the teller chose it, issue 8: the choice wins), so a verification is
   * re-routed as it is queued, before any provider step.
   */
  /** The provider a verification goes to once submitted: its own, or the one its issuing state routes to. */
  function routedProvider(v: Verification): ProviderId {
    if (!Object.keys(config.providers.byCountry).length) return v.provider;
    const country = issuingCountries.effective(v.id);
    return country ? chooseProvider(config.providers, { documentType: v.documentType, country, available: [...adapters.keys()] }) : v.provider;
  }

  const routeByIssuingState = (v: Verification): Verification => {
    const to = routedProvider(v);
    const country = issuingCountries.effective(v.id);
    if (to === v.provider || !store.reassignProvider(v.id, v.provider, to, `routed by issuing state ${country}`, 'provider_routed')) return v;
    return withSides(getVerificationOrThrow(v.id, false));
  };

  const service: KioskService = {
    getStatus: () => status(),
    listDevices: () => devices.list(),
    startVerification: async ({ documentType, provider, locale }) => {
      const chosen = provider ?? chooseProvider(config.providers, { documentType, available: [...adapters.keys()] });
      if (!adapters.has(chosen)) {
        throw new KioskError('conflict', 'That identity provider is not set up on this kiosk. Choose another, or ask your supervisor.');
      }
      const v = issuingCountries.attach(withSides(store.createVerification({ documentType, provider: chosen, locale: locale ?? 'en' }))); // issue 8: + country
      events.emit('verificationUpdated', v);
      return v;
    },
    capture: async ({ verificationId, side, deviceId }) => {
      const v = getVerificationOrThrow(verificationId, false);
      if (v.state !== 'capturing') {
        throw new KioskError('conflict', 'This verification has already been submitted. Start a new one to scan again.');
      }
      await checkDiskFloor(config.dataDir, config.disk.minFreeBytes);
      const image = await devices.capture(deviceId, { documentType: v.documentType, side });
      // Cameras get the framing checks (document found, not cropped) that a flatbed never needs.
      const kind = (await devices.list()).find((d) => d.id === deviceId)?.kind ?? 'scanner';
      // A selfie is a face, not a document: only light, focus and contrast apply to it.
      const qualityOptions = side === 'selfie' ? { kind: 'scanner' as const, checkGlare: false } : { kind, documentType: v.documentType };
      const [preview, quality] = await Promise.all([makePreview(image.jpeg), captureExtras.assessStill(image, qualityOptions)]);
      const summary = store.putCapture({
        verificationId,
        side,
        deviceId,
        jpeg: image.jpeg,
        preview,
        width: image.width,
        height: image.height,
        quality,
      });
      // --- issue 7: the teller sees the kiosk's own reading of the document before submitting. ---
      const checked = await precheck.checkCapture({ documentType: v.documentType, side, captureId: summary.id, jpeg: image.jpeg, verificationId });
      // --- end issue 7 ---
      // With its sides: the MRZ just read may route it to a provider that needs more (a selfie).
      events.emit('verificationUpdated', issuingCountries.attach(withSides(getVerificationOrThrow(verificationId, false))));
      return { ...summary, preview: `data:image/jpeg;base64,${preview.toString('base64')}`, ...(checked ? { precheck: checked } : {}) };
    },
    submit: async ({ verificationId, overrideReason }) => {
      const v = getVerificationOrThrow(verificationId, false);
      // --- issue 7: the precheck policy may refuse, or ask for a reason (audited with the submit). ---
      if (v.state !== 'capturing') throw new KioskError('conflict', 'This verification has already been submitted. Open it from the list to follow its progress.');
      issuingCountries.assertReadyToSubmit(verificationId); // issue 8: a needed or disputed issuing country blocks
      // The sides the provider it will be routed to needs (a selfie, say), checked before it is queued.
      let submitted = await precheck.submit(v, overrideReason, () => store.submitVerification(verificationId, requiredSides(v.documentType, routedProvider(v))));
      // --- end issue 7 ---
      submitted = issuingCountries.attach(routeByIssuingState(submitted)); // issue 8: + country
      events.emit('verificationUpdated', submitted);
      events.emit('queueChanged', store.queueCounts());
      worker.kick();
      return submitted;
    },
    getVerification: async ({ id }) => issuingCountries.attach(precheck.attach(withSides(getVerificationOrThrow(id, true)))), // issue 7: + prechecks; issue 8: + country
    listVerifications: async (request) => store.listVerifications(request),
    ...captureExtras.calls, // issue 6 (capture helper)
    // --- issue 8 (teller flow): teller cancel of a verification still being captured. ---
    cancelVerification: async ({ verificationId }) => {
      const cancelled = store.cancelCapturingVerification(verificationId, 'teller');
      events.emit('verificationUpdated', cancelled);
      return cancelled;
    },
    issuingCountries: async ({ verificationId }) => ({ info: issuingCountries.info(verificationId), countries: [...ISSUING_COUNTRIES] }),
    setIssuingCountry: async ({ verificationId, country, confirmMismatch }) => {
      issuingCountries.choose(verificationId, country, confirmMismatch === true);
      const v = issuingCountries.attach(withSides(getVerificationOrThrow(verificationId, false)));
      events.emit('verificationUpdated', v);
      return v;
    },
    // --- end issue 8 ---
    ...review.calls, // issue 9 (supervisor review)
    // --- issue 4: ZignSec's hosted page instead of the kiosk's scanner (config providers.zignsec.assistedFlow). ---
    ...createAssistedService({
      config: config.providers.zignsec,
      store,
      events,
      starter: config.providers.zignsec.apiKey ? createAssistedStarter(config.providers.zignsec) : null,
      opener: options.openProviderPage ?? null,
      kick: () => worker.kick(),
      log,
    }),
    // --- end issue 4 ---
  };

  // --- issue 6 (capture helper): a manual still pauses the live preview, so the camera is free for it. ---
  const captureStill = service.capture;
  service.capture = (request) => captureExtras.pausePreviewDuring(() => captureStill(request));
  // --- end issue 6 ---

  return {
    service,
    events,
    mode,
    config,
    sandboxes,
    close: async () => {
      await captureExtras.close(); // issue 6 (capture helper)
      review.close(); // issue 9 (supervisor review)
      await worker.stop();
      if (sandboxes) await sandboxes.close();
      await Promise.all([mrzReader.close(), faceChecker.close()]); // issue 7: after the sandboxes, whose judgements may still be reading
      store.close();
    },
  };
}

/** ZOLOZ is optional at start-up: it is wired when its credentials (or the training sandbox) are there. */
async function loadZolozAdapter(config: KioskConfig, log: Log, countryOf: (job: SyncJob) => string | null): Promise<ProviderAdapter | null> {
  const z = config.providers.zoloz;
  const hasKeys = z.authScheme === 'aksk' ? !!(z.accessKey && z.secretKey) : !!(z.merchantPrivateKey && z.zolozPublicKey);
  if (!z.clientId || !hasKeys) return null;
  try {
    const { createZolozAdapter } = await import('./providers/zoloz/adapter');
    return createZolozAdapter(z, { pollMinMs: config.sync.pollMinMs, pollMaxMs: config.sync.pollMaxMs, countryOf });
  } catch (e) {
    log('warn', 'ZOLOZ adapter could not be created; ZOLOZ verifications will wait', e);
    return null;
  }
}
