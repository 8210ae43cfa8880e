#!/usr/bin/env node
// `npm test` starts here: checks that every system program the test suites run is installed, and
// when some are not, names each with what needs it, prints the one command that installs them all
// (Debian/Ubuntu) and exits 1, in well under a second, instead of letting dozens of tests fail deep
// inside with unrelated-looking errors.
//
//   node build/scripts/preflight.mjs          check (exit 0: all there; 1: something missing)
//   node build/scripts/preflight.mjs --list   every requirement and the full install command (for docs)
//
// Plain Node, no dependencies: it must run before `npm ci` has finished being right.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where rsyslog's TLS network driver (rsyslog-gnutls) lives on Debian/Ubuntu, per architecture. */
export const RSYSLOG_MODULE_DIRS = ['/usr/lib/x86_64-linux-gnu/rsyslog', '/usr/lib/aarch64-linux-gnu/rsyslog', '/usr/lib/rsyslog'];

/** Where Debian's own Python 3 (/usr/bin/python3, which the MRZ image renderer prefers) finds its packages. */
export const DEBIAN_PYTHON_DIRS = ['/usr/lib/python3/dist-packages'];

/** Daemons live in sbin, which a normal user's PATH may leave out. */
const SBIN = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

/**
 * What the tests run, each with the Debian package that provides it and the tests that need it.
 * kind 'program': an executable on PATH (or in sbin); 'file': a file in one of `dirs`.
 */
export const REQUIREMENTS = [
  { name: 'chromium', kind: 'program', pkg: 'chromium', neededBy: 'end-to-end tests: the kiosk screens in a real browser (test/e2e)' },
  { name: 'scanimage', kind: 'program', pkg: 'sane-utils', neededBy: "capture tests: scans from SANE's virtual test scanner (test/integration/capture)" },
  { name: 'fswebcam', kind: 'program', pkg: 'fswebcam', neededBy: 'capture tests: camera frames from fswebcam (test/integration/capture)' },
  { name: 'openssl', kind: 'program', pkg: 'openssl', neededBy: 'ZOLOZ gateway crypto interop and the fleet tests’ certificates (test/integration/zoloz, test/integration/fleet)' },
  { name: 'curl', kind: 'program', pkg: 'curl', neededBy: 'a raw multipart upload to the ZignSec sandbox (test/integration/zignsec)' },
  { name: 'rsyslogd', kind: 'program', pkg: 'rsyslog', neededBy: 'audit forwarding to a real syslog server over TLS (test/integration/fleet)' },
  { name: 'lmnsd_gtls.so', kind: 'file', dirs: RSYSLOG_MODULE_DIRS, pkg: 'rsyslog-gnutls', neededBy: 'the TLS driver of that syslog server (test/integration/fleet)' },
  { name: 'prometheus', kind: 'program', pkg: 'prometheus', neededBy: 'metrics scraped by a real Prometheus (test/integration/fleet)' },
  { name: 'promtool', kind: 'program', pkg: 'prometheus', neededBy: 'checks of the shipped alert rules (test/integration/fleet)' },
  { name: 'prometheus-pushgateway', kind: 'program', pkg: 'prometheus-pushgateway', neededBy: 'metrics pushed through a real Pushgateway (test/integration/fleet)' },
  { name: 'pcscd', kind: 'program', pkg: 'pcscd', neededBy: 'chip reading over a real PC/SC service with a virtual reader (test/integration/chip)' },
  { name: 'vpcd-config', kind: 'program', pkg: 'vsmartcard-vpcd', neededBy: 'the virtual smart-card reader driver that service loads (test/integration/chip)' },
  { name: 'PIL/__init__.py', kind: 'file', dirs: DEBIAN_PYTHON_DIRS, pkg: 'python3-pil', neededBy: "the MRZ reader's failure-mode images, drawn by the evaluation set's Pillow renderer (test/unit/precheck, test/mrz-eval)" },
  { name: 'numpy/__init__.py', kind: 'file', dirs: DEBIAN_PYTHON_DIRS, pkg: 'python3-numpy', neededBy: 'the same renderer (test/unit/precheck, test/mrz-eval)' },
  { name: 'strace', kind: 'program', pkg: 'strace', neededBy: 'the anchor writers’ fsyncs and their order against the rename, seen as system calls (test/unit/store, test/integration/store)' },
];

