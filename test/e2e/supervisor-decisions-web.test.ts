// The supervisor's workspace built for decisions, end to end: the real kiosk core behind the real web
// host, in Debian Chromium, driven from the keyboard. The queue opens on what needs a decision, finds
// a pending verification by the name the kiosk read from its MRZ, and shows a verification the
// provider declines while the page is open (no reload); an override without the PIN entered again is
// refused; images open full screen with zoom; the PIN lockout doubles (5 wrong → base, 10 → twice
// the base) and raises alerts shown on every screen; the first supervisor needs the setup code.
// axe-core runs on every screen visited; screenshots go to test-artifacts/e2e/decisions-*.png.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, collectProblems, launch } from './renderer-harness';
import { REPO_ROOT, startHarness, type Harness } from '../helpers/kiosk-harness';
import { loadOrCreateKeyFile } from '../../main/store/keyfile';
import { Store } from '../../main/store/store';
import { hashPin } from '../../main/review/pin';
import { createPrecheckStore } from '../../main/precheck/precheck-store';
import type { CapturePrecheck } from '../../shared/precheck';
import { outcome, seedInStore, setupCodeOf } from '../integration/review/support';

const artifacts = join(REPO_ROOT, 'test-artifacts/e2e');
/** 3 seconds: the lockout base, so the doubling is measured in seconds. */
const LOCKOUT_MINUTES = 0.05;
const BASE_MS = LOCKOUT_MINUTES * 60_000;
let h: Harness;
let browser: Browser;
const ids = { declined: '', accepted: '', attention: '' };

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-decisions-'));
  const store = Store.open({ dataDir, key: loadOrCreateKeyFile(dataDir) });
  ids.declined = seedInStore(store, { result: outcome('declined', { firstName: 'Per', lastName: 'Olsen', fullName: 'Per Olsen', documentNumber: 'PO1234567' }), actor: 'teller:alice' });
  ids.accepted = seedInStore(store, { result: outcome('accepted', { firstName: 'Kari', lastName: 'Nord', fullName: 'Kari Nord', documentNumber: 'KN7654321' }), actor: 'teller:alice' });
  // Waiting for a supervisor, no answer from the provider: only the kiosk's own MRZ reading names it.
  ids.attention = seedInStore(store, { result: 'needs_attention', actor: 'teller:bob' });
  const front = store.getVerification(ids.attention)!.captures[0]!;
  const reading = {
    checkedAt: new Date().toISOString(),
    mrz: {
      status: 'accepted', format: 'TD3', documentKind: 'passport', documentCode: 'P', issuingState: 'UTO', nationality: 'UTO',
      lastName: 'HANSEN', firstName: 'ANNA', dateOfBirth: '1985-04-02', age: 41, sex: 'F', documentNumber: 'HA9988776',
      personalNumber: null, dateOfExpiry: '2031-01-01', expired: false, fields: [], checkDigits: { documentNumber: true }, repaired: false, messages: [],
    },
  } as CapturePrecheck;
  createPrecheckStore(store.db).save(front.id, reading);
  store.close();
  h = await startHarness({
    web: true,
    dataDir,
    overrides: {
      review: { lockoutMinutes: LOCKOUT_MINUTES, supervisors: [{ name: 'Maja Berg', pinHash: await hashPin('2468') }] },
      precheck: { onUnreadable: 'allow', onExpired: 'allow_with_reason' },
    },
    // Expired specimen passports: the training provider declines them.
    kioskOptions: { specimen: { seed: 9311, specimen: { expired: true } } },
  });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function open(harness: Harness): Promise<{ page: Page; problems: () => string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const all = collectProblems(page);
  await page.goto(harness.web!.urlWithToken);
  await page.getByRole('button', { name: 'Start verification' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('open-supervisor').waitFor();
  // A refused call (wrong setup code: 403) is logged by the browser; that refusal is what is tested.
  const problems = () => all.filter((p) => !/status of 403/.test(p));
  return { page, problems };
}

/** Keyboard only: focus the control (as Tab would) and press the key. */
async function press(page: Page, testId: string, key = 'Enter') {
  await page.getByTestId(testId).first().focus();
  await page.keyboard.press(key);
}

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
const rowIds = (page: Page) => page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));

