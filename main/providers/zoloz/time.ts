// ZOLOZ's gateway time format: `yyyy-MM-dd'T'HH:mm:ssZ` (Java), i.e. an RFC 822 zone with NO colon
// (`+0800`). A colon in the offset is the most common cause of SIGNATURE_INVALID.

/** `2019-04-04T12:08:56+0530`. `offsetMinutes` defaults to UTC so the header is deterministic. */
export function formatZolozTime(date: Date, offsetMinutes = 0): string {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  const p = (n: number, w = 2) => String(Math.trunc(n)).padStart(w, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${p(shifted.getUTCFullYear(), 4)}-${p(shifted.getUTCMonth() + 1)}-${p(shifted.getUTCDate())}` +
    `T${p(shifted.getUTCHours())}:${p(shifted.getUTCMinutes())}:${p(shifted.getUTCSeconds())}` +
    `${sign}${p(abs / 60)}${p(abs % 60)}`
  );
}

export const ZOLOZ_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2})(\d{2})$/;

/** Parses the gateway format strictly; `null` for anything else (e.g. `+05:30`, `Z`, milliseconds). */
export function parseZolozTime(text: string): Date | null {
  const m = ZOLOZ_TIME_PATTERN.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, sign, oh, om] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
  const date = new Date(utc - offset * 60_000);
  return Number.isNaN(date.getTime()) ? null : date;
}
