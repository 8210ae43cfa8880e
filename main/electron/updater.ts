// Auto-update through electron-updater from a generic HTTPS server, configurable per branch:
// `url` may contain `{branch}` (e.g. https://updates.bank.internal/kiosk/{branch}/) so one build
// serves every branch while IT stages a release branch by branch. Updates download in the
// background and install when the app quits, never in the middle of a teller's verification.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

export const UpdateSettings = z.strictObject({
  enabled: z.boolean().default(true),
  url: z.string().url(),
  branch: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'branch is letters, digits, - and _ only')
    .optional(),
  /** electron-updater channel (latest, beta …); staged rings use a different URL or channel. */
  channel: z.string().regex(/^[a-z0-9-]{1,32}$/).optional(),
  checkIntervalMinutes: z.number().int().min(5).max(7 * 24 * 60).default(240),
});
export type UpdateSettings = z.infer<typeof UpdateSettings>;

/** The feed URL for this branch: `{branch}` substituted, https required (http only to loopback, for tests). */
export function feedUrl(settings: Pick<UpdateSettings, 'url' | 'branch'>): string {
  if (settings.url.includes('{branch}') && !settings.branch) throw new Error('The update URL needs a branch, but no branch is configured.');
  const url = new URL(settings.url.replaceAll('{branch}', settings.branch ?? ''));
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new Error('The update server must use https.');
  if (url.username || url.password) throw new Error('The update URL must not contain a user name or password.');
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/**
 * Settings from env (KIOSK_UPDATE_URL, KIOSK_BRANCH, KIOSK_UPDATE_CHANNEL) over `<file>` (JSON).
 * Returns null when no URL is configured: updates are then off (e.g. managed by apt / SCCM).
 */
export function loadUpdateSettings(file: string, env: NodeJS.ProcessEnv = process.env): UpdateSettings | null {
  let raw: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new Error(`The update settings file ${file} is not valid JSON. Fix it or delete it to turn updates off.`);
    }
  }
  if (env.KIOSK_UPDATE_URL) raw.url = env.KIOSK_UPDATE_URL;
  if (env.KIOSK_BRANCH) raw.branch = env.KIOSK_BRANCH;
  if (env.KIOSK_UPDATE_CHANNEL) raw.channel = env.KIOSK_UPDATE_CHANNEL;
  if (raw.url === undefined) return null;
  const parsed = UpdateSettings.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`The update settings are invalid at "${issue.path.join('.')}": ${issue.message}`);
  }
  return parsed.data;
}

/** The part of electron-updater's AppUpdater we use (injected: electron-updater needs Electron at runtime). */
export type AppUpdaterLike = {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  channel: string | null;
  logger: { info(m: unknown): void; warn(m: unknown): void; error(m: unknown): void; debug?(m: unknown): void } | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<unknown>;
};

export type Updater = { check(): Promise<void>; stop(): void; readonly feedUrl: string };

export function configureUpdater(
  updater: AppUpdaterLike,
  settings: UpdateSettings,
  options: { log: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void; setInterval?: typeof setInterval; clearInterval?: typeof clearInterval },
): Updater {
  const url = feedUrl(settings);
  updater.logger = {
    info: (m) => options.log('info', `updater: ${String(m)}`),
    warn: (m) => options.log('warn', `updater: ${String(m)}`),
    error: (m) => options.log('error', `updater: ${String(m)}`),
  };
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.allowPrerelease = false;
  if (settings.channel) updater.channel = settings.channel;
  // Set after `channel`, whose setter turns downgrades on: a kiosk never installs an older build.
  updater.allowDowngrade = false;
  updater.setFeedURL({ provider: 'generic', url, ...(settings.channel ? { channel: settings.channel } : {}) });

  const check = async () => {
    if (!settings.enabled) return;
    try {
      await updater.checkForUpdates();
    } catch (error) {
      // Offline is normal for a branch kiosk: log and try again at the next interval.
      options.log('warn', 'update check failed', error);
    }
  };
  const every = (options.setInterval ?? setInterval)(() => void check(), settings.checkIntervalMinutes * 60_000);
  (every as { unref?: () => void }).unref?.();
  return { check, stop: () => (options.clearInterval ?? clearInterval)(every), feedUrl: url };
}
