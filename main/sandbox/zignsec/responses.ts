// Builds the sandbox's replies in exactly the shapes of the spec's examples (same keys, same nulls),
// from the emulator's session state and the judge's verdict.
import type { AnalysisType, CreateSessionRequest, ZignSecDocumentType } from '../../providers/zignsec/schemas';
import type { JudgedIdentity, JudgedResult, Verdict } from './judge';

export interface SandboxDocument {
  id: number;
  fileName: string;
  documentType: ZignSecDocumentType;
  reference: string | null;
  jpeg: Buffer;
  sig: string;
}

export interface SandboxAnalysis {
  id: number;
  types: AnalysisType[];
  startedAt: Date;
  /** Epoch ms at which the analysis may report Finished (Infinity until a UI flow is completed). */
  readyAt: number;
  /** Documents analysed (snapshot at start). */
  documents: SandboxDocument[];
  verdict: Verdict | null;
  /** Set when the judge threw: the analysis ends as Failed. */
  internalError: string | null;
  ui: boolean;
  /** Signs the URLs of this analysis's image parts (like a blob SAS token). */
  sig: string;
}

export interface SandboxSession {
  id: string;
  providerFolderId: string;
  createdAt: Date;
  request: CreateSessionRequest;
  documents: SandboxDocument[];
  analyses: SandboxAnalysis[];
}

const SCORE_KEYS = ['Mrz', 'Visual', 'Barcode', 'MrzVisual', 'MrzBarcode', 'VisualBarcode'] as const;

/** .NET-style UTC timestamp without zone, as ZignSec writes them ("2020-02-07T15:27:50.5960485"). */
const dotnetTime = (d: Date): string => d.toISOString().replace('Z', '0000');

export type AnalysisState = 'Processing' | 'Finished' | 'Failed';

export function analysisState(a: SandboxAnalysis, nowMs: number): AnalysisState {
  if (a.internalError && nowMs >= a.readyAt) return 'Failed';
  if (a.verdict && nowMs >= a.readyAt) return 'Finished';
  return 'Processing';
}

export const latest = (s: SandboxSession): SandboxAnalysis | null => s.analyses[s.analyses.length - 1] ?? null;

export function documentModel(base: string, sessionId: string, d: SandboxDocument): Record<string, unknown> {
  return { id: d.id, file_name: d.fileName, image_url: `${base}/__files/${sessionId}/${d.id}?sig=${d.sig}` };
}

export function sessionModel(base: string, s: SandboxSession): Record<string, unknown> {
  return { session_id: s.id, provider_folder_id: s.providerFolderId, documents: s.documents.map((d) => documentModel(base, s.id, d)) };
}

export function sessionParameters(s: SandboxSession): Record<string, unknown> {
  return { relay_state: s.request.relay_state ?? null, session_type: 0, webhook: s.request.webhook ?? null };
}

const RESULT_TITLE: Record<string, string> = {
  ACCEPTED: 'Accepted',
  DECLINED: 'Declined',
  FAILED: 'Failed',
  NOT_REQUESTED: 'Not Requested',
  ANALYSING: 'Analysing',
  CREATED: 'Created',
};

/** Overall result of the requested analyses: any FAILED → FAILED, any DECLINED → DECLINED, else ACCEPTED. */
export function totalResult(v: Verdict): JudgedResult {
  const parts = [v.document.result, v.selfie.result].filter((r) => r !== 'NOT_REQUESTED');
  if (parts.includes('FAILED')) return 'FAILED';
  if (parts.includes('DECLINED')) return 'DECLINED';
  return 'ACCEPTED';
}

function age(dob: string | null, now: Date): number | null {
  if (!dob) return null;
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
  let a = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) a -= 1;
  return a;
}

const usDate = (iso: string | null): string | null => {
  if (!iso) return null;
  const [y, m, d] = iso.split('-').map(Number);
  return `${m}/${d}/${y}`;
};

