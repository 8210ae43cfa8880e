// Supervisor review: login, queue, detail, actions, health, audit.
// Every call but the login ones carries the supervisor session `token` minted by main; main refuses
// the call without a live session (code 'forbidden'), so the renderer goes back to the PIN screen.
// Add the call's name to preload/api.ts PRELOAD_CALLS (PRELOAD_EVENTS for events) as well.
import { z } from 'zod';
import { DocumentType, ProviderId, ProviderStatus, Verification, VerificationState } from './domain';
import { Empty, Id } from './contract-base';
import { ChipResultView } from './contract-chip';
import { KioskMessage } from './kiosk-message';

export const SupervisorToken = z.string().regex(/^[0-9a-f]{64}$/, 'not a supervisor session');
export const Pin = z.string().regex(/^[0-9]{4,12}$/, 'a PIN is 4 to 12 digits');
/**
 * Characters a supervisor name may not hold: controls, format characters (bidi overrides and
 * isolates, zero-width joiners and spaces), line/paragraph separators, private-use and unassigned
 * code points. With them two names could look identical on screen and in the audit trail.
 */
export const UNSAFE_NAME_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u;
/** Names are compared and stored in Unicode NFC, so one name has one spelling. */
export const SupervisorName = z
  .string()
  .normalize('NFC')
  .trim()
  .min(1)
  .max(64)
  .refine((s) => !UNSAFE_NAME_CHARACTERS.test(s), 'a name without control, bidi or zero-width characters');
export const Reason = z.string().trim().min(3).max(500);
/** The one-time first-supervisor code (12 digits, dashes and spaces ignored). */
export const SetupCode = z.string().trim().max(32);
/** An optional note with an action that needs no reason (e.g. Retry). */
export const Note = z.string().trim().max(500);
const IsoInstant = z.iso.datetime({ offset: true });
const authed = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ token: SupervisorToken, ...shape });

export const SupervisorSession = z.object({ token: SupervisorToken, name: z.string(), idleLogoutMs: z.number().int() });
export type SupervisorSession = z.infer<typeof SupervisorSession>;

export const SupervisorLoginResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), session: SupervisorSession }),
  z.object({ status: z.literal('wrong_pin'), attemptsLeft: z.number().int() }),
  z.object({ status: z.literal('locked'), lockedUntil: z.string() }),
]);
export type SupervisorLoginResult = z.infer<typeof SupervisorLoginResult>;

export const ReviewQueueRow = z.object({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  state: VerificationState,
  provider: ProviderId,
  documentType: DocumentType,
  teller: z.string().nullable(),
  documentNumber: z.string().nullable(),
  holderName: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  overridden: z.boolean(),
  imagesPurged: z.boolean(),
  /** Where name and document number come from: the provider's answer, or the kiosk's own MRZ reading. */
  identitySource: z.enum(['provider', 'kiosk']).nullable(),
  /** A pending verification with no progress for longer than the stuck threshold. */
  stuck: z.boolean(),
});
export type ReviewQueueRow = z.infer<typeof ReviewQueueRow>;

export const AuditEntryView = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  verificationId: z.string().nullable(),
  detail: z.unknown(),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const PendingOverrideView = z.object({
  id: z.string(),
  verificationId: z.string(),
  decision: z.enum(['accepted', 'declined']),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
});

export const OverrideResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('applied'), confirmedBy: z.string().nullable() }),
  z.object({ status: z.literal('pending'), pending: PendingOverrideView }),
  z.object({ status: z.literal('wrong_pin'), attemptsLeft: z.number().int() }),
  z.object({ status: z.literal('locked'), lockedUntil: z.string() }),
]);
export type OverrideResult = z.infer<typeof OverrideResult>;

