// The on-device precheck in the browser: the real kiosk core (encrypted store, specimen scanner, the shared MRZ reader,
// training sandboxes judging with it) behind the real web host, driven in Debian Chromium. The review
// screen shows the kiosk's own MRZ reading before submit; an expired passport asks for a reason (policy
// allow_with_reason) and comes back declined. Screenshots go to test-artifacts/precheck.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, collectProblems } from './renderer-harness';
import { REPO_ROOT } from '../helpers/kiosk-harness';
import { loadConfig } from '../../main/config';
import { createKiosk, type Kiosk } from '../../main/kiosk';
import { loadOrCreateKeyFile } from '../../main/store/keyfile';
import { startWebHost, type WebHost } from '../../main/web/server';
import { specimenSpecFor, type SpecimenDeviceOptions } from '../../main/capture/specimen/device';

const artifacts = join(REPO_ROOT, 'test-artifacts/precheck');
const SEED = 9300;
const specimen: SpecimenDeviceOptions = { seed: SEED, specimen: {} };
let kiosk: Kiosk;
let web: WebHost;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-precheck-e2e-'));
  const config = loadConfig({
    dataDir,
    env: {},
    overrides: {
      sandbox: { analysisDelayMs: 300 },
      sync: { tickMs: 50, pollMinMs: 100, pollMaxMs: 400, backoffBaseMs: 100 },
      capture: { sane: false, cameras: false },
      precheck: { onExpired: 'allow_with_reason' },
    },
  });
  kiosk = await createKiosk(config, { dbKey: loadOrCreateKeyFile(dataDir), specimen });
  web = await startWebHost({ service: kiosk.service, events: kiosk.events, dataDir, rendererDir: join(REPO_ROOT, 'out/renderer') });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await web?.close();
  await kiosk?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

async function toReview(prefix: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const problems = collectProblems(page);
  await page.goto(web.urlWithToken);
  await page.getByRole('button', { name: 'Start verification' }).click();
  await page.getByRole('button', { name: 'The customer agrees', exact: true }).click();
  await page.getByRole('button', { name: /^Passport/ }).click();
  await page.getByRole('radio', { name: 'Specimen scanner (training)' }).check();
  await page.getByRole('button', { name: 'Scan front', exact: true }).click();
  await page.getByTestId('preview-front').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Continue to review' }).click();
  await page.getByTestId('mrz-front').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(artifacts, `${prefix}-review.png`), fullPage: true });
  return { page, problems };
}

describe('review screen shows the on-device MRZ result (web host, Chromium)', () => {
  it('a valid passport: names, dates, number and "every check digit is correct"; submit goes through to accepted', async () => {
    const truth = specimenSpecFor('passport', 'front', SEED);
    const { page, problems } = await toReview('valid');
    const panel = page.getByTestId('mrz-front');
    const text = await panel.innerText();
    expect(text).toContain('every check digit is correct');
    expect(text).toContain(`${truth.surname}, ${truth.givenNames}`);
    expect(text).toContain(truth.documentNumber);
    expect(text).toContain(truth.dateOfBirth);
    expect(text).toContain(truth.dateOfExpiry);
    expect(text).toContain(`Passport · ${truth.issuingState}`);
    expect(await page.getByTestId('precheck-mrz').getAttribute('data-status')).toBe('accepted');
    expect(await page.getByTestId('precheck-expired').count()).toBe(0);
    expect(await page.getByTestId('override-reason').count()).toBe(0);
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    const decision = page.getByTestId('decision');
    await decision.waitFor({ timeout: 90_000 });
    await page.screenshot({ path: join(artifacts, 'valid-outcome.png'), fullPage: true });
    expect(await decision.getAttribute('data-decision')).toBe('accepted');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('an expired passport: EXPIRED flagged, submit needs a typed reason, and the sandbox declines it', async () => {
    specimen.specimen = { expired: true };
    const { page, problems } = await toReview('expired');
    expect(await page.getByTestId('precheck-expired').innerText()).toContain('EXPIRED');
    expect(await page.getByTestId('precheck-gate').innerText()).toContain('This document has expired');
    const submit = page.getByRole('button', { name: 'Submit for verification' });
    expect(await submit.isDisabled()).toBe(true);
    await page.getByTestId('override-reason').fill('Renewal receipt shown; approved by branch manager');
    expect(await submit.isDisabled()).toBe(false);
    await page.screenshot({ path: join(artifacts, 'expired-reason.png'), fullPage: true });
    await submit.click();
    const decision = page.getByTestId('decision');
    await decision.waitFor({ timeout: 90_000 });
    await page.screenshot({ path: join(artifacts, 'expired-outcome.png'), fullPage: true });
    expect(await decision.getAttribute('data-decision')).toBe('declined');
    const latest = (await kiosk.service.listVerifications({ limit: 1 })).items[0]!;
    expect(latest.state).toBe('declined');
    expect(latest.outcome!.reasons.map((r) => r.field)).toContain('Date_of_Expiry');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
