// The provider request deadline: fires as a timeout, follows the caller's abort, and once the
// request is done holds neither a timer nor a listener on the caller's (long-lived) signal.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDeadline } from '../../../main/providers/deadline';

afterEach(() => vi.useRealTimers());

describe('startDeadline', () => {
  it('aborts with a TimeoutError when the time passes, and says it timed out', () => {
    vi.useFakeTimers();
    const d = startDeadline(500);
    vi.advanceTimersByTime(499);
    expect(d.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(d.signal.aborted).toBe(true);
    expect((d.signal.reason as Error).name).toBe('TimeoutError');
    expect(d.timedOut).toBe(true);
  });

  it("follows the caller's abort with the caller's reason, and that is not a timeout", () => {
    const caller = new AbortController();
    const d = startDeadline(60_000, caller.signal);
    const reason = new Error('kiosk stopping');
    caller.abort(reason);
    expect(d.signal.aborted).toBe(true);
    expect(d.signal.reason).toBe(reason);
    expect(d.timedOut).toBe(false);
    d.done();
  });

  it('starts aborted when the caller already aborted', () => {
    const caller = new AbortController();
    caller.abort(new Error('gone'));
    const d = startDeadline(60_000, caller.signal);
    expect(d.signal.aborted).toBe(true);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    d.done();
  });

  it('once done, leaves no timer armed and no listener on the caller, and never fires', () => {
    vi.useFakeTimers();
    const caller = new AbortController();
    const deadlines = Array.from({ length: 100 }, () => startDeadline(30_000, caller.signal));
    expect(vi.getTimerCount()).toBe(100);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(100);
    for (const d of deadlines) d.done();
    for (const d of deadlines) d.done(); // twice is harmless
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    vi.advanceTimersByTime(60_000);
    expect(deadlines.some((d) => d.signal.aborted || d.timedOut)).toBe(false);
  });
});
