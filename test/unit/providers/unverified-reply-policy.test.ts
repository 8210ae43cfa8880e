// A reply whose signature did not verify: retried as a transient fault a bounded number of times in a
// row, then the provider is paused; any other rejected credential pauses at once.
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../main/providers/provider';
import { classifyFailure, UNVERIFIED_REPLY_RETRIES } from '../../../main/sync/retry';

const policy = { baseMs: 1000, capMs: 60_000 };
const badSignature = () => new ProviderError('auth', 'The ZOLOZ reply failed signature verification.', { status: 200, unverifiedReply: true });

describe('classifyFailure: unverified replies', () => {
  it('retries the first bad signatures with backoff, counting the request as possibly carried out', () => {
    expect(UNVERIFIED_REPLY_RETRIES).toBe(3);
    for (let attempt = 0; attempt < UNVERIFIED_REPLY_RETRIES; attempt++) {
      const a = classifyFailure(badSignature(), attempt, policy, () => 0.5);
      expect(a).toEqual({
        kind: 'retry',
        delayMs: backoffAt(attempt),
        message: 'The ZOLOZ reply failed signature verification.',
        maybeDelivered: true,
        networkFailure: false,
        outage: false,
        providerWait: false,
      });
    }
  });

  it('pauses the provider once the bound is reached', () => {
    expect(classifyFailure(badSignature(), UNVERIFIED_REPLY_RETRIES, policy, () => 0.5)).toEqual({ kind: 'pause_provider', message: 'The ZOLOZ reply failed signature verification.' });
    expect(classifyFailure(badSignature(), 40, policy, () => 0.5).kind).toBe('pause_provider');
  });

  it('still pauses at once for credentials the provider rejected', () => {
    expect(classifyFailure(new ProviderError('auth', 'SIGNATURE_INVALID', { providerCode: 'SIGNATURE_INVALID' }), 0, policy, () => 0.5).kind).toBe('pause_provider');
    expect(classifyFailure(new ProviderError('auth', '401', { status: 401 }), 0, policy, () => 0.5).kind).toBe('pause_provider');
  });
});

function backoffAt(attempt: number): number {
  return Math.floor(0.5 * Math.min(policy.capMs, policy.baseMs * 2 ** attempt));
}
