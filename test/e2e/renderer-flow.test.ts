// The renderer in real Chromium against a fake window.kiosk (the contract's shapes, sync driven by
// the test). The real end-to-end run through the web host lives with the host; this one covers the
// screens themselves: every flow, retake, errors, idle reset, offline, languages, axe, screenshots.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, collectProblems, root, shot, useRendererServer, withFakeKiosk } from './renderer-harness';

const env = useRendererServer();

async function open(options: Record<string, unknown> = {}, viewport = { width: 1920, height: 1080 }, storage: Record<string, string> = {}) {
  const page = await env.browser.newPage({ viewport });
  const problems = collectProblems(page);
  await withFakeKiosk(page, options, storage);
  await page.goto(env.url);
  await page.getByRole('button', { name: 'Start verification' }).waitFor();
  return { page, problems };
}

const advance = (page: Page) => page.evaluate(() => (window as unknown as { __fakeKiosk: { advance: () => string } }).__fakeKiosk.advance());

async function toScan(page: Page, document: 'Passport' | 'ID card' | 'Driving licence') {
  await page.getByRole('button', { name: 'Start verification' }).click();
  await page.getByRole('button', { name: 'The customer agrees' }).click();
  await page.getByRole('button', { name: new RegExp(`^${document}`) }).click();
  await page.getByRole('radio', { name: /Specimen scanner/ }).check();
}

