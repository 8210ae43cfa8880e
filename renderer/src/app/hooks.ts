// React hooks around the KioskApi: live status (polled + queueChanged events), one call at a time with
// its busy state and error, and the idle timer.
import { useEffect, useRef, useState } from 'react';
import type { KioskApi, KioskErrorShape, Result } from '../../../shared/contract';
import type { KioskStatus } from '../../../shared/domain';
import { STATUS_FOLLOW_UP_MS, STATUS_POLL_MS } from './settings';

/** Live status, plus the last error when the host could not be asked (e.g. no session token). */
export function useKioskStatus(kiosk: KioskApi): { status: KioskStatus | null; error: KioskErrorShape | null } {
  const [status, setStatus] = useState<KioskStatus | null>(null);
  const [error, setError] = useState<KioskErrorShape | null>(null);
  useEffect(() => {
    let alive = true;
    const refresh = async () => {
      const result = await kiosk.getStatus({});
      if (!alive) return;
      if (result.ok) {
        setStatus(result.value);
        setError(null);
      } else setError(result.error);
    };
    void refresh();
    const timer = window.setInterval(() => void refresh(), STATUS_POLL_MS);
    // A queue change is also when connectivity changes (a send failed, a provider answered again):
    // re-read the whole status soon, at most once per STATUS_FOLLOW_UP_MS, so the offline banner
    // follows the network within seconds instead of waiting for the slow poll.
    let followUp: number | null = null;
    const off = kiosk.on('queueChanged', (queue) => {
      setStatus((previous) => (previous ? { ...previous, queue } : previous));
      if (followUp === null) {
        followUp = window.setTimeout(() => {
          followUp = null;
          void refresh();
        }, STATUS_FOLLOW_UP_MS);
      }
    });
    return () => {
      alive = false;
      window.clearInterval(timer);
      if (followUp !== null) window.clearTimeout(followUp);
      off();
    };
  }, [kiosk]);
  return { status, error };
}

/**
 * A screen's call to main: `run` marks it busy (under `key`, so a screen with several buttons can
 * show which one is working), clears the last error, and on success hands the value to `onOk`; a
 * failure is kept in `error` for the screen's ErrorBanner.
 */
export function useKioskCall(): {
  busy: boolean;
  busyKey: string | null;
  error: KioskErrorShape | null;
  run: <T>(call: () => Promise<Result<T>>, onOk: (value: T) => void, key?: string) => Promise<void>;
} {
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [error, setError] = useState<KioskErrorShape | null>(null);
  async function run<T>(call: () => Promise<Result<T>>, onOk: (value: T) => void, key = 'call'): Promise<void> {
    setBusyKey(key);
    setError(null);
    const result = await call();
    setBusyKey(null);
    if (result.ok) onOk(result.value);
    else setError(result.error);
  }
  return { busy: busyKey !== null, busyKey, error, run };
}

/**
 * Counts down while `enabled` and restarts on any touch, click or key. Returns the seconds left,
 * and calls `onIdle` once when they run out. Counting whole seconds is precise enough for a kiosk.
 */
export function useIdleTimeout(enabled: boolean, timeoutSeconds: number, onIdle: () => void): { secondsLeft: number; stillHere: () => void } {
  const [secondsLeft, setSecondsLeft] = useState(timeoutSeconds);
  const lastActivity = useRef(Date.now());
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;

  useEffect(() => {
    if (!enabled) return;
    lastActivity.current = Date.now();
    setSecondsLeft(timeoutSeconds);
    const touch = () => {
      lastActivity.current = Date.now();
    };
    const activity = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const name of activity) window.addEventListener(name, touch, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      const left = Math.max(0, timeoutSeconds - Math.floor((Date.now() - lastActivity.current) / 1000));
      setSecondsLeft(left);
      if (left === 0) {
        window.clearInterval(timer);
        onIdleRef.current();
      }
    }, 250);
    return () => {
      window.clearInterval(timer);
      for (const name of activity) window.removeEventListener(name, touch, { capture: true });
    };
  }, [enabled, timeoutSeconds]);

  return {
    secondsLeft: enabled ? secondsLeft : timeoutSeconds,
    stillHere: () => {
      lastActivity.current = Date.now();
      setSecondsLeft(timeoutSeconds);
    },
  };
}
