// On-device precheck results: what the kiosk itself read from a capture right after it was
// taken, before anything is sent. Attached to CaptureSummary as `precheck` (optional: producers that do
// not run prechecks stay valid). Pure zod, shared by main and renderer.
import { z } from 'zod';

export const MrzCheckDigitName = z.enum(['documentNumber', 'birthDate', 'expirationDate', 'personalNumber', 'composite']);
export type MrzCheckDigitName = z.infer<typeof MrzCheckDigitName>;

/** One field of the MRZ as the kiosk read it. `key` is stable (renderer i18n: precheck.field.<key>). */
export const PrecheckField = z.object({
  key: z.string(),
  value: z.string().nullable(),
  valid: z.boolean(),
  /** Plain reason when not valid (English; the renderer shows the key's label plus this). */
  problem: z.string().nullable(),
});
export type PrecheckField = z.infer<typeof PrecheckField>;

/** The MRZ summary (main/precheck/summary.ts builds it from a read). Dates are ISO yyyy-mm-dd. */
export const MrzPrecheck = z.object({
  /** accepted: every check digit passes; invalid: read but a check fails; unreadable: no MRZ found. */
  status: z.enum(['accepted', 'invalid', 'unreadable']),
  format: z.enum(['TD1', 'TD2', 'TD3']).nullable(),
  documentKind: z.enum(['passport', 'identity_card', 'residence_permit', 'visa', 'travel_document']).nullable(),
  documentCode: z.string().nullable(),
  issuingState: z.string().nullable(),
  nationality: z.string().nullable(),
  lastName: z.string().nullable(),
  firstName: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  age: z.number().int().nullable(),
  sex: z.enum(['M', 'F', 'X']).nullable(),
  documentNumber: z.string().nullable(),
  personalNumber: z.string().nullable(),
  dateOfExpiry: z.string().nullable(),
  /** true when the expiry date is before today; null when unknown. */
  expired: z.boolean().nullable(),
  fields: z.array(PrecheckField),
  checkDigits: z.partialRecord(MrzCheckDigitName, z.boolean()),
  /** An OCR look-alike was repaired (every check digit confirmed it). */
  repaired: z.boolean(),
  /** Sentences for the teller, with a next step. */
  messages: z.array(z.string()),
});
export type MrzPrecheck = z.infer<typeof MrzPrecheck>;

/** Face presence on a selfie (exactly one face, large and centred) or a portrait on a document. */
export const FacePrecheck = z.object({
  /** What was checked: the customer's selfie, or the portrait printed on the document. */
  target: z.enum(['selfie', 'document_portrait']),
  faces: z.number().int().min(0),
  ok: z.boolean(),
  /** Largest face as fractions of the image (x, y = top-left), and the detector's score. */
  largest: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), score: z.number() }).nullable(),
  /** Stable problem code (renderer i18n: precheck.face.<code>) or null. */
  problem: z.enum(['no_face', 'several_faces', 'too_small', 'off_centre']).nullable(),
  message: z.string().nullable(),
});
export type FacePrecheck = z.infer<typeof FacePrecheck>;

/** A driving licence's PDF417 barcode (AAMVA), decoded and compared with the front. */
export const BarcodePrecheck = z.object({
  found: z.boolean(),
  format: z.string().nullable(),
  /** AAMVA fields read (names as our identity fields: lastName, firstName, dateOfBirth, documentNumber…). */
  fields: z.record(z.string(), z.string()),
  /** Comparison with the front (field by field); empty when there is nothing to compare. */
  comparisons: z.array(z.object({ key: z.string(), barcode: z.string().nullable(), front: z.string().nullable(), agree: z.boolean().nullable() })),
  message: z.string().nullable(),
});
export type BarcodePrecheck = z.infer<typeof BarcodePrecheck>;

/**
 * What the submit policy (config `precheck`) makes of this verification so far:
 * pass = submit freely; needs_reason = submit only with a reason the teller types (audited);
 * blocked = submit refused (the message says why and what to do).
 */
export const PrecheckGate = z.object({
  decision: z.enum(['pass', 'needs_reason', 'blocked']),
  /** Why: the document has expired, or its MRZ could not be read and confirmed. */
  problem: z.enum(['expired', 'unreadable']).nullable(),
  message: z.string().nullable(),
});
export type PrecheckGate = z.infer<typeof PrecheckGate>;

export const CapturePrecheck = z.object({
  checkedAt: z.string(),
  /** Present on the side that carries the MRZ (null when the reader could not run). */
  mrz: MrzPrecheck.nullable().optional(),
  face: FacePrecheck.optional(),
  barcode: BarcodePrecheck.optional(),
  /** The submit policy's view of the whole verification at the time of this capture. */
  gate: PrecheckGate.optional(),
  /** The reader or detector failed (not the document): plain sentence. */
  error: z.string().optional(),
});
export type CapturePrecheck = z.infer<typeof CapturePrecheck>;

/** Longest override reason a teller can type. */
export const OVERRIDE_REASON_MAX = 500;
export const OverrideReason = z.string().trim().min(3).max(OVERRIDE_REASON_MAX);
