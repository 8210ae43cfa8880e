// @doyensec/electronegativity over the Electron host and the preload, offline: its online release
// check (AvailableSecurityFixesGlobalCheck) is excluded and its translations download is replaced
// by the bundled locale (see electronegativity-offline.mjs). Zero findings are required; the few
// inline `eng-disable` suppressions each carry their reason in a comment next to them.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const RUNNER = join(import.meta.dirname, 'electronegativity-offline.mjs');
const ELECTRON_VERSION = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version as string;
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })));

type Report = { atomicChecks: number; globalChecks: number; errors: number; issues: Array<{ id: string; file: string; line: number; sample: string }> };

function scan(dir: string): Report {
  const r = spawnSync(process.execPath, [RUNNER, dir, ELECTRON_VERSION, 'AvailableSecurityFixesGlobalCheck'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`electronegativity failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

/** Electronegativity scans whole folders; stage exactly our Electron code (main/electron + preload). */
function stageSources(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-eng-'));
  temps.push(dir);
  cpSync(join(ROOT, 'main/electron'), join(dir, 'main/electron'), { recursive: true });
  cpSync(join(ROOT, 'preload'), join(dir, 'preload'), { recursive: true });
  return dir;
}

describe('electronegativity', () => {
  it('finds nothing in main/electron and preload', () => {
    const dir = stageSources();
    expect(readdirSync(join(dir, 'main/electron'))).toContain('index.ts');
    const report = scan(dir);
    console.log(`electronegativity ${ELECTRON_VERSION}: ${report.atomicChecks} atomic + ${report.globalChecks} global checks, ${report.issues.length} findings, ${report.errors} parse errors`);
    expect(report.atomicChecks).toBeGreaterThan(25);
    expect(report.errors).toBe(0);
    expect(report.issues, JSON.stringify(report.issues, null, 2)).toEqual([]);
  }, 120_000);

  it('every suppression names its checks and sits next to a reason', () => {
    const dir = join(ROOT, 'main/electron');
    for (const file of [...readdirSync(dir).map((f) => join(dir, f)), join(ROOT, 'preload/index.ts'), join(ROOT, 'preload/api.ts')]) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!/eng-disable/.test(line)) return;
        expect(line, `${file}:${i + 1}`).toMatch(/eng-disable( [A-Z_]+_CHECK)+\s*$/);
        const context = lines.slice(Math.max(0, i - 3), i + 1).join('\n');
        expect(context, `${file}:${i + 1} needs a reason`).toMatch(/(asserted|because|since|cannot|reads only)/i);
      });
    }
  });

  it('control: the same offline run reports an insecure window (so the check above can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-eng-bad-'));
    temps.push(dir);
    mkdirSync(join(dir, 'main'));
    writeFileSync(
      join(dir, 'main/bad.ts'),
      `import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });\n`,
    );
    const ids = scan(dir).issues.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'CSP_GLOBAL_CHECK']));
  }, 120_000);
});
