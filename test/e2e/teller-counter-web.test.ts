// The counter screen: at 1280 × 800, 1366 × 768 and 1920 × 1080 each step's picture, its instruction and
// its primary action are inside the window without scrolling; the capture gate stops an unusable image
// and makes a poor one an explicit "send anyway"; leaving a verification with captures asks first; a
// camera's second side comes after an explicit turn-over step. Real core behind the real web host, Debian
// Chromium; screenshots at 1280 × 800 into test-artifacts/teller, axe-core on every visited screen.
import { describe, expect, it } from 'vitest';
import { useWebKiosk } from './support/web-kiosk';
import { captureFront, captureFrontToReview, SPECIMEN_CAMERA, SPECIMEN_SCANNER } from './support/capture-front';
import type { Page } from 'playwright-core';
import { TellerPage, latestVerification, waitForVerification, type Viewport } from './teller-support';
import type { SpecimenDeviceOptions } from '../../main/capture/specimen/device';
import { iso31661Alpha3ToAlpha2 } from 'iso-3166';
import type { Verification } from '../../shared/domain';

const COUNTER: Viewport = { width: 1280, height: 800 };
const VIEWPORTS: Viewport[] = [COUNTER, { width: 1366, height: 768 }, { width: 1920, height: 1080 }];

// Read by the specimen devices at each capture: a test changes the camera's picture between captures.
const specimen: SpecimenDeviceOptions = {};
const web = useWebKiosk({ kioskOptions: { specimen } });

/** Test ids (or selectors) of elements that are not entirely inside the window. */
async function outsideWindow(page: Page, selectors: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const sel of selectors) {
    const css = sel.startsWith('[') || sel.startsWith('.') ? sel : `[data-testid="${sel}"]`;
    const box = await page.evaluate((s) => {
      const el = document.querySelector(s);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      // The action bar stays at the bottom of the window: anything else must end above it, not under it.
      const bar = document.querySelector('.actions-bar');
      const h = bar && !bar.contains(el) ? Math.min(window.innerHeight, bar.getBoundingClientRect().top) : window.innerHeight;
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, w: window.innerWidth, h };
    }, css);
    if (!box) out.push(`${sel}: missing`);
    else if (box.top < 0 || box.left < 0 || box.bottom > box.h + 0.5 || box.right > box.w + 0.5) out.push(`${sel}: ${Math.round(box.top)}–${Math.round(box.bottom)} of ${box.h}`);
  }
  return out;
}

/** Test ids of the visible primary buttons: a screen has at most one. */
async function primaryButtons(page: Page): Promise<string[]> {
  return page.locator('.btn-primary').evaluateAll((els) =>
    els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getAttribute('data-testid') ?? e.textContent ?? '?'),
  );
}

