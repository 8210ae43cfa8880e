// A device failure on the teller's screen in the teller's language, and a supervisor refusal likewise:
// a scanner that is listed but cannot be opened (the real scanimage fails to open it) shows its
// sentence from the German locale, not main's English, and the supervisor set-up with a wrong code
// says so in German. Real core behind the real web host, Debian Chromium; screenshots in
// test-artifacts/teller/device-error-de-*.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './renderer-harness';
import { TellerPage } from './teller-support';
import { REPO_ROOT, startHarness, type Harness } from '../helpers/kiosk-harness';
import { GHOST_SCANNER_ID, installGhostScanner } from '../helpers/ghost-scanner';
import { englishText, kioskMessage } from '../../shared/kiosk-message';

const de = JSON.parse(readFileSync(join(REPO_ROOT, 'renderer/src/i18n/locales/de.json'), 'utf8')) as { message: Record<string, string> };
/** The German text of a catalogue key (a missing one fails the test). */
function german(key: string): string {
  const text = de.message[key];
  if (!text) throw new Error(`de.json has no message.${key}`);
  return text;
}

let h: Harness;
let browser: Browser;
let ghost: { remove(): void };
beforeAll(async () => {
  ghost = installGhostScanner();
  h = await startHarness({ web: true, overrides: { capture: { sane: true, cameras: false } } });
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
  ghost?.remove();
});

describe('German teller screens', () => {
  it('a scanner that cannot be opened: the German sentence with its next step, no English from main', async () => {
    const t = await TellerPage.open(browser, h, 'device-error-de', { viewport: { width: 1280, height: 800 }, storage: { 'kiosk.tellerLanguage': 'de' } });
    const { page } = t;
    await t.chooseDocument('doc-passport');
    await page.locator(`label[data-testid="device-${GHOST_SCANNER_ID}"]`).click();
    await page.getByTestId('capture-front').click();
    const sentence = german('scanner_not_opened');
    expect(sentence).toMatch(/^Der Scanner konnte nicht geöffnet werden\./);
    await page.getByText(sentence).waitFor({ timeout: 60_000 });
    await t.visit('01-scanner-not-opened');
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toContain(englishText(kioskMessage('scanner_not_opened')));
    expect(body).not.toMatch(/scanimage|Invalid argument/);
    expect(t.axe).toEqual([]);
    await t.close();
  });

  it('the supervisor set-up with a wrong code says so in German', async () => {
    const t = await TellerPage.open(browser, h, 'device-error-de', { viewport: { width: 1280, height: 800 }, storage: { 'kiosk.tellerLanguage': 'de' } });
    const { page } = t;
    await page.getByTestId('open-supervisor').click();
    await page.getByTestId('supervisor-setup').waitFor();
    await page.getByTestId('setup-code').fill('0000-0000-0000');
    await page.getByTestId('setup-name').fill('Maja Berg');
    await page.getByTestId('setup-pin').fill('2468');
    await page.getByTestId('setup-pin-again').fill('2468');
    await page.keyboard.press('Enter');
    await page.getByText(german('supervisor_setup_code_wrong')).waitFor();
    await t.visit('02-supervisor-setup-code');
    expect((await page.locator('body').textContent()) ?? '').not.toContain('That setup code is not right');
    expect(t.axe).toEqual([]);
    await t.close();
  });
});
