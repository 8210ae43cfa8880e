// The Electron entry (main/electron/index.ts) against the recording `electron` module, on a data
// folder whose database was put back from an old copy: the kiosk does not end with an error box; it
// opens its window stopped, the teller's calls say so through the real IPC handlers, and a supervisor
// (PIN from the roster in the refused database) accepts the state with a reason and the PIN; the kiosk
// then runs behind the same handlers and the audit records the acceptance.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSecretStore } from '../../../main/electron/secrets';
import { SupervisorAuth } from '../../../main/review/auth';
import { backupSyncOnConnection, listBackups } from '../../../main/store/backup';
import { DB_FILE } from '../../../main/store/keyfile';
import { Store } from '../../../main/store/store';
import { seedInStore, TEST_SCRYPT } from '../review/support';

vi.mock('electron', async () => await import('./electron-fake'));
const fake = await import('./electron-fake');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (event: unknown, ...args: unknown[]) => Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }>;
let invoke: (name: string, payload: unknown) => ReturnType<Handler>;
let missing = 0;

beforeAll(async () => {
  process.env.KIOSK_USER_DATA_DIR = fake.userData;
  process.env.KIOSK_TRAINING = '1';
  delete process.env.KIOSK_DATA_DIR;
  // The key sealed as the kiosk seals it, a database with a supervisor, a copy of it, then more work.
  const key = createSecretStore({ safeStorage: fake.safeStorage, dir: join(fake.userData, 'secrets') }).getOrCreateDbKey({ databaseExists: false });
  const dataDir = join(fake.userData, 'data');
  const copies = join(fake.userData, 'copies');
  mkdirSync(dataDir, { recursive: true });
  let store = Store.open({ dataDir, key });
  const auth = new SupervisorAuth({ db: store.db, audit: store.audit, now: Date.now, lockoutMs: 15 * 60_000, idleMs: 5 * 60_000, scryptParams: TEST_SCRYPT, setupCode: { matches: () => true, consume: () => {} } });
  await auth.setupFirst('Maja', '2468', 'code');
  for (let i = 0; i < 2; i++) seedInStore(store);
  const copied = backupSyncOnConnection(store.db, { key, dir: copies, keep: 2, now: Date.now });
  await store.anchorIdle();
  await store.closeAndWait();
  store = Store.open({ dataDir, key });
  for (let i = 0; i < 2; i++) seedInStore(store);
  const head = store.audit.list({ limit: 100_000 }).length;
  await store.anchorIdle();
  await store.closeAndWait();
  missing = head - copied.head.seq;
  for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]) rmSync(join(dataDir, f), { force: true });
  copyFileSync(listBackups(copies)[0]!, join(dataDir, DB_FILE));

  await import('../../../main/electron/index');
  fake.fireReady();
  for (let i = 0; i < 600 && !fake.calls.some((c) => c[0] === 'win.loadURL'); i++) await new Promise((r) => setTimeout(r, 50));
  const win = fake.BrowserWindow.all[0]!;
  invoke = (name, payload) => (fake.ipcMain.handlers.get(`kiosk:${name}`) as Handler)({ senderFrame: win.webContents.mainFrame, sender: win.webContents }, payload);
}, 120_000);

afterAll(async () => {
  fake.app.quit();
  for (let i = 0; i < 200 && fake.calls.filter((c) => c[0] === 'app.quit').length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  rmSync(fake.userData, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('Electron kiosk stopped on a rolled-back database', () => {
  it('opens its window stopped (no error box), and runs again after a supervisor accepts through IPC', async () => {
    expect(missing).toBeGreaterThan(0);
    expect(fake.calls.filter((c) => c[0] === 'dialog.showErrorBox')).toEqual([]);
    expect(fake.BrowserWindow.all).toHaveLength(1);

    const status = await invoke('recoveryStatus', {});
    expect(status.value).toMatchObject({ stopped: true, finding: { kind: 'rolled_back', missingRows: missing } });
    expect(await invoke('getStatus', {})).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('The kiosk has stopped') } });

    const login = await invoke('supervisorLogin', { pin: '2468' });
    expect(login.value.status).toBe('ok');
    const token = login.value.session.token as string;
    const done = await invoke('recoveryRequest', { token, action: 'accept', reason: 'the copy was put back by IT after a disk fault', pin: '2468' });
    expect(done.value).toMatchObject({ status: 'applied' });

    expect(await invoke('getStatus', {})).toMatchObject({ ok: true, value: { mode: 'training' } });
    expect((await invoke('recoveryStatus', {})).value).toEqual({ stopped: false });
    const again = await invoke('supervisorLogin', { pin: '2468' });
    const audit = await invoke('reviewAudit', { token: again.value.session.token, limit: 50 });
    const row = (audit.value.items as Array<{ action: string; actor: string; detail: Record<string, unknown> }>).find((a) => a.action === 'rollback_accepted');
    expect(row).toMatchObject({ actor: 'supervisor:Maja', detail: { missingRows: missing, reason: 'the copy was put back by IT after a disk fault', via: 'supervisor recovery screen' } });
  }, 120_000);
});