function identityModel(id: JudgedIdentity | null, now: Date, requestId: string): Record<string, unknown> | null {
  if (!id) return null;
  const fullName = [id.firstName, id.lastName].filter(Boolean).join(' ') || null;
  const expired = id.expirationDate ? id.expirationDate < now.toISOString().slice(0, 10) : null;
  return {
    country_code: id.countryCode,
    first_name: id.firstName,
    last_name: id.lastName,
    full_name: fullName,
    personal_number: id.personalNumber,
    date_of_birth: id.dateOfBirth,
    age: age(id.dateOfBirth, now),
    expiration: id.expirationDate,
    expired,
    issuer_state: id.issuerState,
    gender: id.gender ?? '',
    phone: null,
    email: null,
    address_info_raw: null,
    result_report_pdf: null,
    id_provider_name: 'Scanning',
    identification_date: now.toISOString(),
    id_provider_request_id: requestId,
    id_provider_person_id: null,
    customer_person_id: null,
    id_provider_authenticity_score: 0,
  };
}

/**
 * id_document_summary.fields: the flat "found fields" object. As in the spec, a value read only from
 * the MRZ gets an _MRZ suffix; a value read from several zones is reported once (the MRZ reading,
 * which check digits protect).
 */
function summaryFields(v: Verdict): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of v.document.fields) {
    const other = f.visual ?? f.barcode;
    if (f.mrz && other) out[f.name] = f.mrz;
    else if (other) out[f.name] = other;
    else if (f.mrz) out[`${f.name}_MRZ`] = f.mrz;
  }
  return out;
}

function idDocumentSummary(v: Verdict, now: Date): Record<string, unknown> {
  const d = v.document;
  const id = d.identity;
  const fullName = id ? [id.firstName, id.lastName].filter(Boolean).join(' ') || null : null;
  return {
    result: d.result,
    error: d.error,
    document_type_name: d.documentTypeName,
    first_name: id?.firstName ?? null,
    last_name: id?.lastName ?? null,
    full_name: fullName,
    first_name_english: id?.firstName ?? null,
    last_name_english: id?.lastName ?? null,
    full_name_english: fullName,
    age: age(id?.dateOfBirth ?? null, now),
    expiration_date: id?.expirationDate ? `${id.expirationDate}T00:00:00` : null,
    issuer_state: id?.issuerState ?? null,
    result_title: RESULT_TITLE[d.result] ?? d.result,
    result_reason: d.result === 'DECLINED' ? d.failedFields.join(',') : d.reason,
    fields: summaryFields(v),
  };
}

function selfieSummary(v: Verdict): Record<string, unknown> {
  const s = v.selfie;
  return {
    result: s.result,
    error: s.result === 'FAILED' ? s.message : null,
    min_confidence: s.confidence,
    max_confidence: s.confidence,
    result_reason: s.message,
    result_title: RESULT_TITLE[s.result] ?? s.result,
  };
}

const FRAUD_SUMMARY = { result: 'NotRequested', error: null, all_errors: [], risk_score: 'Undefined', result_reason: null, result_title: 'NotRequested' };

/** Analysis Summary Model (status reply once finished, and `analysis_summary` of the scanning session). */
export function analysisSummary(s: SandboxSession, a: SandboxAnalysis, state: AnalysisState, now: Date): Record<string, unknown> {
  const v = a.verdict;
  const total = state === 'Failed' || !v ? 'FAILED' : totalResult(v);
  const reasonParts = v
    ? [
        v.document.result !== 'NOT_REQUESTED' ? `Id document ${v.document.result}` : null,
        v.selfie.result !== 'NOT_REQUESTED' ? `Selfie ${v.selfie.result}` : null,
      ].filter(Boolean)
    : [a.internalError ?? 'Internal error'];
  return {
    result: total,
    result_title: RESULT_TITLE[total],
    result_reason: reasonParts.join('. '),
    analysis_duration_sec: Math.round((Math.min(now.getTime(), a.readyAt) - a.startedAt.getTime()) / 100) / 10,
    id_document_summary: v ? idDocumentSummary(v, now) : null,
    selfie_summary: v ? selfieSummary(v) : null,
    fraud_summary: FRAUD_SUMMARY,
    session_id: s.id,
    total_process_state: state,
    session_parameters: sessionParameters(s),
  };
}

