// The one Retry-After parser both provider clients use.
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../main/providers/retry-after';

const now = new Date('2026-12-06T15:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('8', now)).toBe(8_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date as the wait from now, and a past date as no wait', () => {
    expect(parseRetryAfter('Sun, 06 Dec 2026 15:00:08 GMT', now)).toBe(8_000);
    expect(parseRetryAfter(new Date(now.getTime() + 90_000).toUTCString(), now)).toBe(90_000);
    expect(parseRetryAfter('Sun, 06 Dec 2026 14:59:00 GMT', now)).toBe(0);
  });

  it('ignores what is neither form', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('2.5', now)).toBeUndefined();
  });
});
