// ZOLOZ as a ProviderAdapter, one persisted step at a time:
//   1. asyncrecognize (front/back images)            → progress { bizId, transactionId }
//   2. asynccheckresult, repeated while PROCESSING     → progress { ..., polls } with waitMs
//   3. (selfie captured) facecompare selfie vs portrait → final
//   final outcome via mapRecognitionToOutcome.
//
// Duplicate window: if the kiosk dies after ZOLOZ accepted asyncrecognize but before step 1's
// progress is committed, step 1 runs again with the SAME bizId. ZOLOZ does NOT de-duplicate on
// bizId (its docs: "the ZOLOZ server does not check uniqueness"), so that creates a second
// transaction (likely billed twice); the first is orphaned and never polled. No ZOLOZ API looks a
// transaction up by bizId, so the window cannot be closed from the kiosk; keeping bizId stable at
// least lets ZOLOZ's portal show both attempts under one id. It is COUNTED: asyncrecognize is
// preceded by a persisted, durable intent step (`pending`, state submitting), and an attempt this
// process did not arm itself (after a crash, a restart, a failed or lost reply) adds one to
// `possibleDuplicates` in a persisted step before it is sent, as ZignSec's create session does.
// A failure that surely never reached ZOLOZ (no connection opened) re-arms instead of counting.
// Steps 2-3 are safe to repeat (asynccheckresult reads; facecompare has no lasting effect).
import { createHash } from 'node:crypto';
import type { ZolozConfig } from '../../config';
import type { DocumentType } from '../../../shared/domain';
import { kioskMessage } from '../../../shared/kiosk-message';
import { connectionNeverOpened, ProviderError, type ProviderAdapter, type ProviderProgress, type StepResult, type SyncJob } from '../provider';
import { createZolozClient, type ZolozClient } from './client';
import type { ZolozTransactionRef } from './transactions';
import { docSelectorFor, DEFAULT_DOC_TYPES, supports as supportsDoc, type ZolozDocTypeEntry } from './doc-types';
import { createZolozGateway, type FetchLike, type ZolozAuth } from './gateway';
import { zolozBaseUrl } from './hosts';
import { loadPrivateKey, loadPublicKey } from './keys';
import { mapRecognitionToOutcome, type SelfieComparison } from './outcome';
import type { DocRecognitionFields } from './schemas';

export interface ZolozAdapterOptions {
  fetch?: FetchLike;
  now?: () => Date;
  /** Country-specific document codes (defaults to DEFAULT_DOC_TYPES). */
  docTypes?: readonly ZolozDocTypeEntry[];
  /** Passport code: 00000001003 (MRZ, default) or 00000001006 (MRZ + visual zone). */
  passportCode?: string;
  /**
   * Issuing country (alpha-3) of a job when known: the country-specific docType, or, for a country
   * outside the docType table, `autoDocCountryCode` beside the category (docSelectorFor).
   */
  countryOf?: (job: SyncJob) => string | null | undefined;
  pollMinMs?: number;
  pollMaxMs?: number;
  /** After this many PROCESSING answers the verification goes to a supervisor. */
  maxPolls?: number;
  userAgent?: string;
  /** H5 verifications: how long the customer may take on ZOLOZ's page before a supervisor is asked (default 1 h). */
  assistedTimeoutMs?: number;
}

export interface ZolozProgress {
  bizId?: string;
  /** asyncrecognize is about to be sent (persisted BEFORE it is sent; see the header). */
  pending?: 'recognize';
  /** Times a second ZOLOZ transaction could not be ruled out (see the header). */
  possibleDuplicates?: number;
  transactionId?: string;
  polls?: number;
  /** The finished recognition, kept (without page images) while the selfie comparison runs. */
  recognition?: DocRecognitionFields;
  /** The customer uses ZOLOZ's own capture page (h5.ts): poll checkresult until it has the result. */
  h5?: true;
}

export { zolozTransactionsOf, type ZolozTransactionRef } from './transactions';

/** ZOLOZ's answer to privacyinfo/delete (its `result` block), kept in the audit trail. */
export interface PrivacyDeleteAnswer {
  resultStatus: string;
  resultCode: string;
  resultMessage: string | null;
}

