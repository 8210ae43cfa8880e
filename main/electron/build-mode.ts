// Development switches (KIOSK_DEV, KIOSK_USER_DATA_DIR) are honoured only by an unpackaged build
// started from the source tree. A packaged kiosk is always production: no environment variable on
// a branch PC can turn dev tools, reload shortcuts or another profile folder back on.
export interface BuildMode {
  /** Dev tools and reload/zoom shortcuts blocked, logs not echoed. */
  production: boolean;
  /** Profile folder override, or null. */
  userDataDir: string | null;
}

export function buildMode(isPackaged: boolean, env: Readonly<Record<string, string | undefined>>): BuildMode {
  if (isPackaged) return { production: true, userDataDir: null };
  return { production: false, userDataDir: env.KIOSK_USER_DATA_DIR || null };
}

/** The dev switches a packaged build ignores, to name in its log when they are set. */
export function ignoredDevSwitches(isPackaged: boolean, env: Readonly<Record<string, string | undefined>>): string[] {
  if (!isPackaged) return [];
  return ['KIOSK_DEV', 'KIOSK_USER_DATA_DIR'].filter((name) => env[name] !== undefined && env[name] !== '');
}
