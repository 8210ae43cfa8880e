import { describe, expect, it } from 'vitest';
import { httpFailure, networkFailure, parseRetryAfter, schemaFailure } from '../../../main/providers/zignsec/errors';

const body = (code: string, description: string) => JSON.stringify({ errors: [{ code, description }] });

describe('HTTP failures are classified for the retry policy', () => {
  it.each([
    [400, 'invalid'],
    [415, 'invalid'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'gone'],
    [429, 'retryable'],
    [500, 'retryable'],
    [502, 'retryable'],
    [503, 'retryable'],
  ] as const)('HTTP %i → %s', (status, kind) => {
    const e = httpFailure('add document', status, body('X', 'Something specific'), null);
    expect(e.kind).toBe(kind);
    expect(e.details.status).toBe(status);
    expect(e.details.providerCode).toBe('X');
  });

  it('400 carries the provider description', () => {
    const e = httpFailure('add document', 400, body('INVALID_REQUEST', 'Only image/jpeg is supported'), null);
    expect(e.message).toContain('Only image/jpeg is supported');
  });

  it('429 honours Retry-After in seconds and as a date', () => {
    expect(httpFailure('x', 429, '', '7').details.retryAfterMs).toBe(7000);
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('a non-JSON error body still classifies, raw kept', () => {
    const e = httpFailure('x', 502, '<html>Bad gateway</html>', null);
    expect(e.kind).toBe('retryable');
    expect(e.details.rawBody).toBe('<html>Bad gateway</html>');
  });

  it('network and schema failures', () => {
    expect(networkFailure('x', new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }), false).message).toContain('ECONNRESET');
    expect(networkFailure('x', new Error('aborted'), true).kind).toBe('retryable');
    const s = schemaFailure('get analyses', 200, '{"x":1}', 'total_result: missing');
    expect(s.kind).toBe('schema');
    expect(s.details.rawBody).toBe('{"x":1}');
  });
});
