// Domain types shared by main and renderer. Pure zod: no Node, no DOM.
import { z } from 'zod';
import { CapturePrecheck } from './precheck';
import { KioskMessage } from './kiosk-message';

export const DocumentType = z.enum(['passport', 'id_card', 'drivers_license', 'other']);
export type DocumentType = z.infer<typeof DocumentType>;

/** Which image of a verification a capture is. */
export const CaptureSide = z.enum(['front', 'back', 'selfie']);
export type CaptureSide = z.infer<typeof CaptureSide>;

/** Customer-facing languages: the ones ZignSec's flow offers (sent to the provider as `locale`). */
export const Locale = z.enum(['en', 'sv', 'de', 'fr', 'es', 'it', 'el', 'ru', 'cs', 'tr']);
export type Locale = z.infer<typeof Locale>;

export const ProviderId = z.enum(['zignsec', 'zoloz']);
export type ProviderId = z.infer<typeof ProviderId>;

export const VerificationState = z.enum([
  'capturing',
  'queued',
  'submitting',
  'awaiting_result',
  'accepted',
  'declined',
  'failed',
  'needs_attention',
  'cancelled',
]);
export type VerificationState = z.infer<typeof VerificationState>;

export const FINAL_STATES: readonly VerificationState[] = ['accepted', 'declined', 'failed', 'cancelled'];
export const isFinalState = (s: VerificationState): boolean => FINAL_STATES.includes(s);

/** Sides a document type needs before it can be submitted (selfie is added when the provider config asks). */
export const REQUIRED_SIDES: Record<DocumentType, readonly CaptureSide[]> = {
  passport: ['front'],
  id_card: ['front', 'back'],
  // The back carries the PDF417 barcode (AAMVA) that the kiosk reads and compares with the front.
  drivers_license: ['front', 'back'],
  other: ['front'],
};

export const Decision = z.enum(['accepted', 'declined', 'failed']);
export type Decision = z.infer<typeof Decision>;

/**
 * One reason behind a decision, phrased for a teller. `field` names the provider field when there is one.
 * `sentence`: the same reason as a catalogue key the screen shows in the teller's language (absent for a
 * provider's own free-text reason, and in results stored before it existed).
 */
export const OutcomeReason = z.object({
  code: z.string(),
  field: z.string().nullable(),
  message: z.string(),
  sentence: KioskMessage.optional(),
});
export type OutcomeReason = z.infer<typeof OutcomeReason>;

export const IdentityFields = z.object({
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  fullName: z.string().nullable(),
  dateOfBirth: z.string().nullable(), // ISO yyyy-mm-dd
  age: z.number().int().nullable(),
  sex: z.string().nullable(),
  nationality: z.string().nullable(),
  issuingState: z.string().nullable(),
  documentNumber: z.string().nullable(),
  personalNumber: z.string().nullable(),
  expiryDate: z.string().nullable(), // ISO yyyy-mm-dd
  expired: z.boolean().nullable(),
});
export type IdentityFields = z.infer<typeof IdentityFields>;

/** A field as read from each zone of the document, and whether the zones agree. */
export const FieldComparison = z.object({
  name: z.string(),
  mrz: z.string().nullable(),
  visual: z.string().nullable(),
  barcode: z.string().nullable(),
  agree: z.boolean().nullable(),
});
export type FieldComparison = z.infer<typeof FieldComparison>;

/** The provider-neutral result every adapter maps to. */
export const Outcome = z.object({
  decision: Decision,
  provider: ProviderId,
  reasons: z.array(OutcomeReason),
  identity: IdentityFields,
  fields: z.array(FieldComparison),
  selfieSimilarity: z.number().min(0).max(100).nullable(),
  /** data: URL of the document portrait crop, when the provider returned one we could fetch. */
  portrait: z.string().nullable(),
  decidedAt: z.string(),
});
export type Outcome = z.infer<typeof Outcome>;

export const QualityVerdict = z.object({
  ok: z.boolean(),
  /** One instruction for the teller, a message key (see renderer locales) with a plain English fallback. */
  instruction: z.string().nullable(),
  sharpness: z.number().nullable(),
  glare: z.number().nullable(),
  brightness: z.number().nullable(),
  contrast: z.number().nullable(),
  /**
   * Camera stills: 'card' when the image kept is the document cut out of the frame and straightened,
   * 'full_frame' when no outline of the document could be trusted and the whole picture was kept.
   * Absent for scanner images (the scan is the document).
   */
  framing: z.enum(['card', 'full_frame']).optional(),
});
export type QualityVerdict = z.infer<typeof QualityVerdict>;

export const CaptureSummary = z.object({
  id: z.string(),
  side: CaptureSide,
  deviceId: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  createdAt: z.string(),
  quality: QualityVerdict.nullable(),
  /** Small JPEG data: URL for display. Present in getVerification, absent in lists; null once images are purged. */
  preview: z.string().nullable().optional(),
  /** On-device precheck of this capture: MRZ, face, barcode. Optional: other producers leave it out. */
  precheck: CapturePrecheck.nullable().optional(),
});
export type CaptureSummary = z.infer<typeof CaptureSummary>;

