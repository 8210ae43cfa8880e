#!/usr/bin/env node
// `npm start`: builds the app when the build is missing or older than the sources, then launches
// the Electron kiosk on it. Where the Electron binary is not installed (e.g. CI machines that
// install with ELECTRON_SKIP_BINARY_DOWNLOAD=1) it says so and points at `npm run serve`.
//
// The binary is located WITHOUT require('electron'): that module tries to download the binary
// when it is missing, which must never happen behind a plain `npm start`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const PLATFORM_BINARY = { win32: 'electron.exe', darwin: 'Electron.app/Contents/MacOS/Electron' };

/**
 * Path of the Electron executable, or null when it is not installed. Same lookup as the electron
 * package's index.js (ELECTRON_OVERRIDE_DIST_PATH, then path.txt + dist/), plus KIOSK_ELECTRON_BINARY.
 */
export function findElectronBinary(root = ROOT, env = process.env, platform = process.platform) {
  if (env.KIOSK_ELECTRON_BINARY) return existsSync(env.KIOSK_ELECTRON_BINARY) ? env.KIOSK_ELECTRON_BINARY : null;
  const pkgDir = join(root, 'node_modules', 'electron');
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || PLATFORM_BINARY[platform] || 'electron');
    return existsSync(candidate) ? candidate : null;
  }
  if (!relative) return null;
  const candidate = join(pkgDir, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}

export const MISSING_ELECTRON_MESSAGE = [
  'The Electron binary is not installed on this machine, so the kiosk window cannot start.',
  'Run the same kiosk in a browser instead:  npm run serve',
  '(To get the Electron binary, reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD, or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron.)',
].join('\n');

const BUILD_OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const SOURCE_DIRS = ['main', 'preload', 'renderer', 'shared'];

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when an output is missing or a source (or the build config) changed after the oldest output. */
export function buildIsStale(root = ROOT) {
  const outputs = BUILD_OUTPUTS.map((p) => join(root, p));
  if (outputs.some((p) => !existsSync(p))) return true;
  const oldestOutput = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const newestSource = Math.max(
    ...SOURCE_DIRS.map((d) => newestMtime(join(root, d))),
    statSync(join(root, 'build', 'electron.vite.config.ts')).mtimeMs,
  );
  return newestSource > oldestOutput;
}

function main() {
  const binary = findElectronBinary();
  if (!binary) {
    console.error(MISSING_ELECTRON_MESSAGE);
    process.exit(2);
  }
  if (buildIsStale()) {
    console.log('Building the kiosk (npm run build)…');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const built = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    if (built.status !== 0) {
      console.error('The build failed, so the kiosk was not started. Fix the errors above and run npm start again.');
      process.exit(built.status || 1);
    }
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would turn the binary into plain Node
  const child = spawn(binary, [ROOT, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env });
  child.on('error', (error) => {
    console.error(`Electron could not be started (${error.message}). Try: npm run serve`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
