// Teller-flow extras: cancel, on-device precheck results, consent (issues 7, 8).
// Each entry: callName: { request: zod schema (z.strictObject), response: zod schema }; events: name: payload schema.
// Add the call's name to preload/api.ts PRELOAD_CALLS (PRELOAD_EVENTS for events) as well.
import type { z } from 'zod';

export const tellerCalls = {} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const tellerEvents = {} as const satisfies Record<string, z.ZodType>;
