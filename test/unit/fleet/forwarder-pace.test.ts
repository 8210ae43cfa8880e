import { describe, expect, it } from 'vitest';
import { paceDelayMs, retryDelayMs } from '../../../main/fleet/audit-forwarder';

describe('forwarding pace', () => {
  it('spaces batches so a backlog drains at no more than maxRowsPerSecond', () => {
    expect(paceDelayMs(250, 500, 0)).toBe(500);
    expect(paceDelayMs(250, 500, 120)).toBe(380); // the batch's own time counts
    expect(paceDelayMs(250, 500, 900)).toBe(0);
    // Over a drain: n batches of b rows never start faster than the bound allows.
    let clock = 0;
    for (let i = 0; i < 100; i++) clock += 30 + paceDelayMs(100, 200, 30);
    expect((100 * 100) / (clock / 1000)).toBeLessThanOrEqual(200);
  });

  it('backs off exponentially with jitter, capped, never below half the base', () => {
    expect(retryDelayMs(1, 2_000, 300_000, 0.999)).toBe(1_998);
    expect(retryDelayMs(4, 2_000, 300_000, 0.999)).toBe(15_984);
    expect(retryDelayMs(40, 2_000, 300_000, 0.999)).toBe(299_700);
    expect(retryDelayMs(3, 2_000, 300_000, 0)).toBe(1_000);
  });
});
