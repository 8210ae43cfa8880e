// Reading the document's chip (ICAO 9303 eMRTD) for a verification: one call that reads and verifies it
// with the access key from the MRZ the kiosk read, and its progress as an event. Nothing here carries the
// chip's data: the outcome, the issuing country and what was verified.
// Add the call's name to preload/api.ts PRELOAD_CALLS (PRELOAD_EVENTS for events) as well.
import { z } from 'zod';
import { Id } from './contract-base';
import { Device } from './domain';
import { KioskMessage } from './kiosk-message';

export const ChipReadOutcome = z.enum([
  'verified',
  'differs-from-printed-page',
  'not-authentic',
  'clone-check-failed',
  'access-denied',
  'interrupted',
  'unreadable',
  'no-document',
  'reader-unavailable',
]);
export type ChipReadOutcome = z.infer<typeof ChipReadOutcome>;

/**
 * Clone detection: the chip proved (or failed to prove) it holds the key its state signed, by chip or active
 * authentication; `not-supported` by the document (neither DG14 nor DG15) or by the kiosk (a variant it
 * does not run); `not-run` when the read had already failed.
 */
export const ChipCloneCheck = z.object({
  status: z.enum(['passed', 'failed', 'not-supported', 'not-run']),
  method: z.enum(['chip-authentication', 'active-authentication']).nullable(),
  notSupportedBy: z.enum(['document', 'kiosk']).nullable(),
});
export type ChipCloneCheck = z.infer<typeof ChipCloneCheck>;

/**
 * The document signer's revocation: `not-revoked` on a current CRL of its CSCA, or `unknown` because the
 * newest CRL is past its next update (`crl-expired`) or none is installed (`no-crl`).
 */
export const ChipRevocation = z.object({
  status: z.enum(['not-revoked', 'unknown']),
  reason: z.enum(['crl-expired', 'no-crl']).nullable(),
});
export type ChipRevocation = z.infer<typeof ChipRevocation>;

export const ChipReadSummary = z.object({
  outcome: ChipReadOutcome,
  /** Why the chip is not authentic (passive-authentication failure), else null. */
  reason: z.string().nullable(),
  /** The teller's sentence (English, for logs and the CLI), e.g. "Chip verified by UT." */
  message: z.string(),
  /** The same sentence as a catalogue key with parameters, shown in the teller's language. */
  sentence: KioskMessage,
  /** Where the access key came from: the kiosk's exact MRZ reading, or fields the teller typed. */
  accessKey: z.enum(['mrz', 'typed']),
  /** The signing state's country (ISO 3166-1 alpha-2 from its CSCA); null when not verified. */
  country: z.string().nullable(),
  accessMethod: z.enum(['bac', 'pace']).nullable(),
  /** Data groups whose hashes matched what the issuing state signed. */
  dataGroupsVerified: z.array(z.number().int()),
  /** DG1 equals the MRZ the kiosk read from the printed page; null when not compared. */
  printedMrzMatch: z.boolean().nullable(),
  /** Clone detection; null when the chip was not read far enough (or before the kiosk recorded it). */
  cloneCheck: ChipCloneCheck.nullable(),
  /** The signer's revocation status; null unless passive authentication passed. */
  revocation: ChipRevocation.nullable(),
  /** A face picture was read from the chip and kept on this kiosk. */
  faceKept: z.boolean(),
  /** Read from the training kiosk's virtual ePassport, signed by a training CSCA. */
  training: z.boolean(),
  /** A retry makes sense (the document moved away mid-read). */
  retry: z.boolean(),
  readAt: z.string(),
});
export type ChipReadSummary = z.infer<typeof ChipReadSummary>;

/** A verification's latest chip read as the supervisor sees it: the summary, the signer and the chip's face. */
export const ChipResultView = ChipReadSummary.extend({
  /** The document signer certificate's subject (a state's certificate, not the holder). */
  signer: z.string().nullable(),
  /** How many times the chip was read for this verification. */
  reads: z.number().int().min(1),
  /** The chip's face picture as a JPEG data URL; null when none was kept or images were purged. */
  face: z.string().nullable(),
});
export type ChipResultView = z.infer<typeof ChipResultView>;

/** The chip's face as a JPEG data URL, for display only (main decodes JPEG 2000 and re-encodes). */
const ChipFaceDataUrl = z.string().regex(/^data:image\/jpeg;base64,[A-Za-z0-9+/=]+$/).max(400_000);

