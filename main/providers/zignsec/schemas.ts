// Wire models of ZignSec ID scanning v3 (ZignSec's published API reference; request and reply examples in test/fixtures/zignsec/), as zod schemas.
// Policy: objects are loose (fields ZignSec adds later are kept, not stripped), enums are tolerant
// (an unknown value parses to `{ unknown: raw }` instead of failing), nullable/optional wherever the
// spec's examples show null or omit a field, and required only where the kiosk relies on the value
// (ids, states, document lists). The sandbox uses the same schemas to build its replies.
import { z } from 'zod';

/** An enum value the schema does not know, with the raw value kept for the supervisor. */
export interface UnknownEnum {
  unknown: string;
}
export type Tolerant<K extends string> = K | UnknownEnum;
export const isKnown = <K extends string>(v: Tolerant<K> | null | undefined): v is K => typeof v === 'string';
/** The raw wire text of a tolerant enum value (for display and logs). */
export const rawEnum = (v: Tolerant<string> | null | undefined): string | null => (v == null ? null : typeof v === 'string' ? v : v.unknown);

/**
 * Enum tolerant of unknown values. `normalize` maps spelling variants seen on the wire to one
 * canonical value (ZignSec writes results as "DECLINED", "Declined", "NOT_REQUESTED", "Not Requested").
 */
function tolerantEnum<const K extends string>(values: readonly K[], normalize: (raw: string) => string = (s) => s) {
  const byKey = new Map(values.map((v) => [normalize(v), v] as const));
  return z.string().transform((raw): Tolerant<K> => byKey.get(normalize(raw)) ?? { unknown: raw });
}

const squash = (s: string): string => s.replace(/[\s_-]/g, '').toUpperCase();

/** State enum: the progress of an analysis. */
export const STATES = ['NotRequested', 'Processing', 'Finished', 'Failed'] as const;
export type State = (typeof STATES)[number];
export const StateSchema = tolerantEnum(STATES, squash);

/** Result enum (the spec lists "Not started", "Not Requested"; the wire shows "DECLINED", "NOT_REQUESTED", "ANALYSING"). */
export const RESULTS = ['CREATED', 'ANALYSING', 'NOT_STARTED', 'ACCEPTED', 'DECLINED', 'FAILED', 'NOT_REQUESTED', 'CANCELLED'] as const;
export type Result = (typeof RESULTS)[number];
export const ResultSchema = tolerantEnum(RESULTS, squash);

/** Selfie `resolution` uses the result vocabulary plus "NONE" while processing. */
export const RESOLUTIONS = [...RESULTS, 'NONE'] as const;
export const ResolutionSchema = tolerantEnum(RESOLUTIONS, squash);

export const DOCUMENT_TYPES = ['Passport', 'IdentityCard', 'DriversLicense', 'Selfie', 'OtherDocument'] as const;
export type ZignSecDocumentType = (typeof DOCUMENT_TYPES)[number];
export const DocumentTypeSchema = z.enum(DOCUMENT_TYPES);

export const ANALYSIS_TYPES = ['document', 'selfie'] as const;
export type AnalysisType = (typeof ANALYSIS_TYPES)[number];

export const VERIFICATION_TYPES = ['Mrz', 'Visual', 'Barcode', 'MrzVisual', 'MrzBarcode', 'VisualBarcode'] as const;
export type VerificationType = (typeof VERIFICATION_TYPES)[number];

const str = z.string().nullable().optional();
const num = z.number().nullable().optional();

// ---------------------------------------------------------------- requests

export const FlowStep = z.looseObject({
  type: z.enum(['SelectDocTypePage', 'UploadPage']),
  heading: z.string().optional(),
  ref: z.string().optional(),
});

export const CreateSessionRequest = z.looseObject({
  locale: z.string().optional(),
  relay_state: z.string().optional(),
  analysis_types: z.array(z.enum(ANALYSIS_TYPES)).optional(),
  target: z.string().optional(),
  target_error: z.string().optional(),
  webhook: z.string().optional(),
  flow: z
    .looseObject({
      selfie_heading: z.string().optional(),
      steps: z.array(FlowStep).optional(),
      locale: z.string().optional(),
      default_country_code: z.string().optional(),
    })
    .optional(),
  doc: z
    .looseObject({
      ignore_errors_in_fields: z.array(z.string()).optional(),
      verification_types: z.array(z.enum(VERIFICATION_TYPES)).optional(),
    })
    .optional(),
});
export type CreateSessionRequest = z.infer<typeof CreateSessionRequest>;

