import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyFailure } from '../../../main/sync/retry';
import { ProviderError } from '../../../main/providers/provider';

const policy = { baseMs: 1000, capMs: 60_000 };

describe('backoffDelay (full jitter)', () => {
  it('spans 0..min(cap, base*2^attempt)', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(0);
    expect(backoffDelay(0, policy, () => 0.999999)).toBe(999);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(4000);
    expect(backoffDelay(30, policy, () => 0.999999)).toBe(59_999); // capped
    expect(backoffDelay(5000, policy, () => 0.5)).toBe(30_000); // no overflow
  });
});

describe('classifyFailure', () => {
  it('retries 5xx, marks that the step may have been done, and honours Retry-After', () => {
    const a = classifyFailure(new ProviderError('retryable', '503', { status: 503 }), 0, policy, () => 0.5);
    expect(a).toMatchObject({ kind: 'retry', delayMs: 500, maybeDelivered: true, networkFailure: false, outage: false, providerWait: false });
    const b = classifyFailure(new ProviderError('retryable', '429', { status: 429, retryAfterMs: 7000 }), 0, policy, () => 0.5);
    expect(b).toMatchObject({ kind: 'retry', delayMs: 7000, maybeDelivered: false, outage: false, providerWait: true });
  });

  it('holds the whole provider only when it named a wait for everyone (429/503 with Retry-After)', () => {
    const wait = (details: ConstructorParameters<typeof ProviderError>[2]) => classifyFailure(new ProviderError('retryable', 'x', details), 0, policy, () => 0.5);
    expect(wait({ status: 503, retryAfterMs: 5000 })).toMatchObject({ providerWait: true, delayMs: 5000 });
    expect(wait({ status: 429 })).toMatchObject({ providerWait: false });
    // A rule of a provider's own result codes (e.g. ZOLOZ PROCESS_TIMEOUT) is about that request.
    expect(wait({ providerCode: 'PROCESS_TIMEOUT', retryAfterMs: 60_000 })).toMatchObject({ providerWait: false, delayMs: 60_000 });
  });

  it('treats no answer as a network failure; refused connections were not delivered', () => {
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    const a = classifyFailure(new ProviderError('retryable', 'down', { cause: new TypeError('fetch failed', { cause: refused }) }), 2, policy, () => 0);
    expect(a).toMatchObject({ kind: 'retry', networkFailure: true, maybeDelivered: false, outage: true });
    const timeout = classifyFailure(new ProviderError('retryable', 'timeout', { cause: Object.assign(new Error('t'), { code: 'UND_ERR_HEADERS_TIMEOUT' }) }), 2, policy, () => 0);
    expect(timeout).toMatchObject({ kind: 'retry', networkFailure: true, maybeDelivered: true, outage: false });
    // A reset mid-request is not an outage: that request itself may be the trouble; it keeps its backoff.
    const reset = classifyFailure(new ProviderError('retryable', 'reset', { cause: Object.assign(new Error('r'), { code: 'ECONNRESET' }) }), 2, policy, () => 0);
    expect(reset).toMatchObject({ kind: 'retry', networkFailure: true, maybeDelivered: true, outage: false });
    const noDns = classifyFailure(new ProviderError('retryable', 'dns', { cause: Object.assign(new Error('d'), { code: 'ENOTFOUND' }) }), 2, policy, () => 0);
    expect(noDns).toMatchObject({ kind: 'retry', networkFailure: true, outage: true });
  });

  it('routes invalid and schema failures to a supervisor with the raw body', () => {
    expect(classifyFailure(new ProviderError('invalid', 'bad doc', { status: 400, rawBody: '{"e":1}' }), 0, policy)).toEqual({
      kind: 'needs_attention',
      message: 'bad doc',
      rawBody: '{"e":1}',
      local: false,
    });
    // Stopped by the kiosk before the provider was asked: the worker must not read it as an answer.
    expect(classifyFailure(new ProviderError('invalid', 'no front', { local: true }), 0, policy)).toMatchObject({ kind: 'needs_attention', local: true });
    expect(classifyFailure(new ProviderError('schema', 'drift', { rawBody: '<html>' }), 0, policy)).toMatchObject({ kind: 'needs_attention', rawBody: '<html>' });
  });

  it('pauses on auth and restarts on gone; unknown errors retry', () => {
    expect(classifyFailure(new ProviderError('auth', 'nope', { status: 401 }), 0, policy).kind).toBe('pause_provider');
    expect(classifyFailure(new ProviderError('gone', 'lost', { status: 404 }), 0, policy).kind).toBe('restart_session');
    expect(classifyFailure(new Error('boom'), 0, policy, () => 0)).toMatchObject({ kind: 'retry', message: 'Unexpected sync error: boom' });
  });
});

describe('classifyFailure: what the worker may assume was delivered', () => {
  const retryable = (status: number) => classifyFailure(new ProviderError('retryable', `HTTP ${status}`, { status }), 1, policy, () => 0.5);

  it('an answered 5xx, from 500 up, may have done the step; a 4xx the provider retries did not', () => {
    for (const status of [500, 502, 503, 504]) expect(retryable(status)).toMatchObject({ maybeDelivered: true, networkFailure: false, outage: false });
    for (const status of [408, 409, 425, 429, 499]) expect(retryable(status)).toMatchObject({ maybeDelivered: false, networkFailure: false, outage: false });
  });

  it('an unexpected error is retried with backoff, counted as possibly delivered, and holds nothing else', () => {
    expect(classifyFailure(new TypeError('x is undefined'), 2, policy, () => 0.5)).toEqual({
      kind: 'retry',
      delayMs: 2000,
      message: 'Unexpected sync error: x is undefined',
      maybeDelivered: true,
      networkFailure: false,
      outage: false,
      providerWait: false,
    });
    expect(classifyFailure('thrown string', 0, policy, () => 0)).toMatchObject({ kind: 'retry', delayMs: 0, message: 'Unexpected sync error: thrown string' });
  });
});
