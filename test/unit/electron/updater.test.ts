import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureUpdater, feedUrl, loadUpdateSettings, UpdateSettings, type AppUpdaterLike } from '../../../main/electron/updater';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-upd-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

/** Mirrors electron-updater's AppUpdater setter: setting `channel` turns allowDowngrade on. */
class RecordingUpdater implements AppUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = false;
  allowPrerelease = true;
  logger: AppUpdaterLike['logger'] = null;
  feed: unknown = null;
  checks = 0;
  failNext = false;
  private _channel: string | null = null;
  get channel() {
    return this._channel;
  }
  set channel(v: string | null) {
    this._channel = v;
    this.allowDowngrade = true;
  }
  setFeedURL(options: { provider: 'generic'; url: string }) {
    this.feed = options;
  }
  async checkForUpdates() {
    this.checks++;
    if (this.failNext) throw new Error('getaddrinfo ENOTFOUND updates.bank.internal');
    return null;
  }
}

describe('update feed', () => {
  it('substitutes the branch and requires https', () => {
    expect(feedUrl({ url: 'https://updates.bank.internal/kiosk/{branch}', branch: 'stockholm-01' })).toBe('https://updates.bank.internal/kiosk/stockholm-01/');
    expect(() => feedUrl({ url: 'http://updates.bank.internal/kiosk/' })).toThrow(/https/);
    expect(() => feedUrl({ url: 'https://updates.bank.internal/{branch}/' })).toThrow(/branch/);
    expect(() => feedUrl({ url: 'https://u:p@updates.bank.internal/' })).toThrow(/user name/);
    expect(feedUrl({ url: 'http://127.0.0.1:8080/feed' })).toBe('http://127.0.0.1:8080/feed/');
  });

  it('rejects branch names that could change the path', () => {
    expect(UpdateSettings.safeParse({ url: 'https://u.example/{branch}', branch: '../prod' }).success).toBe(false);
  });

  it('reads update.json, with env on top, and is off when nothing is configured', () => {
    const file = join(dir, 'update.json');
    expect(loadUpdateSettings(file, {})).toBeNull();
    writeFileSync(file, JSON.stringify({ url: 'https://updates.bank.internal/kiosk/{branch}/', branch: 'malmo' }));
    expect(loadUpdateSettings(file, {})).toMatchObject({ branch: 'malmo', enabled: true, checkIntervalMinutes: 240 });
    expect(loadUpdateSettings(file, { KIOSK_BRANCH: 'lund', KIOSK_UPDATE_CHANNEL: 'beta' })).toMatchObject({ branch: 'lund', channel: 'beta' });
    writeFileSync(file, '{not json');
    expect(() => loadUpdateSettings(file, {})).toThrow(/not valid JSON/);
    writeFileSync(file, JSON.stringify({ url: 'https://x.example/', surprise: 1 }));
    expect(() => loadUpdateSettings(file, {})).toThrow(/invalid/);
  });
});

describe('configureUpdater', () => {
  it('uses the generic provider, downloads in the background, installs on quit, never downgrades', async () => {
    const u = new RecordingUpdater();
    const intervals: number[] = [];
    const updater = configureUpdater(
      u,
      UpdateSettings.parse({ url: 'https://updates.bank.internal/kiosk/{branch}', branch: 'malmo', channel: 'beta' }),
      { log: () => {}, setInterval: ((_fn: () => void, ms: number) => (intervals.push(ms), 1)) as never, clearInterval: (() => {}) as never },
    );
    expect(u.feed).toEqual({ provider: 'generic', url: 'https://updates.bank.internal/kiosk/malmo/', channel: 'beta' });
    expect(u).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, allowPrerelease: false, allowDowngrade: false, channel: 'beta' });
    expect(intervals).toEqual([240 * 60_000]);
    await updater.check();
    expect(u.checks).toBe(1);
  });

  it('an offline check is logged as a warning, not thrown', async () => {
    const u = new RecordingUpdater();
    const logs: string[] = [];
    const updater = configureUpdater(u, UpdateSettings.parse({ url: 'https://updates.bank.internal/' }), {
      log: (level, m) => logs.push(`${level} ${m}`),
      setInterval: (() => 1) as never,
      clearInterval: (() => {}) as never,
    });
    u.failNext = true;
    await expect(updater.check()).resolves.toBeUndefined();
    expect(logs).toContain('warn update check failed');
  });

  it('does not check at all when disabled', async () => {
    const u = new RecordingUpdater();
    const updater = configureUpdater(u, UpdateSettings.parse({ url: 'https://updates.bank.internal/', enabled: false }), { log: () => {}, setInterval: (() => 1) as never, clearInterval: (() => {}) as never });
    await updater.check();
    expect(u.checks).toBe(0);
  });
});
