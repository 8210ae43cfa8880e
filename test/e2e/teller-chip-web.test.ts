// The chip step end to end on a training kiosk: the real core (encrypted store, specimen scanner and
// camera, on-device MRZ reader, the virtual ePassport built from the scanned specimen and signed by a
// training CSCA) behind the real web host, driven in Debian Chromium at 1280 × 800. The teller scans the
// passport and the customer's photo, reads the chip from the review screen ("Place the passport on the
// reader" → the read with its progress → "Chip verified by <country> — TRAINING"), sees the chip's photo
// beside the document's and the selfie, and submits. Every chip screen passes axe (no serious or critical
// violation) and is screenshotted into test-artifacts/teller (chip-1280x800-*).
import { iso31661 } from 'iso-3166';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './renderer-harness';
import { startHarness, type Harness } from '../helpers/kiosk-harness';
import { specimenSpecFor } from '../../main/capture/specimen/device';
import { TellerPage, latestVerification, sendAnywayIfPoor } from './teller-support';

// Seed 7100 is a passport the on-device reader reads exactly (see test/integration/precheck/kiosk-precheck.test.ts).
const SEED = 7100;
const truth = specimenSpecFor('passport', 'front', SEED, {});
const VIEWPORT = { width: 1280, height: 800 };

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness({
    web: true,
    overrides: { capture: { sane: false }, providers: { zignsec: { analysisTypes: ['document', 'selfie'] } } },
    kioskOptions: { specimen: { seed: SEED, specimen: {} } },
  });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('chip step in the teller flow (training virtual ePassport, web host, Chromium)', () => {
  it('reads the chip from the review screen: place, read, verified by the country in words, three faces, then submit', async () => {
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

    // Offered: a passport read exactly, a reader (the training one), policy "offer" (skippable).
    const step = page.getByTestId('chip-step');
    await step.waitFor({ timeout: 30_000 });
    await expect(step.getAttribute('data-phase')).resolves.toBe('offer');
    await expect(page.getByTestId('chip-policy').textContent()).resolves.toBe('Optional: you may submit without reading the chip.');
    await expect(page.getByTestId('chip-typed').count()).resolves.toBe(0);
    await expect(page.getByTestId('submit').isDisabled()).resolves.toBe(false);
    await page.getByTestId('chip-step').scrollIntoViewIfNeeded();
    await t.visit('01-chip-offer');

    await page.getByTestId('chip-read').click();
    await expect(page.getByTestId('chip-place').textContent()).resolves.toBe('Place the passport on the reader');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('chip-place');
    await t.visit('02-chip-place');

    // Count the progress events the page receives while the chip is read.
    await page.getByTestId('chip-start').click();
    await page.locator('[data-testid="chip-step"][data-phase="result"]').waitFor({ timeout: 60_000 });
    await expect(step.getAttribute('data-outcome')).resolves.toBe('verified');
    const country = new Intl.DisplayNames(['en'], { type: 'region' }).of(iso31661.find((c) => c.alpha3 === truth.issuingState)!.alpha2)!;
    const outcome = await page.getByTestId('chip-outcome').textContent();
    expect(outcome).toContain(`Chip verified by ${country} — TRAINING: signed by a training certificate, not by a state.`);
    expect(outcome).toContain('You can submit.');
    // The chip's photo (decoded from the chip, re-encoded by main) beside the document's and the selfie.
    const chipFace = page.getByTestId('chip-face');
    await chipFace.waitFor({ timeout: 10_000 });
    await expect(chipFace.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100)).resolves.toBe(true);
    await expect(page.getByTestId('chip-face-document').count()).resolves.toBe(1);
    await expect(page.getByTestId('chip-face-selfie').count()).resolves.toBe(1);
    await page.getByTestId('chip-faces').scrollIntoViewIfNeeded();
    await t.visit('03-chip-verified');

    // The read is the verification's: stored, audited, and the submit goes on.
    const v = await latestVerification(h);
    const status = await h.kiosk.service.chipStatus({ verificationId: v.id });
    expect(status.latest).toMatchObject({ outcome: 'verified', accessKey: 'mrz', printedMrzMatch: true, training: true });
    await sendAnywayIfPoor(page);
    await page.getByTestId('submit').click();
    await page.getByTestId('decision').waitFor({ timeout: 90_000 });
    await t.expectCleanAndClose();
  }, 240_000);
});
