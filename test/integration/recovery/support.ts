// A stopped kiosk's data folder for the recovery tests (integration and e2e): real encrypted files,
// two supervisors in the database, a backup of an earlier state, and more work since.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SupervisorAuth } from '../../../main/review/auth';
import { backupSyncOnConnection, listBackups } from '../../../main/store/backup';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { Store } from '../../../main/store/store';
import { seedInStore, TEST_SCRYPT } from '../review/support';
import { tempDir } from '../store/support';

/** A kiosk with two supervisors (in its database), `before` verifications in a backup and `after` more since. */
export async function preparedDataDir(before: number, after: number, cleanups: Array<() => Promise<void> | void>) {
  const tmp = tempDir('kiosk-recovery-');
  cleanups.push(tmp.cleanup);
  const dataDir = join(tmp.dir, 'data');
  const backupDir = join(tmp.dir, 'backups');
  mkdirSync(dataDir, { recursive: true });
  const key = loadOrCreateKeyFile(dataDir);
  let store = Store.open({ dataDir, key });
  const auth = new SupervisorAuth({ db: store.db, audit: store.audit, now: Date.now, lockoutMs: 15 * 60_000, idleMs: 5 * 60_000, scryptParams: TEST_SCRYPT, setupCode: { matches: () => true, consume: () => {} } });
  await auth.setupFirst('Maja', '2468', 'code');
  await auth.addSupervisor('Maja', 'Omar', '8642');
  const old = Array.from({ length: before }, () => seedInStore(store));
  // The backup the store takes at clean shutdown, taken here on purpose.
  backupSyncOnConnection(store.db, { key, dir: backupDir, keep: 5, now: Date.now });
  // Every anchor write landed before the next open (a late one would make the anchor trail).
  await store.anchorIdle();
  await store.closeAndWait();
  store = Store.open({ dataDir, key });
  const recent = Array.from({ length: after }, () => seedInStore(store));
  const head = store.audit.list({ limit: 100_000 }).length;
  await store.anchorIdle();
  await store.closeAndWait();
  const [backup] = listBackups(backupDir);
  if (!backup) throw new Error('no backup was written');
  return { dataDir, backupDir, key, old, recent, head, backup };
}

