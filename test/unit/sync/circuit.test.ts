import { describe, expect, it } from 'vitest';
import { CircuitBreaker, DEFAULT_CIRCUIT } from '../../../main/sync/circuit';

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

describe('CircuitBreaker defaults', () => {
  it('uses 5 consecutive failures, 30 s open, 5 min cap when built without options', () => {
    expect(DEFAULT_CIRCUIT).toEqual({ failureThreshold: 5, openMs: 30_000, maxOpenMs: 300_000 });
    let now = 1_000_000;
    const c = new CircuitBreaker(undefined, () => now);
    for (let i = 0; i < 4; i++) {
      expect(c.tryAcquire()).toBe(true);
      c.onFailure();
      expect(c.state()).toBe('closed');
    }
    expect(c.retryAt()).toBeNull();
    c.onFailure(); // the fifth in a row
    expect(c.state()).toBe('open');
    expect(c.tryAcquire()).toBe(false);
    expect(c.retryAt()).toBe(now + 30_000);
    now += 29_999;
    expect(c.state()).toBe('open');
    now += 1;
    expect(c.state()).toBe('half_open');
  });

  it('a success in between restarts the count of consecutive failures', () => {
    const c = new CircuitBreaker(undefined, () => 0);
    for (let i = 0; i < 4; i++) c.onFailure();
    c.onSuccess();
    for (let i = 0; i < 4; i++) c.onFailure();
    expect(c.state()).toBe('closed');
    c.onFailure();
    expect(c.state()).toBe('open');
  });

  it('failed trials double the wait from 30 s and stop at 5 minutes', () => {
    let now = 0;
    const c = new CircuitBreaker(undefined, () => now);
    for (let i = 0; i < 5; i++) c.onFailure();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const at = c.retryAt();
      if (at === null) throw new Error('circuit closed unexpectedly');
      waits.push(at - now);
      now = at;
      expect(c.tryAcquire()).toBe(true);
      c.onFailure();
    }
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
  });
});
