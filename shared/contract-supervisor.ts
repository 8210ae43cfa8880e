// Supervisor review: login, queue, actions, audit, health (issue 9).
// Each entry: callName: { request: zod schema (z.strictObject), response: zod schema }; events: name: payload schema.
// Add the call's name to preload/api.ts PRELOAD_CALLS (PRELOAD_EVENTS for events) as well.
import type { z } from 'zod';

export const supervisorCalls = {} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const supervisorEvents = {} as const satisfies Record<string, z.ZodType>;