/** Analysis Status Model (while processing) or Analysis Summary Model (finished). */
export function statusModel(s: SandboxSession, nowMs: number): Record<string, unknown> {
  const a = latest(s);
  if (!a) return { session_id: s.id, total_process_state: 'NotRequested', session_parameters: sessionParameters(s) };
  const state = analysisState(a, nowMs);
  if (state === 'Processing') return { session_id: s.id, total_process_state: 'Processing', session_parameters: sessionParameters(s) };
  return analysisSummary(s, a, state, new Date(nowMs));
}

/** Analysis Result Model (start-analysis reply and each entry of analysis_details). */
export function analysisResultModel(base: string, s: SandboxSession, a: SandboxAnalysis, nowMs: number): Record<string, unknown> {
  const state = analysisState(a, nowMs);
  const done = state !== 'Processing';
  const v = done ? a.verdict : null;
  const docRequested = a.types.includes('document');
  const selfieRequested = a.types.includes('selfie');
  const docState = !docRequested ? 'NotRequested' : state;
  const selfieState = !selfieRequested ? 'NotRequested' : state;
  const finishedAt = done ? new Date(Math.min(nowMs, a.readyAt)) : null;
  const now = new Date(nowMs);
  const docResult = !docRequested ? 'NOT_REQUESTED' : !done ? 'ANALYSING' : state === 'Failed' ? 'FAILED' : v!.document.result;
  const selfieResult = !selfieRequested ? 'NOT_REQUESTED' : !done ? 'ANALYSING' : state === 'Failed' ? 'FAILED' : v!.selfie.result;
  const identity = v ? identityModel(v.document.identity, now, s.providerFolderId) : null;
  const docFiles = a.documents.filter((d) => d.documentType !== 'Selfie');
  const selfieFiles = a.documents.filter((d) => d.documentType === 'Selfie');
  return {
    analysis_id: a.id,
    started_at: dotnetTime(a.startedAt),
    finished_at: finishedAt ? dotnetTime(finishedAt) : null,
    total_process_state: state,
    document_analysis_state: docState,
    document_analysis_result: docResult,
    document_analysis_failed_fields: v ? v.document.failedFields.join(', ') : '',
    fraud_analysis_state: 'NotRequested',
    fraud_analysis_result: 'NotRequested',
    fraud_analysis_risk_score: 'Undefined',
    selfie_min_confidence: v?.selfie.confidence ?? null,
    selfie_max_confidence: v?.selfie.confidence ?? null,
    expert_analysis_state: 'NotRequested',
    expert_analysis_result: 'NOT_REQUESTED',
    selfie_analysis_process_state: selfieState,
    selfie_analysis_result: selfieResult,
    ...(v ? { identity, identity_english: identity } : {}),
    document_analysis_details: {
      process_status: docState,
      document_type: v?.document.documentTypeName ?? null,
      found_document_types:
        v?.document.documentTypeName && docFiles[0] ? [{ file_name: docFiles[0].fileName, document_type: v.document.documentTypeName }] : [],
      found_text_fields: (v?.document.fields ?? []).map((f) => ({
        field_name: f.name,
        mrz: f.mrz,
        visual: f.visual,
        barcode: f.barcode,
        verification_scores: Object.fromEntries(SCORE_KEYS.map((k) => [k, f.scores?.[k] ?? 0])),
      })),
      found_image_parts: done
        ? (v?.document.imageParts ?? []).map((p, i) => ({ type: p.type, name: p.name, image_url: `${base}/__parts/${s.id}/${a.id}/${i}?sig=${a.sig}` }))
        : null,
    },
    fraud_analysis_details: { process_status: 'NotRequested', analysed_images: [], risk_score: 'Undefined' },
    expert_analysis_details: { process_state: 'NotRequested', filter_results: [] },
    selfie_analysis_details: {
      process_state: selfieState,
      resolution_status: done && selfieRequested ? selfieResult : null,
      resolution: done && selfieRequested ? selfieResult : 'NONE',
      min_confidence: v?.selfie.confidence ?? null,
      max_confidence: v?.selfie.confidence ?? null,
      resolution_message: v && selfieRequested ? v.selfie.message : '',
      found_images: done
        ? selfieFiles.map((d) => ({
            source_file_name: d.fileName,
            source_image_url: documentModel(base, s.id, d).image_url,
            result_file_name: null,
            result_image_url: null,
          }))
        : [],
    },
    analysed_documents: a.documents.map((d) => documentModel(base, s.id, d)),
  };
}

