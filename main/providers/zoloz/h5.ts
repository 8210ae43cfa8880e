// ZOLOZ's own capture page (H5 mode), the counterpart of ZignSec's hosted page: instead of the kiosk
// scanning, the customer photographs the document on ZOLOZ's page. Main calls `initialize` with
// metaInfo `MOB_H5` (the verification's bizId, its document type and country) while the teller waits,
// the verification is recorded with the transaction, the page is shown in the locked provider
// window, and the sync worker polls `checkresult` until ZOLOZ has the result (adapter.ts, `h5`).
//
// The page's address: ZOLOZ's H5 example hands the `clientCfg` initialize returns to ZOLOZ's H5
// page as `clientcfg` (with `langPack` for the language). The page's host is given by ZOLOZ at
// onboarding, so it is configured, never guessed (`pageUrl`); the training emulator serves one.
// The callbacks point at `branch-id-kiosk.invalid` (RFC 2606: never resolves), so the browser can
// only be stopped there by the kiosk window, never sent anywhere.
import { createHash } from 'node:crypto';
import type { ZolozConfig } from '../../config';
import type { DocumentType } from '../../../shared/domain';
import type { ProviderProgress } from '../provider';
import { ProviderError } from '../provider';
import { authFromConfig, bizIdFor, type ZolozProgress } from './adapter';
import { createZolozClient } from './client';
import { docSelectorFor } from './doc-types';
import { createZolozGateway, type FetchLike } from './gateway';
import { zolozBaseUrl } from './hosts';

export const H5_COMPLETE_CALLBACK = 'https://branch-id-kiosk.invalid/provider-page/complete';
export const H5_INTERRUPT_CALLBACK = 'https://branch-id-kiosk.invalid/provider-page/interrupt';

export interface ZolozH5Start {
  /** The capture page with its clientcfg: a capability URL, never logged, never sent to the renderer. */
  redirectUrl: string;
  /** Progress to persist with the verification: the adapter then only polls checkresult. */
  progress: ProviderProgress;
  /** What the audit log keeps of the start: ZOLOZ's transaction (not a capability; the clientcfg is). */
  audit: { transactionId: string; bizId: string };
}

export interface ZolozH5Starter {
  readonly provider: 'zoloz';
  readonly name: 'ZOLOZ';
  /** The origin the capture page must stay on. */
  readonly origin: string;
  /** Where ZOLOZ's page sends the browser when the customer is done or gives up: the window stops there. */
  readonly callbacks: { complete: string; interrupt: string };
  enabled(): boolean;
  start(input: { verificationId: string; locale: string }, signal?: AbortSignal): Promise<ZolozH5Start>;
}

export interface ZolozH5Options {
  /** ZOLOZ's H5 capture page for this merchant (from ZOLOZ's onboarding; the emulator's in training). */
  pageUrl: string | null;
  /** Whether the branch turned the flow on. */
  enabled: () => boolean;
  documentTypeOf: (verificationId: string) => DocumentType | null;
  countryOf?: (verificationId: string) => string | null;
  fetch?: FetchLike;
  now?: () => Date;
}

/** userId is required (≤ 64 chars) and should not identify the customer: a hash of the verification id. */
export const h5UserId = (verificationId: string): string => createHash('sha256').update(`branch-id-kiosk:${verificationId}`).digest('hex');

export function createZolozH5Starter(config: ZolozConfig, opts: ZolozH5Options): ZolozH5Starter {
  const page = opts.pageUrl ? new URL(opts.pageUrl) : null;
  let client: ReturnType<typeof createZolozClient> | undefined;
  const zoloz = () =>
    (client ??= createZolozClient(
      createZolozGateway({
        baseUrl: zolozBaseUrl(config),
        clientId: config.clientId ?? '',
        auth: authFromConfig(config),
        timeoutMs: config.requestTimeoutMs,
        ...(opts.now ? { now: opts.now } : {}),
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      }),
    ));
  return {
    provider: 'zoloz',
    name: 'ZOLOZ',
    origin: page?.origin ?? 'null',
    callbacks: { complete: H5_COMPLETE_CALLBACK, interrupt: H5_INTERRUPT_CALLBACK },
    enabled: () => page !== null && !!config.clientId && opts.enabled(),
    async start({ verificationId, locale }, signal) {
      if (!page) throw new ProviderError('invalid', "ZOLOZ's capture page is not configured.", { local: true });
      const documentType = opts.documentTypeOf(verificationId);
      const selector = documentType ? docSelectorFor(documentType, opts.countryOf?.(verificationId) ?? null) : null;
      if (!selector) throw new ProviderError('invalid', 'ZOLOZ cannot check this document on its own page.', { local: true });
      const bizId = bizIdFor(verificationId);
      const init = await zoloz().initialize(
        {
          bizId,
          metaInfo: 'MOB_H5',
          userId: h5UserId(verificationId),
          ...selector,
          h5ModeConfig: { completeCallbackUrl: H5_COMPLETE_CALLBACK, interruptCallbackUrl: H5_INTERRUPT_CALLBACK },
        },
        signal ? { signal } : {},
      );
      if (!init.clientCfg) throw new ProviderError('schema', 'ZOLOZ accepted initialize but returned no clientCfg for its page.');
      const url = new URL(page);
      url.searchParams.set('clientcfg', init.clientCfg);
      url.searchParams.set('langPack', locale);
      const progress: ZolozProgress = { bizId, transactionId: init.transactionId, h5: true, polls: 0 };
      return { redirectUrl: url.toString(), progress: progress as ProviderProgress, audit: { transactionId: init.transactionId, bizId } };
    },
  };
}
