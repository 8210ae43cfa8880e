// The supervisor area's link to main: every call carries the session token; a 'forbidden' reply
// means the session ended (idle, or main restarted), so the area returns to the PIN pad.
import { createContext, useContext } from 'react';
import type { CallName, CallRequest, CallResponse, KioskApi, KioskErrorShape } from '../../../shared/contract';

export type AuthedCall = <N extends CallName>(name: N, request: Omit<CallRequest<N>, 'token'>) => Promise<{ ok: true; value: CallResponse<N> } | { ok: false; error: KioskErrorShape }>;

export interface SupervisorContextValue {
  kiosk: KioskApi;
  name: string;
  call: AuthedCall;
}

export const SupervisorContext = createContext<SupervisorContextValue | null>(null);

export function useSupervisor(): SupervisorContextValue {
  const value = useContext(SupervisorContext);
  if (!value) throw new Error('useSupervisor outside the supervisor area');
  return value;
}

export function makeAuthedCall(kiosk: KioskApi, token: string, onSessionEnded: () => void): AuthedCall {
  return async (name, request) => {
    const fn = kiosk[name] as unknown as (r: unknown) => Promise<{ ok: true; value: never } | { ok: false; error: KioskErrorShape }>;
    const result = await fn({ ...request, token });
    if (!result.ok && result.error.code === 'forbidden') onSessionEnded();
    return result;
  };
}

/** yyyy-mm-dd from an <input type="date"> as the instant of local midnight that day (ISO). */
export function localDayStart(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}

/** The local midnight after `day` (exclusive end of a range). */
export function localDayEnd(day: string): string {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
}

export function todayLocal(offsetDays = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * A date and time nobody can misread: the month by name in the screen's language ("6 Dec 2026,
 * 14:03:09"), never a numeric day/month order that differs between countries.
 */
export function formatDateTime(iso: string | null, locale: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d);
}

/** How long ago, in the screen's language ("3 hours ago", "vor 5 Minuten"). */
export function formatAge(iso: string | null, locale: string, now: number = Date.now()): string {
  if (!iso) return '';
  const ms = new Date(iso).getTime() - now;
  if (Number.isNaN(ms)) return '';
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(ms);
  if (abs < 60_000) return rtf.format(Math.round(ms / 1000), 'second');
  if (abs < 3_600_000) return rtf.format(Math.round(ms / 60_000), 'minute');
  if (abs < 86_400_000) return rtf.format(Math.round(ms / 3_600_000), 'hour');
  return rtf.format(Math.round(ms / 86_400_000), 'day');
}
