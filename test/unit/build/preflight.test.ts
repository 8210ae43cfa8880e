// The preflight of `npm test` (build/scripts/preflight.mjs): what it finds missing, on a PATH and in
// folders made here, and what it prints. One run of the real script with a PATH that lacks chromium.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findMissing, findProgram, installCommand, listing, report, REQUIREMENTS, SANE_TEST_BACKEND_FIX } from '../../../build/scripts/preflight.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'preflight-'));
afterAll(() => rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

const PROGRAMS = REQUIREMENTS.filter((r) => r.kind === 'program').map((r) => r.name);

/** A folder with an executable file for each of `names`; returns it. */
function binDir(name: string, names: string[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const n of names) {
    writeFileSync(join(dir, n), '#!/bin/sh\n');
    chmodSync(join(dir, n), 0o755);
  }
  return dir;
}

function saneDir(name: string, dllConf: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'dll.conf'), dllConf);
  return dir;
}

/** One folder standing in for every file requirement's folders (the rsyslog module, Python's packages). */
const moduleDir = binDir('file-requirements', ['lmnsd_gtls.so']);
for (const f of ['PIL/__init__.py', 'numpy/__init__.py']) {
  mkdirSync(join(moduleDir, f, '..'), { recursive: true });
  writeFileSync(join(moduleDir, f), '');
}
const saneOn = saneDir('sane-on', '# backends\nnet\ntest\n');

describe('findMissing', () => {
  it('finds nothing missing when every program, the rsyslog TLS module and the SANE test backend are there', () => {
    const all = binDir('all', PROGRAMS);
    expect(findMissing({ path: all, saneConfigDir: saneOn, dirs: [moduleDir] })).toEqual({ missing: [], saneTestBackend: true });
  });

  it('names a program missing from PATH, and the rsyslog TLS module and Python packages missing from their folders', () => {
    const some = binDir('no-chromium', PROGRAMS.filter((p) => p !== 'chromium'));
    const found = findMissing({ path: some, saneConfigDir: saneOn, dirs: [join(work, 'empty')] });
    expect(found.missing.map((r) => r.name)).toEqual(['chromium', 'lmnsd_gtls.so', 'PIL/__init__.py', 'numpy/__init__.py']);
    expect(found.saneTestBackend).toBe(true);
  });

  it('does not take a non-executable file for a program', () => {
    const dir = binDir('not-executable', []);
    writeFileSync(join(dir, 'curl'), 'not a program');
    chmodSync(join(dir, 'curl'), 0o644);
    expect(findProgram('curl', dir)).toBeNull();
    expect(findProgram('curl', binDir('curl-ok', ['curl']))).toBe(join(work, 'curl-ok', 'curl'));
  });

  it('sees the SANE test backend only when a line says exactly `test`', () => {
    const all = binDir('all', PROGRAMS);
    for (const conf of ['#test\n', 'net\n', ' # test\n', 'testing\n']) {
      expect(findMissing({ path: all, saneConfigDir: saneDir(`sane-${conf.trim()}`, conf), dirs: [moduleDir] }).saneTestBackend, JSON.stringify(conf)).toBe(false);
    }
    expect(findMissing({ path: all, saneConfigDir: join(work, 'no-sane'), dirs: [moduleDir] }).saneTestBackend).toBe(false);
    expect(findMissing({ path: all, saneConfigDir: saneDir('sane-spaced', 'net\n  test  \n'), dirs: [moduleDir] }).saneTestBackend).toBe(true);
  });
});

describe('the message', () => {
  const byName = (...names: string[]) => REQUIREMENTS.filter((r) => names.includes(r.name));

  it('is null when nothing is missing', () => {
    expect(report({ missing: [], saneTestBackend: true })).toBeNull();
  });

  it('names each missing program with what needs it, and gives one install command (each package once)', () => {
    const text = report({ missing: byName('chromium', 'prometheus', 'promtool'), saneTestBackend: true })!;
    expect(text).toMatch(/3 system programs the tests need are missing/);
    expect(text).toMatch(/chromium +\(package chromium\) end-to-end tests/);
    expect(text).toMatch(/promtool +\(package prometheus\) checks of the shipped alert rules/);
    expect(text.match(/apt-get install/g)).toHaveLength(1);
    expect(text).toContain('  sudo apt-get install -y chromium prometheus\n');
    expect(text).not.toContain(SANE_TEST_BACKEND_FIX);
  });

  it('adds the line enabling the SANE test backend when it is off or sane-utils is being installed', () => {
    expect(report({ missing: [], saneTestBackend: false })).toContain(SANE_TEST_BACKEND_FIX);
    expect(report({ missing: [], saneTestBackend: false })).not.toContain('apt-get');
    expect(report({ missing: byName('scanimage'), saneTestBackend: true })).toContain(`sudo apt-get install -y sane-utils\n  ${SANE_TEST_BACKEND_FIX}`);
  });

  it('--list gives every requirement and the full install command', () => {
    const text = listing();
    for (const r of REQUIREMENTS) expect(text).toContain(r.name);
    expect(text).toContain(installCommand(REQUIREMENTS)!);
    expect(installCommand(REQUIREMENTS)).toBe('sudo apt-get install -y chromium sane-utils fswebcam openssl curl rsyslog rsyslog-gnutls prometheus prometheus-pushgateway pcscd vsmartcard-vpcd python3-pil python3-numpy strace');
  });
});

describe('the script', () => {
  it('exits 1 with the install command when chromium is not on PATH', () => {
    const path = binDir('script-path', PROGRAMS.filter((p) => p !== 'chromium'));
    const r = spawnSync(process.execPath, [join(ROOT, 'build/scripts/preflight.mjs')], { env: { ...process.env, PATH: path }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^ {2}chromium +\(package chromium\)/m);
    expect(r.stderr).toMatch(/^ {2}sudo apt-get install -y chromium\b/m);
  });
});
