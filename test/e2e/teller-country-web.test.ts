// The issuing country when the provider needs it. ZOLOZ (training sandbox) is configured for
// ID cards, so after choosing the document the teller picks the issuing country — here with the
// keyboard only — and the country reaches ZOLOZ as its country-specific docType. A driving licence has
// no MRZ to give its country, so with routing by country the review screen asks for it before submit.
// Real core, real web host, Debian Chromium; every screen screenshotted (test-artifacts/e2e), axe-core.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './renderer-harness';
import { REPO_ROOT, startHarness, type Harness } from '../helpers/kiosk-harness';
import { openDatabase } from '../../main/store/db';
import { loadOrCreateKeyFile } from '../../main/store/keyfile';
import { SMALL, TellerPage, latestVerification, sendAnywayIfPoor, waitForVerification } from './teller-support';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts/e2e');
/** ZOLOZ's docType for a Singapore citizen card (main/providers/zoloz/doc-types.ts). */
const SINGAPORE_ID = '00650000001';
let h: Harness;
let browser: Browser;

beforeAll(async () => {
  // ZOLOZ for ID cards; Singapore documents go to ZOLOZ whatever their type (routing by country).
  h = await startHarness({ web: true, overrides: { providers: { byDocumentType: { id_card: 'zoloz' }, byCountry: { SGP: 'zoloz' } } } });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Presses Tab until the element with `testId` has focus (the teller's way through the page). */
async function tabTo(page: Page, testId: string, max = 12): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testId) return;
  }
  throw new Error(`${testId} was not reached with Tab`);
}

function stored(id: string): { raw: string | null; country: string | null; audit: Array<{ actor: string; detail: Record<string, unknown> }> } {
  const db = openDatabase(join(h.dataDir, 'kiosk.db'), loadOrCreateKeyFile(h.dataDir));
  try {
    const row = db.prepare('SELECT raw_response, issuing_country FROM verifications WHERE id = ?').get(id) as { raw_response: string | null; issuing_country: string | null };
    const audit = db.prepare(`SELECT actor, detail FROM audit_log WHERE verification_id = ? AND action = 'issuing_country_chosen' ORDER BY seq`).all(id) as Array<{ actor: string; detail: string }>;
    return { raw: row.raw_response, country: row.issuing_country, audit: audit.map((a) => ({ actor: a.actor, detail: JSON.parse(a.detail) as Record<string, unknown> })) };
  } finally {
    db.close();
  }
}

