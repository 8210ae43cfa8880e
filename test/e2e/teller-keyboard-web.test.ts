// The whole teller flow with the keyboard alone (Tab, Enter, Escape): every control reached by Tab
// shows a visible focus ring, each step moves focus to its heading, the leave confirmation opens with
// "Stay" focused and Escape keeps the customer's captures. Real core behind the real web host, Debian
// Chromium; the scanner is the one remembered on this kiosk, so no arrow key is needed to pick it.
import { describe, expect, it } from 'vitest';
import { useWebKiosk } from './support/web-kiosk';
import type { Page } from 'playwright-core';
import { TellerPage, type Viewport } from './teller-support';

const COUNTER: Viewport = { width: 1280, height: 800 };

const web = useWebKiosk();

type Focused = { testId: string | null; tag: string; ring: boolean; heading: boolean };

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { testId: null, tag: 'body', ring: false, heading: false };
    const cs = getComputedStyle(el);
    const ring = el.matches(':focus-visible') && ((cs.boxShadow !== 'none' && cs.boxShadow !== '') || (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0));
    return { testId: el.getAttribute('data-testid'), tag: el.tagName.toLowerCase(), ring, heading: el.matches('h1.screen-title') };
  });
}

class Keyboard {
  /** Controls reached by Tab without a visible focus ring. */
  readonly noRing: string[] = [];
  readonly path: string[] = [];
  constructor(private readonly page: Page) {}

  /** Presses Tab until the control with this test id has focus (Tab only: no arrow keys, no mouse). */
  async tabTo(testId: string, max = 60): Promise<void> {
    for (let i = 0; i < max; i++) {
      await this.page.keyboard.press('Tab');
      const f = await focused(this.page);
      if (f.tag !== 'body' && !f.ring) this.noRing.push(`${f.tag}[${f.testId ?? ''}]`);
      if (f.testId === testId) {
        this.path.push(testId);
        return;
      }
    }
    throw new Error(`Tab never reached ${testId} (path so far: ${this.path.join(' → ')})`);
  }

  async press(testId: string): Promise<void> {
    await this.tabTo(testId);
    await this.page.keyboard.press('Enter');
  }

  /** The new step's heading has focus (screen readers and Tab start from the top of the step). */
  async expectHeadingFocused(step: string): Promise<void> {
    await expect.poll(async () => (await focused(this.page)).heading, { message: `${step}: focus on the heading` }).toBe(true);
  }
}

describe('keyboard only', () => {
  it('start to result and back to start with Tab, Enter and Escape', async () => {
    const t = await TellerPage.open(web.browser, web.h, 'keyboard', { viewport: COUNTER, storage: { 'kiosk.deviceId': 'specimen:scanner' } });
    const { page } = t;
    const k = new Keyboard(page);

    await k.press('start');
    await k.expectHeadingFocused('consent');
    await k.press('consent-decline');
    await page.getByTestId('consent-declined').waitFor();
    await k.expectHeadingFocused('declined consent');
    await k.press('consent-reconsider');
    await k.expectHeadingFocused('consent again');
    await k.press('consent-agree');
    await k.expectHeadingFocused('document');
    await k.press('doc-passport');
    await k.expectHeadingFocused('scan');
    await page.getByTestId('capture-front').waitFor();
    // The remembered scanner is picked already: no arrow key needed (the device list arrives after the
    // step is drawn, so the pick is waited for, not read once).
    await expect.poll(() => page.getByTestId('device-specimen:scanner').locator('input').isChecked(), { timeout: 15_000 }).toBe(true);
    await k.press('capture-front');
    await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });

    // Leaving with a capture asks; "Stay" has focus, and Escape stays.
    await k.press('open-today');
    await page.getByTestId('leave-dialog').waitFor();
    await expect.poll(async () => (await focused(page)).testId).toBe('confirm-stay');
    await t.visit('keyboard-01-leave');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('leave-dialog').count()).toBe(0);
    await expect(page.getByTestId('preview-front').isVisible()).resolves.toBe(true);

    await k.press('to-review');
    await k.expectHeadingFocused('review');
    await expect(page.getByTestId('send-anyway').count()).resolves.toBe(0); // the specimen passport is a good image
    await k.press('submit');
    await page.getByTestId('decision').waitFor({ timeout: 90_000 });
    await k.expectHeadingFocused('result');
    await t.visit('keyboard-02-result');
    await k.press('next-customer');
    await page.getByTestId('start').waitFor();
    await k.expectHeadingFocused('start');

    expect(k.noRing).toEqual([]);
    expect(k.path).toEqual([
      'start',
      'consent-decline',
      'consent-reconsider',
      'consent-agree',
      'doc-passport',
      'capture-front',
      'open-today',
      'to-review',
      'submit',
      'next-customer',
    ]);
    await t.expectCleanAndClose();
  });
});