export const StartAnalysisRequest = z.looseObject({
  analysis_types: z.array(z.enum(ANALYSIS_TYPES)).min(1),
});
export type StartAnalysisRequest = z.infer<typeof StartAnalysisRequest>;

// ---------------------------------------------------------------- responses

/** Document Model: one uploaded image. `file_name` is how we find our capture again (see adapter.ts). */
export const Document = z.looseObject({
  id: z.number(),
  file_name: z.string(),
  image_url: str,
});
export type Document = z.infer<typeof Document>;

/** Session Model: reply to create session and to every add-documents call (lists all documents so far). */
export const Session = z.looseObject({
  session_id: z.string().min(1),
  provider_folder_id: str,
  documents: z.array(Document),
});
export type Session = z.infer<typeof Session>;

/** Session Parameters Model. `session_type` is 0 on the wire although the spec names Api | BrowserFlow | WebSdk. */
export const SessionParameters = z.looseObject({
  relay_state: str,
  session_type: z.union([z.number(), z.string()]).nullable().optional(),
  webhook: str,
  target: str,
  target_error: str,
  analysis_types: z.array(z.string()).nullable().optional(),
});

/** Identity Model (local or English values). */
export const Identity = z.looseObject({
  country_code: str,
  first_name: str,
  last_name: str,
  full_name: str,
  personal_number: str,
  date_of_birth: str,
  age: num,
  expiration: str,
  expired: z.boolean().nullable().optional(),
  issuer_state: str,
  gender: str,
  phone: str,
  email: str,
  address_info_raw: z.unknown().optional(),
  result_report_pdf: z.unknown().optional(),
  id_provider_name: str,
  identification_date: str,
  id_provider_request_id: str,
  id_provider_person_id: str,
  customer_person_id: str,
  id_provider_authenticity_score: num,
});
export type Identity = z.infer<typeof Identity>;

