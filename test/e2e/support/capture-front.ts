// The capture steps the counter e2e tests repeat: pick a specimen device, capture the front and wait for
// its preview (a camera's auto-capture included), and go on to review, where the capture gate judges it.
import type { Page } from 'playwright-core';

export const SPECIMEN_SCANNER = 'Specimen scanner (training)';
export const SPECIMEN_CAMERA = 'Specimen camera (training)';

/** Picks `device` (its accessible name), captures the front and waits for the front's preview. */
export async function captureFront(page: Page, device: string | RegExp): Promise<void> {
  await page.getByRole('radio', { name: device }).check();
  await page.getByTestId('capture-front').click();
  await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
}

/** captureFront, then on to review: the capture gate's level for the front ('good', 'poor' or 'unusable'). */
export async function captureFrontToReview(page: Page, device: string | RegExp): Promise<string | null> {
  await captureFront(page, device);
  await page.getByTestId('to-review').click();
  return page.getByTestId('gate-front').getAttribute('data-level');
}