describe('issuing country for ZOLOZ ID cards', () => {
  it('the teller picks the country with the keyboard; ZOLOZ receives the country-specific docType; review and outcome show it', async () => {
    const t = await TellerPage.open(browser, h, 'country-id_card', { artifactsDir: ARTIFACTS });
    const { page } = t;
    await t.chooseDocument('doc-id_card');

    // The country step, with the provider's countries first.
    await page.getByRole('heading', { name: 'Issuing country' }).waitFor();
    await page.getByRole('group', { name: 'Countries the identity provider checks for this document' }).waitFor();
    await expect(page.getByTestId('country-continue').isDisabled()).resolves.toBe(true);
    await t.visit('01-country');

    // Keyboard only: Tab to the search box, type, Enter picks the first match, Tab to Continue, Enter.
    await tabTo(page, 'country-search');
    await page.keyboard.type('singap');
    await expect(page.getByTestId('country-count').textContent()).resolves.toBe('1 country found.');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('country-chosen').textContent()).resolves.toContain('Singapore (SGP)');
    await expect(page.getByTestId('country-SGP').isChecked()).resolves.toBe(true);
    await t.visit('02-country-chosen');
    await tabTo(page, 'country-continue');
    await page.keyboard.press('Enter');

    // Scan both sides with the specimen scanner.
    await page.getByRole('radio', { name: 'Specimen scanner (training)' }).check();
    for (const side of ['front', 'back'] as const) {
      await page.getByTestId(`capture-${side}`).click();
      await page.getByTestId(`preview-${side}`).waitFor({ timeout: 60_000 });
    }
    await page.getByTestId('to-review').click();

    // Review: the country and where it came from; a disagreeing MRZ must be confirmed first.
    await expect(page.getByTestId('review-country').getAttribute('data-country')).resolves.toBe('SGP');
    await expect(page.getByTestId('review-country').textContent()).resolves.toContain('chosen by the teller');
    const v = await latestVerification(h);
    const known = (await h.kiosk.service.issuingCountries({ verificationId: v.id })).info;
    if (known.mismatch) {
      await page.getByTestId('country-mismatch').waitFor();
      await expect(page.getByTestId('submit').isDisabled()).resolves.toBe(true);
      await t.visit('03-review-mismatch');
      await page.getByTestId('country-keep').click();
      await page.getByTestId('country-confirmed').waitFor();
    }
    await expect(page.getByTestId('submit').isDisabled()).resolves.toBe(false);
    await t.visit('04-review');
    await page.getByTestId('submit').click();

    const decision = page.getByTestId('decision');
    await decision.waitFor({ timeout: 90_000 });
    await expect(page.getByTestId('outcome-country').getAttribute('data-country')).resolves.toBe('SGP');
    await t.visit('05-outcome');

    const done = await waitForVerification(h, v.id, (x) => x.outcome !== null);
    expect(done.outcome?.provider).toBe('zoloz');
    const row = stored(v.id);
    expect(row.country).toBe('SGP');
    // The ZOLOZ emulator names the docType it was sent (certType): Singapore's, not auto-classification.
    expect(JSON.parse(row.raw!)).toMatchObject({ asynccheckresult: { certType: SINGAPORE_ID } });
    expect(row.audit[0]).toMatchObject({ actor: 'teller', detail: { country: 'SGP', previous: null } });
    if (known.mismatch) expect(row.audit.at(-1)?.detail).toMatchObject({ country: 'SGP', confirmedAgainstMrz: known.read });

    expect(await t.smallTargets()).toEqual([]);
    await t.expectCleanAndClose();
  });

  it('the country list speaks the customer language (Russian), is searchable in it, and leaving it cancels the verification', async () => {
    const t = await TellerPage.open(browser, h, 'country-ru', { viewport: SMALL, artifactsDir: ARTIFACTS });
    const { page } = t;
    await page.getByTestId('language').selectOption('ru');
    await t.chooseDocument('doc-id_card');
    await page.getByRole('heading', { name: 'Страна выдачи' }).waitFor();
    await expect(page.getByTestId('country-SGP').locator('xpath=..').textContent()).resolves.toContain('Сингапур');
    await page.getByTestId('country-search').fill('швец');
    await expect(page.getByTestId('country-count').textContent()).resolves.toBe('Найдена 1 страна.');
    await page.getByTestId('country-SWE').check();
    await t.visit('01-country-search');
    const v = await latestVerification(h);
    // "Choose another document" leaves the country step: the verification is cancelled in main.
    await page.getByRole('button', { name: 'Выбрать другой документ' }).click();
    await page.getByTestId('doc-id_card').waitFor();
    await waitForVerification(h, v.id, (x) => x.state === 'cancelled');
    await t.expectCleanAndClose();
  });

  it('driving licence without MRZ: the review screen asks for the country, submit waits for it, routing follows it', async () => {
    const t = await TellerPage.open(browser, h, 'country-licence-review', { viewport: SMALL, artifactsDir: ARTIFACTS });
    const { page } = t;
    await t.chooseDocument('doc-drivers_license');
    // No country step before capture: ZignSec does not need one up front.
    await page.getByRole('radio', { name: 'Specimen scanner (training)' }).check();
    for (const side of ['front', 'back'] as const) {
      await page.getByTestId(`capture-${side}`).click();
      await page.getByTestId(`preview-${side}`).waitFor({ timeout: 60_000 });
    }
    await page.getByTestId('to-review').click();
    const v = await latestVerification(h);
    expect(v.provider).toBe('zignsec');
    await page.getByTestId('review-country-missing').waitFor();
    await expect(page.getByTestId('submit').isDisabled()).resolves.toBe(true);
    await t.visit('01-review-country-needed');

    await page.getByTestId('country-search').fill('SGP');
    await page.getByTestId('country-search').press('Enter');
    await page.getByTestId('country-use').click();
    await expect(page.getByTestId('review-country').getAttribute('data-country')).resolves.toBe('SGP');
    // The specimen licence's back sometimes shows glare: a poor side is sent only with "send anyway".
    await sendAnywayIfPoor(page);
    await expect(page.getByTestId('submit').isDisabled()).resolves.toBe(false);
    await t.visit('02-review-country-chosen');
    await page.getByTestId('submit').click();
    await page.getByTestId('decision').waitFor({ timeout: 90_000 });
    await t.visit('03-outcome');

    // Routed by the teller's country (byCountry SGP → ZOLOZ), audited as routing.
    const done = await waitForVerification(h, v.id, (x) => x.outcome !== null);
    expect(done.provider).toBe('zoloz');
    expect(stored(v.id).country).toBe('SGP');
    await t.expectCleanAndClose();
  });
});
