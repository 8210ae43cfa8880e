import { describe, expect, it } from 'vitest';
import { Connectivity } from '../../../main/sync/connectivity';
import type { ProviderAdapter } from '../../../main/providers/provider';
import type { ProviderId } from '../../../shared/domain';

// A provider whose reachability the test controls (the probe is the only call Connectivity makes).
function provider(up: () => boolean, calls: { n: number }): ProviderAdapter {
  return {
    id: 'zignsec',
    step: () => Promise.reject(new Error('not used')),
    probe: async () => {
      calls.n++;
      return up();
    },
  };
}

describe('Connectivity', () => {
  it('is unknown until a call, offline after a failed call, and back after a successful probe', async () => {
    let now = 1_000;
    let up = false;
    const calls = { n: 0 };
    const c = new Connectivity({ baseMs: 1000, capMs: 60_000 }, () => now, () => 0.5);
    const adapters = new Map<ProviderId, ProviderAdapter>([['zignsec', provider(() => up, calls)]]);
    const signal = new AbortController().signal;
    expect(c.reachable('zignsec')).toBeNull();
    expect(c.online(['zignsec'])).toBe(true);
    expect(c.noteUnreachable('zignsec')).toBe(true);
    expect(c.online(['zignsec'])).toBe(false);
    // not due yet: no probe
    expect(await c.probeDue(adapters, signal)).toEqual([]);
    expect(calls.n).toBe(0);
    now = c.nextProbeAt()!;
    expect(await c.probeDue(adapters, signal)).toEqual([]);
    expect(calls.n).toBe(1);
    const second = c.nextProbeAt()!;
    expect(second).toBeGreaterThan(now);
    // probes back off but never beyond a minute
    for (let i = 0; i < 12; i++) {
      now = c.nextProbeAt()!;
      await c.probeDue(adapters, signal);
    }
    expect(c.nextProbeAt()! - now).toBeLessThanOrEqual(60_000);
    up = true;
    now = c.nextProbeAt()!;
    expect(await c.probeDue(adapters, signal)).toEqual(['zignsec']);
    expect(c.reachable('zignsec')).toBe(true);
    expect(c.nextProbeAt()).toBeNull();
  });
});
