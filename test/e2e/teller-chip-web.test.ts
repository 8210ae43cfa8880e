// The chip end to end on a training kiosk: the real core (encrypted store, specimen scanner and camera,
// on-device MRZ reader, the virtual ePassport built from the scanned specimen and signed by a training
// CSCA) behind the real web host, driven in Debian Chromium at 1280 × 800. The teller scans the passport
// and the customer's photo; the review screen's chip step waits for the passport ("Place the passport on
// the reader", the instruction and its action inside the viewport), the teller places the virtual passport,
// the reader reports it (chipReadersChanged) and the read starts by itself → "Chip verified by <country> —
// TRAINING" with the chip's photo beside the document's and the selfie; submitted, the result screen shows
// the chip read again; a supervisor then opens the verification and sees the chip card (outcome, country,
// access, clone check, the chip's photo). Every chip screen passes axe (no serious or critical violation)
// and is screenshotted into test-artifacts/teller (chip-1280x800-*).
import { iso31661 } from 'iso-3166';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { axeViolations, launch } from './renderer-harness';
import { startHarness, type Harness } from '../helpers/kiosk-harness';
import { specimenSpecFor } from '../../main/capture/specimen/device';
import { hashPin } from '../../main/review/pin';
import { TellerPage, latestVerification, sendAnywayIfPoor } from './teller-support';

// Seed 7100 is a passport the on-device reader reads exactly (see test/integration/precheck/kiosk-precheck.test.ts).
const SEED = 7100;
const truth = specimenSpecFor('passport', 'front', SEED, {});
const VIEWPORT = { width: 1280, height: 800 };
const PIN = '2468';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness({
    web: true,
    overrides: {
      capture: { sane: false },
      providers: { zignsec: { analysisTypes: ['document', 'selfie'] } },
      review: { supervisors: [{ name: 'Maja Berg', pinHash: await hashPin(PIN) }] },
    },
    kioskOptions: { specimen: { seed: SEED, specimen: {} } },
  });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** The element lies wholly inside the viewport and above the screen's sticky action bar. */
async function inView(page: Page, el: Locator): Promise<boolean> {
  const box = await el.boundingBox();
  const bar = await page.locator('.actions-bar').boundingBox();
  if (!box) return false;
  const bottom = bar ? Math.min(bar.y, VIEWPORT.height) : VIEWPORT.height;
  return box.y >= 0 && box.x >= 0 && box.y + box.height <= bottom && box.x + box.width <= VIEWPORT.width;
}

