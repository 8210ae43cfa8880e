// Capture extras: live preview, auto-capture, device changes (issue 6).
// Each entry: callName: { request: zod schema (z.strictObject), response: zod schema }; events: name: payload schema.
// Add the call's name to preload/api.ts PRELOAD_CALLS (PRELOAD_EVENTS for events) as well.
import type { z } from 'zod';

export const captureCalls = {} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const captureEvents = {} as const satisfies Record<string, z.ZodType>;
