// The teller service: the contract calls of the teller's flow (status, devices, start, capture with its
// live preview and device helpers, submit, cancel, issuing country, the verification list), assembled
// from the one-job modules beside this file. Every verification the teller's screen gets carries the
// sides to capture for the provider it will be sent to, and its issuing-country info.
import type { KioskService } from '../../shared/contract';
import type { ProviderId, Verification } from '../../shared/domain';
import { createCaptureExtras, type CaptureExtraCalls } from '../capture/capture-extras';
import type { DeviceRegistry } from '../capture/devices';
import type { KioskConfig } from '../config';
import type { KioskEvents } from '../events';
import type { Log } from '../log';
import type { PrecheckService } from '../precheck/service';
import type { Store } from '../store/store';
import type { SyncWorker } from '../sync/worker';
import { createKioskChip } from '../chip/kiosk-chip';
import { createCancelVerification } from './cancel';
import { createReadChip } from './chip-read';
import { createChipSubmitGate } from './chip-gate';
import { createChipLocalResult } from './chip-local';
import { createChipReaderCalls } from './chip-readers';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import { chipPolicyOf } from './chip-policy';
import { createChipViewCalls } from './chip-view';
import { createTrainingPlacement } from './chip-training-place';
import { createCaptureSide } from './capture';
import { createSideCheck, type PortraitDetector } from './side-check';
import { createIssuingCountryCalls } from './issuing-country-calls';
import type { IssuingCountryService } from './issuing-country';
import { createVerificationLookup } from './lookup';
import { createTellerRouting } from './routing';
import { requiredSides } from './sides';
import { createStartVerification } from './start';
import { kioskStatus } from './status';
import { createSubmit } from './submit';

export interface TellerDeps {
  mode: 'training' | 'live';
  config: Pick<KioskConfig, 'kioskId' | 'dataDir' | 'disk' | 'providers' | 'teller' | 'chip'>;
  store: Store;
  events: KioskEvents;
  devices: DeviceRegistry;
  worker: Pick<SyncWorker, 'providerStatus' | 'kick'>;
  /** The providers with an adapter on this kiosk. */
  available: () => ProviderId[];
  precheck: PrecheckService;
  countries: IssuingCountryService;
  /** The precheck's face detector: tells whether a side shows the document portrait (side-check.ts). */
  face?: PortraitDetector | null;
  log: Log;
}

type TellerCallName =
  | 'getStatus'
  | 'listDevices'
  | 'startVerification'
  | 'capture'
  | 'submit'
  | 'getVerification'
  | 'listVerifications'
  | 'cancelVerification'
  | 'issuingCountries'
  | 'setIssuingCountry'
  | 'readChip'
  | 'listChipReaders'
  | 'chipStatus'
  | 'chipFace'
  | 'chipResult'
  | 'placeTrainingChip';

export interface TellerService {
  calls: Pick<KioskService, TellerCallName> & CaptureExtraCalls;
  /** Stops the live preview and the device watch. */
  close(): Promise<void>;
}

export function createTellerService(deps: TellerDeps): TellerService {
  const { config, store, events, devices, precheck, countries } = deps;
  const lookup = createVerificationLookup(store);
  const routing = createTellerRouting({ providers: config.providers, available: deps.available, country: (id) => countries.effective(id), store });
  const sidesOf = (v: Verification) => requiredSides(config.providers, v.documentType, routing.routedProvider(v));
  const withSides = (v: Verification): Verification => ({ ...v, requiredSides: sidesOf(v) });
  // Submitted while the provider is down, with a verified chip (config chip.completeOnChipAlone): the teller's local result.
  const chipLocal = createChipLocalResult({
    store,
    enabled: () => config.chip.completeOnChipAlone && config.chip.mode !== 'off',
    revocationUnknown: () => config.chip.revocationUnknown,
    training: deps.mode === 'training',
    providerDown: (id) => deps.worker.providerStatus().some((p) => p.id === id && (p.reachable === false || p.circuit === 'open')),
  });
  const present = (v: Verification) => chipLocal(countries.attach(withSides(v)));

  // Auto-capture takes its stills through the teller's capture call, preview pause included.
  const extras = createCaptureExtras({
    devices,
    events,
    dataDir: config.dataDir,
    log: deps.log,
    verification: (id) => lookup(id, false),
    capture: (request) => capture(request),
  });
  const captureSide = createCaptureSide({
    store,
    devices,
    prepareStill: (image, options) => extras.prepareStill(image, options),
    precheck,
    sideCheck: createSideCheck(store.db, store.audit, deps.face ?? null),
    lookup,
    published: (id) => events.emit('verificationUpdated', present(lookup(id, false))),
    dataDir: config.dataDir,
    minFreeBytes: config.disk.minFreeBytes,
  });
  // A manual still pauses the live preview, so the camera is free for it.
  const capture: KioskService['capture'] = (request) => extras.pausePreviewDuring(() => captureSide(request));
  // Chip reading: PC/SC readers live, the virtual ePassport reader in training.
  const chip = createKioskChip(deps.mode, config.dataDir, deps.log);
  // Chip readers in the device listing, hot-plug and card presence through the device watch.
  const chipReaders = createChipReaderCalls({
    chip: chip.service,
    training: chip.training !== null,
    mode: () => config.chip.mode,
    devices,
    onChange: () => extras.devicesMayHaveChanged(),
    onState: (state) => events.emit('chipReadersChanged', state),
    log: deps.log,
  });
  const readChip = createReadChip({ store, precheck, events, chip: chip.service, training: chip.training });
  const trainingPlacement = createTrainingPlacement({ store, precheck, training: chip.training });
  const submit = createSubmit({
    store, events, precheck, countries, routing, lookup, sidesOf, withSides, kick: () => deps.worker.kick(),
    chipGate: createChipSubmitGate({ store, precheck, mode: () => config.chip.mode, revocationUnknown: () => config.chip.revocationUnknown, training: deps.mode === 'training' }),
  });

  return {
    calls: {
      getStatus: () => kioskStatus({ mode: deps.mode, kioskId: config.kioskId, worker: deps.worker, devices, store, idleTimeoutMinutes: config.teller.idleTimeoutMinutes }),
      listDevices: () => devices.list(),
      startVerification: createStartVerification({ store, events, routing, present, dataDir: config.dataDir, minFreeBytes: config.disk.minFreeBytes }),
      capture,
      submit: async (request) => chipLocal(await submit(request)),
      getVerification: async ({ id }) => chipLocal(countries.attach(precheck.attach(withSides(lookup(id, true))))),
      listVerifications: async (request) => store.listVerifications(request),
      cancelVerification: createCancelVerification({ store, events }),
      ...createIssuingCountryCalls({ countries, events, lookup, present }),
      readChip: async (request) => {
        if (config.chip.mode === 'off') throw new KioskError('conflict', kioskMessage('chip_off'));
        return readChip(request);
      },
      ...chipReaders.calls,
      ...createChipViewCalls({
        store, chip: chip.service, training: chip.training !== null, policy: () => chipPolicyOf(config), fullDataMinutes: config.teller.fullDataMinutes,
      }),
      placeTrainingChip: async (request) => {
        if (config.chip.mode === 'off') throw new KioskError('conflict', kioskMessage('chip_off'));
        return trainingPlacement.placeTrainingChip(request);
      },
      ...extras.calls,
    },
    close: async () => {
      chipReaders.close();
      chip.service.close();
      await extras.close();
    },
  };
}
