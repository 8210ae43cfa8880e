// `npm start` without the Electron binary: a plain message naming `npm run serve`, non-zero exit.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MISSING_ELECTRON_MESSAGE, findElectronBinary } from '../../../build/scripts/start.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })));
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-start-'));
  temps.push(d);
  return d;
};

describe('npm start (build/scripts/start.mjs)', () => {
  it('without the Electron binary says so, names npm run serve, and exits non-zero', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'build/scripts/start.mjs')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, KIOSK_ELECTRON_BINARY: join(temp(), 'no-electron-here') },
      timeout: 30_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('The Electron binary is not installed');
    expect(r.stderr).toContain('npm run serve');
    expect(r.stderr).toBe(`${MISSING_ELECTRON_MESSAGE}\n`);
  });

  it('finds the binary the way the electron package does, without downloading', () => {
    const root = temp();
    const pkg = join(root, 'node_modules/electron');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    expect(findElectronBinary(root, {}, 'linux')).toBeNull(); // no path.txt
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    expect(findElectronBinary(root, {}, 'linux')).toBeNull(); // path.txt but no binary
    writeFileSync(join(pkg, 'dist/electron'), '#!/bin/sh\n');
    chmodSync(join(pkg, 'dist/electron'), 0o755);
    expect(findElectronBinary(root, {}, 'linux')).toBe(join(pkg, 'dist/electron'));

    const override = temp();
    writeFileSync(join(override, 'electron'), '');
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: override }, 'linux')).toBe(join(override, 'electron'));
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: temp() }, 'linux')).toBeNull();
  });
});
