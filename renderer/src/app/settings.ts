// Kiosk behaviour constants. The idle timeout can be shortened for a test or a branch through
// localStorage (`kiosk.idleTimeoutSeconds`), never lengthened beyond the cap.
export const IDLE_TIMEOUT_SECONDS = 120;
export const IDLE_WARNING_SECONDS = 20;
export const IDLE_TIMEOUT_STORAGE_KEY = 'kiosk.idleTimeoutSeconds';
export const DEVICE_STORAGE_KEY = 'kiosk.deviceId';
export const STATUS_POLL_MS = 15_000;
/** Delay of the status re-read that follows a queue change (see useKioskStatus). */
export const STATUS_FOLLOW_UP_MS = 1_000;
export const VERIFICATION_POLL_MS = 4_000;
export const DEFAULT_LANGUAGE = 'en';
/** The teller's own language, picked once per kiosk. */
export const TELLER_LANGUAGE_STORAGE_KEY = 'kiosk.tellerLanguage';

/**
 * The idle timeout: the kiosk's config (teller.idleTimeoutMinutes, sent with the status) when known,
 * else the default; a value in browser storage may only shorten it (tests, a demo), never lengthen it.
 */
export function idleTimeoutSeconds(storage: Pick<Storage, 'getItem'> | null, configured?: number): number {
  const cap = configured !== undefined && Number.isFinite(configured) && configured >= 1 ? configured : IDLE_TIMEOUT_SECONDS;
  const raw = storage?.getItem(IDLE_TIMEOUT_STORAGE_KEY);
  const value = raw ? Number(raw) : NaN;
  return Number.isFinite(value) && value >= 1 && value <= cap ? value : cap;
}

export function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled: fall back to defaults rather than failing the kiosk
  }
}
