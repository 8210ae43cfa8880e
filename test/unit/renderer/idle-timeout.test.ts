// @vitest-environment happy-dom
// The renderer's idle cancel: useIdleTimeout counts down while a verification is open, restarts on
// any touch, key or "still here", and calls onIdle exactly once when the time runs out; the App
// hands onIdle its reset, which puts the flow back to the start screen. Rendered with React in a
// DOM (happy-dom) with fake timers, so the seconds are exact and no test waits for real.
import { act, createElement, useReducer } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { reactRootPerTest } from './react-root';
import { flowReducer, initialFlow, type FlowState } from '../../../renderer/src/app/flow';
import { useIdleTimeout } from '../../../renderer/src/app/hooks';
import { IDLE_TIMEOUT_SECONDS, idleTimeoutSeconds } from '../../../renderer/src/app/settings';
import { makeVerification } from '../../helpers/fixtures';

interface Seen {
  secondsLeft: number;
  stillHere: () => void;
}

let seen: Seen;

function Probe(props: { enabled: boolean; timeoutSeconds: number; onIdle: () => void }) {
  seen = useIdleTimeout(props.enabled, props.timeoutSeconds, props.onIdle);
  return null;
}

function render(props: { enabled: boolean; timeoutSeconds: number; onIdle: () => void }) {
  act(() => view.root.render(createElement(Probe, props)));
}

const advance = (ms: number) => act(() => void vi.advanceTimersByTime(ms));

const view = reactRootPerTest();

describe('useIdleTimeout', () => {
  it('calls onIdle once, when the whole timeout has passed without activity and not a moment before', () => {
    const onIdle = vi.fn();
    render({ enabled: true, timeoutSeconds: 10, onIdle });
    expect(seen.secondsLeft).toBe(10);
    advance(1_000);
    expect(seen.secondsLeft).toBe(9);
    advance(8_999); // 9.999 s
    expect(seen.secondsLeft).toBe(1);
    expect(onIdle).not.toHaveBeenCalled();
    advance(250); // the first tick at or after 10 s
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(seen.secondsLeft).toBe(0);
    advance(60_000);
    expect(onIdle).toHaveBeenCalledTimes(1); // the timer stopped
  });

  for (const event of ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const) {
    it(`a ${event} restarts the count`, () => {
      const onIdle = vi.fn();
      render({ enabled: true, timeoutSeconds: 10, onIdle });
      advance(8_000);
      expect(seen.secondsLeft).toBe(2);
      act(() => void window.dispatchEvent(new Event(event)));
      advance(250);
      expect(seen.secondsLeft).toBe(10);
      advance(9_500);
      expect(onIdle).not.toHaveBeenCalled();
      advance(500);
      expect(onIdle).toHaveBeenCalledTimes(1);
    });
  }

  it('"still here" restarts the count at once', () => {
    const onIdle = vi.fn();
    render({ enabled: true, timeoutSeconds: 30, onIdle });
    advance(25_000);
    expect(seen.secondsLeft).toBe(5);
    act(() => seen.stillHere());
    expect(seen.secondsLeft).toBe(30);
    advance(29_000);
    expect(onIdle).not.toHaveBeenCalled();
    advance(1_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('does not count on the start screen (disabled), and starts afresh when enabled', () => {
    const onIdle = vi.fn();
    render({ enabled: false, timeoutSeconds: 10, onIdle });
    advance(60_000);
    expect(onIdle).not.toHaveBeenCalled();
    expect(seen.secondsLeft).toBe(10);
    render({ enabled: true, timeoutSeconds: 10, onIdle });
    advance(9_750);
    expect(onIdle).not.toHaveBeenCalled();
    advance(250);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('stops counting when disabled before the time is up (the teller went back to start)', () => {
    const onIdle = vi.fn();
    render({ enabled: true, timeoutSeconds: 10, onIdle });
    advance(5_000);
    render({ enabled: false, timeoutSeconds: 10, onIdle });
    advance(60_000);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('shows the full time again at once when it starts counting again or the timeout changes', () => {
    const onIdle = vi.fn();
    render({ enabled: true, timeoutSeconds: 10, onIdle });
    advance(8_000);
    expect(seen.secondsLeft).toBe(2);
    render({ enabled: false, timeoutSeconds: 10, onIdle });
    render({ enabled: true, timeoutSeconds: 10, onIdle });
    expect(seen.secondsLeft).toBe(10); // before any tick
    advance(8_000);
    render({ enabled: true, timeoutSeconds: 30, onIdle });
    expect(seen.secondsLeft).toBe(30);
  });

  it('calls the latest onIdle it was given', () => {
    const first = vi.fn();
    const latest = vi.fn();
    render({ enabled: true, timeoutSeconds: 5, onIdle: first });
    render({ enabled: true, timeoutSeconds: 5, onIdle: latest });
    advance(5_000);
    expect(first).not.toHaveBeenCalled();
    expect(latest).toHaveBeenCalledTimes(1);
  });

  it('the timeout from local storage is used only within 1 s and the cap', () => {
    const storage = (value: string | null) => ({ getItem: () => value });
    expect(idleTimeoutSeconds(storage('15'))).toBe(15);
    expect(idleTimeoutSeconds(storage('1'))).toBe(1);
    expect(idleTimeoutSeconds(storage(String(IDLE_TIMEOUT_SECONDS)))).toBe(IDLE_TIMEOUT_SECONDS);
    expect(idleTimeoutSeconds(storage(String(IDLE_TIMEOUT_SECONDS + 1)))).toBe(IDLE_TIMEOUT_SECONDS);
    expect(idleTimeoutSeconds(storage('0'))).toBe(IDLE_TIMEOUT_SECONDS);
    expect(idleTimeoutSeconds(storage('abc'))).toBe(IDLE_TIMEOUT_SECONDS);
    expect(idleTimeoutSeconds(null)).toBe(IDLE_TIMEOUT_SECONDS);
  });
});

describe('idle cancel of the teller flow', () => {
  let flow: FlowState;

  /** The App's wiring: the idle timer runs off the start screen, and its onIdle dispatches reset. */
  function Teller(props: { from: FlowState; timeoutSeconds: number; onReset: (left: FlowState) => void }) {
    const [state, dispatch] = useReducer(flowReducer, props.from);
    flow = state;
    useIdleTimeout(state.screen !== 'start', props.timeoutSeconds, () => {
      props.onReset(state);
      dispatch({ type: 'reset' });
    });
    return null;
  }

  it('after the idle timeout a half-done verification is back at the start screen with nothing of the customer kept', () => {
    const v = makeVerification('passport');
    const midway = [{ type: 'begin' }, { type: 'consentGiven' }, { type: 'verificationStarted', verification: v }] as const;
    const from = midway.reduce<FlowState>((s, a) => flowReducer(s, a), initialFlow);
    expect(from.screen).not.toBe('start');
    const onReset = vi.fn();
    act(() => view.root.render(createElement(Teller, { from, timeoutSeconds: 20, onReset })));
    advance(19_750);
    expect(flow.screen).toBe(from.screen);
    advance(250);
    expect(onReset).toHaveBeenCalledTimes(1);
    expect(flow).toEqual(initialFlow);
    expect(flow.verification).toBeNull();
    advance(120_000);
    expect(onReset).toHaveBeenCalledTimes(1); // on the start screen nothing counts
  });
});