export const SyncInfo = z.object({
  attempts: z.number().int(),
  /** English, for logs and support (as main wrote it). */
  lastError: z.string().nullable(),
  /** The same failure as the screen's sentence; absent when there is none, or for rows stored before it existed. */
  lastErrorSentence: KioskMessage.optional(),
  nextAttemptAt: z.string().nullable(),
  /** Current provider step, e.g. 'create_session', 'upload', 'start_analysis', 'poll', 'fetch_result'. */
  step: z.string().nullable(),
  bytesSent: z.number().int().nullable(),
  bytesTotal: z.number().int().nullable(),
});
export type SyncInfo = z.infer<typeof SyncInfo>;

/**
 * The issuing country of the document (ISO 3166-1 alpha-3) as far as the kiosk knows it: what
 * the teller chose, what the on-device MRZ read says, and which one is used (the teller's choice wins).
 */
export const IssuingCountryInfo = z.object({
  /** The teller's choice, or null. */
  chosen: z.string().nullable(),
  /** From the on-device MRZ read (check digits passed), or null. */
  read: z.string().nullable(),
  /** What routing and the provider get: chosen ?? read. */
  effective: z.string().nullable(),
  /**
   * When the flow must ask the teller: 'before_capture' (the provider needs it up front, e.g. ZOLOZ ID
   * cards and licences), 'before_submit' (routing by country needs it and the MRZ did not give it), or null.
   */
  ask: z.enum(['before_capture', 'before_submit']).nullable(),
  /** Chosen and read differ. */
  mismatch: z.boolean(),
  /** The teller confirmed the chosen country against this MRZ reading (a mismatch then no longer blocks submit). */
  confirmed: z.boolean(),
  /** Countries the verification's provider lists for this document type (shown first); empty = no list. */
  supported: z.array(z.string()),
});
export type IssuingCountryInfo = z.infer<typeof IssuingCountryInfo>;

/** A result the kiosk reached on its own from the document's chip, while the provider's is pending. */
export const ChipLocalResult = z.object({
  status: z.literal('chip-verified'),
  /** The signing state (ISO 3166-1 alpha-2 from its CSCA). */
  country: z.string().nullable(),
  /** When it was first shown (and audited). */
  at: z.string(),
  /** The provider still receives the verification and its answer is the outcome. */
  providerPending: z.literal(true),
});
export type ChipLocalResult = z.infer<typeof ChipLocalResult>;

export const Verification = z.object({
  id: z.string(),
  documentType: DocumentType,
  provider: ProviderId,
  state: VerificationState,
  createdAt: z.string(),
  updatedAt: z.string(),
  captures: z.array(CaptureSummary),
  outcome: Outcome.nullable(),
  sync: SyncInfo,
  /**
   * Sides this verification needs before submit (document sides, plus 'selfie' when the provider
   * configuration asks for one). Optional so older producers stay valid; when absent, use REQUIRED_SIDES.
   */
  requiredSides: z.array(CaptureSide).optional(),
  /** Issuing country (teller's choice, MRZ reading). Optional: only the teller-facing calls attach it. */
  issuingCountry: IssuingCountryInfo.optional(),
  /**
   * Submitted, the provider cannot be reached, and the kiosk verified the document's chip (config
   * chip.completeOnChipAlone): the teller's local result until the provider answers. Optional: only the
   * teller-facing calls attach it.
   */
  chipLocal: ChipLocalResult.optional(),
});
export type Verification = z.infer<typeof Verification>;

/** A chip reader (PC/SC) takes no picture: it is listed so the screen can offer the chip read and show a document on it. */
export const DeviceKind = z.enum(['scanner', 'camera', 'chip-reader']);
export const Device = z.object({
  id: z.string(),
  kind: DeviceKind,
  label: z.string(),
  /** true for the synthetic specimen devices of training mode. */
  specimen: z.boolean(),
  /**
   * false: a camera with no live picture (the one-shot programs imagesnap and CommandCam start per
   * picture); the screen offers the capture button alone instead of a preview that cannot start.
   */
  livePreview: z.boolean().optional(),
  /** Chip readers: a document (passport or card) is on the reader. */
  cardPresent: z.boolean().optional(),
});
export type Device = z.infer<typeof Device>;

export const QueueCounts = z.object({
  waiting: z.number().int(),
  inFlight: z.number().int(),
  needsAttention: z.number().int(),
  failed: z.number().int(),
  oldestWaitingAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  /** Size of the outbox on disk (database + WAL), bytes. Optional: older producers leave it out. */
  bytes: z.number().int().nonnegative().optional(),
});
export type QueueCounts = z.infer<typeof QueueCounts>;

export const ProviderStatus = z.object({
  id: ProviderId,
  configured: z.boolean(),
  reachable: z.boolean().nullable(),
  circuit: z.enum(['closed', 'open', 'half_open']),
  paused: z.boolean(),
});
export type ProviderStatus = z.infer<typeof ProviderStatus>;

export const KioskStatus = z.object({
  mode: z.enum(['training', 'live']),
  kioskId: z.string(),
  online: z.boolean(),
  providers: z.array(ProviderStatus),
  devices: z.array(Device),
  queue: QueueCounts,
  version: z.string(),
  /** Seconds without a touch before the teller's screen resets (config teller.idleTimeoutMinutes). Optional: older producers. */
  idleTimeoutSeconds: z.number().int().min(30).max(3600).optional(),
});
export type KioskStatus = z.infer<typeof KioskStatus>;