async function shot(page: Page, name: string, axe: string[]) {
  await page.screenshot({ path: join(artifacts, `decisions-${name}.png`), fullPage: true });
  axe.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
}

/** A teller takes an expired specimen passport through the running kiosk; the training provider declines it. */
async function tellerSubmitsExpiredPassport(): Promise<string> {
  const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
  await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
  await h.kiosk.service.submit({ verificationId: v.id, overrideReason: 'Renewal receipt shown to the teller' });
  return v.id;
}

/** A call straight to the web host's API, as a script holding the web token would make it. */
async function api(harness: Harness, name: string, body: unknown): Promise<{ status: number; json: { error?: { code: string } } }> {
  const res = await fetch(`${harness.web!.url}api/kiosk/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kiosk-token': harness.web!.token },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { error?: { code: string } } };
}

async function serviceSession(): Promise<string> {
  const login = await h.kiosk.service.supervisorLogin({ pin: '2468' });
  if (login.status !== 'ok') throw new Error(`service login: ${login.status}`);
  return login.session.token;
}

describe('supervisor decisions through the web host (keyboard only)', () => {
  it('opens on what needs a decision, finds the kiosk-read name, shows a new decline live, refuses an override without the PIN, opens images full screen', async () => {
    const { page, problems } = await open(h);
    const axe: string[] = [];
    await press(page, 'open-supervisor');
    await page.getByTestId('supervisor-login').waitFor();
    // The PIN field has the focus; a wrong PIN keeps it there and Enter submits the next one.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'login-pin');
    await page.keyboard.type('1111');
    await page.keyboard.press('Enter');
    await page.getByTestId('login-message').filter({ hasText: 'Tries left before the login locks: 4.' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'login-pin');
    await shot(page, '01-wrong-pin', axe);
    await page.keyboard.type('2468');
    await page.keyboard.press('Enter');
    await page.getByTestId('supervisor-queue').waitFor();

    // Default view: only what needs a decision, with its count on the tab.
    await page.getByTestId('queue-row').first().waitFor();
    expect(new Set(await rowIds(page))).toEqual(new Set([ids.declined, ids.attention]));
    await expect(page.getByTestId('queue-count-needs_decision').innerText()).resolves.toBe('2');
    await expect(page.getByTestId('queue-count-accepted').innerText()).resolves.toBe('1');
    expect(await page.getByTestId('queue-tab-needs_decision').getAttribute('aria-current')).toBe('page');
    // Dates name the month: no "12/6/26".
    const created = await page.locator('[data-testid="queue-row"] time').first().innerText();
    expect(created).toMatch(/[A-Z][a-z]{2}/);
    await shot(page, '02-needs-decision', axe);

    // The provider never answered this one: the kiosk's MRZ reading names it, and search finds it.
    await page.getByTestId('filter-search').focus();
    await page.keyboard.type('hansen');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="queue-table"]:not([aria-busy])').waitFor();
    expect(await rowIds(page)).toEqual([ids.attention]);
    const row = page.locator(`[data-testid="queue-row"][data-id="${ids.attention}"]`);
    await expect(row.innerText()).resolves.toContain('ANNA HANSEN');
    await row.getByTestId('read-by-kiosk').waitFor();
    await shot(page, '03-found-by-kiosk-reading', axe);
    await press(page, 'queue-tab-needs_decision');
    await page.locator(`[data-testid="queue-row"][data-id="${ids.declined}"]`).waitFor();

    // A teller's verification is declined by the provider while the page stays open: it appears by itself.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const live = await tellerSubmitsExpiredPassport();
    await page.locator(`[data-testid="queue-row"][data-id="${live}"]`).waitFor({ timeout: 90_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42); // no reload
    await expect(page.getByTestId('queue-count-needs_decision').innerText()).resolves.toBe('3');

    // The detail: images full screen, with zoom from the keyboard.
    await page.locator(`[data-testid="queue-row"][data-id="${ids.declined}"] .row-link`).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('supervisor-detail').waitFor();
    await shot(page, '04-detail', axe);
    await press(page, 'image-open');
    const viewer = page.getByTestId('image-viewer');
    await viewer.waitFor();
    const box = (await page.getByTestId('viewer-image').boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.width >= viewport.width * 0.9 || box.height >= viewport.height * 0.7).toBe(true);
    await page.keyboard.press('+');
    await expect(page.getByTestId('viewer-zoom').innerText()).resolves.toBe('Zoom 125 %');
    await shot(page, '05-image-full-screen', axe);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    // The action panel sits beside the images, not over them.
    await press(page, 'action-accept');
    const panel = (await page.getByTestId('decision-panel').boundingBox())!;
    const image = (await page.getByTestId('image-open').first().boundingBox())!;
    expect(panel.x >= image.x + image.width || panel.y >= image.y + image.height).toBe(true);
    // No PIN entered again: refused on the screen, nothing changed.
    await page.getByTestId('decision-text').focus();
    await page.keyboard.type('Checked the passport by hand');
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('decision-pin');
    await press(page, 'decision-submit');
    await page.getByTestId('decision-error').filter({ hasText: 'Enter your PIN' }).waitFor();
    // A PIN that is not Maja's: refused by the kiosk.
    await page.getByTestId('decision-pin').focus();
    await page.keyboard.type('1357');
    await page.keyboard.press('Enter');
    await page.getByTestId('decision-error').filter({ hasText: 'That is not your PIN' }).waitFor();
    await shot(page, '06-override-refused', axe);
    const token = await serviceSession();
    // Straight to the web host with no PIN: refused by the contract; with a wrong PIN: refused by the kiosk.
    const noPin = await api(h, 'reviewOverride', { token, id: ids.declined, decision: 'accepted', reason: 'Checked by hand' });
    expect(noPin.status).toBe(400);
    expect(noPin.json.error?.code).toBe('bad_request');
    expect(await h.kiosk.service.reviewOverride({ token, id: ids.declined, decision: 'accepted', reason: 'Checked by hand', pin: '9753' })).toMatchObject({ status: 'wrong_pin' });
    expect((await h.kiosk.service.reviewDetail({ token, id: ids.declined })).verification.state).toBe('declined');
    // With her PIN it applies.
    await page.getByTestId('decision-pin').focus();
    await page.keyboard.type('2468');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="supervisor-detail"][data-state="accepted"]').waitFor();
    const after = await h.kiosk.service.reviewDetail({ token, id: ids.declined });
    expect(after.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['override_refused', 'decision_overridden']));
    // The timeline reads as sentences; the raw entries are folded away.
    await expect(page.getByTestId('timeline').innerText()).resolves.toContain('Decision set from Declined to Accepted by Maja Berg');
    await h.kiosk.service.supervisorLogout({ token });

    for (const tab of ['tab-health', 'tab-audit'] as const) {
      await press(page, tab);
      await shot(page, `07-${tab}`, axe);
    }
    expect(axe).toEqual([]);
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('locks for the base after 5 wrong PINs and twice the base after the next 5, and shows the alerts after login', async () => {
    // A fresh count: a successful login resets failures and lockouts.
    await h.kiosk.service.supervisorLogout({ token: await serviceSession() });
    const { page, problems } = await open(h);
    const axe: string[] = [];
    await press(page, 'open-supervisor');
    await page.getByTestId('supervisor-login').waitFor();
    const fiveWrong = async () => {
      for (let i = 0; i < 5; i++) {
        await page.getByTestId('login-pin').focus();
        await page.keyboard.type('0000');
        await page.keyboard.press('Enter');
        if (i < 4) await page.getByTestId('login-message').filter({ hasText: `login locks: ${4 - i}.` }).waitFor();
      }
      await page.getByTestId('login-locked').waitFor();
    };
    await fiveWrong();
    await shot(page, '08-locked', axe);
    // The keypad comes back by itself when the lockout ends.
    await page.getByTestId('login-locked').waitFor({ state: 'detached', timeout: BASE_MS + 10_000 });
    await fiveWrong();
    await page.getByTestId('login-locked').waitFor({ state: 'detached', timeout: 2 * BASE_MS + 10_000 });
    await page.getByTestId('login-pin').focus();
    await page.keyboard.type('2468');
    await page.keyboard.press('Enter');
    await page.getByTestId('supervisor-queue').waitFor();
    // Each lockout raised an alert with its count, on every screen.
    const alerts = page.getByTestId('alert-supervisor_lockout');
    await alerts.nth(1).waitFor();
    expect(await alerts.count()).toBe(2);
    await expect(alerts.nth(0).innerText()).resolves.toContain('lockout 1 ');
    await expect(alerts.nth(1).innerText()).resolves.toContain('lockout 2 ');
    await shot(page, '09-lockout-alerts', axe);
    await press(page, 'tab-audit');
    await page.getByTestId('alert-supervisor_lockout').first().waitFor();

    // How long each lockout lasted, from the audit rows: the base, then twice the base.
    const token = await serviceSession();
    const audit = await h.kiosk.service.reviewAudit({ token, limit: 200 });
    const locks = audit.items.filter((e) => e.action === 'supervisor_lockout').reverse();
    const lasted = locks.map((e) => Date.parse((e.detail as { lockedUntil: string }).lockedUntil) - Date.parse(e.at));
    expect(lasted).toHaveLength(2);
    expect(Math.abs(lasted[0]! - BASE_MS)).toBeLessThan(250);
    expect(Math.abs(lasted[1]! - 2 * BASE_MS)).toBeLessThan(250);
    // Acknowledged from the banner, audited.
    await press(page, 'alert-acknowledge');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="alert-supervisor_lockout"]').length === 1);
    expect((await h.kiosk.service.reviewAudit({ token, limit: 20 })).items.some((e) => e.action === 'alert_acknowledged')).toBe(true);
    await h.kiosk.service.supervisorLogout({ token });
    expect(axe).toEqual([]);
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});

describe('first supervisor by setup code', () => {
  it('refuses setup without the code or with a wrong one, and sets up with the code from the data folder', async () => {
    const fresh = await startHarness({ web: true });
    try {
      const noCode = await api(fresh, 'supervisorSetup', { name: 'Intruder', pin: '1111' });
      expect(noCode.status).toBe(400);
      expect(noCode.json.error?.code).toBe('bad_request');
      const emptyCode = await api(fresh, 'supervisorSetup', { name: 'Intruder', pin: '1111', code: '' });
      expect(emptyCode.json.error?.code).toBe('forbidden');
      const { page, problems } = await open(fresh);
      const axe: string[] = [];
      await press(page, 'open-supervisor');
      await page.getByTestId('supervisor-setup').waitFor();
      await shot(page, '10-setup', axe);
      await page.getByTestId('setup-code').fill('0000-0000-0000');
      await page.getByTestId('setup-name').fill('Maja Berg');
      await page.getByTestId('setup-pin').fill('2468');
      await page.getByTestId('setup-pin-again').fill('2468');
      await page.keyboard.press('Enter');
      await page.getByText('That setup code is not right').waitFor();
      expect((await fresh.kiosk.service.supervisorStatus({})).configured).toBe(false);
      await page.getByTestId('setup-code').fill(setupCodeOf(fresh.dataDir));
      await page.getByTestId('setup-pin-again').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('supervisor-queue').waitFor();
      expect((await fresh.kiosk.service.supervisorStatus({})).configured).toBe(true);
      expect(setupCodeOf(fresh.dataDir)).toBe('');
      expect(axe).toEqual([]);
      expect(problems()).toEqual([]);
      await page.context().close();
    } finally {
      await fresh.close();
    }
  });
});
