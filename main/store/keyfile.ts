// The web host's database key: 32 random bytes in <dataDir>/db.key, mode 0600. (Electron seals its key
// with safeStorage instead and passes the Buffer to Store.open.) A key is minted only for a brand-new
// data dir: if the database exists and its key is gone, minting a new one would orphan the data.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_BYTES, StoreKeyError } from './db';
import { storeDataPresent } from './open-checks';

export const KEY_FILE = 'db.key';
export const DB_FILE = 'kiosk.db';

export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const keyPath = join(dataDir, KEY_FILE);
  const dbPath = join(dataDir, DB_FILE);
  if (existsSync(keyPath)) {
    const text = readFileSync(keyPath, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(text)) {
      throw new StoreKeyError(`The database key file ${keyPath} is damaged (it must hold 64 hex characters). Restore it from backup or call support.`);
    }
    // Tighten permissions if someone loosened them; the key guards every customer's data.
    if ((statSync(keyPath).mode & 0o077) !== 0) chmodSync(keyPath, 0o600);
    return Buffer.from(text, 'hex');
  }
  // Data may sit in the WAL or be vouched for by the anchor even when the main file is empty.
  if (storeDataPresent(dbPath)) {
    throw new StoreKeyError(
      `The kiosk database ${dbPath} exists but its key file ${keyPath} is missing. The kiosk will not create a new key over existing data; restore the key file or call support.`,
    );
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  // 'wx': fail rather than overwrite if another process created it in the meantime.
  const fd = openSync(keyPath, 'wx', 0o600);
  try {
    writeSync(fd, key.toString('hex') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return key;
}
