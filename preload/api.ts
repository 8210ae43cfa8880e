// Builds the one frozen object the renderer sees as window.kiosk. No logic beyond routing each
// method to its `kiosk:<call>` channel; it takes the two ipcRenderer functions it needs as
// arguments so it runs under plain Node in tests, and it imports only TYPES from the contract so
// the sandboxed preload bundle contains no zod and requires nothing but 'electron'.
import type { CallName, EventName, KioskApi } from '../shared/contract';

/** Every contract call. The type checks below fail the build if this drifts from shared/contract.ts. */
export const PRELOAD_CALLS = [
  'getStatus',
  'listDevices',
  'startVerification',
  'capture',
  'submit',
  'getVerification',
  'listVerifications',
  'cancelVerification',
  'issuingCountries',
  'setIssuingCountry',
  'readChip',
  'listChipReaders',
  'chipStatus',
  'chipFace',
  'chipResult',
  'placeTrainingChip',
  'startPreview',
  'stopPreview',
  'getDevicePreference',
  'setDevicePreference',
  'watchDevices',
  // supervisor review
  'supervisorStatus',
  'supervisorSetup',
  'supervisorLogin',
  'supervisorLogout',
  'supervisorAdd',
  'reviewList',
  'reviewCounts',
  'reviewAlerts',
  'reviewAcknowledgeAlert',
  'reviewDismissAlert',
  'reviewDetail',
  'reviewRetry',
  'reviewCancel',
  'reviewOverride',
  'reviewConfirmOverride',
  'reviewDiscardOverride',
  'reviewPurgeImages',
  'reviewHealth',
  'reviewRunRetention',
  'reviewResumeProvider',
  'reviewAudit',
  'reviewVerifyAudit',
  'reviewExport',
  // supervisor recovery of a stopped kiosk
  'recoveryStatus',
  'recoveryBackups',
  'recoveryRequest',
  'recoveryConfirm',
  'recoveryDiscard',
  // assisted ZignSec flow
  'getProviderPageOffer',
  'openProviderPage',
] as const satisfies readonly CallName[];
/** Every contract event. */
export const PRELOAD_EVENTS = ['verificationUpdated', 'queueChanged', 'previewFrame', 'previewState', 'devicesChanged', 'supervisorRequested', 'chipReadProgress', 'chipReadersChanged'] as const satisfies readonly EventName[];

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
const callsComplete: Exhaustive<CallName, (typeof PRELOAD_CALLS)[number]> = true;
const eventsComplete: Exhaustive<EventName, (typeof PRELOAD_EVENTS)[number]> = true;
void callsComplete;
void eventsComplete;

const PREFIX = 'kiosk:';

export type IpcRendererSurface = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
};

export function buildKioskApi(ipc: IpcRendererSurface): KioskApi {
  const api: Record<string, unknown> = {};
  for (const name of PRELOAD_CALLS) {
    // Always exactly one argument: main refuses any other count.
    api[name] = (request: unknown) => ipc.invoke(`${PREFIX}${name}`, request === undefined ? {} : request);
  }
  const eventNames: ReadonlySet<string> = new Set(PRELOAD_EVENTS);
  api.on = (event: unknown, listener: unknown): (() => void) => {
    if (typeof event !== 'string' || !eventNames.has(event)) throw new TypeError(`Unknown kiosk event: ${String(event).slice(0, 40)}`);
    if (typeof listener !== 'function') throw new TypeError('A kiosk event listener must be a function.');
    const channel = `${PREFIX}event:${event}`;
    // Only the payload crosses: the IpcRendererEvent (with its `sender`) never reaches the page.
    const wrapped = (_event: unknown, payload: unknown) => (listener as (p: unknown) => void)(payload);
    ipc.on(channel, wrapped);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, wrapped);
    };
  };
  return Object.freeze(api) as unknown as KioskApi;
}
