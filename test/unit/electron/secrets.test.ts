// Sealed secrets on a real temp folder. safeStorage is replaced by a real AES-256-GCM sealer with
// a per-"user" key, so sealing is real encryption and "another user" genuinely cannot unseal.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NO_PROTECTION_WARNING,
  SecretStoreError,
  WEAK_PROTECTION_WARNING,
  createSecretStore,
  credentialOverrides,
  type SafeStorageLike,
} from '../../../main/electron/secrets';

function aesSafeStorage(backend = 'gnome_libsecret', userKey = randomBytes(32)): SafeStorageLike & { available: boolean } {
  return {
    available: true,
    isEncryptionAvailable() {
      return this.available;
    },
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', userKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const d = createDecipheriv('aes-256-gcm', userKey, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-secrets-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

describe('database key', () => {
  it('is created once (256-bit), sealed on disk, 0600, and the same key comes back', () => {
    const ss = aesSafeStorage();
    const store = createSecretStore({ safeStorage: ss, dir, platform: 'linux' });
    expect(store.protection).toBe('os');
    expect(store.warning).toBeNull();
    const key = store.getOrCreateDbKey({ databaseExists: false });
    expect(key).toHaveLength(32);
    const file = join(dir, 'db-key.sealed');
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain(key.toString('hex'));
    expect(onDisk).not.toContain(key.toString('base64'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const again = createSecretStore({ safeStorage: ss, dir, platform: 'linux' }).getOrCreateDbKey({ databaseExists: true });
    expect(again.equals(key)).toBe(true);
  });

  it('never creates a new key over an existing database whose key is missing', () => {
    const store = createSecretStore({ safeStorage: aesSafeStorage(), dir, platform: 'linux' });
    expect(() => store.getOrCreateDbKey({ databaseExists: true })).toThrow(SecretStoreError);
    expect(existsSync(join(dir, 'db-key.sealed'))).toBe(false);
  });

  it('gives a clear error (and keeps the sealed file) when sealed for another user', () => {
    createSecretStore({ safeStorage: aesSafeStorage(), dir, platform: 'linux' }).getOrCreateDbKey({ databaseExists: false });
    const before = readFileSync(join(dir, 'db-key.sealed'));
    const otherUser = createSecretStore({ safeStorage: aesSafeStorage(), dir, platform: 'linux' });
    expect(() => otherUser.getOrCreateDbKey({ databaseExists: true })).toThrow(/another user or machine/);
    expect(readFileSync(join(dir, 'db-key.sealed')).equals(before)).toBe(true);
  });

  it('reports a damaged sealed file plainly', () => {
    writeFileSync(join(dir, 'db-key.sealed'), 'garbage');
    expect(() => createSecretStore({ safeStorage: aesSafeStorage(), dir, platform: 'linux' }).getOrCreateDbKey({ databaseExists: true })).toThrow(/damaged/);
  });
});

describe('protection level', () => {
  it('Linux basic_text (no keyring) is reported as weak with a supervisor warning', () => {
    const store = createSecretStore({ safeStorage: aesSafeStorage('basic_text'), dir, platform: 'linux' });
    expect(store.protection).toBe('weak');
    expect(store.warning).toBe(WEAK_PROTECTION_WARNING);
    expect(store.warning).toMatch(/keyring/);
    // still works: the kiosk keeps running
    expect(store.getOrCreateDbKey({ databaseExists: false })).toHaveLength(32);
  });

  it('the same backend name on Windows (DPAPI) is not weak', () => {
    expect(createSecretStore({ safeStorage: aesSafeStorage('basic_text'), dir, platform: 'win32' }).protection).toBe('os');
  });

  it('no OS encryption at all: protection none, warning, and the key stays readable across restarts', () => {
    const ss = aesSafeStorage();
    ss.available = false;
    const store = createSecretStore({ safeStorage: ss, dir, platform: 'linux' });
    expect(store.protection).toBe('none');
    expect(store.warning).toBe(NO_PROTECTION_WARNING);
    const key = store.getOrCreateDbKey({ databaseExists: false });
    expect(createSecretStore({ safeStorage: ss, dir, platform: 'linux' }).getOrCreateDbKey({ databaseExists: true }).equals(key)).toBe(true);
  });

  it('a key sealed by the OS is not readable once OS encryption becomes unavailable: clear error, no new key', () => {
    const ss = aesSafeStorage();
    createSecretStore({ safeStorage: ss, dir, platform: 'linux' }).getOrCreateDbKey({ databaseExists: false });
    ss.available = false;
    expect(() => createSecretStore({ safeStorage: ss, dir, platform: 'linux' }).getOrCreateDbKey({ databaseExists: true })).toThrow(/encryption is not available/);
  });
});

describe('provider credentials', () => {
  it('imports a plaintext provisioning file, seals it, deletes the plain file, and reads back', () => {
    const ss = aesSafeStorage();
    const store = createSecretStore({ safeStorage: ss, dir, platform: 'linux' });
    const plain = join(dir, 'provider-credentials.json');
    writeFileSync(plain, JSON.stringify({ zignsec: { apiKey: 'zs-live-SECRET-123' }, zoloz: { clientId: 'c1', merchantPrivateKey: '-----BEGIN PRIVATE KEY-----abc' } }));
    expect(store.importProviderCredentials(plain)).toBe(true);
    expect(existsSync(plain)).toBe(false);
    const sealed = readFileSync(join(dir, 'provider-credentials.sealed'), 'utf8');
    expect(sealed).not.toContain('zs-live-SECRET-123');
    expect(sealed).not.toContain('BEGIN PRIVATE KEY');
    expect(store.readProviderCredentials()).toEqual({ zignsec: { apiKey: 'zs-live-SECRET-123' }, zoloz: { clientId: 'c1', merchantPrivateKey: '-----BEGIN PRIVATE KEY-----abc' } });
    expect(store.importProviderCredentials(plain)).toBe(false);
  });

  it('refuses a malformed provisioning file without echoing it and keeps it for fixing', () => {
    const store = createSecretStore({ safeStorage: aesSafeStorage(), dir, platform: 'linux' });
    const plain = join(dir, 'provider-credentials.json');
    writeFileSync(plain, '{"zignsec": {"apiKey": "zs-SECRET", "unknown": 1}}');
    let message = '';
    try {
      store.importProviderCredentials(plain);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/not valid/);
    expect(message).not.toContain('zs-SECRET');
    expect(existsSync(plain)).toBe(true);
  });

  it('maps credentials to loadConfig overrides, leaving unset fields out', () => {
    expect(credentialOverrides({})).toEqual({});
    expect(credentialOverrides({ zignsec: { apiKey: 'k' }, zoloz: {} })).toEqual({ providers: { zignsec: { apiKey: 'k' } } });
  });
});
