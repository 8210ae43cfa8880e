// Permissions of the kiosk's data at rest, tightened at every start: the data folder 0700; the
// database, its WAL and shared-memory files, the key file and the web token file 0600. Files keep
// their mode across restarts and copies (a restore from backup, an installer, a umask of 022), so
// looser modes are fixed here and each fix is reported for the log. Windows relies on the profile
// folder's ACL instead.
import { chmodSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DB_FILE, KEY_FILE } from './keyfile';

/** Files in the data folder that hold customers' data or the secrets guarding it. */
export const PRIVATE_DATA_FILES = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, KEY_FILE, 'web-token'] as const;

/** Tightens the data folder and its private files; returns one sentence per fix (empty when all was fine). */
export function tightenDataPermissions(dataDir: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') return [];
  const dir = resolve(dataDir);
  const fixes: string[] = [];
  const tighten = (path: string, wanted: number) => {
    if (!existsSync(path)) return;
    const mode = statSync(path).mode & 0o777;
    if ((mode & ~wanted) === 0) return;
    chmodSync(path, wanted);
    fixes.push(`${path} had mode ${mode.toString(8)}; set to ${wanted.toString(8)}`);
  };
  tighten(dir, 0o700);
  for (const name of PRIVATE_DATA_FILES) tighten(join(dir, name), 0o600);
  return fixes;
}
