// The assisted flow: the customer uses the provider's own capture page (ZignSec's hosted page, ZOLOZ's
// H5 page) in a locked window instead of the kiosk's scanner. Only main ever sees the page's address.
// Add the call's name to preload/api.ts PRELOAD_CALLS as well.
import { z } from 'zod';
import { Verification } from './domain';
import { Id } from './contract-base';

export const assistedCalls = {
  /**
   * Whether this kiosk offers a provider's page: configured for it, and the host can open the window.
   * With a verification: whether it is offered for that one (its routed provider's page, nothing scanned yet).
   */
  getProviderPageOffer: { request: z.strictObject({ verificationId: Id.optional() }), response: z.object({ offered: z.boolean() }) },
  /**
   * Opens the page of the verification's provider for a verification still being captured (nothing
   * scanned yet), and resolves when the customer finished or closed it; the verification is then
   * awaiting the provider's result (or with a supervisor when the customer gave up on the page).
   */
  openProviderPage: { request: z.strictObject({ verificationId: Id }), response: Verification },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;