describe('counter screen layout', () => {
  for (const viewport of VIEWPORTS) {
    const name = `${viewport.width}x${viewport.height}`;
    it(`${name}: picture, instruction and primary action of every step are on screen together`, async () => {
      const t = await TellerPage.open(web.browser, web.h, `counter-${name}`, { viewport });
      const { page } = t;
      const shoot = async (screen: string) => {
        if (viewport === COUNTER) await t.visit(screen);
      };
      const misses: string[] = [];
      const check = async (step: string, selectors: string[]) => {
        misses.push(...(await outsideWindow(page, selectors)).map((m) => `${step}: ${m}`));
        const primaries = await primaryButtons(page);
        if (primaries.length > 1) misses.push(`${step}: ${primaries.length} primary buttons (${primaries.join(', ')})`);
      };
      await check('start', ['start']);
      await shoot('01-start');
      await page.getByTestId('start').click();
      await page.getByTestId('consent-agree').waitFor();
      await check('consent', ['.screen-title', 'consent-agree', 'consent-decline']);
      await shoot('02-consent');
      await page.getByTestId('consent-agree').click();
      await page.getByTestId('doc-id_card').waitFor();
      await check('document', ['.screen-title', 'doc-passport', 'doc-id_card', 'doc-drivers_license']);
      await shoot('03-document');
      await page.getByTestId('doc-id_card').click();
      await page.getByRole('radio', { name: SPECIMEN_SCANNER }).check();
      await check('scan', ['.side-grid .hint', '.preview-placeholder', 'capture-front', 'capture-back', 'to-review']);
      await shoot('04-scan');
      for (const side of ['front', 'back'] as const) {
        await page.getByTestId(`capture-${side}`).click();
        await page.getByTestId(`preview-${side}`).waitFor({ timeout: 60_000 });
      }
      await check('scanned', ['preview-front', 'preview-back', 'to-review']);
      await shoot('05-scanned');
      await page.getByTestId('to-review').click();
      await page.getByTestId('review-image-front').waitFor();
      await check('review', ['review-image-front', 'review-image-back', 'gate-front', 'gate-back', 'mrz-back', 'submit']);
      await shoot('06-review');
      await page.getByTestId('submit').click();
      const decision = page.getByTestId('decision');
      await decision.waitFor({ timeout: 90_000 });
      await check('outcome', ['decision']);
      await shoot('07-outcome');
      expect(misses).toEqual([]);
      await t.expectCleanAndClose();
    });
  }

  for (const viewport of VIEWPORTS) {
    const name = `${viewport.width}x${viewport.height}`;
    it(`${name}: the camera's live picture, its instruction and the capture button together; turn-over step before the back`, async () => {
      const t = await TellerPage.open(web.browser, web.h, `counter-camera-${name}`, { viewport });
      const shoot = async (screen: string) => {
        if (viewport === COUNTER) await t.visit(screen);
      };
      const { page } = t;
      await t.chooseDocument('doc-id_card');
      await page.getByRole('radio', { name: SPECIMEN_CAMERA }).check();
      await page.getByTestId('live-frame').waitFor({ timeout: 30_000 });
      await shoot('08-camera-live');
      expect(await outsideWindow(page, ['live-frame', 'live-instruction', 'capture-front'])).toEqual([]);
      expect((await primaryButtons(page)).length).toBeLessThanOrEqual(1);
      // The side card speaks of the camera, not of the scanner glass.
      await expect(page.locator('.side-grid .hint').first().textContent()).resolves.toContain('under the camera');
      await page.getByTestId('capture-front').click();
      await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
      // The back is not captured until the teller says the card is turned over.
      await page.getByTestId('turn-over').waitFor();
      expect(await page.getByTestId('live-preview').count()).toBe(0);
      expect(await page.getByTestId('capture-back').isDisabled()).toBe(true);
      expect(await outsideWindow(page, ['turn-over', 'turned-over'])).toEqual([]);
      expect((await primaryButtons(page)).length).toBeLessThanOrEqual(1);
      await shoot('09-camera-turn-over');
      await page.getByTestId('turned-over').click();
      await page.getByTestId('live-frame').waitFor({ timeout: 30_000 });
      await expect(page.locator('.live-card-panel .card-title').textContent()).resolves.toContain('Back');
      expect(await outsideWindow(page, ['live-frame', 'live-instruction', 'capture-back'])).toEqual([]);
      // A camera retake goes back through the live picture, titled with the side it retakes.
      await page.getByTestId('retake-front').click();
      await expect.poll(() => page.locator('.live-card-panel .card-title').textContent()).toContain('Front');
      await page.getByTestId('live-frame').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('preview-front').count()).toBe(0);
      await t.expectCleanAndClose();
    });
  }
});

