// ZignSec's assisted flow in the teller's hands: a kiosk set up for ZignSec's assisted flow offers "Open
// ZignSec's page" on the scan screen before anything is scanned. In Electron main opens the locked
// window; here the host's opener is a customer played over real HTTP on the sandbox's hosted page
// (test/helpers/zignsec-customer.ts). Real core, real web host, Debian Chromium, axe-core; screenshots
// in test-artifacts/e2e.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './renderer-harness';
import { REPO_ROOT, startHarness, type Harness } from '../helpers/kiosk-harness';
import { customerOnHostedPage } from '../helpers/zignsec-customer';
import { generateSpecimen, randomSpecimenSpec } from '../../main/capture/specimen/generate';
import { TellerPage, latestVerification, SMALL } from './teller-support';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts/e2e');
let h: Harness;
let browser: Browser;
const seen = { urls: [] as string[], origins: [] as string[] };
let surname = '';

beforeAll(async () => {
  const sp = await generateSpecimen(randomSpecimenSpec(4201, { format: 'TD3' }));
  surname = sp.truth.surname;
  h = await startHarness({
    web: true,
    overrides: { providers: { zignsec: { assistedFlow: true } } },
    kioskOptions: { openProviderPage: customerOnHostedPage(sp.jpeg, seen) },
  });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe("ZignSec's own page from the scan screen", () => {
  it('the teller opens the page, the customer finishes there, and the outcome arrives like any other', async () => {
    const t = await TellerPage.open(browser, h, 'assisted-passport', { artifactsDir: ARTIFACTS, viewport: SMALL });
    const { page } = t;
    await t.chooseDocument('doc-passport');

    const open = page.getByTestId('open-provider-page');
    await open.waitFor();
    await t.visit('01-scan-with-offer');
    await open.click();
    const decision = page.getByTestId('decision');
    await decision.waitFor({ timeout: 60_000 });
    await t.visit('02-outcome');
    expect(await decision.getAttribute('data-decision')).toBe('accepted');
    await expect(page.getByText(surname, { exact: false }).first().isVisible()).resolves.toBe(true);

    const v = await latestVerification(h);
    expect(v.state).toBe('accepted');
    expect(v.captures).toEqual([]); // the kiosk kept no image: the customer gave them to ZignSec directly
    expect(seen.urls).toHaveLength(1);
    // The page's address never reached the renderer.
    const sessionId = new URL(seen.urls[0]!).pathname.split('/').at(-1)!;
    expect(await page.content()).not.toContain(sessionId);
    await t.expectCleanAndClose();
  });

  it('once a side is scanned at the kiosk, the offer is gone (the two paths never mix)', async () => {
    const t = await TellerPage.open(browser, h, 'assisted-after-scan', { artifactsDir: ARTIFACTS, viewport: SMALL });
    const { page } = t;
    await t.chooseDocument('doc-passport');
    await page.getByTestId('open-provider-page').waitFor();
    await page.getByRole('radio', { name: /Specimen scanner/ }).check();
    await page.getByTestId('capture-front').click();
    await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('open-provider-page').count()).toBe(0);
    await t.visit('03-after-scan');
    expect(t.axe).toEqual([]);
    await t.close();
  });
});
