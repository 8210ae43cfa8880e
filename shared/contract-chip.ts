// Reading the document's chip (ICAO 9303 eMRTD) for a verification: one call that reads and verifies it
// with the access key from the MRZ the kiosk read, and its progress as an event. Nothing here carries the
// chip's data: the outcome, the issuing country and what was verified.
// Add the call's name to preload/api.ts PRELOAD_CALLS (PRELOAD_EVENTS for events) as well.
import { z } from 'zod';
import { Id } from './contract-base';

export const ChipReadOutcome = z.enum([
  'verified',
  'differs-from-printed-page',
  'not-authentic',
  'access-denied',
  'interrupted',
  'unreadable',
  'no-document',
  'reader-unavailable',
]);
export type ChipReadOutcome = z.infer<typeof ChipReadOutcome>;

export const ChipReadSummary = z.object({
  outcome: ChipReadOutcome,
  /** Why the chip is not authentic (passive-authentication failure), else null. */
  reason: z.string().nullable(),
  /** The teller's sentence (English), e.g. "Chip verified by UT." */
  message: z.string(),
  /** The signing state's country (ISO 3166-1 alpha-2 from its CSCA); null when not verified. */
  country: z.string().nullable(),
  accessMethod: z.enum(['bac', 'pace']).nullable(),
  /** Data groups whose hashes matched what the issuing state signed. */
  dataGroupsVerified: z.array(z.number().int()),
  /** DG1 equals the MRZ the kiosk read from the printed page; null when not compared. */
  printedMrzMatch: z.boolean().nullable(),
  /** A face picture was read from the chip and kept on this kiosk. */
  faceKept: z.boolean(),
  /** Read from the training kiosk's virtual ePassport, signed by a training CSCA. */
  training: z.boolean(),
  /** A retry makes sense (the document moved away mid-read). */
  retry: z.boolean(),
  readAt: z.string(),
});
export type ChipReadSummary = z.infer<typeof ChipReadSummary>;

export const chipCalls = {
  /**
   * Reads and verifies the chip of the verification's document, on the first chip reader with a document
   * on it. Refused (conflict) when the kiosk has no exact MRZ reading (every check digit passing). Stored
   * with the verification and audited; the outcome is also returned for the screen.
   */
  readChip: { request: z.strictObject({ verificationId: Id }), response: ChipReadSummary },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const chipEvents = {
  /** Progress of a chip read, for "reading 60 %". */
  chipReadProgress: z.object({
    verificationId: Id,
    stage: z.enum(['access', 'reading', 'verifying']),
    file: z.string().nullable(),
    percent: z.number().min(0).max(100),
  }),
} as const satisfies Record<string, z.ZodType>;
