// electron-builder.yml: validated against electron-builder's own JSON schema (the one it checks at
// build time), plus the security and packaging choices the kiosk relies on. Packaging itself cannot
// run here (no Electron zip), so this is the check that runs on every machine.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
// js-yaml ships with electron-builder (it is how electron-builder reads this file).
const yaml = require('js-yaml') as { load(text: string): unknown };
// The function electron-builder runs on its configuration before every build.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(k: string, v: unknown): void }): Promise<void>;
};

// The YAML is untyped input; the schema test is what checks its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Config = Record<string, any>;
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
const asarUnpack: string[] = config.asarUnpack;

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own validation (app-builder-lib validateConfiguration + scheme.json)', async () => {
    await expect(validateConfiguration(structuredClone(config), { isEnabled: false, add: () => {} })).resolves.toBeUndefined();
  });

  it('the same validation rejects a misspelt key (so the check above can fail)', async () => {
    await expect(validateConfiguration({ ...structuredClone(config), electronFuse: { runAsNode: false } }, { isEnabled: false, add: () => {} })).rejects.toThrow(/electronFuse/);
  });

  it('is also valid for a plain draft-07 validator (ajv) on the same schema', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(structuredClone(config)), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('has identity and ships only the build output and package.json', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('Branch ID Kiosk');
    expect(config.files.filter((f: string) => !f.startsWith('!'))).toEqual(['out/**', 'package.json']);
  });

  it('packs into asar and unpacks the native and wasm parts', () => {
    expect(config.asar).toBe(true);
    for (const pattern of [
      '**/*.node',
      '**/*.wasm',
      'node_modules/better-sqlite3-multiple-ciphers/**',
      'node_modules/sharp/**',
      'node_modules/@img/**',
      'node_modules/tesseract.js/**',
      'node_modules/@tesseract.js-data/**',
      'node_modules/zxing-wasm/**',
    ]) {
      expect(asarUnpack).toContain(pattern);
    }
  });

  it('flips every security fuse', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds a per-machine NSIS installer that keeps the outbox on uninstall', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, deleteAppDataOnUninstall: false });
  });

  it('builds AppImage and deb, the deb depending on fswebcam and sane-utils', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.deb.depends).toEqual(expect.arrayContaining(['fswebcam', 'sane-utils', 'libnss3', 'libgtk-3-0']));
  });

  it('ships no node-webcam: not a dependency, no install script allowed, nothing unpacked for it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; allowScripts: Record<string, boolean> };
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain('node-webcam');
    expect(Object.keys(pkg.allowScripts)).not.toContain('node-webcam');
    expect(JSON.stringify(config)).not.toMatch(/node-webcam|CommandCam/i);
  });

  it('publishes to a generic update server', () => {
    expect(config.publish.provider).toBe('generic');
    expect(config.publish.url).toMatch(/^https:\/\//);
  });

  it('points at icons that exist in build/', () => {
    for (const icon of [config.win.icon, config.linux.icon]) expect(readFileSync(join(ROOT, icon)).length).toBeGreaterThan(1000);
    expect(readFileSync(join(ROOT, 'build/icon.ico')).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });
});
