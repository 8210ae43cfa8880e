// The teller's screens in each of the ten languages pass axe (no serious or critical violation): start,
// the customer notice, the declined-consent guidance, document choice, scan, the leave confirmation,
// review, the result, and a camera's turn-over step. The teller's language is remembered on the kiosk;
// a customer's language picked for one verification changes only what the customer reads and the
// provider's locale. Real core behind the real web host, Debian Chromium; screenshots in
// test-artifacts/teller/lang-axe-*.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWebKiosk } from './support/web-kiosk';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/kiosk-harness';
import { TellerPage, latestVerification, sendAnywayIfPoor, type Viewport } from './teller-support';

const COUNTER: Viewport = { width: 1280, height: 800 };
const LANGUAGES = ['en', 'sv', 'de', 'fr', 'es', 'it', 'el', 'ru', 'cs', 'tr'] as const;
type Strings = {
  consent: { title: string; agree: string; declinedTell: string };
  outcome: { decision: Record<string, string>; next: Record<string, string> };
  scan: { turnTitle: string };
  leave: { title: string };
  message: Record<string, string>;
};
const strings = (lang: string) => JSON.parse(readFileSync(join(REPO_ROOT, `renderer/src/i18n/locales/${lang}.json`), 'utf8')) as Strings;

const web = useWebKiosk();

const TELLER_LANGUAGE = 'kiosk.tellerLanguage';

/** The bodies of the startVerification calls the page makes (what main is asked for). */
function startRequests(page: Page): Array<Record<string, unknown>> {
  const bodies: Array<Record<string, unknown>> = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('startVerification')) bodies.push(JSON.parse(r.postData() ?? '{}') as Record<string, unknown>);
  });
  return bodies;
}

describe('axe in every language', () => {
  for (const lang of LANGUAGES) {
    it(`${lang}: every teller screen, the new ones included, has no serious or critical axe violation`, async () => {
      const t = await TellerPage.open(web.browser, web.h, `lang-axe-${lang}`, { viewport: COUNTER, storage: { [TELLER_LANGUAGE]: lang } });
      const { page } = t;
      const s = strings(lang);
      // The remembered teller language is the screen's from the first paint on.
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await t.visit('01-start');
      await page.getByTestId('start').click();
      await page.getByTestId('consent-agree').waitFor();
      await expect(page.locator('h1').textContent()).resolves.toBe(s.consent.title);
      await t.visit('02-consent');
      await page.getByTestId('consent-decline').click();
      await page.getByTestId('consent-declined').waitFor();
      await expect(page.getByTestId('consent-declined-tell').textContent()).resolves.toBe(s.consent.declinedTell);
      await t.visit('03-declined');
      await page.getByTestId('consent-reconsider').click();
      await page.getByTestId('consent-agree').click();
      await page.getByTestId('doc-passport').waitFor();
      await t.visit('04-document');
      await page.getByTestId('doc-passport').click();
      await page.locator('label[data-testid="device-specimen:scanner"]').click();
      await page.getByTestId('capture-front').click();
      await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
      await t.visit('05-scan');
      // Leaving with a capture asks first.
      await page.getByTestId('open-today').click();
      await page.getByTestId('leave-dialog').waitFor();
      await expect(page.getByTestId('leave-dialog').locator('h2').textContent()).resolves.toBe(s.leave.title);
      await t.visit('06-leave');
      await page.getByTestId('confirm-stay').click();
      await page.getByTestId('to-review').click();
      await page.getByTestId('submit').waitFor();
      await t.visit('07-review');
      await sendAnywayIfPoor(page);
      await page.getByTestId('submit').click();
      const decision = page.getByTestId('decision');
      await decision.waitFor({ timeout: 90_000 });
      const d = (await decision.getAttribute('data-decision'))!;
      await expect(decision.locator('.decision-word').textContent()).resolves.toBe(s.outcome.decision[d]);
      // The decision carries a shape with a name, not a colour alone.
      await expect(decision.getByRole('img').getAttribute('aria-label')).resolves.toBeTruthy();
      await t.visit('08-result');
      await page.getByTestId('next-customer').click();

      // A camera's second side: the turn-over step.
      await page.getByTestId('start').click();
      await page.getByTestId('consent-agree').click();
      await page.getByTestId('doc-id_card').click();
      await page.locator('label[data-testid="device-specimen:camera"]').click();
      await page.getByTestId('live-frame').waitFor({ timeout: 30_000 });
      await page.getByTestId('capture-front').click();
      await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
      await page.getByTestId('turn-over').waitFor();
      await expect(page.locator('.turn-over .card-title').textContent()).resolves.toBe(s.scan.turnTitle);
      await t.visit('09-turn-over');
      await page.getByTestId('scan-cancel').click();
      await page.getByTestId('confirm-leave').click();
      await page.getByTestId('start').waitFor();
      await t.expectCleanAndClose();
    });
  }
});

