// ZignSec adapter: drives one verification through create session → upload each capture → start
// analysis → poll status → fetch results, ONE step per call, from the progress the worker persisted.
//
// Idempotent resumption. Before a call with a side effect at ZignSec (create session, add document,
// start analysis) the adapter must know whether that call may already have reached ZignSec. It does
// when this process "armed" the call itself (the in-memory `armed` set: armed when the previous step's
// result was produced here, consumed when the call is sent). A call it did not arm (a crash or restart
// in between, or a retry after a failed or lost reply) may have been sent, and it reconciles first:
//
// - add document: the Document model has only id, file_name and image_url (no reference field), so
//   we name every upload `<captureId>.jpg` and match the session's documents by file name (ZignSec
//   keeps the uploaded file name; its analysis copies may be prefixed, e.g. "0<name>", so a suffix
//   match is accepted; a `reference` field, should ZignSec ever add one, is matched too). The list
//   comes from GET …/analyses (Scanning Session with `documents`). If that read fails for a passing
//   reason (network, 5xx, 429) the step is retried later. When the list does not show the capture
//   (ZignSec's list may lag behind an upload it took) or ZignSec refuses the read itself (4xx,
//   unreadable reply), nothing proves the upload was not received: it is repeated, counted in
//   `possibleDuplicates` in a persisted intent step before it is sent: DUPLICATE WINDOW 1. Only an
//   attempt that surely never reached ZignSec (no connection opened, or a 429) re-arms without counting.
//   The chip face (chip.sendChipFace, a verified read's face as one `OtherDocument` JPEG after the
//   captures) follows the same rules under the name `chip-face-<read id>.jpg`.
// - start analysis: GET …/analysisStatus "NotRequested" proves no analysis was started; any other
//   state is no proof that ours was (the status model names no analysis), so the analysis counts as
//   started only when GET …/analyses lists one (not NotRequested), whose id is then taken instead of
//   starting a second. Otherwise it is started again, counted like an upload: DUPLICATE WINDOW 3.
// - create session: ZignSec offers no way to find a session by relay_state, so this is the one call
//   with a persisted, durable intent step (`pending`): a restart that finds it counts the possible
//   orphan session in `possibleDuplicates` (persisted before the repeat is sent) and creates another:
//   DUPLICATE WINDOW 2. relay_state = verification id lets ZignSec support tie it to us.
//
// Durability (fsync) per step. The intent of create session, `session_created` and the final result
// wait for the disk before the next call. `document_uploaded` and `analysis_started` are committed at
// once but need no fsync of their own (`durable: false`): ZignSec already holds what they record, so a
// power cut that loses one only costs the reconciliation read above, never a repeated call (a killed
// process loses nothing committed). That is 3 syncs per verification instead of one per intent and
// one per result (11), which is what the drain's wall time was made of (test/bench/sync-drain.ts).
//
// The in-memory `armed` set only ever saves a reconciliation read; losing it (crash) is safe.
import { FramedBodyUnavailable, type FramedUpload, type HttpTransport } from '../http-transport';
import { z } from 'zod';
import type { CaptureSide, DocumentType } from '../../../shared/domain';
import { kioskMessage, sidesParam } from '../../../shared/kiosk-message';
import type { ZignSecConfig } from '../../config';
import { connectionNeverOpened, ProviderError, type ProviderAdapter, type ProviderProgress, type StepContext, type StepResult, type SyncJob } from '../provider';
import { buildCreateSessionRequest, documentFileName, zignSecBaseUrl, ZignSecClient } from './client';
import { prepareJpeg } from './images';
import { outcomeFromScanningSession } from './outcome';
import { type AnalysisType, type Document, isKnown, rawEnum, type Session, type ZignSecDocumentType } from './schemas';

