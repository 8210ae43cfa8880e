// Why the last attempt to send failed, as the teller reads it on the submitted screen (real Chromium, the
// renderer against the fake kiosk): main's catalogue sentence in the teller's language, never main's
// English; a row without a sentence (stored before they existed) gets a generic sentence and main's English
// set apart as support text, marked lang="en".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, collectProblems, root, shot, useRendererServer, withFakeKiosk } from './renderer-harness';

const env = useRendererServer();
const de = JSON.parse(readFileSync(join(root, 'renderer/src/i18n/locales/de.json'), 'utf8')) as { message: Record<string, string>; sync: Record<string, string> };

type Sentence = { key: string; params: Record<string, string | number> } | null;
const failSync = (page: Page, state: string, lastError: string, sentence: Sentence) =>
  page.evaluate(
    ([s, e, m]) => (window as unknown as { __fakeKiosk: { failSync: (id: null, s: string, e: string, m: Sentence) => string } }).__fakeKiosk.failSync(null, s, e, m),
    [state, lastError, sentence] as const,
  );

describe('the sync error on the submitted screen', () => {
  it('shows the sentence in the teller language; an old row shows a generic sentence and the English as support text', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = collectProblems(page);
    await withFakeKiosk(page);
    await page.goto(env.url);
    await page.getByRole('button', { name: 'Start verification' }).click();
    await page.getByRole('button', { name: 'The customer agrees' }).click();
    await page.getByRole('button', { name: /^Passport/ }).click();
    await page.getByRole('radio', { name: /Specimen scanner/ }).check();
    await page.getByRole('button', { name: 'Scan front', exact: true }).click();
    await page.getByRole('button', { name: 'Continue to review' }).click();
    await page.getByRole('button', { name: 'Submit for verification' }).click();

    // A retry while online: the kiosk's sentence, not main's English.
    const english503 = 'ZignSec had a temporary problem (upload, HTTP 503); the kiosk will retry.';
    await failSync(page, 'queued', english503, { key: 'sync_provider_trouble', params: { provider: 'ZignSec', status: 503 } });
    await page.getByTestId('sync-error').waitFor();
    await expect(page.getByTestId('sync-error').textContent()).resolves.toBe(
      'ZignSec had a temporary problem (HTTP 503). The kiosk tries again by itself; nothing needs to be done.',
    );
    await expect(page.getByTestId('sync-error-support').count()).resolves.toBe(0);

    // Needs a supervisor, in German.
    await page.getByTestId('language').selectOption('de');
    // German is a chunk loaded when picked: wait until the screens speak it.
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('de');
    const englishRefusal = 'ZignSec rejected the request (upload, HTTP 400): blurry.';
    await failSync(page, 'needs_attention', englishRefusal, { key: 'sync_rejected', params: { provider: 'ZignSec', status: 400 } });
    await page.getByTestId('state-attention').waitFor();
    await expect(page.getByTestId('sync-error').textContent()).resolves.toBe(de.message.sync_rejected!.replace('{{provider}}', 'ZignSec').replace('{{status}}', '400'));
    await expect(page.getByTestId('state-attention').textContent()).resolves.not.toContain('blurry');
    await shot(page, 'sync-error-de-needs-attention');

    // A row stored before the sentences: generic sentence, then the English labelled as support text.
    await failSync(page, 'needs_attention', englishRefusal, null);
    await expect(page.getByTestId('sync-error').textContent()).resolves.toBe(de.sync.lastErrorGeneric);
    const support = page.getByTestId('sync-error-support');
    await expect(support.textContent()).resolves.toContain(de.sync.supportText!);
    await expect(support.locator('q[lang="en"]').textContent()).resolves.toBe(englishRefusal);
    await shot(page, 'sync-error-de-support-text');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
