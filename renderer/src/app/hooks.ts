// React hooks around the KioskApi: live status (polled + queueChanged events) and the idle timer.
import { useEffect, useRef, useState } from 'react';
import type { KioskApi, KioskErrorShape } from '../../../shared/contract';
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
