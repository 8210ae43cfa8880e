// Shared by the teller e2e tests: a real kiosk core behind the real web host, driven in
// Debian Chromium. Every screen visited is screenshotted into test-artifacts/teller and checked with
// axe-core; console errors and page errors are collected so a test can insist there were none.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, collectProblems } from './renderer-harness';
import { REPO_ROOT, type Harness } from '../helpers/kiosk-harness';
import type { Verification } from '../../shared/domain';
import { expect } from 'vitest';

export const TELLER_ARTIFACTS = join(REPO_ROOT, 'test-artifacts/teller');

export type Viewport = { width: number; height: number };
export const FULL_HD: Viewport = { width: 1920, height: 1080 };
export const SMALL: Viewport = { width: 1366, height: 768 };

export class TellerPage {
  readonly axe: string[] = [];
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly problems: string[],
    private readonly prefix: string,
    private readonly dir: string = TELLER_ARTIFACTS,
  ) {}

  /** Opens the kiosk with the session token, waits for the start screen. `storage` seeds localStorage first. */
  static async open(browser: Browser, h: Harness, prefix: string, opts: { viewport?: Viewport; storage?: Record<string, string>; artifactsDir?: string } = {}) {
    const dir = opts.artifactsDir ?? TELLER_ARTIFACTS;
    mkdirSync(dir, { recursive: true });
    const context = await browser.newContext({ viewport: opts.viewport ?? FULL_HD });
    if (opts.storage) {
      await context.addInitScript({ content: `for (const [k, v] of Object.entries(${JSON.stringify(opts.storage)})) window.localStorage.setItem(k, v);` });
    }
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(h.web!.urlWithToken);
    await page.getByTestId('start').waitFor();
    return new TellerPage(context, page, problems, prefix, dir);
  }

  /** Screenshot + axe-core for the screen as it is now. */
  async visit(name: string): Promise<void> {
    await this.page.screenshot({ path: join(this.dir, `${this.prefix}-${name}.png`), fullPage: true });
    this.axe.push(...(await axeViolations(this.page)).map((v) => `${name}: ${v}`));
  }

  /** Controls a person touches that are smaller than 44 × 44 px (WCAG 2.5.8 asks 24; the counter screen asks 44). */
  async smallTargets(): Promise<string[]> {
    return this.page.evaluate(`[...document.querySelectorAll('button, select, a[href], label.device, input:not([type=radio])')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 44 || r.height < 44)
      .map(({ el, r }) => (el.getAttribute('data-testid') || el.textContent || el.tagName).trim().slice(0, 40) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))`);
  }

  /** Start → customer notice accepted → `testId` document chosen (e.g. 'doc-passport'): the way into every flow. */
  async chooseDocument(testId: string): Promise<void> {
    await this.page.getByTestId('start').click();
    await this.page.getByTestId('consent-agree').click();
    await this.page.getByTestId(testId).click();
  }

  /** The end of every flow test: no axe violation on any visited screen, no console problem; then closes. */
  async expectCleanAndClose(): Promise<void> {
    expect(this.axe).toEqual([]);
    expect(this.problems).toEqual([]);
    await this.close();
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Polls the store (through the service) until the verification satisfies `done`. */
export async function waitForVerification(h: Harness, id: string, done: (v: Verification) => boolean, timeoutMs = 60_000): Promise<Verification> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await h.kiosk.service.getVerification({ id });
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`verification ${id} is still ${v.state}: ${JSON.stringify(v.sync)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function latestVerification(h: Harness): Promise<Verification> {
  const latest = (await h.kiosk.service.listVerifications({ limit: 1 })).items[0];
  if (!latest) throw new Error('no verification stored');
  return latest;
}

/** On review: a side the capture gate judged poor goes only with the teller's explicit "send anyway". */
export async function sendAnywayIfPoor(page: Page): Promise<void> {
  const poor = await page.locator('[data-testid^="gate-"][data-level="poor"]').count();
  if (poor > 0) await page.getByTestId('send-anyway').check();
}
