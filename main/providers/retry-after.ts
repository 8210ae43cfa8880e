// `Retry-After` (RFC 9110 §10.2.3) for both providers' clients: delay-seconds ("120") or an
// HTTP-date ("Sun, 06 Dec 2026 15:00:08 GMT"). A date is turned into the wait from `now`, so the
// kiosk's clock decides how long is left; a date already past means "now" (0).

/** Retry-After as milliseconds, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only the HTTP-date forms: Date.parse alone would also take "1" or "2026" as dates.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
