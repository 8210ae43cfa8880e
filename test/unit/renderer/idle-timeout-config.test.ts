// The idle timeout comes from the kiosk's config (teller.idleTimeoutMinutes, sent with the status);
// browser storage may shorten it but never lengthen it.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../main/config';
import { IDLE_TIMEOUT_SECONDS, IDLE_TIMEOUT_STORAGE_KEY, idleTimeoutSeconds } from '../../../renderer/src/app/settings';

const storage = (value: string | null) => ({ getItem: (k: string) => (k === IDLE_TIMEOUT_STORAGE_KEY ? value : null) });

describe('idle timeout from config.json', () => {
  it('teller.idleTimeoutMinutes defaults to 2 and is validated', () => {
    expect(loadConfig({ dataDir: '/tmp/x', env: {}, overrides: {} }).teller.idleTimeoutMinutes).toBe(2);
    expect(loadConfig({ dataDir: '/tmp/x', env: {}, overrides: { teller: { idleTimeoutMinutes: 5 } } }).teller.idleTimeoutMinutes).toBe(5);
    expect(() => loadConfig({ dataDir: '/tmp/x', env: {}, overrides: { teller: { idleTimeoutMinutes: 0 } } })).toThrow();
  });
  it('the configured value wins over the default; storage only shortens it', () => {
    expect(idleTimeoutSeconds(storage(null), 300)).toBe(300);
    expect(idleTimeoutSeconds(storage('60'), 300)).toBe(60);
    expect(idleTimeoutSeconds(storage('900'), 300)).toBe(300);
    expect(idleTimeoutSeconds(storage(null), undefined)).toBe(IDLE_TIMEOUT_SECONDS);
  });
});
