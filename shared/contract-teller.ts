// Teller-flow extras: cancel, on-device precheck results, consent, issuing country.
// Each entry: callName: { request: zod schema (z.strictObject), response: zod schema }; events: name: payload schema.
// Add the call's name to preload/api.ts PRELOAD_CALLS (PRELOAD_EVENTS for events) as well.
import { z } from 'zod';
import { IssuingCountryInfo, Verification } from './domain';
import { Id } from './contract-base';

/** Shape of an ISO 3166-1 alpha-3 code; main also checks it is on its list of assigned codes. */
export const IssuingCountryCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code such as SWE');

export const tellerCalls = {
  /**
   * The teller abandons a verification that is still being captured ("Choose another document",
   * idle reset): capturing → cancelled, audited. Anything already submitted is refused (conflict).
   */
  cancelVerification: { request: z.strictObject({ verificationId: Id }), response: Verification },
  /**
   * The countries the teller may pick as the document's issuing country (ISO 3166-1 alpha-3 with the
   * alpha-2 region code the renderer names them by), those the provider lists first, and what is known.
   */
  issuingCountries: {
    request: z.strictObject({ verificationId: Id }),
    response: z.object({
      info: IssuingCountryInfo,
      countries: z.array(z.object({ code: IssuingCountryCode, region: z.string().regex(/^[A-Z]{2}$/) })),
    }),
  },
  /**
   * The teller sets the issuing country (only while capturing; main accepts only codes of its ISO list).
   * `confirmMismatch`: the teller looked at the document and confirms this country although the MRZ
   * reading says another. Audited.
   */
  setIssuingCountry: {
    request: z.strictObject({ verificationId: Id, country: IssuingCountryCode, confirmMismatch: z.boolean().optional() }),
    response: Verification,
  },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const tellerEvents = {} as const satisfies Record<string, z.ZodType>;
