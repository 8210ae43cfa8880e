// The supervisor's recovery of a stopped kiosk over the real web host on loopback, on real encrypted
// files: a database put back from an old copy (behind its anchor) and a damaged database stop the
// kiosk at start instead of ending the host; the teller's calls say so; a supervisor (PIN from the
// roster in the refused database, read read-only) sees what was found and the checked backups; nothing
// is written before the action is confirmed (by a second supervisor under four-eyes); then the backup
// is restored or the state accepted, the kiosk runs behind the same host, and the audit records both
// names, the reason, the missing count and the recovery session.
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../main/config';
import { startKioskOrRecovery, type StartedKiosk } from '../../../main/recovery/start';
import { DB_FILE, loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { startWebHost, type WebHost } from '../../../main/web/server';
import { REPO_ROOT } from '../../helpers/kiosk-harness';
import { TEST_SCRYPT } from '../review/support';
import { preparedDataDir } from './support';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Reply = { ok: boolean; value?: Record<string, unknown> & { [k: string]: unknown }; error?: { code: string; message: string } };

function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of readdirSync(dir).sort()) {
    try {
      out[n] = createHash('sha256').update(readFileSync(join(dir, n))).digest('hex');
    } catch {
      /* a folder */
    }
  }
  return out;
}

async function startHost(dataDir: string, backupDir: string, fourEyes: boolean): Promise<{ started: StartedKiosk; web: WebHost; api: (name: string, body?: unknown) => Promise<Reply> }> {
  const config = loadConfig({ dataDir, env: {}, overrides: { review: { fourEyes }, backup: { dir: backupDir }, sync: { enabled: false }, sandbox: { analysisDelayMs: 300 } } });
  const started = await startKioskOrRecovery(config, { dbKey: loadOrCreateKeyFile(dataDir), scryptParams: TEST_SCRYPT });
  const web = await startWebHost({ service: started.service, events: started.events, dataDir, rendererDir: join(REPO_ROOT, 'out/renderer') });
  cleanups.push(async () => {
    await web.close();
    await started.close();
  });
  const api = async (name: string, body: unknown = {}): Promise<Reply> => {
    const res = await fetch(`${web.url}api/kiosk/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kiosk-token': web.token }, body: JSON.stringify(body) });
    return (await res.json()) as Reply;
  };
  return { started, web, api };
}

async function login(api: (name: string, body?: unknown) => Promise<Reply>, pin: string): Promise<string> {
  const r = await api('supervisorLogin', { pin });
  const value = r.value as { status: string; session?: { token: string } };
  if (value?.status !== 'ok') throw new Error(`login failed: ${JSON.stringify(r)}`);
  return value.session!.token;
}

describe('a kiosk stopped on a rolled-back database', () => {
  it('shows what was found, lists the checked backups, and restores one only after a second supervisor confirms; audited', async () => {
    const p = await preparedDataDir(4, 3, cleanups);
    // An old copy put back in place of the database (the anchor beside it stays).
    for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]) rmSync(join(p.dataDir, f), { force: true });
    copyFileSync(p.backup, join(p.dataDir, DB_FILE));
    const { started, api } = await startHost(p.dataDir, p.backupDir, true);
    expect(started.kiosk()).toBeNull();
    const before = hashes(p.dataDir);

    const status = (await api('recoveryStatus')).value as { stopped: boolean; finding: { kind: string; missingRows: number; sentence: string; anchor: { rows: number } } };
    expect(status.stopped).toBe(true);
    expect(status.finding.kind).toBe('rolled_back');
    expect(status.finding.missingRows).toBeGreaterThan(0);
    expect(status.finding.anchor.rows).toBe(p.head);
    expect(status.finding.sentence).toContain(`${status.finding.missingRows} audit row(s) missing`);
    // the same finding as a catalogue key the recovery screen translates: the file's name and the count
    expect((status.finding as unknown as { said: unknown }).said).toEqual({ key: 'recovery_finding_rolled_back', params: { file: 'kiosk.db', missingRows: status.finding.missingRows } });
    // The teller's calls say the kiosk stopped.
    const teller = await api('startVerification', { documentType: 'passport' });
    expect(teller).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('The kiosk has stopped') } });

    // The roster comes from the refused database (read-only): Maja's PIN works, a wrong one counts.
    expect((await api('supervisorLogin', { pin: '1111' })).value).toEqual({ status: 'wrong_pin', attemptsLeft: 4 });
    const maja = await login(api, '2468');
    const list = (await api('recoveryBackups', { token: maja })).value as { backups: Array<{ name: string; usable: boolean; auditRows: number; missingRows: number }> };
    expect(list.backups).toEqual([expect.objectContaining({ name: basename(p.backup), usable: true, missingRows: status.finding.missingRows })]);

    // Maja asks; her PIN again; four-eyes: pending, nothing written.
    const wrong = await api('recoveryRequest', { token: maja, action: 'restore', backup: basename(p.backup), reason: 'disk swapped, old copy found', pin: '9999' });
    expect(wrong.value).toMatchObject({ status: 'wrong_pin' });
    const asked = await api('recoveryRequest', { token: maja, action: 'restore', backup: basename(p.backup), reason: 'disk swapped, old copy found', pin: '2468' });
    expect(asked.value).toMatchObject({ status: 'pending', pending: { action: 'restore', backup: basename(p.backup), requestedBy: 'Maja' } });
    expect(hashes(p.dataDir)).toEqual(before);
    // Her own PIN does not confirm.
    expect((await api('recoveryConfirm', { token: maja, pin: '2468' })).value).toMatchObject({ status: 'wrong_pin' });
    expect(hashes(p.dataDir)).toEqual(before);
    expect(started.kiosk()).toBeNull();

    const omar = await login(api, '8642');
    const done = await api('recoveryConfirm', { token: omar, pin: '8642' });
    expect(done.value).toMatchObject({ status: 'applied', confirmedBy: 'Omar', sentence: expect.stringContaining('running again') });
    expect(started.kiosk()).not.toBeNull();
    expect(readdirSync(p.dataDir).some((n) => n.startsWith('damaged-'))).toBe(true);

    // The same host now serves the running kiosk; the old session ended.
    expect((await api('recoveryStatus')).value).toEqual({ stopped: false });
    expect((await api('reviewCounts', { token: omar })).error?.code).toBe('forbidden');
    const again = await login(api, '8642');
    const audit = (await api('reviewAudit', { token: again, limit: 200 })).value as { items: Array<{ action: string; actor: string; detail: Record<string, unknown> }> };
    const accepted = audit.items.find((a) => a.action === 'rollback_accepted');
    expect(accepted).toMatchObject({
      actor: 'supervisor:Maja',
      detail: { reason: 'disk swapped, old copy found', confirmedBy: 'supervisor:Omar', fourEyes: true, missingRows: status.finding.missingRows, restoredFrom: p.backup, found: status.finding.sentence },
    });
    const session = (accepted!.detail.recoverySession as Array<{ action: string }>).map((r) => r.action);
    expect(session).toEqual(expect.arrayContaining(['supervisor_login_failed', 'supervisor_login']));
    for (const id of p.old) expect((await api('getVerification', { id })).ok).toBe(true);
    expect((await api('reviewVerifyAudit', { token: again })).value).toMatchObject({ ok: true });
  }, 180_000);

  it('accepts the current state without four-eyes, with the reason and the PIN; nothing restored', async () => {
    const p = await preparedDataDir(3, 2, cleanups);
    for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]) rmSync(join(p.dataDir, f), { force: true });
    copyFileSync(p.backup, join(p.dataDir, DB_FILE));
    const { started, api } = await startHost(p.dataDir, p.backupDir, false);
    const maja = await login(api, '2468');
    const missing = ((await api('recoveryStatus')).value as { finding: { missingRows: number } }).finding.missingRows;
    const done = await api('recoveryRequest', { token: maja, action: 'accept', reason: 'the missing customers were verified again', pin: '2468' });
    expect(done.value).toMatchObject({ status: 'applied', confirmedBy: null });
    expect(started.kiosk()).not.toBeNull();
    expect(readdirSync(p.dataDir).some((n) => n.startsWith('damaged-'))).toBe(false);
    const token = await login(api, '2468');
    const audit = (await api('reviewAudit', { token, limit: 200 })).value as { items: Array<{ action: string; detail: Record<string, unknown> }> };
    expect(audit.items.find((a) => a.action === 'rollback_accepted')?.detail).toMatchObject({ reason: 'the missing customers were verified again', missingRows: missing, confirmedBy: null });
  }, 180_000);
});

describe('a kiosk stopped on a damaged database', () => {
  it('offers only a restore: accepting is refused and the files stay as they were', async () => {
    const p = await preparedDataDir(3, 2, cleanups);
    const file = join(p.dataDir, DB_FILE);
    const buf = readFileSync(file);
    const at = Math.floor(buf.length / 2) + 100;
    buf[at] = buf[at]! ^ 0x01;
    writeFileSync(file, buf);
    const { started, api } = await startHost(p.dataDir, p.backupDir, false);
    const before = hashes(p.dataDir);
    const status = (await api('recoveryStatus')).value as { finding: { kind: string; sentence: string } };
    expect(status.finding.kind).toBe('damaged');
    expect(status.finding.sentence).toContain(file);
    expect((status.finding as unknown as { said: unknown }).said).toEqual({ key: 'recovery_finding_damaged', params: { file: 'kiosk.db' } });
    // The roster cannot be read from the damaged file: it comes from the backup.
    const maja = await login(api, '2468');
    const refused = await api('recoveryRequest', { token: maja, action: 'accept', reason: 'keep going anyway', pin: '2468' });
    expect(refused.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('Restore it from a backup') });
    expect(hashes(p.dataDir)).toEqual(before);
    const done = await api('recoveryRequest', { token: maja, action: 'restore', backup: basename(p.backup), reason: 'damaged disk sector', pin: '2468' });
    expect(done.value).toMatchObject({ status: 'applied' });
    expect(started.kiosk()).not.toBeNull();
    for (const id of p.old) expect((await api('getVerification', { id })).ok).toBe(true);
  }, 180_000);
});
