// What to do after a provider step fails. The adapter classifies each failure (ProviderError.kind);
// this module turns that into an action: retry later (exponential backoff, full jitter, capped,
// Retry-After honoured), hand it to a supervisor, pause the provider, or restart the provider session.
import { connectionNeverOpened, ProviderError } from '../providers/provider';

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export type FailureAction =
  | {
      kind: 'retry';
      delayMs: number;
      message: string;
      /** No reply came (timeout, reset, 5xx): the provider may have done the step. See worker.ts. */
      maybeDelivered: boolean;
      /** No HTTP answer at all: the provider looks unreachable (connectivity goes offline). */
      networkFailure: boolean;
      /**
       * The connection could not even be opened (refused, no route, no DNS): the network or the
       * provider is down, which says nothing about this verification. Its wait ends as soon as the
       * provider answers again (Store.releaseOutageWaits), so the oldest customers go first when the
       * network returns instead of serving out a backoff grown over days offline. A timeout or a reset
       * keeps its backoff: that request may be the trouble (a large upload on a slow line).
       */
      outage: boolean;
      /**
       * 429 or 503 with Retry-After: the provider set the pace for every call from this kiosk, not
       * for this verification alone, so the worker holds the whole provider until then.
       */
      providerWait: boolean;
    }
  | {
      kind: 'needs_attention';
      message: string;
      rawBody: string | null;
      /** The kiosk stopped the step itself (ProviderError details.local): says nothing about the provider. */
      local: boolean;
    }
  | { kind: 'pause_provider'; message: string }
  | { kind: 'restart_session'; message: string };

/**
 * Replies that failed signature verification retried in a row (per verification) before the
 * provider is paused: the bound-plus-one-th such failure pauses it.
 */
export const UNVERIFIED_REPLY_RETRIES = 3;

/**
 * "Full jitter" backoff (AWS architecture blog): uniform in [0, min(cap, base * 2^attempt)].
 * Spreads a fleet of kiosks coming back online instead of having them retry in lockstep.
 * `attempt` is the number of failures so far, starting at 0 for the first retry.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 52));
  return Math.floor(random() * ceiling);
}

export function classifyFailure(error: unknown, attempt: number, policy: BackoffPolicy, random: () => number = Math.random): FailureAction {
  if (!(error instanceof ProviderError)) {
    // A bug or an unwrapped error: nothing is lost by retrying later, and the message is kept for support.
    const message = `Unexpected sync error: ${error instanceof Error ? error.message : String(error)}`;
    return { kind: 'retry', delayMs: backoffDelay(attempt, policy, random), message, maybeDelivered: true, networkFailure: false, outage: false, providerWait: false };
  }
  switch (error.kind) {
    case 'retryable': {
      const status = error.details.status;
      const jittered = backoffDelay(attempt, policy, random);
      // Retry-After is the provider telling us its own schedule: never retry earlier than it asks.
      const delayMs = error.details.retryAfterMs !== undefined ? Math.max(error.details.retryAfterMs, jittered) : jittered;
      const networkFailure = status === undefined;
      const notConnected = networkFailure && connectionNeverOpened(error.details.cause);
      const maybeDelivered = status === 429 ? false : networkFailure ? !notConnected : status >= 500;
      const providerWait = error.details.retryAfterMs !== undefined && (status === 429 || status === 503);
      return { kind: 'retry', delayMs, message: error.message, maybeDelivered, networkFailure, outage: notConnected, providerWait };
    }
    case 'invalid':
    case 'schema':
      return { kind: 'needs_attention', message: error.message, rawBody: error.details.rawBody ?? null, local: error.details.local === true };
    case 'auth':
      // A reply whose signature did not verify: a hop that corrupts replies now and then passes, a
      // wrong key does not. Retried as a transient fault while this verification's failures in a
      // row stay under the bound, then the provider is paused like any rejected credential. The
      // request was received (something answered it), so a retry may repeat what it did.
      if (error.details.unverifiedReply && attempt < UNVERIFIED_REPLY_RETRIES) {
        const delayMs = backoffDelay(attempt, policy, random);
        return { kind: 'retry', delayMs, message: error.message, maybeDelivered: true, networkFailure: false, outage: false, providerWait: false };
      }
      return { kind: 'pause_provider', message: error.message };
    case 'gone':
      return { kind: 'restart_session', message: error.message };
  }
}
