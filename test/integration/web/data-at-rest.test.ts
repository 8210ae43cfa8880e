// Files and names: a real `serve` process started on a data folder whose database, WAL, shm, key and
// token files and folder were left readable by others tightens them at start and says so; a
// config.json with secrets that others can read is named in the log and as a supervisor alert;
// supervisor names are NFC-normalised and refused with control, bidi or zero-width characters.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startHarness } from '../../helpers/kiosk-harness';
import { hashPin } from '../../../main/review/pin';
import { startWebHost } from '../../../main/web/server';
import { setupCodeOf } from '../review/support';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })));
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
const modeOf = (p: string) => statSync(p).mode & 0o777;

/** Starts `main/web/cli.ts` as its own process, waits for "is running", stops it by PID; returns its output. */
async function runServeOnce(dataDir: string): Promise<string> {
  const tsx = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KIOSK_') && !/ZIGNSEC|ZOLOZ/.test(k)));
  const child = spawn(process.execPath, [tsx, 'main/web/cli.ts', '--data-dir', dataDir, '--port', '0'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 90_000;
  while (!out.includes('is running') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  if (child.exitCode === null) process.kill(child.pid!, 'SIGTERM');
  await exited;
  if (!out.includes('is running')) throw new Error(`serve did not start:\n${out}`);
  return out;
}

describe('data at rest', () => {
  it('tightens the data folder and every private file at start, with a warning per fix', async () => {
    const dataDir = tempDir('kiosk-perm-');
    const h = await startHarness({ dataDir, keepDataDir: true, overrides: { sync: { enabled: false } } });
    await h.close();
    // What a restore from backup with umask 022 leaves behind.
    for (const f of ['kiosk.db-wal', 'kiosk.db-shm']) if (!existsSync(join(dataDir, f))) writeFileSync(join(dataDir, f), '');
    writeFileSync(join(dataDir, 'web-token'), 'old\n');
    const files = ['kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm', 'db.key', 'web-token'];
    for (const f of files) chmodSync(join(dataDir, f), 0o644);
    chmodSync(dataDir, 0o755);

    const out = await runServeOnce(dataDir);
    expect(modeOf(dataDir)).toBe(0o700);
    for (const f of files) if (existsSync(join(dataDir, f))) expect(modeOf(join(dataDir, f)), f).toBe(0o600);
    expect(out).toMatch(/WARN .*data permissions: .*kiosk\.db had mode 644; set to 600/);
    expect(out).toMatch(/WARN .*data permissions: .*db\.key had mode 644/);
    expect(out).toMatch(/WARN .*data permissions: .* had mode 755; set to 700/);
  }, 150_000);

  it('warns in the log and as a supervisor alert when config.json with secrets is readable by others', async () => {
    const dataDir = tempDir('kiosk-config-');
    const pinHash = await hashPin('583920', { N: 1024, r: 8, p: 1 });
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ review: { supervisors: [{ name: 'Config Supervisor', pinHash }] } }));
    chmodSync(join(dataDir, 'config.json'), 0o644);
    const h = await startHarness({ dataDir, keepDataDir: true, overrides: { sync: { enabled: false } } });
    try {
      const login = await h.kiosk.service.supervisorLogin({ pin: '583920' });
      if (login.status !== 'ok') throw new Error(`login: ${login.status}`);
      const health = await h.kiosk.service.reviewHealth({ token: login.session.token });
      const alert = health.alerts.find((a) => a.kind === 'kiosk_security');
      expect(alert?.message).toMatch(/config\.json holds provider secrets.*chmod 600/);
      chmodSync(join(dataDir, 'config.json'), 0o600);
      const after = await h.kiosk.service.reviewHealth({ token: login.session.token });
      expect(after.alerts.some((a) => a.kind === 'kiosk_security')).toBe(false);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('refuses supervisor names with control, bidi or zero-width characters, and stores names in NFC', async () => {
    const h = await startHarness({ overrides: { sync: { enabled: false } } });
    const webDir = tempDir('kiosk-names-');
    const web = await startWebHost({ service: h.kiosk.service, events: h.kiosk.events, dataDir: webDir, rendererDir: join(REPO_ROOT, 'out/renderer') });
    const call = async (name: string, body: unknown) => {
      const res = await fetch(`${web.url}api/kiosk/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kiosk-token': web.token }, body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as { ok: boolean; value?: { token: string; name: string; names?: string[] }; error?: { code: string } } };
    };
    try {
      for (const bad of ['Eve\u202Ename', 'Ev\u200Be', 'Eve\u2066x\u2069', 'Eve\u0007', 'Eve\u200D', 'Ev\uFEFFe', 'Eve\u2028x', 'Eve\u061C']) {
        const res = await call('supervisorSetup', { name: bad, pin: '482915' });
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(res.json).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      }
      const nfd = 'A\u030Asa Lind';
      const setup = await call('supervisorSetup', { name: nfd, pin: '482915', code: setupCodeOf(h.dataDir) });
      expect(setup.json.value?.name).toBe('\u00C5sa Lind');
      const again = await call('supervisorAdd', { token: setup.json.value!.token, name: '\u00C5sa Lind', pin: '771204' });
      expect(again.json).toMatchObject({ ok: false, error: { code: 'conflict' } });
      const bidi = await call('supervisorAdd', { token: setup.json.value!.token, name: '\u00C5sa Lind\u200E', pin: '771204' });
      expect(bidi.status).toBe(400);
    } finally {
      await web.close();
      await h.close();
    }
  }, 60_000);
});
