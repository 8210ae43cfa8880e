// The KioskApi contract: every call (request + response schema) and every event.
// Main validates each request with these schemas before any work; both hosts (Electron IPC and the
// loopback web host) and the preload are generated from this one table, so they cannot drift.
import { z } from 'zod';
import {
  CaptureSide,
  CaptureSummary,
  Device,
  DocumentType,
  KioskStatus,
  Locale,
  ProviderId,
  QueueCounts,
  Verification,
  VerificationState,
} from './domain';
import { DeviceId, Empty, Id } from './contract-base';
import { KioskMessage } from './kiosk-message';
import { OverrideReason } from './precheck';
import { captureCalls, captureEvents } from './contract-capture';
import { tellerCalls, tellerEvents } from './contract-teller';
import { supervisorCalls, supervisorEvents } from './contract-supervisor';
import { assistedCalls } from './contract-assisted';
import { recoveryCalls } from './contract-recovery';
import { chipCalls, chipEvents } from './contract-chip';

export { DeviceId, Id } from './contract-base';

/** Prefix of every IPC channel and the path segment of every web route. */
export const CHANNEL_PREFIX = 'kiosk:';

export const coreCalls = {
  getStatus: { request: Empty, response: KioskStatus },
  listDevices: { request: Empty, response: z.array(Device) },
  startVerification: {
    request: z.strictObject({
      documentType: DocumentType,
      provider: ProviderId.optional(),
      locale: Locale.optional(),
      /**
       * "Scan again" on a not-verified result: the same customer's earlier verification, whose consent this
       * attempt continues under (same document type); audited with the link.
       */
      scanAgainOf: Id.optional(),
    }),
    response: Verification,
  },
  capture: {
    request: z.strictObject({ verificationId: Id, side: CaptureSide, deviceId: DeviceId }),
    response: CaptureSummary,
  },
  submit: {
    request: z.strictObject({
      verificationId: Id,
      /** The teller's reason to submit despite the precheck (expired / unreadable MRZ) when policy allows it; audited. */
      overrideReason: OverrideReason.optional(),
      /** The sides whose poor image (blur, glare, small, no portrait) the teller chose to send anyway; audited per side. */
      sendAnyway: z.array(CaptureSide).max(4).optional(),
    }),
    response: Verification,
  },
  getVerification: { request: z.strictObject({ id: Id }), response: Verification },
  listVerifications: {
    request: z.strictObject({
      state: VerificationState.optional(),
      limit: z.number().int().min(1).max(200),
      cursor: z.string().max(200).optional(),
    }),
    response: z.object({ items: z.array(Verification), nextCursor: z.string().nullable() }),
  },
} as const;

/**
 * Every call of the contract. Feature areas keep their calls in their own file (contract-*.ts) so
 * they can grow side by side; this is the one table hosts, preload and renderer are generated from.
 */
export const calls = { ...coreCalls, ...captureCalls, ...tellerCalls, ...supervisorCalls, ...assistedCalls, ...recoveryCalls, ...chipCalls } as const;

export const events = {
  verificationUpdated: Verification,
  queueChanged: QueueCounts,
  ...captureEvents,
  ...tellerEvents,
  ...supervisorEvents,
  ...chipEvents,
} as const;

export type CallName = keyof typeof calls;
export type EventName = keyof typeof events;
export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export type CallRequest<N extends CallName> = z.infer<(typeof calls)[N]['request']>;
export type CallResponse<N extends CallName> = z.infer<(typeof calls)[N]['response']>;
export type EventPayload<N extends EventName> = z.infer<(typeof events)[N]>;

/** Error codes a caller can act on. `message` is always a plain English sentence for a teller. */
export const ErrorCode = z.enum([
  'bad_request', // the payload failed validation
  'not_found',
  'conflict', // e.g. capture on a verification already submitted
  'device_error', // scanner/camera problem; message says what to do
  'bad_image', // the image is unusable (corrupt, too large, ...)
  'disk_low', // below the free-space floor: no new captures
  'forbidden', // wrong sender / missing token
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/**
 * `sentence`: the same sentence as a key with parameters, which the screen shows in the teller's
 * language; `message` is its English text (shown when there is no `sentence` or no translation).
 */
export const KioskErrorShape = z.object({ code: ErrorCode, message: z.string(), sentence: KioskMessage.optional() });
export type KioskErrorShape = z.infer<typeof KioskErrorShape>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: KioskErrorShape };

export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: KioskErrorShape }),
  ]);

/** What the renderer sees as `window.kiosk` (preload) or the web bridge: one method per call, one `on`. */
export type KioskApi = {
  [N in CallName]: (request: CallRequest<N>) => Promise<Result<CallResponse<N>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** The service both hosts call after validation. Implemented in main/kiosk.ts. */
export type KioskService = {
  [N in CallName]: (request: CallRequest<N>) => Promise<CallResponse<N>>;
};
