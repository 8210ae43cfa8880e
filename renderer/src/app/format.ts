// Formatting helpers for numbers and dates in the customer's language. Pure: locale passed in.
import { LANGUAGE_NAMES, isLanguage } from '../i18n/languages';
export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** ISO date (yyyy-mm-dd) shown as a long local date; anything else is shown as given. */
export function formatIsoDate(iso: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

export function formatTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(date);
}

export function isSameLocalDay(iso: string, now: Date): boolean {
  const date = new Date(iso);
  return (
    date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate()
  );
}

/**
 * Language name in its own language ("svenska" → "Svenska"): the kiosk's languages from their table,
 * any other code from the browser.
 */
export function nativeLanguageName(code: string): string {
  return isLanguage(code) ? LANGUAGE_NAMES[code] : displayedLanguageName(code);
}

/** The browser's name of a language in itself, capitalised in that language. */
export function displayedLanguageName(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
    return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
  } catch {
    return code; // not a language tag this browser knows: the code itself is still unambiguous
  }
}

/**
 * A customer's name as it may show on the counter screen: initials only ("SOFIE PEETERS" → "S. P."),
 * so people queueing behind cannot read who was verified. Null when there is no name.
 */
export function maskedName(name: string | null | undefined, locale: string): string | null {
  const parts = (name ?? '').split(/[\s,<]+/).filter((p) => /\p{L}/u.test(p));
  if (parts.length === 0) return null;
  return parts.map((p) => `${[...p.normalize('NFC')][0]!.toLocaleUpperCase(locale)}.`).join(' ');
}
