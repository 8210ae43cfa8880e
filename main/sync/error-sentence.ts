// Why a step of the sync failed, as the catalogue sentence the teller's and the supervisor's screens show
// in their language. Derived from what the failure carries in its structure (ProviderError's kind, HTTP
// status, provider code, local and unverified-reply marks), never from its English text, which stays in
// the store and the audit for support. A failure that names its own sentence (details.sentence, set where
// the kiosk knows more, e.g. which side is missing) keeps it.
import { ProviderError } from '../providers/provider';
import type { ProviderId } from '../../shared/domain';
import { kioskMessage, type KioskMessage } from '../../shared/kiosk-message';

/** The provider's name as the sentences show it. */
export const PROVIDER_DISPLAY_NAME: Record<ProviderId, string> = { zignsec: 'ZignSec', zoloz: 'ZOLOZ' };

/** ZOLOZ result codes with a sentence of their own (the others are named by their code). */
const THROTTLED_CODES = new Set(['REQUEST_TRAFFIC_EXCEED_LIMIT']);
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

export function syncErrorSentence(providerId: ProviderId, error: unknown): KioskMessage {
  if (!(error instanceof ProviderError)) return kioskMessage('sync_unexpected');
  if (error.details.sentence) return error.details.sentence;
  const provider = PROVIDER_DISPLAY_NAME[providerId];
  const { status } = error.details;
  // A provider's code goes into the sentence only when it looks like one (never a description).
  const code = error.details.providerCode !== undefined && CODE.test(error.details.providerCode) ? error.details.providerCode : undefined;
  switch (error.kind) {
    case 'retryable':
      if (status === 429 || (code !== undefined && THROTTLED_CODES.has(code))) return kioskMessage('sync_provider_busy', { provider });
      if (status !== undefined) return kioskMessage('sync_provider_trouble', { provider, status });
      if (code !== undefined) return kioskMessage('sync_provider_code_retry', { provider, code });
      return kioskMessage('sync_no_answer', { provider });
    case 'auth':
      // A reply whose signature did not verify is retried a few times before the provider is paused.
      return error.details.unverifiedReply ? kioskMessage('sync_reply_unverified', { provider }) : kioskMessage('sync_credentials_refused', { provider });
    case 'gone':
      return kioskMessage('sync_session_restarted', { provider });
    case 'schema':
      return error.details.local ? kioskMessage('sync_progress_unreadable') : kioskMessage('sync_reply_not_understood', { provider });
    case 'invalid':
      if (code === 'PROCESSING') return kioskMessage('sync_still_processing', { provider });
      if (code === 'LIMIT_EXCEEDED') return kioskMessage('sync_too_many_attempts', { provider });
      if (error.details.local) return kioskMessage('sync_kiosk_stopped', { provider });
      if (code !== undefined) return kioskMessage('sync_rejected_code', { provider, code });
      if (status !== undefined) return kioskMessage('sync_rejected', { provider, status });
      return kioskMessage('sync_rejected_plain', { provider });
  }
}