export type ZolozAdapter = ProviderAdapter & {
  /** privacyinfo/delete for one transaction. Throws ProviderError (classified like any call). */
  deletePrivacyInfo(tx: ZolozTransactionRef, signal?: AbortSignal): Promise<PrivacyDeleteAnswer>;
  readonly client: ZolozClient;
};

/** asyncrecognize repeats after a reply that failed signature verification before ZOLOZ is paused. */
export const MAX_UNVERIFIED_RECOGNIZE_REPEATS = 1;

/** bizId is at most 32 bytes: a UUID loses its hyphens (32 hex); anything else longer is hashed. */
export function bizIdFor(verificationId: string): string {
  if (Buffer.byteLength(verificationId) <= 32) return verificationId;
  const compact = verificationId.replace(/-/g, '');
  if (/^[0-9a-fA-F]{32}$/.test(compact)) return compact.toLowerCase();
  return createHash('sha256').update(verificationId).digest('hex').slice(0, 32);
}

export function authFromConfig(config: ZolozConfig): ZolozAuth {
  if (config.authScheme === 'aksk') {
    if (!config.accessKey || !config.secretKey) throw new Error('ZOLOZ AK/SK authentication needs providers.zoloz.accessKey and secretKey.');
    return { scheme: 'aksk', accessKey: config.accessKey, secretKey: config.secretKey };
  }
  if (!config.merchantPrivateKey || !config.zolozPublicKey) throw new Error('ZOLOZ RSA authentication needs providers.zoloz.merchantPrivateKey and zolozPublicKey.');
  return {
    scheme: 'rsa',
    merchantPrivateKey: loadPrivateKey(config.merchantPrivateKey),
    zolozPublicKey: loadPublicKey(config.zolozPublicKey),
    encrypt: config.encrypt,
  };
}

