// A SANE scanner that is listed but cannot be opened, as when a scanner is unplugged between the
// device list and the scan: a `scanimage` put first on PATH answers the listing (`-f`) with one
// device, `ghost:0`, and hands every other call to the real scanimage, which fails to open it (a real
// process and its real error output). SANE loads only its test backend, so each run takes
// milliseconds. `remove()` puts PATH and SANE_CONFIG_DIR back and deletes the folder.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execFileSync } from 'node:child_process';

export const GHOST_SCANNER_ID = 'sane:ghost:0';

export function installGhostScanner(): { remove(): void } {
  const realScanimage = execFileSync('sh', ['-c', 'command -v scanimage'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'ghost-scanner-'));
  writeFileSync(join(dir, 'dll.conf'), 'test\n');
  const script = join(dir, 'scanimage');
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      'if [ "$1" = "-f" ]; then printf \'ghost:0\\tAcme\\tGhost 9000\\tflatbed scanner\\n\'; exit 0; fi',
      `exec ${JSON.stringify(realScanimage)} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(script, 0o755);
  const before = { path: process.env.PATH, sane: process.env.SANE_CONFIG_DIR };
  process.env.PATH = `${dir}${delimiter}${process.env.PATH ?? ''}`;
  process.env.SANE_CONFIG_DIR = dir;
  return {
    remove() {
      process.env.PATH = before.path;
      if (before.sane === undefined) delete process.env.SANE_CONFIG_DIR;
      else process.env.SANE_CONFIG_DIR = before.sane;
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}
