// The supervisor's recovery screen end to end: a kiosk whose database was put back from an old copy
// starts stopped behind the real web host, in Debian Chromium. The teller's screen says it stopped;
// the PIN screen says so; after login only the recovery screen shows what was found and the checked
// backup; a restore with a reason and the PIN brings the kiosk back behind the same page, and the
// next login opens the queue. axe-core on the recovery screen; screenshots in
// test-artifacts/e2e/recovery-*.png.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, collectProblems, launch } from './renderer-harness';
import { REPO_ROOT } from '../helpers/kiosk-harness';
import { loadConfig } from '../../main/config';
import { startKioskOrRecovery, type StartedKiosk } from '../../main/recovery/start';
import { DB_FILE, loadOrCreateKeyFile } from '../../main/store/keyfile';
import { startWebHost, type WebHost } from '../../main/web/server';
import { TEST_SCRYPT } from '../integration/review/support';
import { preparedDataDir } from '../integration/recovery/support';

const artifacts = join(REPO_ROOT, 'test-artifacts/e2e');
const cleanups: Array<() => Promise<void> | void> = [];
let browser: Browser;
let web: WebHost;
let started: StartedKiosk;
let backupName = '';

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const p = await preparedDataDir(3, 2, cleanups);
  backupName = basename(p.backup);
  for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]) rmSync(join(p.dataDir, f), { force: true });
  copyFileSync(p.backup, join(p.dataDir, DB_FILE));
  const config = loadConfig({ dataDir: p.dataDir, env: {}, overrides: { backup: { dir: p.backupDir }, sync: { enabled: false }, sandbox: { analysisDelayMs: 300 } } });
  started = await startKioskOrRecovery(config, { dbKey: loadOrCreateKeyFile(p.dataDir), scryptParams: TEST_SCRYPT });
  web = await startWebHost({ service: started.service, events: started.events, dataDir: p.dataDir, rendererDir: join(REPO_ROOT, 'out/renderer') });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await started?.close();
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('supervisor recovery through the web host', () => {
  it('shows the stopped kiosk, what was found and the backup, and restores it with a reason and the PIN', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    // The stopped kiosk's refusals (409) are what is shown; anything else is a problem.
    const all = collectProblems(page);
    const problems = () => all.filter((p) => !/status of 409/.test(p));
    await page.goto(web.urlWithToken);
    await page.getByTestId('status-error').filter({ hasText: 'The kiosk has stopped' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(artifacts, 'recovery-01-teller.png'), fullPage: true });

    await page.getByTestId('open-supervisor').click();
    await page.getByText('The kiosk has stopped: its record of verifications needs a supervisor').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'login-pin');
    await page.keyboard.type('2468');
    await page.keyboard.press('Enter');
    await page.getByTestId('supervisor-recovery').waitFor();
    await expect(page.getByTestId('recovery-finding').innerText()).resolves.toMatch(/Rolled back\. The kiosk database kiosk\.db is missing \d+ audit row\(s\)/);
    await page.getByTestId('recovery-backups').waitFor();
    await page.screenshot({ path: join(artifacts, 'recovery-02-found.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId(`recovery-restore-${backupName}`).click();
    await page.getByTestId('recovery-form').waitFor();
    await page.getByTestId('recovery-reason').fill('The disk was replaced; restoring the last good backup.');
    await page.getByTestId('recovery-pin').fill('2468');
    await page.screenshot({ path: join(artifacts, 'recovery-03-restore.png'), fullPage: true });
    expect(started.kiosk()).toBeNull();
    await page.getByTestId('recovery-submit').click();

    // Back at the PIN screen with what was done; the kiosk runs; the next login opens the queue.
    await page.getByText(/Restored from .* The kiosk is running again/).waitFor({ timeout: 60_000 });
    expect(started.kiosk()).not.toBeNull();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'login-pin');
    await page.keyboard.type('2468');
    await page.keyboard.press('Enter');
    await page.getByTestId('supervisor-queue').waitFor();
    expect(problems()).toEqual([]);
    await context.close();
  }, 180_000);
});
