// Maps ZignSec's results to the provider-neutral Outcome a teller reads: a decision, the reasons in
// plain words, the identity, expiry, a zone-by-zone field comparison and the selfie similarity.
// Pure functions: no I/O, the clock is passed in.
import type { Decision, FieldComparison, IdentityFields, Outcome, OutcomeReason } from '../../../shared/domain';
import { englishText, kioskMessage, type KioskMessage, type MessageKey } from '../../../shared/kiosk-message';
import { ProviderError } from '../provider';
import {
  type AnalysisResult,
  type AnalysisSummary,
  type FoundTextField,
  type Identity,
  type IdDocumentSummary,
  rawEnum,
  type Result,
  type ScanningSession,
  type Tolerant,
} from './schemas';

/** A reason with its sentence as a catalogue key (shown in the teller's language) and its English. */
const withSentence = (r: Pick<OutcomeReason, 'code' | 'field'>, sentence: KioskMessage): OutcomeReason => ({ ...r, message: englishText(sentence), sentence });

export interface OutcomeOptions {
  now: Date;
  /** data: URL of the portrait crop, when the adapter fetched it. */
  portrait?: string | null;
  /** The analysis status said Failed (ZignSec's internal error) even if results look otherwise. */
  processFailed?: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2019-08-03" → "3 Aug 2019" (fixed English month names: the same on every kiosk whatever its ICU data). */
export function tellerDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

/**
 * Dates arrive as "2019-08-03T00:00:00", "2019-08-03" or, in document fields, US style "8/3/2019".
 * Returns yyyy-mm-dd or null when the text is not a date we can read unambiguously.
 */
export function isoDate(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  return null;
}

/** Human label of a ZignSec field name: "Date_of_Expiry" → "Date of expiry", "_local" → "(local script)". */
export function fieldLabel(name: string): string {
  const local = /_local$/i.test(name);
  const base = name.replace(/_local$/i, '').replace(/_MRZ$/, '').replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  const label = base.charAt(0).toUpperCase() + base.slice(1).toLowerCase();
  return local ? `${label} (local script)` : label;
}

/** Teller reasons for the fields ZignSec reports as failed, as catalogue keys; any other field gets `reason_field_unlisted`. */
const FIELD_MESSAGES: Record<string, MessageKey & `reason_field_${string}`> = {
  Document_Number: 'reason_field_document_number',
  Document_Number_CheckDigit: 'reason_field_document_number_check',
  Date_of_Birth_CheckDigit: 'reason_field_birth_check',
  Date_of_Expiry_CheckDigit: 'reason_field_expiry_check',
  Optional_Data_CheckDigit: 'reason_field_personal_check',
  FinalCheckDigit: 'reason_field_final_check',
  RemainderTerm: 'reason_field_no_validity',
  Date_of_Expiry: 'reason_field_expiry',
  Date_of_Birth: 'reason_field_birth',
  MRZ_Strings: 'reason_field_mrz',
};

/** The sentence of a failed field: its own key (no parameters) or the generic one naming the field. */
function fieldSentence(name: string): KioskMessage {
  const key = FIELD_MESSAGES[name];
  return key ? { key, params: {} } : kioskMessage('reason_field_unlisted', { field: fieldLabel(name) });
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** "A, B,C" → ["A","B","C"]; null when the text is a sentence rather than a list of field names. */
function fieldList(csv: string | null | undefined): string[] | null {
  if (!csv || !csv.trim()) return null;
  const names = csv.split(',').map((s) => s.trim()).filter(Boolean);
  return names.every((n) => FIELD_NAME.test(n)) ? names : null;
}

const nonEmpty = (...values: Array<string | null | undefined>): string | null => {
  for (const v of values) if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return null;
};

const normalizeForCompare = (v: string): string => v.normalize('NFC').trim().replace(/\s+/g, ' ').toUpperCase();

/** Zone agreement: the provider's cross-zone scores (2 = failed) win; otherwise compare the values read. */
export function compareField(f: FoundTextField): FieldComparison {
  const zones = [f.mrz, f.visual, f.barcode].filter((v): v is string => typeof v === 'string' && v !== '');
  const scores = f.verification_scores ?? {};
  let agree: boolean | null = null;
  if (zones.length >= 2) {
    const crossFailed = ['MrzVisual', 'MrzBarcode', 'VisualBarcode'].some((k) => scores[k] === 2);
    agree = !crossFailed && zones.every((z) => normalizeForCompare(z) === normalizeForCompare(zones[0]!));
  }
  return { name: f.field_name, mrz: f.mrz ?? null, visual: f.visual ?? null, barcode: f.barcode ?? null, agree };
}

function decisionOf(result: Tolerant<Result> | null | undefined, processFailed: boolean, raw: string): Decision {
  if (processFailed) return 'failed';
  if (result === 'ACCEPTED') return 'accepted';
  if (result === 'DECLINED') return 'declined';
  if (result === 'FAILED' || result === 'CANCELLED') return 'failed';
  throw new ProviderError('schema', `ZignSec's result "${rawEnum(result) ?? 'none'}" is not a final decision.`, { rawBody: raw });
}

/** The analysis the outcome is about: the latest one (highest id) of the session. */
export function latestAnalysis(session: ScanningSession): AnalysisResult | null {
  const all = session.analysis_details ?? [];
  return all.reduce<AnalysisResult | null>((best, a) => (!best || a.analysis_id > best.analysis_id ? a : best), null);
}

const stringField = (fields: Record<string, unknown> | null | undefined, ...names: string[]): string | null => {
  for (const n of names) {
    const v = fields?.[n];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return null;
};

interface Parts {
  result: Tolerant<Result> | null | undefined;
  finishedAt: string | null | undefined;
  identity: Identity | null | undefined;
  identityEnglish: Identity | null | undefined;
  doc: IdDocumentSummary | null | undefined;
  analysis: AnalysisResult | null;
  selfie: { result: Tolerant<Result> | null | undefined; confidence: number | null | undefined; reason: string | null | undefined; error: string | null | undefined };
  raw: string;
}

function selfieSimilarity(confidence: number | null | undefined): number | null {
  if (typeof confidence !== 'number' || Number.isNaN(confidence)) return null;
  return Math.min(100, Math.max(0, Math.round(confidence * 10_000) / 100));
}

function decidedAtOf(finishedAt: string | null | undefined, now: Date): Date {
  if (finishedAt) {
    // ZignSec writes UTC timestamps without a zone ("2020-02-07T15:28:32.7410571").
    const withZone = /[zZ]|[+-]\d{2}:?\d{2}$/.test(finishedAt) ? finishedAt : `${finishedAt}Z`;
    const t = Date.parse(withZone);
    if (!Number.isNaN(t)) return new Date(t);
  }
  return now;
}

function build(parts: Parts, opts: OutcomeOptions): Outcome {
  const decision = decisionOf(parts.result, opts.processFailed ?? false, parts.raw);
  const decidedAt = decidedAtOf(parts.finishedAt, opts.now);
  const fields = parts.doc?.fields ?? {};
  const textFields = parts.analysis?.document_analysis_details?.found_text_fields ?? [];
  const zone = (name: string): string | null => {
    const f = textFields.find((t) => t.field_name === name);
    return f ? nonEmpty(f.mrz, f.visual, f.barcode) : null;
  };
  const id = parts.identity;
  const en = parts.identityEnglish;

  const expiryDate =
    isoDate(id?.expiration) ?? isoDate(parts.doc?.expiration_date) ?? isoDate(stringField(fields, 'Date_of_Expiry')) ?? isoDate(zone('Date_of_Expiry'));
  const today = decidedAt.toISOString().slice(0, 10);
  const expired = typeof id?.expired === 'boolean' ? id.expired : expiryDate ? expiryDate < today : null;

  const identity: IdentityFields = {
    firstName: nonEmpty(en?.first_name, parts.doc?.first_name_english, stringField(fields, 'Given_Names'), id?.first_name, parts.doc?.first_name),
    lastName: nonEmpty(en?.last_name, parts.doc?.last_name_english, stringField(fields, 'Surname'), id?.last_name, parts.doc?.last_name),
    fullName: nonEmpty(en?.full_name, parts.doc?.full_name_english, id?.full_name, parts.doc?.full_name),
    dateOfBirth: isoDate(id?.date_of_birth) ?? isoDate(en?.date_of_birth) ?? isoDate(stringField(fields, 'Date_of_Birth')) ?? isoDate(zone('Date_of_Birth')),
    age: (() => {
      const a = id?.age ?? en?.age ?? parts.doc?.age ?? Number(stringField(fields, 'Age') ?? NaN);
      return typeof a === 'number' && Number.isInteger(a) ? a : null;
    })(),
    sex: nonEmpty(id?.gender, en?.gender, stringField(fields, 'Sex'), zone('Sex')),
    nationality: nonEmpty(stringField(fields, 'Nationality_Code', 'Nationality_Code_MRZ'), zone('Nationality_Code')),
    issuingState: nonEmpty(parts.doc?.issuer_state, id?.issuer_state, stringField(fields, 'Issuing_State_Name')),
    documentNumber: nonEmpty(stringField(fields, 'Document_Number'), zone('Document_Number')),
    personalNumber: nonEmpty(id?.personal_number, en?.personal_number, stringField(fields, 'Personal_Number'), zone('Personal_Number')),
    expiryDate,
    expired,
  };

  const reasons: OutcomeReason[] = [];
  const docResult = parts.doc?.result ?? parts.analysis?.document_analysis_result;
  const failed = fieldList(parts.analysis?.document_analysis_failed_fields) ?? (docResult === 'DECLINED' ? fieldList(parts.doc?.result_reason) : null) ?? [];
  for (const name of [...new Set(failed)]) {
    if (name === 'Date_of_Expiry' && expired && expiryDate) {
      reasons.push(withSentence({ code: 'document_expired', field: name }, kioskMessage('reason_field_expired', { date: expiryDate })));
    } else {
      reasons.push(withSentence({ code: 'field_failed', field: name }, fieldSentence(name)));
    }
  }
  if (expired && expiryDate && !reasons.some((r) => r.code === 'document_expired'))
    reasons.push(withSentence({ code: 'document_expired', field: null }, kioskMessage('reason_expired_on', { date: expiryDate })));
  if (docResult === 'FAILED') {
    const why = nonEmpty(parts.doc?.error, parts.doc?.result_reason) ?? 'the document could not be found in the image';
    reasons.push({ code: 'document_not_read', field: null, message: `Document: ${why}. Scan the document again.`, sentence: kioskMessage('reason_document_not_read', { provider: 'ZignSec' }) });
  }

  const similarity = selfieSimilarity(parts.selfie.confidence);
  if (parts.selfie.result === 'DECLINED') {
    const sentence = similarity !== null ? kioskMessage('reason_selfie_low_match', { similarity }) : kioskMessage('reason_selfie_mismatch');
    reasons.push(withSentence({ code: 'selfie_mismatch', field: null }, sentence));
  } else if (parts.selfie.result === 'FAILED') {
    const why = nonEmpty(parts.selfie.error, parts.selfie.reason) ?? 'no face could be compared';
    reasons.push({ code: 'selfie_not_read', field: null, message: `Selfie: ${why}. Take the selfie again.`, sentence: kioskMessage('reason_selfie_not_read', { provider: 'ZignSec' }) });
  }
  if (opts.processFailed)
    reasons.push(withSentence({ code: 'analysis_failed', field: null }, kioskMessage('reason_analysis_failed', { provider: 'ZignSec' })));
  if (decision !== 'accepted' && reasons.length === 0)
    reasons.push({
      code: 'unspecified',
      field: null,
      message: `ZignSec's decision: ${rawEnum(parts.result) ?? decision}, without a stated reason.`,
      sentence: kioskMessage('reason_no_stated_reason', { provider: 'ZignSec' }),
    });

  const selfieRequested = parts.selfie.result != null && parts.selfie.result !== 'NOT_REQUESTED';
  return {
    decision,
    provider: 'zignsec',
    reasons,
    identity,
    fields: textFields.map(compareField),
    selfieSimilarity: selfieRequested ? similarity : null,
    portrait: opts.portrait ?? null,
    decidedAt: decidedAt.toISOString(),
  };
}

/** Outcome from GET …/analyses (Scanning Session with Analysis Results): the normal source. */
export function outcomeFromScanningSession(session: ScanningSession, opts: OutcomeOptions): Outcome {
  const analysis = latestAnalysis(session);
  const summary = session.analysis_summary;
  const selfieDetails = analysis?.selfie_analysis_details;
  return build(
    {
      result: session.total_result ?? summary?.result,
      finishedAt: session.finish_date ?? analysis?.finished_at,
      identity: session.identity ?? analysis?.identity,
      identityEnglish: session.identity_english ?? analysis?.identity_english,
      doc: summary?.id_document_summary,
      analysis,
      selfie: {
        result: summary?.selfie_summary?.result ?? analysis?.selfie_analysis_result,
        confidence: summary?.selfie_summary?.max_confidence ?? analysis?.selfie_max_confidence ?? selfieDetails?.max_confidence,
        reason: summary?.selfie_summary?.result_reason ?? selfieDetails?.resolution_message,
        error: summary?.selfie_summary?.error,
      },
      raw: JSON.stringify(session),
    },
    opts,
  );
}

/** Outcome from the finished analysis status (Analysis Summary Model), when the full results are unavailable. */
export function outcomeFromAnalysisSummary(summary: AnalysisSummary, opts: OutcomeOptions): Outcome {
  return build(
    {
      result: summary.result,
      finishedAt: null,
      identity: null,
      identityEnglish: null,
      doc: summary.id_document_summary,
      analysis: null,
      selfie: {
        result: summary.selfie_summary?.result,
        confidence: summary.selfie_summary?.max_confidence,
        reason: summary.selfie_summary?.result_reason,
        error: summary.selfie_summary?.error,
      },
      raw: JSON.stringify(summary),
    },
    opts,
  );
}
