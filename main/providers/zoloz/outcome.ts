// ZOLOZ recognition result → the provider-neutral Outcome (same shape ZignSec maps to).
//   recognitionResult N + BLUR/NO_FACE_DETECTED/NO_REQUIRED_ID/UNKNOWN → failed (scan again)
//   recognitionResult N + NOT_REAL_DOC, any spoof check N, expired, selfie mismatch → declined
//   otherwise → accepted.
import type { FieldComparison, Outcome, OutcomeReason } from '../../../shared/domain';
import { englishText, kioskMessage, type KioskMessage, type MessageKey } from '../../../shared/kiosk-message';
import type { DocRecognitionFields } from './schemas';
import { identityFromOcr, type OcrMap } from './ocr';

/** Teller reasons for ZOLOZ recognitionErrorCode values, as catalogue keys (shown in the teller's language). */
export const RECOGNITION_ERRORS: Record<string, { decision: 'failed' | 'declined'; key: MessageKey & `reason_zoloz_${string}` }> = {
  BLUR: { decision: 'failed', key: 'reason_zoloz_blur' },
  NO_REQUIRED_ID: { decision: 'failed', key: 'reason_zoloz_no_required_id' },
  NO_FACE_DETECTED: { decision: 'failed', key: 'reason_zoloz_no_face' },
  NOT_REAL_DOC: { decision: 'declined', key: 'reason_zoloz_not_real_doc' },
  UNKNOWN: { decision: 'failed', key: 'reason_zoloz_unknown' },
};

/** Teller reasons for failed spoof checks (value `N`), as catalogue keys. */
export const SPOOF_CHECKS: Record<string, MessageKey & `reason_spoof_${string}`> = {
  TAMPER_CHECK: 'reason_spoof_tamper',
  MATERIAL_CHECK: 'reason_spoof_material',
  SCREEN_RECAPTURE_CHECK: 'reason_spoof_screen',
  SECURITY_FEATURE_CHECK: 'reason_spoof_security',
  INFORMATION_CHECK: 'reason_spoof_information',
};

type NoParamKey = (typeof RECOGNITION_ERRORS)[string]['key'] | (typeof SPOOF_CHECKS)[string];
/** The catalogue keys above take no parameters; the fallbacks take the provider's code. */
const bare = (key: NoParamKey): KioskMessage => ({ key, params: {} });

/** A reason with its sentence as a catalogue key and its English. */
const withSentence = (r: Pick<OutcomeReason, 'code' | 'field'>, sentence: KioskMessage): OutcomeReason => ({ ...r, message: englishText(sentence), sentence });

export interface SelfieComparison {
  samePerson: boolean | null;
  /** ZOLOZ score; 0..1 or 0..100 (both seen), normalized to 0..100. */
  score: number | null;
}

export interface MapOptions {
  now: Date;
  selfie?: SelfieComparison | null;
}

export function similarityPercent(score: number | null): number | null {
  if (score === null || !Number.isFinite(score)) return null;
  const pct = score <= 1 ? score * 100 : score;
  return Math.max(0, Math.min(100, Math.round(pct * 10) / 10));
}

function fieldComparisons(rec: DocRecognitionFields): FieldComparison[] {
  const detail = rec.ocrResultDetail;
  if (detail && Object.keys(detail).length > 0) {
    const byName = new Map<string, FieldComparison>();
    for (const entry of Object.values(detail)) {
      const f = byName.get(entry.name) ?? { name: entry.name, mrz: null, visual: null, barcode: null, agree: null };
      const value = entry.value === null || entry.value === undefined || entry.value === '' ? null : String(entry.value);
      const source = (entry.source ?? '').toUpperCase();
      if (source === 'MRZ') f.mrz = value;
      else if (source === 'BARCODE') f.barcode = value;
      else f.visual = value;
      byName.set(entry.name, f);
    }
    for (const f of byName.values()) {
      const present = [f.mrz, f.visual, f.barcode].filter((v): v is string => v !== null).map((v) => v.replace(/[\s<]+/g, '').toUpperCase());
      f.agree = present.length >= 2 ? present.every((v) => v === present[0]) : null;
    }
    return [...byName.values()];
  }
  // No per-zone detail (recognize/asynccheckresult): one row per field, zone unknown, shown as visual.
  return Object.entries(rec.ocrResult ?? {})
    .filter(([, v]) => v !== null && v !== undefined && String(v) !== '')
    .map(([name, v]) => ({ name, mrz: null, visual: String(v), barcode: null, agree: null }));
}

export function mapRecognitionToOutcome(rec: DocRecognitionFields, options: MapOptions): Outcome {
  const { now } = options;
  const reasons: OutcomeReason[] = [];
  let decision: Outcome['decision'] = 'accepted';
  // declined (the document was judged bad) outranks failed (it could not be judged).
  const rank = { accepted: 0, failed: 1, declined: 2 } as const;
  const worsen = (d: 'failed' | 'declined') => {
    if (rank[d] > rank[decision]) decision = d;
  };

  const identity = identityFromOcr((rec.ocrResult ?? {}) as OcrMap, now);

  if (rec.recognitionResult !== 'Y') {
    const code = (rec.recognitionErrorCode || 'UNKNOWN').toUpperCase();
    const known = RECOGNITION_ERRORS[code];
    worsen(known?.decision ?? 'failed');
    // ZOLOZ's own description stays out of the sentence (the teller's language); the raw answer keeps it.
    reasons.push(withSentence({ code, field: null }, known ? bare(known.key) : kioskMessage('reason_zoloz_unlisted', { code })));
  }

  for (const [check, value] of Object.entries(rec.spoofResult ?? {})) {
    if (String(value).toUpperCase() !== 'N') continue;
    worsen('declined');
    const key = SPOOF_CHECKS[check];
    reasons.push(withSentence({ code: check, field: check }, key ? bare(key) : kioskMessage('reason_spoof_unlisted', { check: check.toLowerCase().replace(/_/g, ' ') })));
  }

  if (identity.expired === true) {
    worsen('declined');
    reasons.push(withSentence({ code: 'DOCUMENT_EXPIRED', field: 'expiryDate' }, kioskMessage('reason_document_expired')));
  }

  const selfie = options.selfie ?? null;
  if (selfie?.samePerson === false) {
    worsen('declined');
    reasons.push(withSentence({ code: 'FACE_MISMATCH', field: null }, kioskMessage('reason_face_mismatch')));
  }

  const fields = fieldComparisons(rec);
  for (const f of fields) {
    if (f.agree === false)
      reasons.push(withSentence({ code: 'ZONE_MISMATCH', field: f.name }, kioskMessage('reason_zone_mismatch', { field: f.name.toLowerCase().replace(/_/g, ' ') })));
  }

  const portrait = rec.extraImages?.CROPPED_FACE_FROM_DOC;
  return {
    decision,
    provider: 'zoloz',
    reasons,
    identity,
    fields,
    selfieSimilarity: similarityPercent(selfie?.score ?? null),
    portrait: portrait ? `data:image/jpeg;base64,${portrait}` : null,
    decidedAt: now.toISOString(),
  };
}
