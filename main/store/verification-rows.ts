// How verifications and captures are stored and read back: the row shapes, the column lists the
// queries select, and the conversion of a row into the domain objects the kiosk hands out.
import type { CaptureSide, CaptureSummary, DocumentType, Outcome, ProviderId, QualityVerdict, Verification, VerificationState } from '../../shared/domain';
import { KioskError } from '../errors';
import { KioskMessage, kioskMessage } from '../../shared/kiosk-message';

/** States the sync worker works on (submitted and not final, not waiting for a supervisor). */
export const SYNC_STATES: readonly VerificationState[] = ['queued', 'submitting', 'awaiting_result'];
export const FINAL_SQL = "('accepted','declined','failed','cancelled')";
/** The progress column without the face crop a ZOLOZ verification keeps there while its selfie comparison runs (dropImagesOf). */
export const PROGRESS_WITHOUT_IMAGES =
  "CASE WHEN json_valid(progress) AND json_type(progress, '$.recognition.extraImages') IS NOT NULL THEN json_remove(progress, '$.recognition.extraImages') ELSE progress END";

export type VerificationRow = {
  seq: number;
  id: string;
  document_type: DocumentType;
  provider: ProviderId;
  locale: string;
  state: VerificationState;
  created_at: number;
  updated_at: number;
  queued_at: number | null;
  finished_at: number | null;
  progress: string;
  step: string | null;
  attempts: number;
  last_error: string | null;
  last_error_sentence: string | null;
  next_attempt_at: number | null;
  outcome: string | null;
  raw_response: string | null;
  images_purged_at: number | null;
};

/** What a Verification view is built from: not the provider's raw reply (kilobytes of JSON, read on every event otherwise). */
export type VerificationViewRow = Pick<
  VerificationRow,
  'seq' | 'id' | 'document_type' | 'provider' | 'state' | 'created_at' | 'updated_at' | 'outcome' | 'attempts' | 'last_error' | 'last_error_sentence' | 'next_attempt_at' | 'step'
>;
export const VERIFICATION_VIEW_COLS = 'seq, id, document_type, provider, state, created_at, updated_at, outcome, attempts, last_error, last_error_sentence, next_attempt_at, step';

export type CaptureRow = {
  id: string;
  verification_id: string;
  side: CaptureSide;
  device_id: string;
  preview?: Buffer | null;
  has_jpeg: number;
  width: number;
  height: number;
  bytes: number;
  quality: string | null;
  created_at: number;
};

// length(jpeg), not `jpeg IS NOT NULL`: SQLite answers length() and typeof() from the record header,
// while IS NOT NULL loads (and here decrypts) the whole overflow chain of the image: measured 5.3 ms
// vs 0.008 ms for three 400 KB captures, paid by every syncTask and every verificationUpdated event.
export const CAPTURE_COLS = 'id, verification_id, side, device_id, length(jpeg) IS NOT NULL AS has_jpeg, width, height, bytes, quality, created_at';

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function notFound(): KioskError {
  return new KioskError('not_found', kioskMessage('verification_not_found'));
}

export function toCapture(c: CaptureRow, withPreview: boolean): CaptureSummary {
  const summary: CaptureSummary = {
    id: c.id,
    side: c.side,
    deviceId: c.device_id,
    width: c.width,
    height: c.height,
    bytes: c.bytes,
    createdAt: new Date(c.created_at).toISOString(),
    quality: c.quality ? (JSON.parse(c.quality) as QualityVerdict) : null,
  };
  if (withPreview) summary.preview = c.preview ? `data:image/jpeg;base64,${c.preview.toString('base64')}` : null;
  return summary;
}

/**
 * The stored sentence of the last error, when it still names a key of this build with its parameters;
 * otherwise none (the screen shows a generic sentence and the English as support text).
 */
export function lastErrorSentence(stored: string | null): { lastErrorSentence?: KioskMessage } {
  if (stored === null) return {};
  try {
    const parsed = KioskMessage.safeParse(JSON.parse(stored));
    return parsed.success ? { lastErrorSentence: parsed.data } : {};
  } catch {
    return {};
  }
}

export function toVerification(row: VerificationViewRow, captures: CaptureRow[], previews: boolean): Verification {
  return {
    id: row.id,
    documentType: row.document_type,
    provider: row.provider,
    state: row.state,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    captures: captures.map((c) => toCapture(c, previews)),
    outcome: row.outcome ? (JSON.parse(row.outcome) as Outcome) : null,
    sync: {
      attempts: row.attempts,
      lastError: row.last_error,
      ...lastErrorSentence(row.last_error_sentence),
      nextAttemptAt: iso(row.next_attempt_at),
      step: row.step,
      bytesSent: null,
      bytesTotal: null,
    },
  };
}