export const ZignSecProgress = z.looseObject({
  sessionId: z.string().optional(),
  /** capture id → ZignSec document id, recorded as each upload is confirmed. */
  documents: z.record(z.string(), z.number()).default({}),
  /** ZignSec's document id of the chip face (`OtherDocument`), once its upload is confirmed. */
  chipFace: z.number().optional(),
  /** The side-effecting call about to be made (persisted BEFORE it is made). */
  pending: z.object({ op: z.enum(['create_session', 'upload', 'start_analysis']), captureId: z.string().optional() }).optional(),
  analysisId: z.number().optional(),
  /** Status polls answered "Processing" so far (drives the backoff). */
  polls: z.number().int().default(0),
  /** Set once analysisStatus reports Finished or Failed. */
  processState: z.enum(['Finished', 'Failed']).optional(),
  /** Times a duplicate at ZignSec could not be ruled out (see the windows above). */
  possibleDuplicates: z.number().int().default(0),
  /** How each capture was matched on resumption, for the audit trail. */
  reconciled: z.array(z.string()).default([]),
  /**
   * The customer uses ZignSec's hosted page (assisted.ts): ZignSec receives the images and starts the
   * analysis there, so this adapter skips the uploads and the analysis start and only polls.
   */
  assisted: z.boolean().optional(),
});
export type ZignSecProgress = z.infer<typeof ZignSecProgress>;

export interface ZignSecAdapterOptions {
  /** How requests go out (default: undici); tests wrap it to watch the traffic. */
  transport?: HttpTransport;
  now?: () => Date;
  /** Status poll backoff: first wait and cap (ms). Defaults 2 s and 30 s. */
  pollMinMs?: number;
  pollMaxMs?: number;
  /** Assisted verifications: how long the customer may take on ZignSec's page before a supervisor is asked (default 1 h). */
  assistedTimeoutMs?: number;
  /** chip.sendChipFace: send a verified chip read's face as one `OtherDocument` after the captures. */
  sendChipFace?: boolean;
}

const DOCUMENT_TYPE: Record<DocumentType, ZignSecDocumentType> = {
  passport: 'Passport',
  id_card: 'IdentityCard',
  drivers_license: 'DriversLicense',
  other: 'OtherDocument',
};
export const zignSecDocumentType = (documentType: DocumentType, side: CaptureSide): ZignSecDocumentType =>
  side === 'selfie' ? 'Selfie' : DOCUMENT_TYPE[documentType];

const SIDE_ORDER: Record<CaptureSide, number> = { front: 0, back: 1, selfie: 2 };

/** The capture to upload next, in side order (front, back, selfie); undefined once all are confirmed. */
const nextUpload = (job: SyncJob, p: ZignSecProgress): SyncJob['captures'][number] | undefined =>
  [...job.captures].sort((a, b) => SIDE_ORDER[a.side] - SIDE_ORDER[b.side]).find((c) => p.documents[c.id] === undefined);

/** The upload name of a chip read's face; like a capture id, it is the file name reconciliation matches. */
export const chipFaceReference = (readId: number): string => `chip-face-${readId}`;

/** Does a document of the session's list carry this capture? */
export function documentMatchesCapture(doc: Document, captureId: string): boolean {
  const name = documentFileName(captureId);
  if ((doc as Record<string, unknown>).reference === captureId) return true;
  return doc.file_name === name || doc.file_name.endsWith(name);
}

/**
 * A failed call that surely did nothing at ZignSec: no connection was opened, or it was throttled
 * (429: refused before any work). Its repeat is no possible duplicate.
 */
function surelyNotReceived(e: unknown): boolean {
  if (e instanceof ProviderError) return e.details.status === 429 || (e.details.status === undefined && connectionNeverOpened(e.details.cause));
  return connectionNeverOpened(e);
}

/** Portrait crops are shown small; a bigger reply is not a crop and is not inlined. */
const MAX_PORTRAIT_BYTES = 2 * 1024 * 1024;

