import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTrainingMode, loadConfig } from '../../../main/config';

const dir = () => mkdtempSync(join(tmpdir(), 'kiosk-config-'));

describe('loadConfig', () => {
  it('defaults to training mode with no credentials', () => {
    const c = loadConfig({ dataDir: dir(), env: {} });
    expect(isTrainingMode(c)).toBe(true);
    expect(c.web.host).toBe('127.0.0.1');
  });

  it('reads config.json, then env on top, then overrides', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), JSON.stringify({ kioskId: 'from-file', providers: { zignsec: { environment: 'api' } } }));
    const c = loadConfig({ dataDir: d, env: { KIOSK_ID: 'from-env', ZIGNSEC_API_KEY: 'k-123' }, overrides: { sync: { concurrency: 3 } } });
    expect(c.kioskId).toBe('from-env');
    expect(c.providers.zignsec.environment).toBe('api');
    expect(c.providers.zignsec.apiKey).toBe('k-123');
    expect(c.sync.concurrency).toBe(3);
    expect(isTrainingMode(c)).toBe(false);
    expect(isTrainingMode({ ...c, forceTraining: true })).toBe(true);
  });

  it('names the bad field of an invalid config', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), JSON.stringify({ sync: { concurrency: 99 } }));
    expect(() => loadConfig({ dataDir: d, env: {} })).toThrow(/sync\.concurrency/);
  });

  it('refuses a config file that is not JSON, saying which file', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), '{ nope');
    expect(() => loadConfig({ dataDir: d, env: {} })).toThrow(/config\.json is not valid/);
  });

  it('ignores prototype-polluting keys in overrides', () => {
    const overrides = JSON.parse('{"__proto__": {"polluted": true}, "kioskId": "k"}') as Record<string, unknown>;
    const c = loadConfig({ dataDir: dir(), env: {}, overrides });
    expect(c.kioskId).toBe('k');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a ZOLOZ-only kiosk is live', () => {
    const c = loadConfig({ dataDir: dir(), env: { ZOLOZ_CLIENT_ID: '2188000123456789', ZOLOZ_MERCHANT_PRIVATE_KEY: 'x', ZOLOZ_PUBLIC_KEY: 'y' } });
    expect(isTrainingMode(c)).toBe(false);
  });
});
