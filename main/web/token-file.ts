// The session token is also written to <dataDir>/web-token (0600) so local tools and tests can
// find it without scraping logs.
import { writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function writeTokenFile(dataDir: string, token: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'web-token');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600); // writeFileSync keeps the mode of an existing file
  return file;
}