describe('chip in the teller flow and the supervisor area (training virtual ePassport, web host, Chromium)', () => {
  it('the step waits for the passport, reads it when placed, shows the result on review and result screens and to the supervisor', async () => {
    const t = await TellerPage.open(browser, h, 'chip-1280x800', { viewport: VIEWPORT });
    const { page } = t;
    await t.chooseDocument('doc-passport');
    await page.getByRole('radio', { name: 'Specimen scanner (training)' }).check();
    await page.getByTestId('capture-front').click();
    await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
    await page.getByRole('radio', { name: 'Specimen camera (training)' }).check();
    await page.getByTestId('capture-selfie').click();
    await page.getByTestId('preview-selfie').waitFor({ timeout: 60_000 });
    await page.getByTestId('to-review').click();

    // Offered (a passport read exactly, the training reader, policy "offer"): the key is known, so the step
    // waits for the passport on the reader at once; nothing is on it yet.
    const step = page.getByTestId('chip-step');
    await page.locator('[data-testid="chip-step"][data-phase="place"]').waitFor({ timeout: 30_000 });
    await expect(step.getAttribute('data-on-reader')).resolves.toBe('no');
    await expect(page.getByTestId('chip-policy').textContent()).resolves.toBe('Optional: you may submit without reading the chip.');
    await expect(page.getByTestId('chip-place').textContent()).resolves.toBe('Place the passport on the reader');
    await expect(page.getByTestId('chip-typed').count()).resolves.toBe(0);
    await expect(page.getByTestId('submit').isDisabled()).resolves.toBe(false);
    await expect(page.locator('.btn-primary:visible').count()).resolves.toBe(1); // Submit leads; the chip is optional
    const place = page.getByTestId('chip-place-virtual');
    await place.scrollIntoViewIfNeeded();
    await expect(inView(page, page.getByTestId('chip-place'))).resolves.toBe(true);
    await expect(inView(page, place)).resolves.toBe(true);
    await t.visit('01-chip-place');

    // Placing it: main reports the document on the reader and the read starts with no other press.
    await place.click();
    await page.locator('[data-testid="chip-step"][data-phase="result"]').waitFor({ timeout: 90_000 });
    await expect(step.getAttribute('data-outcome')).resolves.toBe('verified');
    const country = new Intl.DisplayNames(['en'], { type: 'region' }).of(iso31661.find((c) => c.alpha3 === truth.issuingState)!.alpha2)!;
    const verified = `Chip verified by ${country} — TRAINING: signed by a training certificate, not by a state.`;
    const outcome = await page.getByTestId('chip-outcome').textContent();
    expect(outcome).toContain(verified);
    expect(outcome).toContain('You can submit.');
    // The read lifted the virtual passport off the reader again.
    await page.locator('[data-testid="chip-step"][data-on-reader="no"]').waitFor({ timeout: 10_000 });
    const chipFace = page.getByTestId('chip-face');
    await chipFace.waitFor({ timeout: 10_000 });
    await expect(chipFace.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100)).resolves.toBe(true);
    await expect(page.getByTestId('chip-face-document').count()).resolves.toBe(1);
    await expect(page.getByTestId('chip-face-selfie').count()).resolves.toBe(1);
    // The outcome (the instruction) and the three photos fit on the screen together, above the action bar with Submit.
    await page.getByTestId('chip-outcome').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await expect(inView(page, page.getByTestId('chip-outcome'))).resolves.toBe(true);
    await expect(inView(page, page.getByTestId('chip-faces'))).resolves.toBe(true);
    await t.visit('02-chip-verified');

    const v = await latestVerification(h);
    const status = await h.kiosk.service.chipStatus({ verificationId: v.id });
    expect(status.latest).toMatchObject({ outcome: 'verified', accessKey: 'mrz', printedMrzMatch: true, training: true });

    // Submitted: the result screen shows the chip read with the three photos.
    await sendAnywayIfPoor(page);
    await page.getByTestId('submit').click();
    const panel = page.getByTestId('chip-result-panel');
    await panel.waitFor({ timeout: 90_000 });
    await expect(page.getByTestId('chip-result-outcome').textContent()).resolves.toContain(verified);
    await panel.getByTestId('chip-face').waitFor({ timeout: 10_000 });
    await expect(panel.getByTestId('chip-face-selfie').count()).resolves.toBe(1);
    await page.getByTestId('decision').waitFor({ timeout: 90_000 });
    await t.visit('03-chip-result-screen');
    await page.getByTestId('next-customer').click();

    // The supervisor's detail of this verification: the chip card.
    await page.getByTestId('open-supervisor').click();
    await page.getByTestId('supervisor-login').waitFor();
    for (const d of PIN) await page.getByTestId(`pin-${d}`).click();
    await page.getByTestId('login-submit').click();
    await page.getByTestId('supervisor-queue').waitFor();
    await page.getByTestId('queue-tab-all').click();
    await page.locator(`[data-testid="queue-row"][data-id="${v.id}"] .row-link`).click();
    await page.getByTestId('supervisor-detail').waitFor();
    const card = page.getByTestId('chip-result');
    await card.waitFor({ timeout: 30_000 });
    await expect(card.getAttribute('data-outcome')).resolves.toBe('verified');
    const cardText = (await card.textContent()) ?? '';
    expect(cardText).toContain(verified);
    expect(cardText).toContain('chip authentication');
    const supervisorFace = page.getByTestId('chip-result-face');
    await supervisorFace.scrollIntoViewIfNeeded();
    await expect(supervisorFace.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100)).resolves.toBe(true);
    await t.visit('04-supervisor-chip-card');
    expect(await axeViolations(page)).toEqual([]);
    await t.expectCleanAndClose();
  }, 300_000);
});
