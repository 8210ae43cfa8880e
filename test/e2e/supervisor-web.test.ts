// The supervisor area end to end: the real kiosk core (encrypted store, sync worker, training sandboxes)
// behind the real web host, driven in Debian Chromium by a supervisor: PIN login (wrong PIN, then
// lockout), the queue's filters and search, every action (retry, four-eyes override, cancel, purge),
// the health charts, the audit log's verify (before and after raw-SQL tampering) and both exports.
// axe-core runs on every supervisor screen; screenshots go to test-artifacts/e2e/supervisor-*.png.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launch } from './renderer-harness';
import { REPO_ROOT, startHarness, type Harness } from '../helpers/kiosk-harness';
import { loadOrCreateKeyFile } from '../../main/store/keyfile';
import { DB_FILE } from '../../main/store/keyfile';
import { Store } from '../../main/store/store';
import { applyCipher } from '../../main/store/db';
import { hashPin } from '../../main/review/pin';
import { outcome, seedInStore, setupCodeOf } from '../integration/review/support';
import { createPrecheckStore } from '../../main/precheck/precheck-store';

const artifacts = join(REPO_ROOT, 'test-artifacts/e2e');
let h: Harness;
let browser: Browser;
const ids: Record<'declined' | 'attention' | 'capturing', string> = { declined: '', attention: '', capturing: '' };

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  // Seed the data dir before the kiosk starts: a provider-declined verification, one waiting for a
  // supervisor (validation error), one still being captured.
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-supervisor-'));
  const store = Store.open({ dataDir, key: loadOrCreateKeyFile(dataDir) });
  const image = await specimenImage();
  ids.declined = seedInStore(store, { result: outcome('declined', { firstName: 'Lucia', lastName: 'Rossi', documentNumber: 'YA1234567' }), actor: 'teller:alice', image });
  ids.attention = seedInStore(store, { result: 'needs_attention', actor: 'teller:bob', image });
  ids.capturing = seedInStore(store, { submit: false, actor: 'teller:bob', image });
  // What the kiosk itself read from the declined passport's MRZ (the on-device precheck), with the birth
  // date misread against the provider's, so the side-by-side view has a disagreement to show.
  const front = store.getVerification(ids.declined)!.captures[0]!;
  createPrecheckStore(store.db).save(front.id, {
    checkedAt: new Date().toISOString(),
    mrz: {
      status: 'accepted', format: 'TD3', documentKind: 'passport', documentCode: 'P', issuingState: 'UTO', nationality: 'UTO',
      lastName: 'ROSSI', firstName: 'LUCIA', dateOfBirth: '1980-01-10', age: 46, sex: 'F', documentNumber: 'YA1234567',
      personalNumber: null, dateOfExpiry: '2030-01-01', expired: false, fields: [], checkDigits: { documentNumber: true }, repaired: false, messages: [],
    },
  });
  store.close();
  h = await startHarness({
    web: true,
    dataDir,
    overrides: {
      review: {
        fourEyes: true,
        supervisors: [
          { name: 'Maja Berg', pinHash: await hashPin('2468') },
          { name: 'Omar Haddad', pinHash: await hashPin('8642') },
        ],
      },
    },
  });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** A small synthetic document image (a real JPEG, so the previews render). */
function specimenImage(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="300"><rect width="480" height="300" rx="18" fill="#dfe8f3" stroke="#345" stroke-width="4"/>
    <rect x="24" y="60" width="120" height="150" fill="#b8c4d2"/><text x="170" y="90" font-family="DejaVu Sans" font-size="22" fill="#223">SPECIMEN</text>
    <text x="170" y="130" font-family="DejaVu Sans" font-size="18" fill="#223">ROSSI LUCIA</text>
    <text x="24" y="265" font-family="OCR B" font-size="16" fill="#111">P&lt;UTOROSSI&lt;&lt;LUCIA&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(artifacts, `supervisor-${name}.png`), fullPage: true });
}

async function openKiosk(harness: Harness): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon|frame-ancestors|status of 40[39]/.test(m.text())) problems.push(m.text());
  });
  await page.goto(harness.web!.urlWithToken);
  await page.getByRole('button', { name: 'Start verification' }).waitFor();
  return { page, problems };
}

async function typePin(page: Page, pin: string, scope = page.locator('body')) {
  for (const d of pin) await scope.getByTestId(`pin-${d}`).click();
}

