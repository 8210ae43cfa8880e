// Kiosk behaviour through the real web host with the real core: driving licence flow with a
// retake, cancel of an abandoned verification, idle reset, offline → online with the banner and the
// late-result notice, today's list. Screenshots in test-artifacts/teller; axe-core on every screen.
import { describe, expect, it } from 'vitest';
import { useWebKiosk } from './support/web-kiosk';
import { SMALL, TellerPage, latestVerification, waitForVerification } from './teller-support';

const web = useWebKiosk();

/**
 * Keyboard only: Tab until the element matching `selector` has focus (never clicking), and check that
 * the focused control shows a focus ring a person can see.
 */
async function tabTo(page: import('playwright-core').Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el || !el.matches(${JSON.stringify(selector)})) return null;
      const style = getComputedStyle(el);
      return style.boxShadow !== 'none' || (style.outlineStyle !== 'none' && style.outlineWidth !== '0px');
    })()`);
    if (state === null) continue;
    if (state !== true) throw new Error(`${selector} has focus but no visible focus ring`);
    return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('teller behaviour through the web host', () => {
  it('the whole passport flow works with the keyboard alone, with a visible focus ring on every control', async () => {
    const t = await TellerPage.open(web.browser, web.h, 'keyboard', { viewport: SMALL });
    const { page } = t;
    await tabTo(page, '[data-testid=start]');
    await page.keyboard.press('Enter');
    await tabTo(page, '[data-testid=consent-agree]');
    await page.keyboard.press('Enter');
    await tabTo(page, '[data-testid=doc-passport]');
    await page.keyboard.press('Space');
    // Radio group (once the devices are listed): Tab enters it, arrow keys move the choice.
    await page.getByRole('radio', { name: 'Specimen scanner (training)' }).waitFor();
    await tabTo(page, 'input[name=device]');
    for (let i = 0; i < 8 && (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)) !== 'specimen:scanner'; i++) {
      await page.keyboard.press('ArrowDown');
    }
    await expect(page.getByRole('radio', { name: 'Specimen scanner (training)' }).isChecked()).resolves.toBe(true);
    await tabTo(page, '[data-testid=capture-front]');
    await page.keyboard.press('Enter');
    await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
    await tabTo(page, '[data-testid=to-review]');
    await t.visit('01-focus-continue');
    await page.keyboard.press('Enter');
    await tabTo(page, '[data-testid=submit]');
    await page.keyboard.press('Enter');
    await page.getByTestId('decision').waitFor({ timeout: 90_000 });
    await tabTo(page, '[data-testid=next-customer]');
    await page.keyboard.press('Enter');
    await page.getByTestId('start').waitFor();
    await t.expectCleanAndClose();
  });

  it('driving licence: retake replaces the image, review, outcome, today\'s list', async () => {
    const t = await TellerPage.open(web.browser, web.h, 'licence');
    const { page } = t;
    await t.visit('01-start');
    await page.getByTestId('start').click();
    await t.visit('02-consent');
    await page.getByTestId('consent-agree').click();
    await t.visit('03-document');
    await page.getByTestId('doc-drivers_license').click();
    await page.getByRole('radio', { name: 'Specimen scanner (training)' }).check();
    // Driving licence: the front and the back with its barcode (no selfie configured here).
    await expect(page.locator('[data-testid^=capture-]').count()).resolves.toBe(2);
    await t.visit('04-scan-empty');
    await page.getByTestId('capture-front').click();
    await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
    const first = (await latestVerification(web.h)).captures[0]!;
    await page.getByTestId('retake-front').click();
    await page.getByTestId('retake-front').waitFor({ state: 'visible' });
    await expect.poll(async () => (await latestVerification(web.h)).captures[0]?.id, { timeout: 30_000 }).not.toBe(first.id);
    expect((await latestVerification(web.h)).captures).toHaveLength(1);
    await page.getByTestId('capture-back').click();
    await page.getByTestId('preview-back').waitFor({ timeout: 60_000 });
    expect((await latestVerification(web.h)).captures.map((c) => c.side).sort()).toEqual(['back', 'front']);
    await t.visit('05-scan-retaken');
    await page.getByTestId('to-review').click();
    await t.visit('06-review');
    // Retake from review goes back to scanning, and the image is still there.
    await page.getByTestId('review-retake').click();
    await page.getByTestId('preview-front').waitFor();
    await page.getByTestId('to-review').click();
    // The specimen licence back can show glare (a poor image): then it goes only with "send anyway".
    if ((await page.getByTestId('gate-back').getAttribute('data-level')) === 'poor') await page.getByTestId('send-anyway').check();
    await page.getByTestId('submit').click();
    await page.getByTestId('decision').waitFor({ timeout: 90_000 });
    await t.visit('07-outcome');
    const stored = await latestVerification(web.h);
    expect(stored.documentType).toBe('drivers_license');
    await expect(page.getByTestId('decision').getAttribute('data-decision')).resolves.toBe(stored.state);
    await page.getByTestId('open-today').click();
    await page.getByTestId('today-list').waitFor();
    await expect(page.getByTestId('today-list').textContent()).resolves.toContain('Driving licence');
    await t.visit('08-today');
    await t.expectCleanAndClose();
  });

  it('"Choose another document" cancels the started verification in the store (audited)', async () => {
    const t = await TellerPage.open(web.browser, web.h, 'cancel', { viewport: SMALL });
    const { page } = t;
    await t.chooseDocument('doc-id_card');
    await page.getByRole('radio', { name: 'Specimen scanner (training)' }).check();
    await page.getByTestId('capture-front').click();
    await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
    const abandoned = await latestVerification(web.h);
    expect(abandoned.state).toBe('capturing');
    await page.getByRole('button', { name: 'Choose another document' }).click();
    // It holds a capture: leaving asks first.
    await page.getByTestId('confirm-leave').click();
    await page.getByTestId('doc-passport').waitFor();
    const cancelled = await waitForVerification(web.h, abandoned.id, (v) => v.state !== 'capturing', 10_000);
    expect(cancelled.state).toBe('cancelled');
    // The next document starts a fresh verification.
    await page.getByTestId('doc-passport').click();
    await page.getByTestId('capture-front').waitFor();
    const next = await latestVerification(web.h);
    expect(next.id).not.toBe(abandoned.id);
    expect(next.state).toBe('capturing');
    // Today's list shows the cancelled one in words; opening it also cancels the one being scanned.
    await page.getByTestId('open-today').click();
    await page.getByTestId('today-list').waitFor();
    await expect(waitForVerification(web.h, next.id, (v) => v.state === 'cancelled', 10_000)).resolves.toBeTruthy();
    await expect(page.getByTestId('today-list').textContent()).resolves.toContain('Cancelled');
    // The teller's own cancel is not announced as a result that arrived.
    await expect(page.getByTestId('late-result').count()).resolves.toBe(0);
    await t.visit('01-today-cancelled');
    await t.expectCleanAndClose();
  });

  it('idle timeout returns to start, wipes the customer\'s images from the DOM and cancels the scan', async () => {
    // Long enough for a cold device list (SANE enumeration) before the first click, short for a test.
    const t = await TellerPage.open(web.browser, web.h, 'idle', { storage: { 'kiosk.idleTimeoutSeconds': '10' } });
    const { page } = t;
    await t.chooseDocument('doc-passport');
    await page.getByRole('radio', { name: 'Specimen scanner (training)' }).check();
    await page.getByTestId('capture-front').click();
    await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
    const started = await latestVerification(web.h);
    expect(await page.content()).toContain('data:image/jpeg');
    await page.getByTestId('idle-warning').waitFor();
    await t.visit('01-idle-warning');
    // No input: the kiosk goes back to the start screen by itself.
    await page.getByRole('heading', { name: 'Verify an identity document' }).waitFor({ timeout: 20_000 });
    await t.visit('02-after-reset');
    const html = await page.content();
    expect(html).not.toContain('data:image');
    expect(html).not.toContain(started.id);
    expect(html).not.toContain('Scan the Passport');
    await expect(waitForVerification(web.h, started.id, (v) => v.state === 'cancelled', 10_000)).resolves.toBeTruthy();
    expect(t.axe).toEqual([]);
    await t.close();
  });

  it('offline → online: queued while the provider is unreachable, banner with the count, late result as a notice', async () => {
    const t = await TellerPage.open(web.browser, web.h, 'offline', { viewport: SMALL });
    const { page } = t;
    const zignsec = web.h.kiosk.sandboxes!.zignsec;
    // No answer at all from the provider (connection reset): the branch looks offline.
    zignsec.setFaults({ seed: 1, rules: [{ route: '*', kind: 'reset' }] });
    try {
      await t.chooseDocument('doc-passport');
      await page.getByRole('radio', { name: 'Specimen scanner (training)' }).check();
      await page.getByTestId('capture-front').click();
      await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
      await page.getByTestId('to-review').click();
      await page.getByTestId('submit').click();
      const id = (await latestVerification(web.h)).id;
      await page.getByText('Saved — it will be sent when the branch is back online.').waitFor({ timeout: 30_000 });
      const banner = page.getByTestId('offline-banner');
      await banner.waitFor();
      await expect(banner.textContent()).resolves.toMatch(/Offline\..*waiting to be sent: 1\./);
      // The banner gives the time of the last sync (earlier tests, or the step recorded before the failed call).
      await expect(banner.textContent()).resolves.toMatch(/Last sent at \d{1,2}:\d{2}/);
      await expect(page.getByTestId('waiting-count').textContent()).resolves.toContain('1');
      await t.visit('01-queued-offline');
      // Not sent: queued, or stopped at its first step (the adapter records its intent before calling).
      expect(['queued', 'submitting']).toContain((await web.h.kiosk.service.getVerification({ id })).state);
      await page.getByTestId('next-customer').click();
      await page.getByTestId('start').waitFor();
      await banner.waitFor();
      await t.visit('02-start-offline');

      // The network comes back: the queue drains by itself and the result arrives as a notice.
      zignsec.setFaults({ rules: [] });
      const notice = page.getByTestId('late-result');
      await notice.waitFor({ timeout: 60_000 });
      const done = await web.h.kiosk.service.getVerification({ id });
      expect(['accepted', 'declined', 'failed']).toContain(done.state);
      const word = { accepted: 'Accepted', declined: 'Declined', failed: 'Not verified' }[done.state as 'accepted'];
      await expect(notice.textContent()).resolves.toContain(word);
      await banner.waitFor({ state: 'detached', timeout: 30_000 });
      await t.visit('03-late-result');
      expect(await t.smallTargets()).toEqual([]);
      await page.getByTestId('open-today').click();
      await page.getByTestId('today-list').waitFor();
      await expect(page.getByTestId('today-list').textContent()).resolves.toContain(word);
      await t.visit('04-today-after-sync');
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await notice.waitFor({ state: 'detached' });
    } finally {
      zignsec.setFaults({ rules: [] });
    }
    expect(t.axe).toEqual([]);
    await t.close();
  });
});