/** ISO yyyy-mm-dd that is a real calendar date. */
const IsoDate = z.iso.date();

/**
 * The access fields the teller types when the kiosk could not read the MRZ exactly, as printed on the
 * document (no check digits: main computes them). The document number is 1 to 22 letters or digits: the whole
 * number, a TD1/TD2 number longer than 9 continuing in the MRZ's optional data included.
 */
export const ChipAccessInput = z.strictObject({
  documentNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{1,22}$/, 'a document number is 1 to 22 letters or digits'),
  dateOfBirth: IsoDate,
  dateOfExpiry: IsoDate,
});
export type ChipAccessInput = z.infer<typeof ChipAccessInput>;

/** Whether the kiosk offers a chip read: off, offered (may be skipped), or required before Submit. */
export const ChipPolicy = z.enum(['off', 'offer', 'required']);
export type ChipPolicy = z.infer<typeof ChipPolicy>;

export const ChipStatus = z.object({
  policy: ChipPolicy,
  /** A chip reader is connected (training: the virtual ePassport reader, always). */
  readerPresent: z.boolean(),
  training: z.boolean(),
  /** The verification's latest chip read, if any. */
  latest: ChipReadSummary.nullable(),
});
export type ChipStatus = z.infer<typeof ChipStatus>;

/**
 * The chip readers beside the scanners and cameras (listDevices carries the same `chip-reader` devices), or
 * why there are none: `off` (config chip.mode), `binding-missing` (PC/SC support not installed),
 * `service-not-running` (pcscd), `no-readers`. `message` is the sentence for the teller and support.
 */
export const ChipReaderState = z.object({
  available: z.boolean(),
  reason: z.enum(['off', 'binding-missing', 'service-not-running', 'no-readers']).nullable(),
  message: z.string().nullable(),
  readers: z.array(Device),
});
export type ChipReaderState = z.infer<typeof ChipReaderState>;

export const chipCalls = {
  /** The chip readers and whether a document is on each, or why none can be used. */
  listChipReaders: { request: z.strictObject({}), response: ChipReaderState },
  /**
   * Reads and verifies the chip of the verification's document, on the first chip reader with a document
   * on it. The access key comes from the kiosk's exact MRZ reading (every check digit passing), or from
   * `access` typed by the teller; without either it is refused (conflict). Stored with the verification
   * and audited (whether the key was typed, never the fields); the outcome is also returned for the screen.
   */
  readChip: { request: z.strictObject({ verificationId: Id, access: ChipAccessInput.optional() }), response: ChipReadSummary },
  /** The chip policy, whether a reader is connected, and the verification's latest read (while it is captured). */
  chipStatus: { request: z.strictObject({ verificationId: Id }), response: ChipStatus },
  /**
   * The face picture of the verification's latest chip read, as a JPEG data URL for display only (JPEG 2000
   * decoded in main); null when none was kept. Only while the verification is being captured.
   */
  chipFace: {
    request: z.strictObject({ verificationId: Id }),
    response: z.object({ face: ChipFaceDataUrl.nullable() }),
  },
  /**
   * The verification's latest chip read and the chip's face for the teller's result screen: while the
   * teller works on it (being captured, or submitted and changed within teller.fullDataMinutes; never a
   * cancelled one). `latest` null: the chip was not read.
   */
  chipResult: { request: z.strictObject({ verificationId: Id }), response: z.object({ latest: ChipReadSummary.nullable(), face: ChipFaceDataUrl.nullable() }) },
  /**
   * TRAINING ONLY: puts the virtual ePassport built from the verification's scanned page on the training
   * reader, as a teller places a real passport (the reader then reports a document on it). Refused on a
   * live kiosk and for a verification that is not being captured.
   */
  placeTrainingChip: { request: z.strictObject({ verificationId: Id }), response: z.object({ placed: z.literal(true) }) },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const chipEvents = {
  /** Progress of a chip read, for "reading 60 %". */
  chipReadProgress: z.object({
    verificationId: Id,
    stage: z.enum(['access', 'reading', 'verifying']),
    file: z.string().nullable(),
    percent: z.number().min(0).max(100),
  }),
  /**
   * A chip reader was plugged in or out, a document placed on it or taken off, or the PC/SC service
   * stopped or came back: the readers' state as listChipReaders gives it (sent only when it changed).
   */
  chipReadersChanged: ChipReaderState,
} as const satisfies Record<string, z.ZodType>;