describe('capture gate', () => {
  it('a black capture (SANE test scanner) cannot be submitted until scanned again', async () => {
    const t = await TellerPage.open(web.browser, web.h, 'gate-black', { viewport: COUNTER });
    const { page } = t;
    await t.chooseDocument('doc-id_card');
    await page.getByRole('radio', { name: /test:0/ }).check();
    for (const side of ['front', 'back'] as const) {
      await page.getByTestId(`capture-${side}`).click();
      await page.getByTestId(`preview-${side}`).waitFor({ timeout: 60_000 });
    }
    await page.getByTestId('to-review').click();
    await page.getByTestId('capture-gate').waitFor();
    await expect(page.getByTestId('gate-front').getAttribute('data-level')).resolves.toBe('unusable');
    await expect(page.getByTestId('submit').isDisabled()).resolves.toBe(true);
    // "Scan again" is the one primary action.
    await expect(page.locator('.btn-primary').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).resolves.toEqual(['review-retake']);
    await t.visit('10-review-unusable');
    const v = await latestVerification(web.h);
    await expect(web.h.kiosk.service.submit({ verificationId: v.id })).rejects.toMatchObject({ code: 'bad_image' });
    // Scanned again with a usable device: Submit comes back.
    await page.getByTestId('review-retake').click();
    await page.getByRole('radio', { name: SPECIMEN_SCANNER }).check();
    for (const side of ['front', 'back'] as const) {
      await page.getByTestId(`retake-${side}`).click();
      await page.waitForFunction((s) => (document.querySelector(`[data-testid="preview-${s}"]`) as HTMLImageElement | null)?.closest('.card')?.classList.contains('card-ok'), side, { timeout: 60_000 });
    }
    await page.getByTestId('to-review').click();
    await expect(page.getByTestId('gate-front').getAttribute('data-level')).resolves.toBe('good');
    await expect(page.getByTestId('submit').isDisabled()).resolves.toBe(false);
    await t.expectCleanAndClose();
  });

  it('a poor (blurred) capture needs an explicit "send anyway"', async () => {
    specimen.cameraVariant = { blurSigma: 4, noise: 4 };
    try {
      const t = await TellerPage.open(web.browser, web.h, 'gate-poor', { viewport: COUNTER });
      const { page } = t;
      await t.chooseDocument('doc-passport');
      await expect(captureFrontToReview(page, SPECIMEN_CAMERA)).resolves.toBe('poor');
      await expect(page.getByTestId('submit').isDisabled()).resolves.toBe(true);
      await t.visit('11-review-poor');
      expect(await outsideWindow(page, ['review-image-front', 'send-anyway', 'submit'])).toEqual([]);
      await page.getByTestId('send-anyway').check();
      await expect(page.getByTestId('submit').isDisabled()).resolves.toBe(false);

      await t.expectCleanAndClose();
    } finally {
      delete specimen.cameraVariant;
    }
  });
});

describe('scan again', () => {
  it('a not-verified result (no MRZ found on a blurred image sent anyway) scans the same document again without the notice', async () => {
    specimen.cameraVariant = { blurSigma: 9, noise: 4 };
    try {
      const t = await TellerPage.open(web.browser, web.h, 'scan-again', { viewport: COUNTER });
      const { page } = t;
      const starts: Array<Record<string, unknown>> = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().includes('startVerification')) starts.push(JSON.parse(r.postData() ?? '{}') as Record<string, unknown>);
      });
      await t.chooseDocument('doc-passport');
      await expect(captureFrontToReview(page, SPECIMEN_CAMERA)).resolves.toBe('poor');
      await page.getByTestId('send-anyway').check();
      const first = await latestVerification(web.h);
      await page.getByTestId('submit').click();
      await page.getByTestId('decision').waitFor({ timeout: 90_000 });
      await expect(page.getByTestId('decision').getAttribute('data-decision')).resolves.toBe('failed');
      // "Scan the document again" is the one primary action: a new passport verification, no notice again.
      await expect(primaryButtons(page)).resolves.toEqual(['scan-again']);
      await t.visit('20-result-not-verified');
      await page.getByTestId('scan-again').click();
      await page.getByTestId('capture-front').waitFor();
      expect(await page.getByTestId('consent-agree').count()).toBe(0);
      const again = await latestVerification(web.h);
      expect(again.id).not.toBe(first.id);
      expect(again).toMatchObject({ documentType: 'passport', state: 'capturing' });
      expect(starts.map((b) => b.scanAgainOf ?? null)).toEqual([null, first.id]);
      expect(starts[1]).toMatchObject({ documentType: 'passport' });
      await t.expectCleanAndClose();
    } finally {
      delete specimen.cameraVariant;
    }
  });
});

