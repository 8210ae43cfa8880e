// The provider seam: the sync worker drives any provider through these few calls, one persisted
// step at a time, so a crash between steps resumes at the next step and never repeats a finished one.
import type { FramedUpload } from './http-transport';
import type { CaptureSide, DocumentType, Outcome, ProviderId } from '../../shared/domain';
import type { KioskMessage } from '../../shared/kiosk-message';

/** What the worker hands an adapter: the verification and its captures (bytes loaded lazily). */
export interface SyncJob {
  verificationId: string;
  documentType: DocumentType;
  /** Customer-facing language chosen for this verification (ZignSec `locale`). */
  locale: string;
  captures: ReadonlyArray<{
    id: string;
    side: CaptureSide;
    bytes: number;
    /**
     * Pixel size as the capture gate measured it when the image was stored (normalizeImage decoded it
     * then): lets an upload skip decoding the header again. Absent for rows that do not know it.
     */
    width?: number | null;
    height?: number | null;
    /** Loads the JPEG bytes from the store only when an upload needs them. */
    load(): Buffer;
    /**
     * Sends the stored bytes as is, framed, from the store's upload thread (they never reach the
     * main thread). Absent while that thread is not running: load() and send in-process then.
     */
    sendFramed?: FramedUpload;
  }>;
  /**
   * The face picture of the verification's latest chip read, when that read is verified and holds one.
   * Sent only where the policy (chip.sendChipFace) and the provider allow it.
   */
  chipFace?: {
    /** The chip read's row id: names the upload, so a lost reply is reconciled by file name. */
    readId: number;
    /** The face as JPEG (a JPEG 2000 face converted). */
    loadJpeg(): Promise<Buffer>;
    /** Records that the provider holds the face (face_sent = 1 and one audit row; a repeat does nothing). */
    markSent(provider: string): void;
  };
}

/**
 * Provider-specific progress, persisted as JSON after every step (e.g. ZignSec: sessionId,
 * uploaded documents by capture id, analysis id). `{}` for a verification not started yet.
 */
export type ProviderProgress = Record<string, unknown>;

export interface StepContext {
  /** Report upload progress; the worker turns it into verificationUpdated events. */
  onBytes(sent: number, total: number): void;
  /** Aborted when the kiosk shuts down or a supervisor cancels. */
  signal: AbortSignal;
}

export type StepResult =
  | {
      kind: 'progress';
      /** Name of the step just completed, recorded in the event log (e.g. 'session_created'). */
      step: string;
      progress: ProviderProgress;
      /** 'submitting' while uploading, 'awaiting_result' once analysis has started. */
      state: 'submitting' | 'awaiting_result';
      /** Set when the next step is a poll that should wait (ms). */
      waitMs?: number;
      /**
       * false = this step may be committed without an fsync (still atomic; a power cut may lose it and
       * the step then simply runs again). Only for steps with no side effect at the provider whose
       * repetition is harmless (a status poll). Absent = true: intents and results of side-effecting
       * calls must stay durable, or a repeat could not be reconciled.
       */
      durable?: boolean;
      /**
       * For the supervisor, raised as an alert when the step is committed: a billable call is about
       * to be repeated without proof the earlier attempt did nothing at the provider (a possible
       * second, billed transaction; also counted in the progress as possibleDuplicates).
       */
      notice?: string;
    }
  | { kind: 'final'; step: string; progress: ProviderProgress; outcome: Outcome; raw: unknown };

export interface ProviderAdapter {
  readonly id: ProviderId;
  /** Perform the one next step implied by `progress`. Throws ProviderError on failure. */
  step(job: SyncJob, progress: ProviderProgress, ctx: StepContext): Promise<StepResult>;
  /** Cheap reachability probe (no side effects on the provider). */
  probe(signal: AbortSignal): Promise<boolean>;
  /**
   * Failover: true when nothing at this provider depends on the verification yet (no session or
   * transaction of ours holds its documents), so another provider may take it over. Absent = never.
   */
  canHandOver?(progress: ProviderProgress): boolean;
  /** Failover: whether this provider can serve the document type at all. Absent = every type. */
  serves?(documentType: DocumentType): boolean;
}

/** How the retry policy must treat a failure. */
export type ProviderErrorKind =
  | 'retryable' // network, timeout, 5xx, 429: back off and retry
  | 'invalid' // 4xx validation: a supervisor must look (needs_attention)
  | 'auth' // credentials rejected: pause the provider, alert the supervisor
  | 'schema' // reply did not match the schema: needs_attention, raw body kept
  | 'gone'; // the provider lost our session (404): restart from a fresh session

const NEVER_OPENED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** The system error code behind an error (its own, or of a cause a few levels down). */
export function causeCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The connection could not even be opened (refused, no route, no DNS): the request surely never
 * reached the provider, so repeating it cannot make a duplicate.
 */
export function connectionNeverOpened(e: unknown): boolean {
  const code = causeCode(e);
  return code !== undefined && NEVER_OPENED_CODES.has(code);
}

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: {
      status?: number;
      retryAfterMs?: number;
      providerCode?: string;
      /** Raw reply body (never containing our credentials), kept for the supervisor. */
      rawBody?: string;
      cause?: unknown;
      /**
       * Raised by the kiosk itself, before or without any provider answer at issue (a missing side,
       * an unreadable capture, saved progress that does not parse): says nothing about the
       * provider's health, so it neither closes the circuit breaker nor counts as an answer.
       */
      local?: true;
      /**
       * A reply came but could not be trusted (its signature did not verify), so it was not read.
       * The request reached the provider and may have been carried out. A corrupting hop is
       * usually passing; a wrong key is not: the retry policy retries a few in a row, then pauses.
       */
      unverifiedReply?: true;
      /** The failure as the screen's sentence, where the kiosk knows more than the kind says (main/sync/error-sentence.ts). */
      sentence?: KioskMessage;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'ProviderError';
  }
}
