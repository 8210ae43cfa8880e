// The installer carries the chip readers' PC/SC addon (`smartcard`, N-API): a production dependency, unpacked
// from the asar archive (a .node file cannot be loaded from inside it) together with the loader that
// requires it by a relative path, its sources and object files left out, and on Linux the PC/SC library it
// links declared as a package dependency. Read from electron-builder.yml with electron-builder's own YAML
// reader and matched with minimatch (what electron-builder matches these patterns with).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string, options?: { dot?: boolean }): boolean };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Config = Record<string, any>;
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies?: Record<string, string> };

const ADDON = 'node_modules/smartcard/build/Release/smartcard_napi.node';
const LOADER = 'node_modules/smartcard/dist/lib/index.js';
const unpacked = (path: string) => (config.asarUnpack as string[]).some((p) => minimatch(path, p, { dot: true }));
const excluded = (path: string) => (config.files as string[]).filter((f) => f.startsWith('!')).some((f) => minimatch(path, f.slice(1), { dot: true }));

describe('electron-builder.yml ships the PC/SC addon', () => {
  it('smartcard is a production dependency (electron-builder copies only those)', () => {
    expect(pkg.dependencies.smartcard).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies?.smartcard).toBeUndefined();
  });

  it('names the addon package for unpacking, so the loader and the .node land side by side outside the asar', () => {
    expect(config.asarUnpack).toContain('node_modules/smartcard/**');
    expect(unpacked(ADDON)).toBe(true);
    expect(unpacked(LOADER)).toBe(true);
    // The loader finds the addon by this relative path, which the unpacked folder keeps.
    expect(readFileSync(join(ROOT, LOADER), 'utf8')).toContain("require('../../build/Release/smartcard_napi.node')");
  });

  it('leaves out the addon\'s C++ sources and object files but never the addon or its loader', () => {
    expect(excluded('node_modules/smartcard/src/reader_monitor.cpp')).toBe(true);
    expect(excluded('node_modules/smartcard/build/Release/obj.target/smartcard_napi/src/addon.o')).toBe(true);
    expect(excluded(ADDON)).toBe(false);
    expect(excluded(LOADER)).toBe(false);
  });

  it('the patterns match what `npm run build:pcsc` produced on this machine', () => {
    if (!existsSync(join(ROOT, ADDON))) return; // not built here: the patterns above are still checked
    expect(unpacked(ADDON)).toBe(true);
  });

  it('the Linux package depends on the PC/SC library and recommends the service and the CCID driver', () => {
    expect(config.deb.depends).toContain('libpcsclite1');
    expect(config.deb.recommends).toEqual(expect.arrayContaining(['pcscd', 'libccid']));
  });
});