describe('nothing lost by accident', () => {
  it('leaving a verification with captures asks first; staying keeps them, leaving cancels it', async () => {
    const t = await TellerPage.open(web.browser, web.h, 'leave', { viewport: COUNTER });
    const { page } = t;
    await t.chooseDocument('doc-passport');
    await captureFront(page, SPECIMEN_SCANNER);
    const v = await latestVerification(web.h);
    await page.getByTestId('open-today').click();
    await page.getByTestId('leave-dialog').waitFor();
    await t.visit('12-leave-dialog');
    // The safe choice has the focus: Enter stays.
    await page.keyboard.press('Enter');
    await page.getByTestId('leave-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('preview-front').waitFor();
    // Escape stays too.
    await page.getByTestId('scan-cancel').click();
    await page.getByTestId('leave-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('leave-dialog').waitFor({ state: 'detached' });
    expect((await web.h.kiosk.service.getVerification({ id: v.id })).state).toBe('capturing');
    // Cancel on review asks too.
    await page.getByTestId('to-review').click();
    await page.getByTestId('review-cancel').click();
    await page.getByTestId('leave-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('leave-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('review-image-front').waitFor();
    await page.getByTestId('review-retake').click();
    await page.getByTestId('change-document').click();
    await page.getByTestId('confirm-leave').click();
    await page.getByTestId('doc-passport').waitFor();
    await waitForVerification(web.h, v.id, (x) => x.state === 'cancelled');
    await t.expectCleanAndClose();
  });

  it('the customer who does not agree: the teller is told what to say, nothing is stored', async () => {
    const t = await TellerPage.open(web.browser, web.h, 'declined', { viewport: COUNTER });
    const { page } = t;
    const before = (await web.h.kiosk.service.listVerifications({ limit: 200 })).items.length;
    await page.getByTestId('start').click();
    await page.getByTestId('consent-decline').click();
    await page.getByTestId('consent-declined').waitFor();
    await expect(page.getByTestId('consent-declined').textContent()).resolves.toContain('branch adviser');
    expect(await outsideWindow(page, ['consent-declined-done'])).toEqual([]);
    await t.visit('13-consent-declined');
    await page.getByTestId('consent-declined-done').click();
    await page.getByTestId('start').waitFor();
    expect((await web.h.kiosk.service.listVerifications({ limit: 200 })).items.length).toBe(before);
    await t.expectCleanAndClose();
  });
});

describe('a result a teller can act on', () => {
  it('a wrong check digit on a good image says "call a supervisor", not "scan again"', async () => {
    specimen.specimen = { brokenCheckDigit: 'documentNumber', format: 'TD3' };
    try {
      const t = await TellerPage.open(web.browser, web.h, 'result-check-digit', { viewport: COUNTER });
      const { page } = t;
      await t.chooseDocument('doc-passport');
      await expect(captureFrontToReview(page, SPECIMEN_SCANNER)).resolves.toBe('good');
      // The kiosk's own reading already fails the check digit: the policy asks for a reason, audited.
      if (await page.getByTestId('override-reason').count()) await page.getByTestId('override-reason').fill('Check digit wrong; sending for the provider to judge');
      await page.getByTestId('submit').click();
      await page.getByTestId('decision').waitFor({ timeout: 90_000 });
      await page.getByTestId('call-supervisor').waitFor();
      await expect(page.getByTestId('call-supervisor').textContent()).resolves.toContain('call a supervisor');
      expect(await page.getByTestId('scan-again').count()).toBe(0);
      await t.visit('14-result-supervisor');
      await t.expectCleanAndClose();
    } finally {
      delete specimen.specimen;
    }
  });

  it('the result shows the portrait, country names in the customer language and the next step; details folded', async () => {
    const t = await TellerPage.open(web.browser, web.h, 'result-good', { viewport: COUNTER });
    const { page } = t;
    await page.getByTestId('language').selectOption('de');
    await t.chooseDocument('doc-passport');
    await captureFrontToReview(page, /Specimen-?[Ss]canner|Specimen scanner/);
    await page.getByTestId('submit').click();
    await page.getByTestId('decision').waitFor({ timeout: 90_000 });
    await t.visit('15-result-de');
    const v = await latestVerification(web.h);
    const identity = v.outcome!.identity;
    const text = (await page.getByTestId('identity').textContent()) ?? '';
    // The country by its German name, never the bare alpha-3 code.
    expect(identity.nationality ?? identity.issuingState).toBeTruthy();
    const shown = identity.nationality ?? identity.issuingState!;
    if (/^[A-Z]{3}$/.test(shown)) expect(text).not.toMatch(new RegExp(`\\b${shown}\\b`));
    const region = iso31661Alpha3ToAlpha2[shown as keyof typeof iso31661Alpha3ToAlpha2];
    expect(region).toBeTruthy();
    expect(text).toContain(new Intl.DisplayNames(['de'], { type: 'region' }).of(region!));
    // The document's portrait, from the provider or cut from the kiosk's own scan of the photo page.
    await page.getByTestId('portrait').waitFor();
    const box = await page.getByTestId('portrait').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(200);
    const advice = page.getByTestId('next-step').or(page.getByTestId('call-supervisor'));
    await advice.first().waitFor();
    if (await page.getByTestId('provider-details').count()) {
      await expect(page.getByTestId('provider-details').getAttribute('open')).resolves.toBeNull();
      // Only rows with content: no dash placeholders.
      await expect(page.locator('.fields-table td').evaluateAll((tds) => tds.filter((td) => td.textContent === '—').length)).resolves.toBe(0);
    }
    await t.expectCleanAndClose();
  });
});

describe("today's list on the counter screen", () => {
  it('shows initials, not names, and a row opens the read-only result', async () => {
    const svc = web.h.kiosk.service;
    const v = await svc.startVerification({ documentType: 'passport' });
    await svc.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    await svc.submit({ verificationId: v.id });
    const done = await waitForVerification(web.h, v.id, (x) => ['accepted', 'declined', 'failed'].includes(x.state), 90_000);
    const fullName = done.outcome?.identity.fullName;
    expect(fullName).toBeTruthy();
    const t = await TellerPage.open(web.browser, web.h, 'today', { viewport: COUNTER });
    const { page } = t;
    await page.getByTestId('open-today').click();
    await page.getByTestId('today-list').waitFor();
    const list = (await page.getByTestId('today-list').textContent()) ?? '';
    for (const part of fullName!.split(/\s+/)) expect(list).not.toContain(part);
    const initials = fullName!.split(/\s+/).map((p) => `${p[0]}.`).join(' ');
    expect(list).toContain(initials);
    await t.visit('16-today');
    await page.getByTestId(`today-open-${v.id}`).click();
    await page.getByTestId('today-result').waitFor();
    await expect(page.getByTestId('decision').getAttribute('data-decision')).resolves.toBe(done.state);
    expect((await page.getByTestId('today-result').textContent()) ?? '').toContain(initials);
    await t.visit('17-today-result');
    await page.getByTestId('today-result-back').click();
    await page.getByTestId('today-list').waitFor();
    await t.expectCleanAndClose();
  });
});

describe('results that arrive later', () => {
  /** A passport verification made through the service (not on this screen), submitted and decided. */
  async function decidedElsewhere(): Promise<Verification> {
    const svc = web.h.kiosk.service;
    const v = await svc.startVerification({ documentType: 'passport' });
    await svc.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    await svc.submit({ verificationId: v.id });
    return waitForVerification(web.h, v.id, (x) => ['accepted', 'declined', 'failed'].includes(x.state), 90_000);
  }
  const initialsOf = (fullName: string) => fullName.split(/\s+/).map((p) => `${p[0]}.`).join(' ');

  it('one notice names the customer by initials and opens the read-only result; several collapse into one notice that opens the list', async () => {
    const t = await TellerPage.open(web.browser, web.h, 'notices', { viewport: COUNTER });
    const { page } = t;
    const one = await decidedElsewhere();
    const fullName = one.outcome?.identity.fullName;
    expect(fullName).toBeTruthy();
    const notice = page.getByTestId('late-result');
    await notice.waitFor({ timeout: 30_000 });
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain(initialsOf(fullName!));
    for (const part of fullName!.split(/\s+/)) expect(text).not.toContain(part);
    expect(text).toContain({ accepted: 'Accepted', declined: 'Declined', failed: 'Not verified' }[one.state as 'accepted']);
    await t.visit('18-late-result');
    await page.getByTestId('late-result-open').click();
    await page.getByTestId('today-result').waitFor();
    await expect(page.getByTestId('decision').getAttribute('data-decision')).resolves.toBe(one.state);
    await expect(notice.count()).resolves.toBe(0);
    await page.getByTestId('today-result-back').click();
    await page.getByTestId('today-list').waitFor();

    // Two more while the teller is busy elsewhere: one notice with the number, not two banners.
    await Promise.all([decidedElsewhere(), decidedElsewhere()]);
    await expect.poll(async () => (await notice.textContent()) ?? '', { timeout: 30_000 }).toContain('Results have arrived for earlier customers: 2.');
    await expect(notice.count()).resolves.toBe(1);
    await t.visit('19-late-results');
    await page.getByTestId('late-result-open').click();
    await page.getByTestId('today-list').waitFor();
    await expect(page.getByTestId('today-result').count()).resolves.toBe(0);
    await t.expectCleanAndClose();
  });
});
