// Teller-flow extras: cancel, on-device precheck results, consent (issues 7, 8).
// Each entry: callName: { request: zod schema (z.strictObject), response: zod schema }; events: name: payload schema.
// Add the call's name to preload/api.ts PRELOAD_CALLS (PRELOAD_EVENTS for events) as well.
import { z } from 'zod';
import { Verification } from './domain';
import { Id } from './contract-base';

export const tellerCalls = {
  /**
   * The teller abandons a verification that is still being captured ("Choose another document",
   * idle reset): capturing → cancelled, audited. Anything already submitted is refused (conflict).
   */
  cancelVerification: { request: z.strictObject({ verificationId: Id }), response: Verification },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const tellerEvents = {} as const satisfies Record<string, z.ZodType>;