async function reason(page: Page, text: string) {
  const dialog = page.getByTestId('reason-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('reason-input').fill(text);
  await dialog.getByTestId('reason-confirm').click();
  await dialog.waitFor({ state: 'detached' });
}

/** Applies the filters and waits until the rows on screen answer them (the table drops aria-busy). */
async function applyFilters(page: Page) {
  await page.getByTestId('filter-apply').click();
  await page.locator('[data-testid="queue-table"]:not([aria-busy])').waitFor();
}

async function openRow(page: Page, id: string) {
  await page.getByTestId('tab-queue').click();
  // The queue opens on "Needs a decision"; "All" lists every verification.
  await page.getByTestId('queue-tab-all').click();
  await page.locator(`[data-testid="queue-row"][data-id="${id}"] .row-link`).click();
  await page.getByTestId('supervisor-detail').waitFor();
}

/** What the store holds, read through the service with a session of its own (not through the page). */
async function timeline(id: string) {
  const login = await h.kiosk.service.supervisorLogin({ pin: '8642' });
  if (login.status !== 'ok') throw new Error('service login failed');
  const d = await h.kiosk.service.reviewDetail({ token: login.session.token, id });
  await h.kiosk.service.supervisorLogout({ token: login.session.token });
  return d;
}

describe('supervisor review through the web host (real core, real Chromium)', () => {
  it('logs in by PIN after a wrong one, filters and searches the queue, and passes axe on each screen', async () => {
    const { page, problems } = await openKiosk(h);
    await page.getByTestId('open-supervisor').click();
    await page.getByTestId('supervisor-login').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '01-login');

    await typePin(page, '1111');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-message').filter({ hasText: 'Tries left before the login locks: 4.' }).waitFor();
    await typePin(page, '2468');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('supervisor-queue').waitFor();
    await expect(page.getByTestId('supervisor-name').innerText()).resolves.toContain('Maja Berg');
    await page.getByTestId('queue-row').first().waitFor();
    // The default view: what needs a decision (the declined one and the one needing a supervisor).
    expect(new Set(await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id'))))).toEqual(new Set([ids.declined, ids.attention]));
    await page.getByTestId('queue-tab-all').click();
    await page.locator(`[data-testid="queue-row"][data-id="${ids.capturing}"]`).waitFor();
    expect(await page.getByTestId('queue-row').count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '02-queue');

    await page.getByTestId('filter-search').fill('rossi');
    await applyFilters(page);
    await page.locator(`[data-testid="queue-row"][data-id="${ids.declined}"]`).waitFor();
    expect(await page.getByTestId('queue-row').count()).toBe(1);
    await page.getByTestId('filter-search').fill('');
    await page.getByTestId('filter-state').selectOption('needs_attention');
    await applyFilters(page);
    await page.locator(`[data-testid="queue-row"][data-id="${ids.attention}"]`).waitFor();
    expect(await page.getByTestId('queue-row').count()).toBe(1);
    await page.getByTestId('filter-state').selectOption('');
    await page.getByTestId('filter-teller').selectOption('teller:alice');
    await applyFilters(page);
    await page.locator(`[data-testid="queue-row"][data-id="${ids.declined}"]`).waitFor();
    expect(await page.getByTestId('queue-row').count()).toBe(1);
    await shot(page, '03-queue-filtered');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('retry, four-eyes override, cancel and purge, each audited with who and why', async () => {
    const { page, problems } = await openKiosk(h);
    await page.getByTestId('open-supervisor').click();
    await typePin(page, '2468');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('queue-row').first().waitFor();

    // Retry a verification that needs a supervisor.
    await openRow(page, ids.attention);
    await page.getByTestId('raw-open').click(); // the raw reply is folded away until asked for
    await expect(page.getByTestId('raw-reply').innerText()).resolves.toContain('"code": "invalid"');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '04-detail');
    // Stored with English only (no sentence): a generic sentence, and the English set apart as support text.
    await expect(page.getByTestId('last-error-text').innerText()).resolves.toBe('The last attempt to send this verification did not succeed.');
    await expect(page.getByTestId('last-error-text-support').locator('q[lang="en"]').innerText()).resolves.toBe('The provider refused the document type.');
    // Retry needs no reason; the note given here goes into the audit row.
    await page.getByTestId('action-retry').click();
    await page.getByTestId('decision-form').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '05-retry-panel');
    await page.getByTestId('decision-text').fill('Document type corrected with the provider');
    await page.getByTestId('decision-submit').click();
    await page.getByTestId('action-done').waitFor();
    const retried = await timeline(ids.attention);
    expect(retried.timeline.find((e) => e.actor === 'supervisor:Maja Berg' && e.action === 'state_changed')?.detail).toMatchObject({
      from: 'needs_attention',
      to: 'queued',
      reason: 'Document type corrected with the provider',
    });

    // Four-eyes override of the provider's decline: Maja asks, her own PIN is refused, Omar confirms.
    await page.getByTestId('detail-back').click();
    await openRow(page, ids.declined);
    const fields = page.getByTestId('field-table');
    await expect(fields.locator('tr[data-agree="false"]').innerText()).resolves.toContain('Disagree');
    // On-device MRZ beside the provider: the misread birth date is the one disagreement.
    const sideBySide = page.getByTestId('side-by-side');
    expect(await sideBySide.locator('tr[data-agree="false"]').count()).toBe(1);
    await expect(sideBySide.locator('tr[data-agree="false"]').innerText()).resolves.toMatch(/Date of birth[\s\S]*1980-01-10[\s\S]*1980-01-01[\s\S]*Disagree/);
    expect(await sideBySide.locator('tr[data-agree="true"]').count()).toBeGreaterThanOrEqual(5);
    await shot(page, '04b-side-by-side');
    // The override asks for Maja's PIN again at the moment of deciding.
    await page.getByTestId('action-accept').click();
    await page.getByTestId('decision-text').fill('Expiry date misread; checked the passport by hand');
    await page.getByTestId('decision-pin').fill('2468');
    await page.getByTestId('decision-submit').click();
    await page.getByTestId('pending-override').waitFor();
    expect((await timeline(ids.declined)).verification.state).toBe('declined');
    await page.getByTestId('pending-confirm').click();
    const pinDialog = page.getByTestId('second-pin-dialog');
    await pinDialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await typePin(page, '2468', pinDialog);
    await pinDialog.getByTestId('second-pin-confirm').click();
    await pinDialog.getByTestId('second-pin-error').waitFor();
    await shot(page, '06-four-eyes-own-pin-refused');
    await typePin(page, '8642', pinDialog);
    await pinDialog.getByTestId('second-pin-confirm').click();
    await pinDialog.waitFor({ state: 'detached' });
    await page.locator('[data-testid="supervisor-detail"][data-state="accepted"]').waitFor();
    await expect(page.getByTestId('override-info').innerText()).resolves.toContain('Omar Haddad');
    await shot(page, '07-override-confirmed');
    const overridden = await timeline(ids.declined);
    expect(overridden.verification.state).toBe('accepted');
    expect(overridden.timeline.find((e) => e.action === 'decision_overridden')).toMatchObject({
      actor: 'supervisor:Maja Berg',
      detail: { from: 'declined', to: 'accepted', confirmedBy: 'supervisor:Omar Haddad', reason: 'Expiry date misread; checked the passport by hand' },
    });

    // Purge its images now.
    await page.getByTestId('action-purge').click();
    await reason(page, 'Customer asked for the images to be erased');
    await page.getByText('Image deleted').first().waitFor();
    const purged = await timeline(ids.declined);
    expect(purged.verification.captures.every((c) => c.preview === null)).toBe(true);
    expect(purged.timeline.at(-1)).toMatchObject({ action: 'images_purged', actor: 'supervisor:Maja Berg' });

    // Cancel one still being captured.
    await page.getByTestId('detail-back').click();
    await openRow(page, ids.capturing);
    await page.getByTestId('action-cancel').click();
    await reason(page, 'Customer left before the scan was finished');
    await page.locator('[data-testid="supervisor-detail"][data-state="cancelled"]').waitFor();
    expect((await timeline(ids.capturing)).timeline.at(-1)).toMatchObject({
      action: 'state_changed',
      actor: 'supervisor:Maja Berg',
      detail: { to: 'cancelled', reason: 'Customer left before the scan was finished' },
    });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows the health charts, verifies the audit chain, exports CSV and JSON, and names a tampered row', async () => {
    const { page, problems } = await openKiosk(h);
    await page.getByTestId('open-supervisor').click();
    await typePin(page, '8642');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('queue-row').first().waitFor();

    await page.getByTestId('tab-health').click();
    await page.getByTestId('supervisor-health').waitFor();
    for (const chart of ['chart-queue', 'chart-outcomes', 'chart-turnaround', 'chart-errors']) {
      await page.getByTestId(chart).locator('canvas').waitFor();
    }
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '08-health');

    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit-table').waitFor();
    await page.getByTestId('audit-verify').click();
    await expect(page.getByTestId('audit-verdict-ok').innerText()).resolves.toMatch(/intact/);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '09-audit');

    // Export verification metadata as CSV.
    await page.getByTestId('export-verifications').check();
    let download = page.waitForEvent('download');
    await page.getByTestId('export-submit').click();
    const csvFile = await download;
    expect(csvFile.suggestedFilename()).toMatch(/^kiosk-1-verifications-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await csvFile.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\ufeffid,createdAt,finishedAt,state,provider,documentType,teller,documentNumber,holderName,decisionByProvider,reasons,attempts,lastError,overrideDecision,overrideBy,overrideConfirmedBy,overrideReason,overrideAt,imagesPurgedAt');
    expect(csv).toContain('Lucia Rossi');
    expect(csv).toContain('Omar Haddad');
    // Export the audit log as JSON.
    await page.locator('input[name="export-kind"]').first().check();
    await page.getByTestId('export-json').check();
    download = page.waitForEvent('download');
    await page.getByTestId('export-submit').click();
    const jsonFile = await download;
    const exported = JSON.parse(readFileSync((await jsonFile.path())!, 'utf8')) as { rows: Array<{ action: string; actor: string }> };
    expect(exported.rows.some((r) => r.action === 'decision_overridden' && r.actor === 'supervisor:Maja Berg')).toBe(true);
    expect(exported.rows.some((r) => r.action === 'supervisor_login_failed')).toBe(true);

    // An attacker with the key rewrites a row of the log behind the kiosk's back (second connection, raw SQL).
    const db = new Database(join(h.dataDir, DB_FILE));
    applyCipher(db, loadOrCreateKeyFile(h.dataDir));
    const target = db.prepare<[string], { seq: number }>(`SELECT seq FROM audit_log WHERE action = 'decision_overridden' AND verification_id = ?`).get(ids.declined)!;
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET actor = 'supervisor:Nobody' WHERE seq = ?`).run(target.seq);
    db.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END`);
    db.close();
    await page.getByTestId('audit-verify').click();
    const broken = page.getByTestId('audit-verdict-broken');
    await broken.waitFor();
    await expect(broken.innerText()).resolves.toContain(`row ${target.seq}`);
    await expect(broken.innerText()).resolves.toContain('decision_overridden');
    await shot(page, '10-audit-tampered');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('locks the login after 5 wrong PINs, even for the right PIN', async () => {
    const { page } = await openKiosk(h);
    await page.getByTestId('open-supervisor').click();
    for (let i = 0; i < 5; i++) {
      await typePin(page, '0000');
      await page.getByTestId('login-submit').click();
      if (i < 4) await page.getByTestId('login-message').filter({ hasText: `login locks: ${4 - i}.` }).waitFor();
    }
    await page.getByTestId('login-locked').waitFor();
    expect(await page.getByTestId('pin-2').isDisabled()).toBe(true);
    const direct = await h.kiosk.service.supervisorLogin({ pin: '2468' });
    expect(direct.status).toBe('locked');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '11-locked');
    await page.context().close();
  });
});

describe('first run and inactivity', () => {
  it('sets up the first supervisor from the kiosk screen, then logs out by itself when left alone', async () => {
    const fresh = await startHarness({ web: true, overrides: { review: { idleLogoutMinutes: 0.05 } } });
    try {
      const { page, problems } = await openKiosk(fresh);
      await page.getByTestId('open-supervisor').click();
      await page.getByTestId('supervisor-setup').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await shot(page, '00-first-run');
      // The one-time setup code from the data folder (IT reads it from the file or the log).
      await page.getByTestId('setup-code').fill(setupCodeOf(fresh.dataDir));
      await page.getByTestId('setup-name').fill('Maja Berg');
      await page.getByTestId('setup-pin').fill('2468');
      await page.getByTestId('setup-pin-again').fill('2468');
      await page.getByTestId('setup-submit').click();
      await page.getByTestId('supervisor-queue').waitFor();
      // No touches for longer than the idle limit (3 s here): back to the PIN pad, with the reason.
      await page.getByTestId('supervisor-notice').waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('supervisor-notice').innerText()).resolves.toMatch(/logged out/);
      expect(problems).toEqual([]);
      await page.context().close();
    } finally {
      await fresh.close();
    }
  });
});
