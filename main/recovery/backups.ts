// The backups a supervisor can restore from, newest first, each checked the way a restore checks it
// (restore.ts inspectBackup: opens with the key, integrity_check, audit chain, compared with the
// anchor and the log server's head), so the list only offers what would restore.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { RecoveryBackup } from '../../shared/contract-recovery';
import { BackupName } from '../../shared/contract-recovery';
import { listBackups } from '../store/backup';
import { inspectBackup } from '../store/restore';

export function checkedBackups(dataDir: string, key: Buffer, backupDir: string | undefined, limit = 24): RecoveryBackup[] {
  if (!backupDir) return [];
  return listBackups(backupDir)
    .reverse()
    .filter((file) => BackupName.safeParse(basename(file)).success)
    .slice(0, limit)
    .map((file): RecoveryBackup => {
      const st = statSync(file);
      const base = { name: basename(file), takenAt: st.mtime.toISOString(), bytes: st.size };
      try {
        const r = inspectBackup(dataDir, key, file);
        return { ...base, usable: true, auditRows: r.head.seq, lastRowAt: r.head.at, missingRows: r.missingRows, sentence: r.sentence };
      } catch (e) {
        return { ...base, usable: false, auditRows: null, lastRowAt: null, missingRows: null, sentence: e instanceof Error ? e.message : String(e) };
      }
    });
}
