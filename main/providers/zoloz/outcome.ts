// ZOLOZ recognition result → the provider-neutral Outcome (same shape ZignSec maps to).
//   recognitionResult N + BLUR/NO_FACE_DETECTED/NO_REQUIRED_ID/UNKNOWN → failed (scan again)
//   recognitionResult N + NOT_REAL_DOC, any spoof check N, expired, selfie mismatch → declined
//   otherwise → accepted.
import type { FieldComparison, Outcome, OutcomeReason } from '../../../shared/domain';
import { englishText, kioskMessage } from '../../../shared/kiosk-message';
import type { DocRecognitionFields } from './schemas';
import { identityFromOcr, type OcrMap } from './ocr';

/** Teller-readable reasons for ZOLOZ recognitionErrorCode values. */
export const RECOGNITION_ERRORS: Record<string, { decision: 'failed' | 'declined'; message: string }> = {
  BLUR: { decision: 'failed', message: 'The photo is blurred: scan again.' },
  NO_REQUIRED_ID: { decision: 'failed', message: 'The expected document was not found in the image: check the document type and scan again.' },
  NO_FACE_DETECTED: { decision: 'failed', message: 'No portrait was found on the document: scan the page with the photo again.' },
  NOT_REAL_DOC: { decision: 'declined', message: 'This does not look like a genuine document: check the original by hand.' },
  UNKNOWN: { decision: 'failed', message: 'The document could not be read: scan again, or check it by hand.' },
};

/** Teller-readable reasons for failed spoof checks (value `N`). */
export const SPOOF_CHECKS: Record<string, string> = {
  TAMPER_CHECK: 'The document looks altered: check the original by hand.',
  MATERIAL_CHECK: 'The document looks like a copy (for example a black-and-white print): ask for the original document.',
  SCREEN_RECAPTURE_CHECK: 'The image looks like a photo of a screen: scan the physical document.',
  SECURITY_FEATURE_CHECK: 'The security features of the card could not be confirmed: check the original by hand.',
  INFORMATION_CHECK: "The card's details break the issuer's rules (for example the ID number format): check them by hand.",
};

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
    reasons.push({
      code,
      field: null,
      message: known?.message ?? `ZOLOZ could not verify the document (${code}${rec.recognitionErrorDescription ? `: ${rec.recognitionErrorDescription}` : ''}): scan again, or check it by hand.`,
    });
  }

  for (const [check, value] of Object.entries(rec.spoofResult ?? {})) {
    if (String(value).toUpperCase() !== 'N') continue;
    worsen('declined');
    reasons.push({ code: check, field: check, message: SPOOF_CHECKS[check] ?? `The ${check.toLowerCase().replace(/_/g, ' ')} failed: check the original document by hand.` });
  }

  if (identity.expired === true) {
    worsen('declined');
    const sentence = kioskMessage('reason_document_expired');
    reasons.push({ code: 'DOCUMENT_EXPIRED', field: 'expiryDate', message: englishText(sentence), sentence });
  }

  const selfie = options.selfie ?? null;
  if (selfie?.samePerson === false) {
    worsen('declined');
    const sentence = kioskMessage('reason_face_mismatch');
    reasons.push({ code: 'FACE_MISMATCH', field: null, message: englishText(sentence), sentence });
  }

  const fields = fieldComparisons(rec);
  for (const f of fields) {
    if (f.agree === false) reasons.push({ code: 'ZONE_MISMATCH', field: f.name, message: `The ${f.name.toLowerCase().replace(/_/g, ' ')} differs between the zones of the document: compare them by hand.` });
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
