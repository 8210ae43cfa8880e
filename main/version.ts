// The app version shown in status and diagnostics; bumped with package.json by the release script.
export const KIOSK_VERSION = '0.1.0';
