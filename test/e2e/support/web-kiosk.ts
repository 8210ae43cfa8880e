// The set-up every teller e2e file shares: one real kiosk core behind the real web host and one Debian
// Chromium for the whole file, started before its first test and stopped after its last (the browser
// first, then the core with its data directory).
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from '../renderer-harness';
import { startHarness, type Harness } from '../../helpers/kiosk-harness';

export type WebKiosk = { readonly h: Harness; readonly browser: Browser };

/** Registers the file's beforeAll/afterAll; read `h` and `browser` inside tests. */
export function useWebKiosk(options: Omit<Parameters<typeof startHarness>[0], 'web'> = {}): WebKiosk {
  let h: Harness | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    h = await startHarness({ ...options, web: true });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });
  return {
    get h() {
      if (!h) throw new Error('the web kiosk is not started yet (use it inside a test)');
      return h;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started yet (use it inside a test)');
      return browser;
    },
  };
}
