import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../main/sync/circuit';

describe('CircuitBreaker', () => {
  it('opens after the threshold, lets one trial through when the wait is over, and closes on success', () => {
    let now = 0;
    const c = new CircuitBreaker({ failureThreshold: 3, openMs: 1000, maxOpenMs: 4000 }, () => now);
    for (let i = 0; i < 2; i++) {
      expect(c.tryAcquire()).toBe(true);
      c.onFailure();
    }
    expect(c.state()).toBe('closed');
    c.onFailure();
    expect(c.state()).toBe('open');
    expect(c.tryAcquire()).toBe(false);
    now = 1000;
    expect(c.state()).toBe('half_open');
    expect(c.tryAcquire()).toBe(true);
    expect(c.tryAcquire()).toBe(false); // only one trial at a time
    c.onSuccess();
    expect(c.state()).toBe('closed');
  });

  it('a failed trial reopens for longer, capped', () => {
    let now = 0;
    const c = new CircuitBreaker({ failureThreshold: 1, openMs: 1000, maxOpenMs: 2500 }, () => now);
    c.onFailure();
    expect(c.retryAt()).toBe(1000);
    now = 1000;
    expect(c.tryAcquire()).toBe(true);
    c.onFailure();
    expect(c.state()).toBe('open');
    expect(c.retryAt()).toBe(3000);
    now = 3000;
    c.tryAcquire();
    c.onFailure();
    expect(c.retryAt()).toBe(5500); // 4000 capped to 2500
  });

  it('release() frees the trial slot without judging the provider', () => {
    let now = 0;
    const c = new CircuitBreaker({ failureThreshold: 1, openMs: 10, maxOpenMs: 10 }, () => now);
    c.onFailure();
    now = 10;
    expect(c.tryAcquire()).toBe(true);
    c.release();
    expect(c.state()).toBe('half_open');
    expect(c.tryAcquire()).toBe(true);
  });
});
