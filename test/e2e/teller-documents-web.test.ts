// Each document flow end to end through the real web host, with the selfie step the
// provider configuration asks for (analysisTypes includes 'selfie'). Real core, real Chromium;
// every screen screenshotted (test-artifacts/teller) and checked with axe-core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './renderer-harness';
import { startHarness, type Harness } from '../helpers/kiosk-harness';
import { FULL_HD, SMALL, TELLER_ARTIFACTS, TellerPage, latestVerification, sendAnywayIfPoor, type Viewport } from './teller-support';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness({ web: true, overrides: { providers: { zignsec: { analysisTypes: ['document', 'selfie'] } } } });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

type Doc = { testId: 'doc-passport' | 'doc-id_card' | 'doc-drivers_license'; type: string; sides: Array<'front' | 'back'> };
const DOCS: Array<Doc & { viewport: Viewport }> = [
  { testId: 'doc-passport', type: 'passport', sides: ['front'], viewport: FULL_HD },
  { testId: 'doc-id_card', type: 'id_card', sides: ['front', 'back'], viewport: SMALL },
  { testId: 'doc-drivers_license', type: 'drivers_license', sides: ['front', 'back'], viewport: FULL_HD },
];

describe('document flows with a selfie (provider asks for one)', () => {
  for (const doc of DOCS) {
    it(`${doc.type}: document sides and the customer photo, review, submit, outcome with the photo beside the portrait`, async () => {
      const prefix = `selfie-${doc.type}-${doc.viewport.width}x${doc.viewport.height}`;
      const t = await TellerPage.open(browser, h, prefix, { viewport: doc.viewport });
      const { page } = t;
      await t.chooseDocument(doc.testId);
      await page.getByRole('radio', { name: 'Specimen scanner (training)' }).check();
      // The selfie step is there because main said so (requiredSides), not because the renderer guessed.
      await page.getByRole('button', { name: 'Take photo of the customer', exact: true }).waitFor();
      await t.visit('01-scan-empty');
      for (const side of doc.sides) {
        await page.getByTestId(`capture-${side}`).click();
        await page.getByTestId(`preview-${side}`).waitFor({ timeout: 60_000 });
      }
      await expect(page.getByTestId('to-review').isDisabled()).resolves.toBe(true);
      // The customer photo from the camera.
      await page.getByRole('radio', { name: 'Specimen camera (training)' }).check();
      await page.getByTestId('capture-selfie').click();
      await page.getByTestId('preview-selfie').waitFor({ timeout: 60_000 });
      await t.visit('02-scan-done');
      await page.getByTestId('to-review').click();
      // Review: every image, each with its quality verdict.
      await expect(page.locator('[data-testid^=review-image-]').count()).resolves.toBe(doc.sides.length + 1);
      await expect(page.getByTestId('quality').count()).resolves.toBe(doc.sides.length + 1);
      // Every image carries the kiosk's own check (MRZ on the side that has it, face on fronts and the photo).
      await expect(page.locator('[data-testid^=mrz-]').count()).resolves.toBe(doc.sides.length + 1);
      await t.visit('03-review');
      await sendAnywayIfPoor(page);
      await page.getByTestId('submit').click();
      const decision = page.getByTestId('decision');
      await decision.waitFor({ timeout: 90_000 });
      await t.visit('04-outcome');
      const word = await decision.getAttribute('data-decision');
      expect(['accepted', 'declined', 'failed']).toContain(word);
      // The customer photo is shown on the outcome (beside the document portrait when the provider returns one).
      await expect(page.getByTestId('selfie').getAttribute('src')).resolves.toMatch(/^data:image\/jpeg;base64,/);
      await expect(page.getByRole('heading', { name: 'Customer photo' }).count()).resolves.toBe(1);

      const stored = await latestVerification(h);
      expect(stored.documentType).toBe(doc.type);
      expect(stored.state).toBe(word);
      expect(stored.captures.map((c) => c.side).sort()).toEqual([...doc.sides, 'selfie'].sort());
      expect(stored.captures.find((c) => c.side === 'selfie')?.deviceId).toBe('specimen:camera');
      expect(await t.smallTargets()).toEqual([]);
      await t.expectCleanAndClose();
    });
  }
});

describe('every screen in every language (selfie flow, real host)', () => {
  const LANGS = ['en', 'sv', 'de', 'fr', 'es', 'it', 'el', 'ru', 'cs', 'tr'];
  // What an untranslated key looks like on screen (i18next shows the key when it has no text).
  const KEY_LIKE =
    /\b(?:app|common|language|stepper|start|consent|document|side|scan|quality|review|submitted|sync|outcome|identity|state|today|banner|notice|idle|footer|errors)\.[a-z_A-Z]+(?:\.[a-z_A-Z]+)*\b/;
  // English UI sentences that must not survive a language switch.
  const ENGLISH = ['Start verification', 'The customer agrees', 'Continue to review', 'Submit for verification', 'Next customer', 'Check the images', 'Take photo of the customer', 'Customer photo', "Today's verifications"];

  // Two halves, so each stays well inside the e2e time limit (a full flow with sync per language).
  for (const half of [LANGS.slice(0, 5), LANGS.slice(5)]) {
    it(`renders start, notice, document, scan, review, outcome and today in ${half.join(', ')} with no missing text`, async () => {
      const t = await TellerPage.open(browser, h, `lang-${half[0]}`);
      const { page } = t;
      const found: string[] = [];
      for (const lang of half) {
        const texts: Array<[string, string]> = [];
        const grab = async (screen: string) => {
          texts.push([screen, await page.locator('body').innerText()]);
          await page.screenshot({ path: `${TELLER_ARTIFACTS}/lang-${lang}-${screen}.png`, fullPage: true });
        };
        await page.getByTestId('language').selectOption(lang);
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
        await grab('1-start');
        await page.getByTestId('start').click();
        await grab('2-consent');
        await page.getByTestId('consent-agree').click();
        await grab('3-document');
        await page.getByTestId('doc-passport').click();
        await page.locator('label[data-testid="device-specimen:scanner"]').click();
        await page.getByTestId('capture-front').click();
        await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
        await page.getByTestId('capture-selfie').click();
        await page.getByTestId('preview-selfie').waitFor({ timeout: 60_000 });
        await grab('4-scan');
        await page.getByTestId('to-review').click();
        await grab('5-review');
        await sendAnywayIfPoor(page);
        await page.getByTestId('submit').click();
        await page.getByTestId('decision').waitFor({ timeout: 90_000 });
        await grab('6-outcome');
        // The locale chosen for this customer went to the provider with the verification.
        await page.getByTestId('open-today').click();
        await page.getByTestId('today-list').waitFor();
        await grab('7-today');
        for (const [screen, text] of texts) {
          const key = text.match(KEY_LIKE)?.[0];
          if (key) found.push(`${lang} ${screen}: untranslated key ${key}`);
          if (lang !== 'en') for (const english of ENGLISH) if (text.includes(english)) found.push(`${lang} ${screen}: English "${english}"`);
        }
        if (lang === 'el' || lang === 'ru') await t.visit(`axe-${lang}-today`);
        await page.getByTestId('open-today').waitFor({ state: 'detached' });
        // Back to start: the teller's language is remembered for the next customer.
        await page.locator('.screen .actions button').first().click();
        await page.getByTestId('start').waitFor();
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
      }
      expect(found).toEqual([]);
      await t.expectCleanAndClose();
    });
  }
});