describe('teller language and customer language', () => {
  it('the customer reads German while the teller keeps Swedish; the provider gets de; the next customer starts in Swedish', async () => {
    const t = await TellerPage.open(web.browser, web.h, 'lang-customer', { viewport: COUNTER, storage: { [TELLER_LANGUAGE]: 'sv' } });
    const { page } = t;
    const sv = strings('sv');
    const de = strings('de');
    const starts = startRequests(page);
    await page.getByTestId('start').click();
    // Before a customer language is picked, the customer reads the teller's.
    await expect.poll(() => page.locator('h1').textContent()).toBe(sv.consent.title);
    await page.getByTestId('customer-language').selectOption('de');
    // The German texts load as their own chunk, then the customer's parts switch.
    await expect.poll(() => page.locator('h1').textContent()).toBe(de.consent.title);
    await expect(page.locator('h1').getAttribute('lang')).resolves.toBe('de');
    await expect(page.getByTestId('consent-notice').locator('xpath=ancestor::section[1]').getAttribute('lang')).resolves.toBe('de');
    // The teller's own controls stay Swedish, and so does the page language.
    await expect(page.getByTestId('consent-agree').textContent()).resolves.toBe(sv.consent.agree);
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('sv');
    await t.visit('01-consent-de');
    await page.getByTestId('consent-agree').click();
    await page.getByTestId('doc-passport').click();
    await page.locator('label[data-testid="device-specimen:scanner"]').click();
    await page.getByTestId('capture-front').click();
    await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
    expect(starts.at(-1)).toMatchObject({ documentType: 'passport', locale: 'de' });
    await page.getByTestId('to-review').click();
    await sendAnywayIfPoor(page);
    await page.getByTestId('submit').click();
    const decision = page.getByTestId('decision');
    await decision.waitFor({ timeout: 90_000 });
    const d = (await decision.getAttribute('data-decision'))!;
    // The decision in German for the customer; the teller's next step in Swedish.
    await expect(decision.getAttribute('lang')).resolves.toBe('de');
    await expect(decision.locator('.decision-word').textContent()).resolves.toBe(de.outcome.decision[d]);
    const advice = await page.getByTestId('next-step').getAttribute('data-advice');
    if (advice) await expect(page.getByTestId('next-step').textContent()).resolves.toContain(sv.outcome.next[advice]);
    await t.visit('02-result-de');
    await page.getByTestId('next-customer').click();
    await page.getByTestId('start').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(sv.consent.title);
    await expect(page.getByTestId('customer-language').inputValue()).resolves.toBe('sv');
    // The teller's language survives a reload: it is remembered on the kiosk.
    await page.reload();
    await page.getByTestId('start').waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('sv');
    await t.expectCleanAndClose();
  });
});

describe("main's refusals in the teller language", () => {
  it('a submit main refuses (the verification was cancelled meanwhile) is explained in Czech, from its key', async () => {
    const t = await TellerPage.open(web.browser, web.h, 'lang-refusal-cs', { viewport: COUNTER, storage: { [TELLER_LANGUAGE]: 'cs' } });
    const { page } = t;
    const cs = strings('cs');
    await t.chooseDocument('doc-passport');
    await page.locator('label[data-testid="device-specimen:scanner"]').click();
    await page.getByTestId('capture-front').click();
    await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
    await page.getByTestId('to-review').click();
    await sendAnywayIfPoor(page);
    // A supervisor cancels it from another screen while the teller is on review.
    const v = await latestVerification(web.h);
    await web.h.kiosk.service.cancelVerification({ verificationId: v.id });
    await page.getByTestId('submit').click();
    const banner = page.locator('.banner-error[role="alert"]');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain(cs.message.submitted_follow);
    await t.visit('01-refused');
    expect(t.axe).toEqual([]);
    await t.close();
  });
});
