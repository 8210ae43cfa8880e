// Teller screens that the training sandbox cannot produce yet (it returns no document portrait or
// face score): the outcome with the document portrait beside the customer photo, against the fake
// window.kiosk. Also: the fake's cancel is called when the teller leaves a started verification.
import { describe, expect, it } from 'vitest';
import { axeViolations, collectProblems, shot, useRendererServer, withFakeKiosk } from './renderer-harness';

const env = useRendererServer();

describe('renderer: selfie and cancel', () => {
  for (const viewport of [
    { width: 1920, height: 1080 },
    { width: 1366, height: 768 },
  ]) {
    it(`outcome shows the document portrait beside the customer photo with the face score, at ${viewport.width}×${viewport.height}`, async () => {
      const page = await env.browser.newPage({ viewport });
      const problems = collectProblems(page);
      await withFakeKiosk(page, { selfie: true });
      await page.goto(env.url);
      await page.getByTestId('start').click();
      await page.getByTestId('consent-agree').click();
      await page.getByTestId('doc-id_card').click();
      await page.getByRole('radio', { name: /Specimen scanner/ }).check();
      for (const side of ['front', 'back', 'selfie']) {
        await page.getByTestId(`capture-${side}`).click();
        await page.getByTestId(`preview-${side}`).waitFor();
      }
      await page.getByTestId('to-review').click();
      await expect(page.locator('[data-testid^=review-image-]').count()).resolves.toBe(3);
      await page.getByTestId('submit').click();
      for (let i = 0; i < 4; i++) await page.evaluate(() => (window as unknown as { __fakeKiosk: { advance: () => void } }).__fakeKiosk.advance());
      await page.getByTestId('decision').waitFor();
      await expect(page.getByRole('heading', { name: 'Document portrait and customer photo' }).count()).resolves.toBe(1);
      const portrait = await page.getByTestId('portrait').boundingBox();
      const selfie = await page.getByTestId('selfie').boundingBox();
      // Side by side: same row, portrait first.
      expect(portrait && selfie && Math.abs(portrait.y - selfie.y) < 2 && portrait.x < selfie.x).toBe(true);
      await expect(page.getByTestId('similarity').textContent()).resolves.toContain('92 %');
      await shot(page, `${viewport.width}x${viewport.height}-20-outcome-portrait-selfie`);
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    });
  }

  it('leaving a started verification ("Choose another document", today\'s list) cancels it; a submitted one is not', async () => {
    const page = await env.browser.newPage();
    await withFakeKiosk(page);
    await page.goto(env.url);
    const calls = () => page.evaluate(() => (window as unknown as { __fakeKiosk: { calls: string[] } }).__fakeKiosk.calls.filter((c) => c === 'cancelVerification').length);
    await page.getByTestId('start').click();
    await page.getByTestId('consent-agree').click();
    await page.getByTestId('doc-passport').click();
    await page.getByRole('button', { name: 'Choose another document' }).click();
    await expect.poll(calls).toBe(1);
    await page.getByTestId('doc-passport').click();
    await page.getByRole('radio', { name: /Specimen scanner/ }).check();
    await page.getByTestId('capture-front').click();
    await page.getByTestId('to-review').click();
    await page.getByTestId('open-today').click();
    // With a capture taken, leaving asks first.
    await page.getByTestId('confirm-leave').click();
    await expect.poll(calls).toBe(2);
    await page.getByTestId('today-list').waitFor();
    await expect(page.getByTestId('today-list').textContent()).resolves.toContain('Cancelled');
    // A submitted verification is never cancelled by leaving it.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByTestId('start').click();
    await page.getByTestId('consent-agree').click();
    await page.getByTestId('doc-passport').click();
    await page.getByRole('radio', { name: /Specimen scanner/ }).check();
    await page.getByTestId('capture-front').click();
    await page.getByTestId('to-review').click();
    await page.getByTestId('submit').click();
    await page.getByTestId('state-queued').waitFor();
    await page.getByTestId('next-customer').click();
    await page.getByTestId('start').waitFor();
    expect(await calls()).toBe(2);
    await page.close();
  });
});
