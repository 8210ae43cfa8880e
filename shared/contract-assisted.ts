// The assisted ZignSec flow: the customer uses ZignSec's own hosted page in a locked
// window instead of the kiosk's scanner. Only main ever sees the page's address.
// Add the call's name to preload/api.ts PRELOAD_CALLS as well.
import { z } from 'zod';
import { Verification } from './domain';
import { Empty, Id } from './contract-base';

export const assistedCalls = {
  /** Whether this kiosk offers the provider's page: configured for it, and the host can open the window. */
  getProviderPageOffer: { request: Empty, response: z.object({ offered: z.boolean() }) },
  /**
   * Opens ZignSec's hosted page for a verification still being captured (nothing scanned yet), and
   * resolves when the customer closes it; the verification is then awaiting ZignSec's result.
   */
  openProviderPage: { request: z.strictObject({ verificationId: Id }), response: Verification },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;