export const ReviewDetail = z.object({
  verification: Verification,
  row: ReviewQueueRow,
  /** The provider's raw final reply (or the body that failed validation), as stored. */
  rawResponse: z.string().nullable(),
  override: z
    .object({ decision: z.string(), by: z.string(), confirmedBy: z.string().nullable(), reason: z.string(), at: z.string() })
    .nullable(),
  pendingOverride: PendingOverrideView.nullable(),
  timeline: z.array(AuditEntryView),
  fourEyes: z.boolean(),
  /** The document chip's latest read (outcome, country, access, data groups, printed-page match, face); null when never read. */
  chip: ChipResultView.nullable().optional(),
});
export type ReviewDetail = z.infer<typeof ReviewDetail>;

export const HealthReport = z.object({
  generatedAt: z.string(),
  queue: z.array(z.object({ at: z.string(), waiting: z.number(), inFlight: z.number(), needsAttention: z.number(), failed: z.number() })),
  outcomesPerDay: z.array(z.object({ day: z.string(), accepted: z.number(), declined: z.number(), failed: z.number(), cancelled: z.number() })),
  turnaroundPerDay: z.array(z.object({ day: z.string(), count: z.number(), p50Ms: z.number().nullable(), p95Ms: z.number().nullable() })),
  providers: z.array(ProviderStatus.extend({ steps: z.number(), errors: z.number(), errorRate: z.number().nullable() })),
  disk: z.object({ databaseBytes: z.number(), freeBytes: z.number().nullable(), minFreeBytes: z.number(), low: z.boolean() }),
  retention: z.object({ imageDays: z.number(), verificationsWithImages: z.number(), purgeOverdue: z.number(), lastPurgeAt: z.string().nullable() }),
  alerts: z.array(
    z.object({
      id: z.string(),
      kind: z.enum([
        'provider_auth',
        'disk_low',
        'provider_down',
        'needs_attention',
        'audit_forwarding',
        'kiosk_security',
        'supervisor_lockout',
        'store_failure',
        'integrity',
        'notice',
        // Only a person can settle these: dismissed with a reason and the PIN (reviewDismissAlert).
        'possible_duplicate',
        'provider_delete_failed',
      ]),
      provider: z.string().nullable(),
      at: z.string().nullable(),
      /** Main's English sentence (logs, and the screen's fallback). */
      message: z.string(),
      /** The same alert as a catalogue key the screen shows translated; absent for a free-text notice. */
      sentence: KioskMessage.optional(),
    }),
  ),
});
export type HealthReport = z.infer<typeof HealthReport>;

export const AuditVerdictView = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), count: z.number().int() }),
  z.object({ ok: z.literal(false), brokenAt: z.number().int(), reason: z.string(), row: AuditEntryView.nullable() }),
]);
export type AuditVerdictView = z.infer<typeof AuditVerdictView>;

export const ExportFile = z.object({ fileName: z.string(), mimeType: z.string(), content: z.string(), rows: z.number().int() });

