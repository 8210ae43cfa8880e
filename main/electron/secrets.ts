// Secrets at rest for the Electron host: the database key and provider credentials, sealed with
// Electron safeStorage (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux) into
// files in userData. On Linux without a keyring safeStorage falls back to `basic_text`, which is
// only obfuscation: the kiosk still works but reports `protection: 'weak'` and a warning for the
// supervisor instead of pretending the secrets are protected.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?: () => string;
};

export type SecretProtection = 'os' | 'weak' | 'none';

export const WEAK_PROTECTION_WARNING =
  'This kiosk has no system keyring, so its database key and provider keys are stored with weak protection. Ask IT to set up the keyring (GNOME Keyring or KWallet) for the kiosk user.';
export const NO_PROTECTION_WARNING =
  'This kiosk cannot use operating-system encryption, so its database key and provider keys are protected only by file permissions. Ask IT to check the kiosk user account.';

/** Provider credentials a supervisor/installer provisions. Same field names as main/config.ts. */
export const ProviderCredentials = z.strictObject({
  zignsec: z.strictObject({ apiKey: z.string().min(1).optional() }).optional(),
  zoloz: z
    .strictObject({
      clientId: z.string().min(1).optional(),
      merchantPrivateKey: z.string().min(1).optional(),
      zolozPublicKey: z.string().min(1).optional(),
      accessKey: z.string().min(1).optional(),
      secretKey: z.string().min(1).optional(),
    })
    .optional(),
});
export type ProviderCredentials = z.infer<typeof ProviderCredentials>;

const Envelope = z.strictObject({
  v: z.literal(1),
  scheme: z.enum(['safeStorage', 'plain']),
  data: z.string(),
});

export class SecretStoreError extends Error {
  override name = 'SecretStoreError';
}

export type SecretStore = {
  readonly protection: SecretProtection;
  /** A sentence for the supervisor when protection is not 'os'; null when all is well. */
  readonly warning: string | null;
  /** The 256-bit database key: created on first run, unsealed afterwards. Never replaced silently. */
  getOrCreateDbKey(opts: { databaseExists: boolean }): Buffer;
  readProviderCredentials(): ProviderCredentials;
  writeProviderCredentials(credentials: ProviderCredentials): void;
  /**
   * Provisioning: if `plaintextFile` exists (dropped by an installer or IT), seal its JSON,
   * delete the plain file and return true.
   */
  importProviderCredentials(plaintextFile: string): boolean;
};

export function secretProtection(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretProtection {
  if (!safeStorage.isEncryptionAvailable()) return 'none';
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') return 'weak';
  }
  return 'os';
}

export function createSecretStore(options: { safeStorage: SafeStorageLike; dir: string; platform?: NodeJS.Platform }): SecretStore {
  const { safeStorage, dir } = options;
  const protection = secretProtection(safeStorage, options.platform ?? process.platform);
  const warning = protection === 'os' ? null : protection === 'weak' ? WEAK_PROTECTION_WARNING : NO_PROTECTION_WARNING;
  const keyFile = join(dir, 'db-key.sealed');
  const credentialsFile = join(dir, 'provider-credentials.sealed');

  const ensureDir = () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') chmodSync(dir, 0o700);
  };

  const seal = (plain: string): string => {
    const envelope =
      protection === 'none'
        ? { v: 1 as const, scheme: 'plain' as const, data: Buffer.from(plain, 'utf8').toString('base64') }
        : { v: 1 as const, scheme: 'safeStorage' as const, data: safeStorage.encryptString(plain).toString('base64') };
    return JSON.stringify(envelope);
  };

  const unseal = (file: string, what: string): string => {
    let envelope: z.infer<typeof Envelope>;
    try {
      envelope = Envelope.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      throw new SecretStoreError(`The kiosk's sealed ${what} file is damaged. Call IT support: the kiosk cannot open its data without it.`);
    }
    if (envelope.scheme === 'plain') return Buffer.from(envelope.data, 'base64').toString('utf8');
    if (!safeStorage.isEncryptionAvailable()) {
      throw new SecretStoreError(`The kiosk cannot unlock its ${what}: operating-system encryption is not available for this user. Sign in as the kiosk user or call IT support.`);
    }
    try {
      return safeStorage.decryptString(Buffer.from(envelope.data, 'base64'));
    } catch {
      throw new SecretStoreError(`The kiosk cannot unlock its ${what}: it was sealed for another user or machine. Call IT support.`);
    }
  };

  const writeAtomic = (file: string, content: string) => {
    ensureDir();
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, content, { mode: 0o600 });
    renameSync(tmp, file);
  };

  return {
    protection,
    warning,
    getOrCreateDbKey({ databaseExists }) {
      if (existsSync(keyFile)) {
        const hex = unseal(keyFile, 'database key');
        if (!/^[0-9a-f]{64}$/.test(hex)) throw new SecretStoreError('The kiosk database key is damaged. Call IT support: the kiosk cannot open its data without it.');
        return Buffer.from(hex, 'hex');
      }
      // A database without its key would be replaced by an empty one: refuse instead.
      if (databaseExists) {
        throw new SecretStoreError('The kiosk database exists but its key is missing. Do not reinstall; call IT support to restore the key file.');
      }
      const key = randomBytes(32);
      writeAtomic(keyFile, seal(key.toString('hex')));
      return key;
    },
    readProviderCredentials() {
      if (!existsSync(credentialsFile)) return {};
      const parsed = ProviderCredentials.safeParse(JSON.parse(unseal(credentialsFile, 'provider credentials')));
      if (!parsed.success) throw new SecretStoreError('The sealed provider credentials are not in the expected form. Call IT support to provision them again.');
      return parsed.data;
    },
    writeProviderCredentials(credentials) {
      const valid = ProviderCredentials.parse(credentials);
      writeAtomic(credentialsFile, seal(JSON.stringify(valid)));
    },
    importProviderCredentials(plaintextFile) {
      if (!existsSync(plaintextFile)) return false;
      let parsed: ProviderCredentials;
      try {
        parsed = ProviderCredentials.parse(JSON.parse(readFileSync(plaintextFile, 'utf8')));
      } catch {
        // Never echo the file: it holds keys.
        throw new SecretStoreError(`The provider credentials file ${plaintextFile} is not valid. Fix it (see README, "Provider credentials") and restart the kiosk.`);
      }
      const current = existsSync(credentialsFile) ? this.readProviderCredentials() : {};
      this.writeProviderCredentials({
        zignsec: { ...current.zignsec, ...parsed.zignsec },
        zoloz: { ...current.zoloz, ...parsed.zoloz },
      });
      rmSync(plaintextFile, { force: true });
      return true;
    },
  };
}

/** Config overrides carrying only the credentials that are set (for loadConfig's `overrides`). */
export function credentialOverrides(credentials: ProviderCredentials): Record<string, unknown> {
  const providers: Record<string, Record<string, string>> = {};
  for (const [provider, fields] of Object.entries(credentials)) {
    const set = Object.fromEntries(Object.entries(fields ?? {}).filter(([, v]) => typeof v === 'string' && v.length > 0)) as Record<string, string>;
    if (Object.keys(set).length) providers[provider] = set;
  }
  return Object.keys(providers).length ? { providers } : {};
}