function synopsis(s: SandboxSession, a: SandboxAnalysis, state: AnalysisState, now: Date): Record<string, unknown> | null {
  const v = a.verdict;
  if (state === 'Processing') return null;
  const total = state === 'Failed' || !v ? 'FAILED' : totalResult(v);
  const id = v?.document.identity ?? null;
  const fullName = id ? [id.firstName, id.lastName].filter(Boolean).join(' ') || null : null;
  const expired = id?.expirationDate ? (id.expirationDate < now.toISOString().slice(0, 10) ? ' (EXPIRED)' : '') : '';
  return {
    total_result: `${total}${v && v.document.result !== 'NOT_REQUESTED' ? ` [Id document ${v.document.result}]` : ''}${v && v.selfie.result !== 'NOT_REQUESTED' ? ` [Selfie ${v.selfie.result}]` : ''}`,
    id_document_result: v ? `${v.document.result}${v.document.failedFields.length ? ` [INVALID FIELDS (${v.document.failedFields.join(',')})]` : ''}` : 'FAILED',
    selfie_result: v ? `${v.selfie.result}${v.selfie.confidence !== null ? ` [${(v.selfie.confidence * 100).toFixed(2)}% match]` : ''}` : 'FAILED',
    fraud_result: 'NotRequested',
    expert_result: 'NOT_REQUESTED',
    doc_issuer_state: id?.issuerState ?? null,
    doc_expiration: id?.expirationDate ? `${id.expirationDate}${expired}` : null,
    doc_full_name: fullName,
    doc_date_of_birth: id?.dateOfBirth ? `${id.dateOfBirth} (Age: ${age(id.dateOfBirth, now)})` : null,
    session_started: `${s.createdAt.toISOString().slice(0, 19).replace('T', ' ')} (duration ${Math.round((now.getTime() - s.createdAt.getTime()) / 100) / 10} s)`,
  };
}

/** Scanning Session with Analysis Results Model (GET …/analyses). Before any analysis: CREATED, no details. */
export function scanningSessionModel(base: string, s: SandboxSession, nowMs: number): Record<string, unknown> {
  const a = latest(s);
  const now = new Date(nowMs);
  const state = a ? analysisState(a, nowMs) : null;
  const done = state === 'Finished' || state === 'Failed';
  const v = done ? a!.verdict : null;
  const identity = v ? identityModel(v.document.identity, now, s.providerFolderId) : null;
  return {
    total_result: !a ? 'CREATED' : !done ? 'ANALYSING' : state === 'Failed' || !v ? 'FAILED' : totalResult(v),
    session_id: s.id,
    start_date: dotnetTime(s.createdAt),
    finish_date: done ? dotnetTime(new Date(Math.min(nowMs, a!.readyAt))) : null,
    provider_folder_id: s.providerFolderId,
    request_parameters: sessionParameters(s),
    synopsis_human_readable: a ? synopsis(s, a, state!, now) : null,
    identity,
    identity_english: identity,
    analysis_summary: a && done ? analysisSummary(s, a, state!, now) : null,
    analysis_details: s.analyses.map((x) => analysisResultModel(base, s, x, nowMs)),
    documents: s.documents.map((d) => documentModel(base, s.id, d)),
    error: state === 'Failed' ? (a!.internalError ?? 'Internal error') : null,
  };
}

/** Maps a judged identity to the found_text_fields a real analysis would list (used by MRZ judges). */
export function fieldsFromIdentity(id: JudgedIdentity): Array<{ name: string; mrz: string | null; visual: string | null; barcode: null }> {
  const out: Array<{ name: string; mrz: string | null; visual: string | null; barcode: null }> = [];
  const add = (name: string, v: string | null) => v && out.push({ name, mrz: v, visual: null, barcode: null });
  add('Given_Names', id.firstName);
  add('Surname', id.lastName);
  add('Document_Number', id.documentNumber);
  add('Date_of_Birth', usDate(id.dateOfBirth));
  add('Date_of_Expiry', usDate(id.expirationDate));
  add('Nationality_Code', id.nationality);
  add('Personal_Number', id.personalNumber);
  add('Sex', id.gender);
  return out;
}