export const supervisorCalls = {
  /** Before login: is a roster set up (else first-run setup), is the login locked. */
  supervisorStatus: {
    request: Empty,
    response: z.object({ configured: z.boolean(), lockedUntil: z.string().nullable(), attemptsLeft: z.number().int(), fourEyes: z.boolean() }),
  },
  /** First run only: the first supervisor chooses their name and PIN (refused once a roster exists). */
  supervisorSetup: { request: z.strictObject({ name: SupervisorName, pin: Pin, code: SetupCode }), response: SupervisorSession },
  supervisorLogin: { request: z.strictObject({ pin: z.string().max(32) }), response: SupervisorLoginResult },
  supervisorLogout: { request: authed({}), response: z.object({ ok: z.literal(true) }) },
  supervisorAdd: { request: authed({ name: SupervisorName, pin: Pin }), response: z.object({ names: z.array(z.string()) }) },
  reviewList: {
    request: authed({
      state: VerificationState.optional(),
      /** Declined, failed, needing attention, or pending with no progress for longer than the stuck threshold (not overridden). */
      view: z.enum(['needs_decision', 'all']).optional(),
      provider: ProviderId.optional(),
      teller: z.string().trim().min(1).max(64).optional(),
      from: IsoInstant.optional(),
      to: IsoInstant.optional(),
      search: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(200),
      cursor: z.string().max(40).optional(),
    }),
    response: z.object({ items: z.array(ReviewQueueRow), nextCursor: z.string().nullable(), tellers: z.array(z.string()) }),
  },
  /** Counts for the queue's tabs: needing a decision, and per state. */
  reviewCounts: {
    request: authed({}),
    response: z.object({ needsDecision: z.number().int(), byState: z.record(z.string(), z.number().int()), stuckAfterMinutes: z.number() }),
  },
  /** The open alerts, for the banner on every supervisor screen. */
  reviewAlerts: { request: authed({}), response: z.object({ alerts: HealthReport.shape.alerts }) },
  /** A supervisor acknowledges an alert that nothing else resolves (a lockout); audited. */
  reviewAcknowledgeAlert: { request: authed({ id: z.string().regex(/^store-[0-9]{1,15}$/) }), response: z.object({ ok: z.literal(true) }) },
  /** A possible duplicate or a failed delete at a provider, settled outside the kiosk: a reason and the PIN again; audited. */
  reviewDismissAlert: {
    request: authed({ id: z.string().regex(/^store-[0-9]{1,15}$/), reason: Reason, pin: z.string().max(32) }),
    response: z.discriminatedUnion('status', [
      z.object({ status: z.literal('dismissed') }),
      z.object({ status: z.literal('wrong_pin'), attemptsLeft: z.number().int() }),
      z.object({ status: z.literal('locked'), lockedUntil: z.string() }),
    ]),
  },
  reviewDetail: { request: authed({ id: Id }), response: ReviewDetail },
  reviewRetry: { request: authed({ id: Id, note: Note.optional() }), response: ReviewDetail },
  reviewCancel: { request: authed({ id: Id, reason: Reason }), response: ReviewDetail },
  /** The deciding supervisor enters their PIN again (`pin`); with four-eyes a second supervisor confirms. */
  reviewOverride: { request: authed({ id: Id, decision: z.enum(['accepted', 'declined']), reason: Reason, pin: z.string().max(32) }), response: OverrideResult },
  reviewConfirmOverride: { request: authed({ pendingId: Id, pin: z.string().max(32) }), response: OverrideResult },
  reviewDiscardOverride: { request: authed({ pendingId: Id }), response: ReviewDetail },
  reviewPurgeImages: { request: authed({ id: Id, reason: Reason }), response: ReviewDetail },
  reviewHealth: {
    request: authed({ days: z.number().int().min(1).max(90).optional(), tzOffsetMinutes: z.number().int().min(-840).max(840).optional() }),
    response: HealthReport,
  },
  reviewRunRetention: { request: authed({}), response: z.object({ verifications: z.number().int(), captures: z.number().int() }) },
  reviewResumeProvider: { request: authed({ provider: ProviderId }), response: z.object({ ok: z.literal(true) }) },
  reviewAudit: {
    request: authed({ beforeSeq: z.number().int().min(1).optional(), limit: z.number().int().min(1).max(200), verificationId: Id.optional() }),
    response: z.object({ items: z.array(AuditEntryView), nextBeforeSeq: z.number().int().nullable() }),
  },
  reviewVerifyAudit: { request: authed({}), response: AuditVerdictView },
  reviewExport: {
    request: authed({ kind: z.enum(['audit', 'verifications']), format: z.enum(['csv', 'json']), from: IsoInstant, to: IsoInstant }),
    response: ExportFile,
  },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const supervisorEvents = {
  /** The Electron host's supervisor shortcut (Ctrl+Alt+Shift+S). */
  supervisorRequested: z.object({}),
} as const satisfies Record<string, z.ZodType>;