describe('renderer flows', () => {
  for (const viewport of [
    { width: 1920, height: 1080 },
    { width: 1366, height: 768 },
  ]) {
    it(`ID card, offline then online, at ${viewport.width}×${viewport.height}: every screen, retake, device error, accepted`, async () => {
      const tag = `${viewport.width}x${viewport.height}`;
      const { page, problems } = await open({ online: false, failCapture: 'back', lastSyncAt: '2026-11-22T08:15:00.000Z' }, viewport);
      await expect(page.getByTestId('training-banner').textContent()).resolves.toContain('TRAINING MODE');
      await expect(page.getByTestId('offline-banner').textContent()).resolves.toContain('Offline');
      await shot(page, `${tag}-01-start`);
      await page.getByRole('button', { name: 'Start verification' }).click();
      await shot(page, `${tag}-02-consent`);
      await page.getByRole('button', { name: 'The customer agrees' }).click();
      await shot(page, `${tag}-03-document`);
      await page.getByTestId('doc-id_card').click();
      await page.getByRole('radio', { name: /Specimen scanner/ }).check();
      await expect(page.getByRole('button', { name: 'Continue to review' }).isDisabled()).resolves.toBe(true);
      await shot(page, `${tag}-04-scan-empty`);

      await page.getByRole('button', { name: 'Scan front', exact: true }).click();
      await page.getByTestId('preview-front').waitFor();
      // The back fails once with a device error: a sentence with a next step, then a retry works.
      await page.getByRole('button', { name: 'Scan back', exact: true }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'lid is open' }).textContent()).resolves.toContain('Close the lid');
      await shot(page, `${tag}-05-scan-error`);
      await page.getByRole('button', { name: 'Scan back', exact: true }).click();
      await page.getByTestId('preview-back').waitFor();
      // Retake the front: the new capture replaces the old.
      await page.getByRole('button', { name: 'Scan front again' }).click();
      await page.getByRole('button', { name: 'Scan front again' }).waitFor();
      await shot(page, `${tag}-06-scan-done`);
      const calls = await page.evaluate(() => (window as unknown as { __fakeKiosk: { calls: string[] } }).__fakeKiosk.calls);
      expect(calls.filter((c) => c.startsWith('capture:'))).toEqual([
        'capture:front:specimen',
        'capture:back:specimen',
        'capture:back:specimen',
        'capture:front:specimen',
      ]);

      await page.getByRole('button', { name: 'Continue to review' }).click();
      await expect(page.getByRole('img', { name: /Scanned image/ }).count()).resolves.toBe(2);
      await shot(page, `${tag}-07-review`);
      await page.getByRole('button', { name: 'Submit for verification' }).click();
      await page.getByTestId('state-queued').waitFor();
      await expect(page.getByTestId('state-queued').textContent()).resolves.toContain('Saved — it will be sent when the branch is back online');
      await expect(page.getByTestId('waiting-count').textContent()).resolves.toContain('1');
      await shot(page, `${tag}-08-queued-offline`);

      await advance(page);
      await advance(page);
      await page.getByText('1.2 MB of 3.4 MB sent').waitFor();
      await shot(page, `${tag}-09-syncing`);
      await advance(page);
      await advance(page);
      await page.getByTestId('decision').waitFor();
      await expect(page.getByTestId('decision').textContent()).resolves.toContain('Accepted');
      await expect(page.getByTestId('identity').textContent()).resolves.toContain('Anna Maria Specimen');
      await expect(page.getByTestId('expiry').textContent()).resolves.toContain('Valid');
      await shot(page, `${tag}-10-outcome`);

      await page.getByRole('button', { name: "Today's verifications" }).first().click();
      await page.getByTestId('today-list').waitFor();
      await expect(page.getByTestId('today-list').textContent()).resolves.toContain('Accepted');
      await shot(page, `${tag}-11-today`);
      expect(problems).toEqual([]);
      await page.close();
    });
  }

  it('passport with a poor image: warning in words, declined and expired outcome with reasons', async () => {
    const { page, problems } = await open({ poorSides: ['front'], decision: 'declined', expired: true });
    await toScan(page, 'Passport');
    await page.getByRole('button', { name: 'Scan front', exact: true }).click();
    await page.getByTestId('quality').waitFor();
    await expect(page.getByTestId('quality').textContent()).resolves.toContain('There is glare');
    await expect(page.getByRole('button', { name: 'Scan back' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Continue to review' }).click();
    await expect(page.getByText('At least one image has poor quality').count()).resolves.toBe(1);
    // A poor image goes only with an explicit "send anyway".
    await expect(page.getByRole('button', { name: 'Submit for verification' }).isDisabled()).resolves.toBe(true);
    await page.getByTestId('send-anyway').check();
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    for (let i = 0; i < 4; i++) await advance(page);
    await page.getByTestId('decision').waitFor();
    await expect(page.getByTestId('decision').getAttribute('data-decision')).resolves.toBe('declined');
    await expect(page.getByTestId('decision').textContent()).resolves.toContain('Declined');
    await expect(page.getByTestId('reasons').textContent()).resolves.toContain('The document expired on 1 January 2030.');
    await expect(page.getByTestId('expiry').textContent()).resolves.toContain('Expired');
    await shot(page, '1920x1080-12-outcome-declined');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('idle timeout returns to start and leaves no customer data in the DOM', async () => {
    const { page } = await open({}, undefined, { 'kiosk.idleTimeoutSeconds': '2' });
    await toScan(page, 'Passport');
    await page.getByRole('button', { name: 'Scan front', exact: true }).click();
    await page.getByRole('button', { name: 'Continue to review' }).click();
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    for (let i = 0; i < 4; i++) await advance(page);
    await page.getByTestId('decision').waitFor();
    expect(await page.content()).toContain('Anna Maria Specimen');
    await page.getByTestId('idle-warning').waitFor();
    await shot(page, '1920x1080-15-idle-warning');
    // No input now: the app goes back to start by itself.
    await page.getByRole('button', { name: 'Start verification' }).waitFor({ timeout: 15_000 });
    const html = await page.content();
    expect(html).not.toContain('Anna Maria Specimen');
    expect(html).not.toContain('L898902C3');
    expect(html).not.toContain('data:image');
    await page.close();
  });

  it('late result for a verification no longer on screen appears as a notice', async () => {
    const { page } = await open({ online: false });
    await toScan(page, 'Driving licence');
    await page.getByRole('button', { name: 'Scan front', exact: true }).click();
    await page.getByRole('button', { name: 'Continue to review' }).click();
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    await page.getByTestId('state-queued').waitFor();
    await page.getByRole('button', { name: 'Next customer' }).click();
    for (let i = 0; i < 4; i++) await advance(page);
    await page.getByTestId('late-result').waitFor();
    await expect(page.getByTestId('late-result').textContent()).resolves.toContain('Accepted');
    await shot(page, '1920x1080-13-late-result');
    await page.close();
  });

  it('every screen passes axe-core with no serious or critical violation', async () => {
    const { page } = await open({ online: false, poorSides: ['back'] });
    const found: string[] = [];
    const check = async (name: string) => found.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
    await check('start');
    await page.getByRole('button', { name: 'Start verification' }).click();
    await check('consent');
    await page.getByRole('button', { name: 'The customer agrees' }).click();
    await check('document');
    await page.getByTestId('doc-id_card').click();
    await page.getByRole('radio', { name: /Specimen scanner/ }).check();
    await check('scan-empty');
    await page.getByRole('button', { name: 'Scan front', exact: true }).click();
    await page.getByRole('button', { name: 'Scan back', exact: true }).click();
    await page.getByTestId('preview-back').waitFor();
    await check('scan-done');
    await page.getByRole('button', { name: 'Continue to review' }).click();
    await check('review');
    await page.getByTestId('send-anyway').check();
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    await page.getByTestId('state-queued').waitFor();
    await check('queued');
    await advance(page);
    await advance(page);
    await check('syncing');
    await advance(page);
    await advance(page);
    await page.getByTestId('decision').waitFor();
    await check('outcome');
    await page.getByRole('button', { name: "Today's verifications" }).first().click();
    await page.getByTestId('today-list').waitFor();
    await check('today');
    expect(found).toEqual([]);
    await page.close();
  });

  it('the flow is keyboard operable with a visible focus ring', async () => {
    const { page } = await open();
    // Focus starts on the screen's heading, so the first Tab reaches the screen's main action.
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('H1');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('start');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement as Element).boxShadow);
    expect(ring).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Before we scan your document' }).waitFor();
    await page.close();
  });

  it('every screen renders in every language with no missing key, and the teller language stays for the next customer', async () => {
    const langs = ['sv', 'de', 'fr', 'es', 'it', 'el', 'ru', 'cs', 'tr'];
    const keyLike = /\b(?:app|common|language|stepper|start|consent|document|side|scan|quality|review|submitted|sync|outcome|identity|state|today|banner|notice|idle|footer|errors)\.[a-z_A-Z.]+/;
    const { page } = await open({ poorSides: ['front'] });
    for (const lang of langs) {
      const strings = JSON.parse(readFileSync(join(root, `renderer/src/i18n/locales/${lang}.json`), 'utf8')) as {
        start: { begin: string };
        consent: { agree: string };
        document: { passport: { name: string } };
        scan: { capture: { front: string }; continue: string };
        review: { submit: string };
        submitted: { next: string };
      };
      await page.getByTestId('language').selectOption(lang);
      const texts: string[] = [];
      const grab = async () => texts.push(await page.locator('body').innerText());
      await page.getByRole('button', { name: strings.start.begin, exact: true }).click();
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe(lang);
      await grab();
      await page.getByRole('button', { name: strings.consent.agree, exact: true }).click();
      await grab();
      await expect(page.getByTestId('doc-passport').textContent()).resolves.toContain(strings.document.passport.name);
      await page.getByTestId('doc-passport').click();
      await page.getByRole('radio', { name: /Specimen scanner/ }).check();
      await page.getByRole('button', { name: strings.scan.capture.front, exact: true }).click();
      await page.getByTestId('preview-front').waitFor();
      await grab();
      await page.getByRole('button', { name: strings.scan.continue, exact: true }).click();
      await grab();
      await page.getByTestId('send-anyway').check();
      await page.getByRole('button', { name: strings.review.submit, exact: true }).click();
      await page.getByTestId('state-queued').waitFor();
      await grab();
      await advance(page);
      await advance(page);
      await grab();
      await advance(page);
      await advance(page);
      await page.getByTestId('decision').waitFor();
      await grab();
      if (lang === 'de' || lang === 'el') await shot(page, `1920x1080-14-outcome-${lang}`);
      for (const text of texts) expect(text.match(keyLike)?.[0] ?? null, `${lang}`).toBeNull();
      // The English start button must not appear in another language's screens.
      expect(texts.join('\n')).not.toContain('Continue to review');
      await page.getByRole('button', { name: strings.submitted.next, exact: true }).click();
      // The teller's language stays for the next customer (only the customer's language is per verification).
      await page.getByRole('button', { name: strings.start.begin, exact: true }).waitFor();
    }
    await page.close();
  });
});