/** Id Document Summary Model. `fields` values are strings on the wire; anything else is kept as is. */
export const IdDocumentSummary = z.looseObject({
  result: ResultSchema.nullable().optional(),
  result_title: str,
  result_reason: str,
  error: str,
  document_type_name: str,
  first_name: str,
  last_name: str,
  full_name: str,
  first_name_english: str,
  last_name_english: str,
  full_name_english: str,
  age: num,
  expiration_date: str,
  issuer_state: str,
  fields: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type IdDocumentSummary = z.infer<typeof IdDocumentSummary>;

/** Selfie Summary Model: confidences are 0..1. */
export const SelfieSummary = z.looseObject({
  result: ResultSchema.nullable().optional(),
  result_title: str,
  result_reason: str,
  error: str,
  min_confidence: num,
  max_confidence: num,
});
export type SelfieSummary = z.infer<typeof SelfieSummary>;

/** Fraud Summary Model (deprecated by ZignSec; parsed so replies that still carry it stay valid). */
export const FraudSummary = z.looseObject({
  result: ResultSchema.nullable().optional(),
  result_title: str,
  result_reason: str,
  error: str,
  all_errors: z.array(z.unknown()).nullable().optional(),
  risk_score: str,
});

/** Analysis Status Model (in progress) and Analysis Summary Model (finished): one reply shape, the summary adds fields. */
export const AnalysisStatus = z.looseObject({
  session_id: z.string().min(1),
  total_process_state: StateSchema,
  session_parameters: SessionParameters.nullable().optional(),
  result: ResultSchema.nullable().optional(),
  result_title: str,
  result_reason: str,
  analysis_duration_sec: num,
  id_document_summary: IdDocumentSummary.nullable().optional(),
  selfie_summary: SelfieSummary.nullable().optional(),
  fraud_summary: FraudSummary.nullable().optional(),
  fraud_analysis_summary: z.unknown().optional(),
  expert_analysis_summary: z.unknown().optional(),
});
export type AnalysisStatus = z.infer<typeof AnalysisStatus>;

/**
 * The Analysis Summary as it appears inside a Scanning Session (and as the standalone example in the
 * spec, which has no session_id/state at the top when quoted alone: those fields are optional here).
 */
export const AnalysisSummary = AnalysisStatus.extend({
  session_id: str,
  total_process_state: StateSchema.nullable().optional(),
});
export type AnalysisSummary = z.infer<typeof AnalysisSummary>;

/** Per-zone verification score: 0 not checked, 1 passed, 2 failed (inferred from the spec's DECLINED example). */
export const VerificationScores = z.record(z.string(), z.number().nullable());

export const FoundTextField = z.looseObject({
  field_name: z.string(),
  mrz: str,
  visual: str,
  barcode: str,
  verification_scores: VerificationScores.nullable().optional(),
});
export type FoundTextField = z.infer<typeof FoundTextField>;

/** A crop of the document (type 201 Portrait, 204 Signature in the example). */
export const FoundImagePart = z.looseObject({
  type: z.union([z.number(), z.string()]).nullable().optional(),
  name: str,
  image_url: str,
});
export type FoundImagePart = z.infer<typeof FoundImagePart>;

export const DocumentAnalysisDetails = z.looseObject({
  process_status: StateSchema.nullable().optional(),
  document_type: str,
  found_document_types: z.array(z.looseObject({ file_name: str, document_type: str })).nullable().optional(),
  found_text_fields: z.array(FoundTextField).nullable().optional(),
  found_image_parts: z.array(FoundImagePart).nullable().optional(),
});

export const SelfieFoundImage = z.looseObject({
  source_file_name: str,
  source_image_url: str,
  result_file_name: str,
  result_image_url: str,
});

export const SelfieAnalysisDetails = z.looseObject({
  process_state: StateSchema.nullable().optional(),
  resolution_status: ResolutionSchema.nullable().optional(),
  resolution: ResolutionSchema.nullable().optional(),
  min_confidence: num,
  max_confidence: num,
  resolution_message: str,
  found_images: z.array(SelfieFoundImage).nullable().optional(),
});

/** Analysis Result Model: reply to start analysis and one entry of `analysis_details`. */
export const AnalysisResult = z.looseObject({
  analysis_id: z.number(),
  started_at: str,
  finished_at: str,
  total_process_state: StateSchema,
  document_analysis_state: StateSchema.nullable().optional(),
  document_analysis_result: ResultSchema.nullable().optional(),
  /** Comma-separated field names ("" when none). */
  document_analysis_failed_fields: str,
  fraud_analysis_state: StateSchema.nullable().optional(),
  fraud_analysis_result: ResultSchema.nullable().optional(),
  fraud_analysis_risk_score: str,
  selfie_min_confidence: num,
  selfie_max_confidence: num,
  expert_analysis_state: StateSchema.nullable().optional(),
  expert_analysis_result: ResultSchema.nullable().optional(),
  selfie_analysis_process_state: StateSchema.nullable().optional(),
  selfie_analysis_result: ResultSchema.nullable().optional(),
  identity: Identity.nullable().optional(),
  identity_english: Identity.nullable().optional(),
  document_analysis_details: DocumentAnalysisDetails.nullable().optional(),
  fraud_analysis_details: z.looseObject({}).nullable().optional(),
  expert_analysis_details: z.looseObject({}).nullable().optional(),
  selfie_analysis_details: SelfieAnalysisDetails.nullable().optional(),
  analysed_documents: z.array(Document).nullable().optional(),
});
export type AnalysisResult = z.infer<typeof AnalysisResult>;

export const SynopsisHumanReadable = z.looseObject({
  total_result: str,
  id_document_result: str,
  selfie_result: str,
  fraud_result: str,
  expert_result: str,
  doc_issuer_state: str,
  doc_expiration: str,
  doc_full_name: str,
  doc_date_of_birth: str,
  session_started: str,
});

/** Scanning Session with Analysis Results Model: reply to GET …/analyses. */
export const ScanningSession = z.looseObject({
  total_result: ResultSchema,
  session_id: z.string().min(1),
  start_date: str,
  finish_date: str,
  provider_folder_id: str,
  request_parameters: SessionParameters.nullable().optional(),
  synopsis_human_readable: SynopsisHumanReadable.nullable().optional(),
  identity: Identity.nullable().optional(),
  identity_english: Identity.nullable().optional(),
  analysis_summary: AnalysisSummary.nullable().optional(),
  analysis_details: z.array(AnalysisResult).nullable().optional(),
  documents: z.array(Document).nullable().optional(),
  error: str,
});
export type ScanningSession = z.infer<typeof ScanningSession>;

/** One entry of the `{"errors":[{"code","description"}]}` shape. */
export const ApiErrorEntry = z.looseObject({
  code: z.union([z.string(), z.number()]).nullable().optional(),
  description: str,
});
export const ApiErrors = z.looseObject({ errors: z.array(ApiErrorEntry) });
export type ApiErrors = z.infer<typeof ApiErrors>;

/** Reply to POST …/ui/analyses. */
export const UiAnalysisResponse = z.looseObject({
  id: z.string().min(1),
  errors: z.array(ApiErrorEntry).nullable().optional(),
  redirect_url: z.string().min(1),
});
export type UiAnalysisResponse = z.infer<typeof UiAnalysisResponse>;