export function createZignSecAdapter(config: ZignSecConfig, opts: ZignSecAdapterOptions = {}): ProviderAdapter {
  const now = opts.now ?? (() => new Date());
  const pollMin = opts.pollMinMs ?? 2_000;
  const pollMax = opts.pollMaxMs ?? 30_000;
  const assistedTimeout = opts.assistedTimeoutMs ?? 60 * 60_000;
  const client = new ZignSecClient({
    apiKey: config.apiKey ?? '',
    baseUrl: zignSecBaseUrl(config),
    timeoutMs: config.requestTimeoutMs,
    now,
    ...(opts.transport ? { transport: opts.transport } : {}),
  });
  /** Intents armed by this process and not yet attempted: their first attempt needs no reconciliation. */
  const armed = new Set<string>();
  const key = (job: SyncJob, op: string, captureId = ''): string => `${job.verificationId}\u0000${op}\u0000${captureId}`;

  const progressOut = (p: ZignSecProgress, step: string, state: 'submitting' | 'awaiting_result', waitMs?: number, durable?: false): StepResult => ({
    kind: 'progress',
    step,
    progress: p as ProviderProgress,
    state,
    ...(waitMs !== undefined ? { waitMs } : {}),
    ...(durable === false ? { durable } : {}),
  });

  const arm = (job: SyncJob, p: ZignSecProgress, op: 'create_session' | 'upload' | 'start_analysis', captureId?: string, notice?: string): StepResult => {
    armed.add(key(job, op, captureId));
    const next: ZignSecProgress = { ...p, pending: { op, ...(captureId ? { captureId } : {}) } };
    const out = progressOut(next, `${op}_intent${captureId ? `:${captureId}` : ''}`, 'submitting');
    return notice && out.kind === 'progress' ? { ...out, notice } : out;
  };
  /**
   * Arms, in memory only, the side-effecting call that follows `p` (the next upload, else the analysis
   * start): this process produced `p` and has not sent that call, so its first attempt needs no
   * reconciliation read.
   */
  const armNext = (job: SyncJob, p: ZignSecProgress): void => {
    const next = nextUpload(job, p);
    const face = chipFaceDue(job, p);
    if (next) armed.add(key(job, 'upload', next.id));
    else if (face) armed.add(key(job, 'upload', face.ref));
    else if (p.analysisId === undefined) armed.add(key(job, 'start_analysis'));
  };
  /** A step committed at once without a sync of its own, after arming the call that follows it (see the header). */
  const reconcilableOut = (job: SyncJob, p: ZignSecProgress, step: string, state: 'submitting' | 'awaiting_result', waitMs?: number): StepResult => {
    armNext(job, p);
    return progressOut(p, step, state, waitMs, false);
  };
  /**
   * Whether the store's upload thread can send this capture byte for byte: a JPEG (the thread checks
   * the signature) whose recorded size is within the limit, as prepareJpeg would pass it unchanged.
   * An injected transport (tests watching the traffic) keeps every upload in-process.
   */
  const sendsAsStored = (c: SyncJob['captures'][number]): c is SyncJob['captures'][number] & { sendFramed: FramedUpload } =>
    !opts.transport && c.sendFramed !== undefined && !!c.width && !!c.height && Math.max(c.width, c.height) <= config.maxImageSide;
  /** The chip face still to upload: policy on, a verified read with a face on the job, not confirmed yet. */
  const chipFaceDue = (job: SyncJob, p: ZignSecProgress): { face: NonNullable<SyncJob['chipFace']>; ref: string } | undefined =>
    opts.sendChipFace && job.chipFace && p.chipFace === undefined ? { face: job.chipFace, ref: chipFaceReference(job.chipFace.readId) } : undefined;
  /** True when the pending call may already have reached ZignSec. */
  const mayHaveBeenSent = (job: SyncJob, op: string, captureId?: string): boolean => !armed.delete(key(job, op, captureId));

  function analysisTypesFor(job: SyncJob): AnalysisType[] {
    const types = new Set<AnalysisType>(config.analysisTypes);
    const hasSelfie = job.captures.some((c) => c.side === 'selfie');
    if (hasSelfie) types.add('selfie');
    if (types.has('selfie') && !hasSelfie)
      throw new ProviderError('invalid', 'ZignSec is set up to compare a selfie, but this verification has no selfie. Take a selfie, then submit again.', {
        local: true,
        sentence: kioskMessage('sides_missing', { sides: 'selfie' }),
      });
    if (job.documentType === 'id_card' && !(job.captures.some((c) => c.side === 'front') && job.captures.some((c) => c.side === 'back')))
      throw new ProviderError('invalid', 'ZignSec needs both sides of an ID card. Scan the missing side, then submit again.', {
        local: true,
        sentence: kioskMessage('sides_missing', { sides: sidesParam((['front', 'back'] as const).filter((side) => !job.captures.some((c) => c.side === side))) }),
      });
    if (job.captures.every((c) => c.side === 'selfie'))
      throw new ProviderError('invalid', 'This verification has no document image. Scan the document, then submit again.', { local: true, sentence: kioskMessage('sides_missing', { sides: 'front' }) });
    return [...types];
  }

  /** The document id when ZignSec already has the capture, null when it surely does not, undefined when we could not check. */
  async function reconcileUpload(sessionId: string, captureId: string, signal: AbortSignal): Promise<number | null | undefined> {
    try {
      const session = await client.getAnalyses(sessionId, signal);
      const doc = (session.documents ?? []).find((d) => documentMatchesCapture(d, captureId));
      return doc ? doc.id : null;
    } catch (e) {
      if (!(e instanceof ProviderError)) throw e;
      if (e.kind === 'auth' || e.kind === 'gone') throw e;
      // A passing failure (network, 5xx, 429, timeout): wait and check again rather than upload
      // blind — a blind upload is exactly the duplicate this check exists to prevent.
      if (e.kind === 'retryable') {
        throw new ProviderError('retryable', 'ZignSec could not list the documents it already has; the upload waits until it can check.', {
          ...e.details,
          cause: e,
        });
      }
      return undefined; // the read itself is refused (4xx, unreadable reply): upload and count it (window 1)
    }
  }

  async function step(job: SyncJob, raw: ProviderProgress, ctx: StepContext): Promise<StepResult> {
    const parsed = ZignSecProgress.safeParse(raw);
    if (!parsed.success) throw new ProviderError('schema', 'The saved ZignSec progress of this verification is unreadable.', { rawBody: JSON.stringify(raw), local: true });
    const p = parsed.data;
    if (p.assisted) return assistedStep(p, ctx);
    const analysisTypes = analysisTypesFor(job);

    // 1. Session.
    if (!p.sessionId) {
      if (p.pending?.op !== 'create_session') return arm(job, p, 'create_session');
      // A repeat is counted in a persisted step BEFORE it is sent: were the count kept only with the
      // reply, a crash during the repeat itself would lose it.
      if (mayHaveBeenSent(job, 'create_session')) return arm(job, { ...p, possibleDuplicates: p.possibleDuplicates + 1 }, 'create_session');
      const session = await client
        .createSession(buildCreateSessionRequest(config, { locale: job.locale, relayState: job.verificationId, analysisTypes }), ctx.signal)
        .catch((e: unknown) => {
          // Surely never sent (no connection was opened): the next attempt is no possible repeat.
          // Without this, every retry of a branch offline for days would count one.
          if (connectionNeverOpened(e)) armed.add(key(job, 'create_session'));
          throw e;
        });
      const { pending: _done, ...rest } = p;
      const created: ZignSecProgress = { ...rest, sessionId: session.session_id };
      armNext(job, created);
      return progressOut(created, 'session_created', 'submitting'); // durable: the session id must survive
    }
    const sessionId = p.sessionId;

    // 2. Uploads, in side order (front, back, selfie).
    const next = nextUpload(job, p);
    if (next) {
      const { pending: _done, ...rest } = p;
      if (mayHaveBeenSent(job, 'upload', next.id)) {
        const found = await reconcileUpload(sessionId, next.id, ctx.signal);
        if (typeof found === 'number')
          return reconcilableOut(
            job,
            { ...rest, documents: { ...p.documents, [next.id]: found }, reconciled: [...p.reconciled, `upload:${next.id}:found`] },
            `document_uploaded:${next.id}`,
            'submitting',
          );
        // Not listed, or the list could not be read: no proof ZignSec did not receive it (its list may
        // lag behind an upload it took). Count the possible repeat in a persisted step, then send it.
        return arm(job, { ...p, possibleDuplicates: p.possibleDuplicates + 1 }, 'upload', next.id);
      }
      const upload = (jpeg: Buffer | { framed: FramedUpload }): Promise<Session> =>
        client.addDocument({
          sessionId,
          documentType: zignSecDocumentType(job.documentType, next.side),
          reference: next.id,
          jpeg,
          onBytes: (sent, total) => ctx.onBytes(sent, total),
          signal: ctx.signal,
        });
      const session = await (sendsAsStored(next)
        ? upload({ framed: next.sendFramed }).catch(async (e: unknown) => {
            // Not sent (purged, not a JPEG after all, thread gone): the in-process path converts or fails as before.
            if (!(e instanceof FramedBodyUnavailable)) throw e;
            return upload((await prepareJpeg(next.load(), config.maxImageSide, next)).jpeg);
          })
        : prepareJpeg(next.load(), config.maxImageSide, next).then((image) => upload(image.jpeg))
      ).catch((e: unknown) => {
        // Proof it was not received (no connection, or throttled before any work): the next attempt is no repeat.
        if (surelyNotReceived(e)) armed.add(key(job, 'upload', next.id));
        throw e;
      });
      const doc = [...session.documents].reverse().find((d) => documentMatchesCapture(d, next.id));
      if (!doc)
        throw new ProviderError('schema', 'ZignSec accepted the upload but its reply does not list the document.', { rawBody: JSON.stringify(session) });
      return reconcilableOut(job, { ...rest, documents: { ...p.documents, [next.id]: doc.id } }, `document_uploaded:${next.id}`, 'submitting');
    }

    // 2b. The chip face, once, as an extra image (ZignSec: OtherDocument, upload only, JPEG only), with
    // the captures' rules: intent before the call, a lost reply reconciled by file name.
    const face = chipFaceDue(job, p);
    if (face) {
      const { pending: _done, ...rest } = p;
      const confirmed = (docId: number, reconciled: string[]): StepResult => {
        face.face.markSent('zignsec');
        return reconcilableOut(job, { ...rest, chipFace: docId, reconciled }, 'chip_face_uploaded', 'submitting');
      };
      if (mayHaveBeenSent(job, 'upload', face.ref)) {
        const found = await reconcileUpload(sessionId, face.ref, ctx.signal);
        if (typeof found === 'number') return confirmed(found, [...p.reconciled, 'chip_face:found']);
        return arm(job, { ...p, possibleDuplicates: p.possibleDuplicates + 1 }, 'upload', face.ref);
      }
      const jpeg = await face.face.loadJpeg();
      const session = await client
        .addDocument({ sessionId, documentType: 'OtherDocument', reference: face.ref, jpeg, onBytes: (sent, total) => ctx.onBytes(sent, total), signal: ctx.signal })
        .catch((e: unknown) => {
          if (surelyNotReceived(e)) armed.add(key(job, 'upload', face.ref));
          throw e;
        });
      const doc = [...session.documents].reverse().find((d) => documentMatchesCapture(d, face.ref));
      if (!doc) throw new ProviderError('schema', 'ZignSec accepted the chip face but its reply does not list the document.', { rawBody: JSON.stringify(session) });
      return confirmed(doc.id, p.reconciled);
    }

    // 3. Start analysis.
    if (p.analysisId === undefined) {
      const { pending: _done, ...rest } = p;
      if (mayHaveBeenSent(job, 'start_analysis')) {
        // NotRequested is proof that no analysis was started. Any other state is not proof that ours
        // was (the status model names no analysis): only an analysis in the session's list is.
        const status = await client.getAnalysisStatus(sessionId, ctx.signal);
        if (status.total_process_state !== 'NotRequested') {
          const all = await client.getAnalyses(sessionId, ctx.signal);
          const ids = (all.analysis_details ?? []).filter((a) => a.total_process_state !== 'NotRequested').map((a) => a.analysis_id);
          if (ids.length > 0)
            return reconcilableOut(
              job,
              { ...rest, analysisId: Math.max(...ids), polls: 0, reconciled: [...p.reconciled, 'start_analysis:found'] },
              'analysis_started',
              'awaiting_result',
              pollMin,
            );
          // Neither shows one: start it (again), counted first as a possible second analysis.
          return arm(
            job,
            { ...p, possibleDuplicates: p.possibleDuplicates + 1 },
            'start_analysis',
            undefined,
            // The session id stays out: it is the key of ZignSec's hosted page for that session, and alerts reach the screens.
            'ZignSec may already be analysing this verification (an earlier start got no answer and no analysis is listed); starting it again can create a second, billed analysis.',
          );
        }
      }
      const started = await client.startAnalysis(sessionId, analysisTypes, ctx.signal).catch((e: unknown) => {
        if (surelyNotReceived(e)) armed.add(key(job, 'start_analysis'));
        throw e;
      });
      return reconcilableOut(job, { ...rest, analysisId: started.analysis_id, polls: 0 }, 'analysis_started', 'awaiting_result', pollMin);
    }

    // 4. Poll until Finished or Failed, backing off 2 s → 30 s.
    if (!p.processState) return pollStatus(p, sessionId, ctx);
    return fetchResult(p, sessionId, ctx);
  }

  /** The customer is on (or has left) ZignSec's page: wait for the analysis it starts, then fetch the result. */
  async function assistedStep(p: ZignSecProgress, ctx: StepContext): Promise<StepResult> {
    if (!p.sessionId) throw new ProviderError('schema', 'The saved ZignSec progress of this assisted verification has no session.', { rawBody: JSON.stringify(p), local: true });
    if (p.processState) return fetchResult(p, p.sessionId, ctx);
    // Polls back off to the cap, so the number of polls made bounds the time waited so far.
    let waited = 0;
    for (let i = 1; i <= p.polls; i++) waited += pollWait(i);
    if (waited >= assistedTimeout)
      throw new ProviderError('invalid', "The customer did not finish ZignSec's page. Cancel this verification and start a new one, scanning the document at the kiosk.", {
        local: true,
        sentence: kioskMessage('sync_assisted_not_finished', { provider: 'ZignSec' }),
      });
    return pollStatus(p, p.sessionId, ctx, { customerOnPage: true });
  }

  const pollWait = (polls: number): number => Math.min(pollMax, Math.round(pollMin * 1.5 ** polls));

  /**
   * One status read. `customerOnPage`: on the hosted page the analysis may not be requested yet (the
   * customer is still taking photos), so "NotRequested" means wait, not "gone".
   */
  async function pollStatus(p: ZignSecProgress, sessionId: string, ctx: StepContext, opts: { customerOnPage?: boolean } = {}): Promise<StepResult> {
    const status = await client.getAnalysisStatus(sessionId, ctx.signal);
    const state = status.total_process_state;
    // Status reads have no side effect at ZignSec: their steps skip the fsync (durable: false); if a
    // power cut loses one, the status is simply read again.
    // Finished: the results are read in the same step (one commit fewer per verification). Should
    // that read fail, the state was not recorded and the next attempt simply reads the status again.
    if (state === 'Finished' || state === 'Failed') return fetchResult({ ...p, processState: state }, sessionId, ctx);
    if (state === 'Processing' || (state === 'NotRequested' && opts.customerOnPage)) {
      const polls = p.polls + 1;
      return progressOut({ ...p, polls }, 'poll', 'awaiting_result', pollWait(polls), false);
    }
    if (state === 'NotRequested') throw new ProviderError('gone', 'ZignSec has no analysis running for this session any more.', { rawBody: JSON.stringify(status) });
    throw new ProviderError('schema', `ZignSec reported an unknown analysis state "${rawEnum(state)}".`, { rawBody: JSON.stringify(status) });
  }

  // 5. Results.
  async function fetchResult(p: ZignSecProgress, sessionId: string, ctx: StepContext): Promise<StepResult> {
    const { session, raw: rawReply } = await client.getAnalysesWithRaw(sessionId, ctx.signal);
    let portrait: string | null = null;
    const parts = session.analysis_details?.flatMap((a) => a.document_analysis_details?.found_image_parts ?? []) ?? [];
    const crop = parts.find((part) => part.name === 'Portrait' || part.type === 201);
    if (crop?.image_url) {
      try {
        const img = await client.fetchImage(crop.image_url, ctx.signal);
        if (img.bytes.length <= MAX_PORTRAIT_BYTES && /^image\/(jpeg|png)$/.test(img.contentType))
          portrait = `data:${img.contentType};base64,${img.bytes.toString('base64')}`;
      } catch {
        portrait = null; // the crop is a nicety; its absence must not hold up the result
      }
    }
    if (!isKnown(session.total_result) && p.processState !== 'Failed')
      throw new ProviderError('schema', `ZignSec returned an unknown total result "${rawEnum(session.total_result)}".`, { rawBody: JSON.stringify(rawReply) });
    const outcome = outcomeFromScanningSession(session, { now: now(), portrait, processFailed: p.processState === 'Failed' });
    return { kind: 'final', step: 'result_fetched', progress: p as ProviderProgress, outcome, raw: rawReply };
  }

  return {
    id: 'zignsec',
    step,
    probe: (signal) => client.probe(signal),
    // Before a session exists ZignSec holds nothing of this verification (at most an empty orphan
    // session from a lost create reply), so another provider may take it over.
    canHandOver: (progress) => !ZignSecProgress.safeParse(progress).data?.sessionId,
  };
}
