import { describe, expect, it } from 'vitest';
import { FaultInjector, mulberry32 } from '../../../main/sandbox/faults';

describe('fault injector', () => {
  it('is deterministic for a seed', () => {
    const run = (seed: number) => {
      const f = new FaultInjector();
      f.configure({ seed, rules: [{ route: '*', kind: 'error', probability: 0.3 }] });
      return Array.from({ length: 50 }, () => (f.draw('addDocument').fault ? 1 : 0)).join('');
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
    const fired = run(42).split('').filter((c) => c === '1').length;
    expect(fired).toBeGreaterThan(5);
    expect(fired).toBeLessThan(30);
  });

  it('respects route, times and latency stacking', () => {
    const f = new FaultInjector();
    f.configure({
      rules: [
        { route: 'addDocument', kind: 'latency', latencyMs: 30 },
        { route: 'addDocument', kind: 'throttle', times: 2, retryAfterSec: 3 },
      ],
    });
    expect(f.draw('createSession')).toEqual({ latencyMs: 0, fault: null });
    const a = f.draw('addDocument');
    expect(a.latencyMs).toBe(30);
    expect(a.fault?.kind).toBe('throttle');
    f.draw('addDocument');
    expect(f.draw('addDocument').fault).toBeNull();
    expect(f.fired['addDocument:throttle']).toBe(2);
  });

  it('reply-damaging kinds always strike after the work', () => {
    const f = new FaultInjector();
    f.configure({ rules: [{ route: '*', kind: 'truncate' }] });
    expect(f.draw('x').fault?.after).toBe(true);
  });

  it('mulberry32 spreads over [0,1)', () => {
    const r = mulberry32(7);
    const xs = Array.from({ length: 1000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});