/** The line that enables SANE's `test` backend (disabled by default in /etc/sane.d/dll.conf). */
export const SANE_TEST_BACKEND_FIX = "sudo sed -i 's/^#test$/test/' /etc/sane.d/dll.conf";

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The executable `name` on `path` (a PATH string) or in sbin, or null. */
export function findProgram(name, path = process.env.PATH ?? '') {
  const dirs = [...path.split(delimiter).filter(Boolean), ...SBIN];
  return dirs.map((d) => join(d, name)).find(isExecutable) ?? null;
}

/** Whether SANE's dll.conf (in `saneConfigDir`, as scanimage reads it) enables the `test` backend. */
export function saneTestBackendEnabled(saneConfigDir = process.env.SANE_CONFIG_DIR || '/etc/sane.d') {
  const file = join(saneConfigDir, 'dll.conf');
  if (!existsSync(file)) return false;
  return readFileSync(file, 'utf8')
    .split('\n')
    .some((line) => line.trim() === 'test');
}

/**
 * What is missing: the requirements not found, and whether SANE's test backend is off.
 * Options for tests: `path` (PATH string), `saneConfigDir`, and `dirs` overriding each file's folders.
 */
export function findMissing(options = {}) {
  const path = options.path ?? process.env.PATH ?? '';
  const missing = REQUIREMENTS.filter((r) => {
    if (r.kind === 'program') return !findProgram(r.name, path);
    const dirs = options.dirs ?? r.dirs;
    return !dirs.some((d) => existsSync(join(d, r.name)));
  });
  return { missing, saneTestBackend: saneTestBackendEnabled(options.saneConfigDir) };
}

/** The one apt-get line installing the packages of `requirements` (each package once, in list order). */
export function installCommand(requirements) {
  const pkgs = [...new Set(requirements.map((r) => r.pkg))];
  return pkgs.length ? `sudo apt-get install -y ${pkgs.join(' ')}` : null;
}

/** The message for a failed check, or null when nothing is missing. */
export function report({ missing, saneTestBackend }) {
  if (!missing.length && saneTestBackend) return null;
  const lines = [];
  if (missing.length) {
    lines.push(`preflight: ${missing.length} system program${missing.length === 1 ? '' : 's'} the tests need ${missing.length === 1 ? 'is' : 'are'} missing:`);
    const width = Math.max(...missing.map((r) => r.name.length));
    for (const r of missing) lines.push(`  ${r.name.padEnd(width)}  (package ${r.pkg}) ${r.neededBy}`);
  }
  if (!saneTestBackend) lines.push("preflight: SANE's virtual `test` scanner is not enabled (a line `test` in /etc/sane.d/dll.conf); the capture tests scan from it.");
  lines.push('', 'Install with (Debian/Ubuntu):');
  const install = installCommand(missing);
  if (install) lines.push(`  ${install}`);
  // A freshly installed sane-utils ships the backend commented out, so the fix goes with the install.
  if (!saneTestBackend || missing.some((r) => r.pkg === 'sane-utils')) lines.push(`  ${SANE_TEST_BACKEND_FIX}`);
  lines.push('', 'Then run `npm test` again.');
  return lines.join('\n');
}

/** Every requirement and the full install command, for the README and docs. */
export function listing() {
  const width = Math.max(...REQUIREMENTS.map((r) => r.name.length));
  return [
    'System programs the tests need:',
    ...REQUIREMENTS.map((r) => `  ${r.name.padEnd(width)}  (package ${r.pkg}) ${r.neededBy}`),
    '',
    'Install them all (Debian/Ubuntu):',
    `  ${installCommand(REQUIREMENTS)}`,
    `  ${SANE_TEST_BACKEND_FIX}`,
  ].join('\n');
}

export function main(argv = process.argv.slice(2)) {
  if (argv.includes('--list')) {
    console.log(listing());
    return 0;
  }
  const message = report(findMissing());
  if (!message) return 0;
  console.error(message);
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