export function createZolozAdapter(config: ZolozConfig, opts: ZolozAdapterOptions = {}): ZolozAdapter {
  if (!config.clientId) throw new Error('ZOLOZ needs providers.zoloz.clientId.');
  const now = opts.now ?? (() => new Date());
  const gateway = createZolozGateway({
    baseUrl: zolozBaseUrl(config),
    clientId: config.clientId,
    auth: authFromConfig(config),
    timeoutMs: config.requestTimeoutMs,
    now,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
  });
  const client = createZolozClient(gateway);
  const table = opts.docTypes ?? DEFAULT_DOC_TYPES;
  const pollMin = opts.pollMinMs ?? 2_000;
  const pollMax = opts.pollMaxMs ?? 30_000;
  const maxPolls = opts.maxPolls ?? 120;
  const assistedTimeout = opts.assistedTimeoutMs ?? 60 * 60_000;

  const loadSide = (job: SyncJob, side: 'front' | 'back' | 'selfie'): Buffer | null => {
    // The newest capture of a side wins (a rescan replaces the earlier one).
    const c = [...job.captures].reverse().find((x) => x.side === side);
    return c ? c.load() : null;
  };

  /**
   * asyncrecognize replies that failed signature verification, per verification, in this process.
   * Each such attempt probably created a (billed) transaction, and the intent step before each
   * repeat starts the worker's failure count afresh, so the bound is kept here: one repeat, then
   * the reply is treated as rejected credentials (ZOLOZ paused) instead of a passing fault.
   */
  const unverifiedRecognizes = new Map<string, number>();
  const unverifiedRecognize = (verificationId: string, e: ProviderError): ProviderError => {
    const n = (unverifiedRecognizes.get(verificationId) ?? 0) + 1;
    unverifiedRecognizes.set(verificationId, n);
    if (n <= MAX_UNVERIFIED_RECOGNIZE_REPEATS) return e;
    unverifiedRecognizes.delete(verificationId);
    const { unverifiedReply: _passing, ...details } = e.details;
    return new ProviderError('auth', `${e.message} It was sent again and failed again, so ZOLOZ is paused rather than billed for more transactions.`, details);
  };
  /** Intents armed by this process and not yet attempted (verification ids): their first attempt is no possible repeat. */
  const armed = new Set<string>();
  const arm = (job: SyncJob, progress: ZolozProgress, notice?: string): StepResult => {
    armed.add(job.verificationId);
    return { kind: 'progress', step: 'recognize_intent', progress: { ...progress, pending: 'recognize' } satisfies ZolozProgress, state: 'submitting', ...(notice ? { notice } : {}) };
  };

  async function submit(job: SyncJob, progress: ZolozProgress, signal: AbortSignal, onBytes: (s: number, t: number) => void): Promise<StepResult> {
    const country = opts.countryOf?.(job) ?? null;
    const selector = docSelectorFor(job.documentType, country, { table, ...(opts.passportCode ? { passportCode: opts.passportCode } : {}) });
    if (!selector) throw new ProviderError('invalid', `ZOLOZ cannot check this document (${job.documentType}${country ? `, ${country}` : ''}). Route it to another provider.`, { local: true });
    const front = loadSide(job, 'front');
    if (!front)
      throw new ProviderError('invalid', 'The front of the document was not captured. Capture it, then submit again.', { local: true, sentence: kioskMessage('sides_missing', { sides: 'front' }) });
    const back = job.documentType === 'passport' ? null : loadSide(job, 'back');
    const bizId = progress.bizId ?? bizIdFor(job.verificationId);
    // The intent is on disk before the call; a repeat is counted in a persisted step before it is
    // sent (were the count kept only with the reply, a crash during the repeat would lose it).
    if (progress.pending !== 'recognize') return arm(job, { ...progress, bizId });
    if (!armed.delete(job.verificationId))
      return arm(
        job,
        { ...progress, bizId, possibleDuplicates: (progress.possibleDuplicates ?? 0) + 1 },
        `ZOLOZ may already hold a recognition of this verification (an earlier attempt got no readable reply); sending it again can create a second, billed ZOLOZ transaction under bizId ${bizId}.`,
      );
    const total = front.length + (back?.length ?? 0);
    onBytes(0, total);
    const { transactionId } = await client
      .asyncRecognize({ bizId, ...selector, frontPageImage: front.toString('base64'), ...(back ? { backPageImage: back.toString('base64') } : {}) }, { signal })
      .catch((e: unknown) => {
        if (connectionNeverOpened(e)) armed.add(job.verificationId); // surely never sent: no repeat to count
        if (e instanceof ProviderError && e.details.unverifiedReply) throw unverifiedRecognize(job.verificationId, e);
        throw e;
      });
    unverifiedRecognizes.delete(job.verificationId);
    onBytes(total, total);
    const submitted = { bizId, transactionId, polls: 0, ...(progress.possibleDuplicates ? { possibleDuplicates: progress.possibleDuplicates } : {}) } satisfies ZolozProgress;
    return { kind: 'progress', step: 'recognition_submitted', progress: submitted, state: 'awaiting_result', waitMs: pollMin };
  }

  function finalResult(step: string, progress: ZolozProgress, recognition: DocRecognitionFields, selfie: SelfieComparison | null, raw: unknown): StepResult {
    const outcome = mapRecognitionToOutcome(recognition, { now: now(), selfie });
    const kept = {
      bizId: progress.bizId,
      transactionId: progress.transactionId,
      polls: progress.polls,
      ...(progress.possibleDuplicates ? { possibleDuplicates: progress.possibleDuplicates } : {}),
    } satisfies ZolozProgress;
    return { kind: 'final', step, progress: kept, outcome, raw: withoutImages(raw) };
  }

  const pollWait = (polls: number): number => Math.min(pollMax, Math.round(pollMin * 1.5 ** Math.min(polls, 20)));

  /**
   * ZOLOZ's own page (H5): checkresult answers PROCESSING until the customer finished there, then
   * the result, mapped like any recognition (certType, OCR fields, spoof and quality results, the
   * portrait crop). Reads only: its steps skip the fsync.
   */
  async function h5Step(progress: ZolozProgress, signal: AbortSignal): Promise<StepResult> {
    if (!progress.bizId || !progress.transactionId)
      throw new ProviderError('schema', 'The saved ZOLOZ progress of this verification names no transaction.', { rawBody: JSON.stringify(progress), local: true });
    let waited = 0;
    for (let i = 1; i <= (progress.polls ?? 0); i++) waited += pollWait(i);
    if (waited >= assistedTimeout)
      throw new ProviderError('invalid', "The customer did not finish ZOLOZ's page. Cancel this verification and start a new one, scanning the document at the kiosk.", {
        local: true,
        sentence: kioskMessage('sync_assisted_not_finished', { provider: 'ZOLOZ' }),
      });
    const poll = await client.checkResult({ bizId: progress.bizId, transactionId: progress.transactionId, extraImageControlList: ['CROPPED_FACE_FROM_DOC'] }, { signal });
    const polls = (progress.polls ?? 0) + 1;
    if (poll.status === 'processing') return { kind: 'progress', step: 'poll', progress: { ...progress, polls }, state: 'awaiting_result', waitMs: pollWait(polls), durable: false };
    return finalResult('result', { ...progress, polls }, poll.recognition, null, { checkresult: poll.raw });
  }

  async function step(job: SyncJob, rawProgress: ProviderProgress, ctx: { signal: AbortSignal; onBytes(s: number, t: number): void }): Promise<StepResult> {
    const progress = rawProgress as ZolozProgress;
    if (progress.h5) return h5Step(progress, ctx.signal);
    if (!progress.transactionId) return submit(job, progress, ctx.signal, ctx.onBytes);

    if (!progress.recognition) {
      const poll = await client.asyncCheckResult({ transactionId: progress.transactionId, extraImageControlList: ['CROPPED_FACE_FROM_DOC'] }, { signal: ctx.signal });
      const polls = (progress.polls ?? 0) + 1;
      if (poll.status === 'processing') {
        if (polls >= maxPolls) throw new ProviderError('invalid', `ZOLOZ is still processing after ${polls} checks. A supervisor must review this verification.`, { providerCode: 'PROCESSING' });
        return { kind: 'progress', step: 'poll', progress: { ...progress, polls }, state: 'awaiting_result', waitMs: Math.min(pollMax, Math.round(pollMin * 1.5 ** Math.min(polls, 20))) };
      }
      const selfie = loadSide(job, 'selfie');
      if (!selfie || poll.recognition.recognitionResult !== 'Y') return finalResult('result', { ...progress, polls }, poll.recognition, null, { asynccheckresult: poll.raw });
      const { imageContent: _pages, ...kept } = poll.recognition;
      return { kind: 'progress', step: 'recognition_done', progress: { ...progress, polls, recognition: kept }, state: 'awaiting_result' };
    }

    const selfie = loadSide(job, 'selfie');
    const recognition = progress.recognition;
    if (!selfie) return finalResult('result', progress, recognition, null, { recognition });
    const portrait = recognition.extraImages?.CROPPED_FACE_FROM_DOC ?? loadSide(job, 'front')?.toString('base64');
    if (!portrait) throw new ProviderError('invalid', 'No document portrait is available for the selfie comparison. Capture the front again.', { local: true });
    const bizId = progress.bizId ?? bizIdFor(job.verificationId);
    const cmp = await client.faceCompare({ bizId, face1: { content: selfie.toString('base64') }, face2: { content: portrait } }, { signal: ctx.signal });
    return finalResult('face_compared', progress, recognition, { samePerson: cmp.samePerson, score: cmp.score }, { recognition, facecompare: cmp.raw });
  }

  return {
    id: 'zoloz',
    client,
    step,
    async probe(signal) {
      // authentication/test echoes what it receives: no transaction, no side effects.
      try {
        const nonce = `probe-${now().getTime()}`;
        const echo = (await client.authTest({ probe: nonce }, { signal })) as { probe?: unknown };
        return echo?.probe === nonce;
      } catch (e) {
        if (e instanceof ProviderError && e.kind === 'retryable') return false;
        if (e instanceof ProviderError) return true; // reachable, but misconfigured: step() will say why
        return false;
      }
    },
    // Before ZOLOZ returned a transaction id nothing of ours is known to be there to build on.
    canHandOver: (progress) => !(progress as ZolozProgress).transactionId,
    serves: (documentType) => supports(documentType),
    deletePrivacyInfo: (tx, signal) => client.privacyDelete({ bizId: tx.bizId, transactionId: tx.transactionId }, signal ? { signal } : {}),
  };
}

/** Routing helper (re-exported): can ZOLOZ serve this document type / issuing country? */
export function supports(documentType: DocumentType, country?: string | null, table?: readonly ZolozDocTypeEntry[]): boolean {
  return supportsDoc(documentType, country, table);
}

/** Page images and extra images are dropped from the raw reply kept for the supervisor. */
function withoutImages(raw: unknown): unknown {
  return JSON.parse(
    JSON.stringify(raw ?? null, (key, value) => (key === 'imageContent' || key === 'extraImages' ? undefined : value)),
  );
}
