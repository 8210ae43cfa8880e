// What only a power cut would show of the anchor keeper's start-up write (AnchorKeeper.writeNow), seen
// as the system calls it makes (strace attached to this process, test/helpers/syscall-trace.ts): the
// WAL that holds the head it is about to anchor (left by a killed process, still perhaps only in the
// page cache) is synced to disk BEFORE the anchor naming that head takes its place. Without it a power
// cut right after start could leave the database behind its anchor: refused as a rollback.
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anchorFile, readAnchor } from '../../../main/store/anchor';
import { AnchorKeeper } from '../../../main/store/anchor-keeper';
import { AuditLog } from '../../../main/store/audit';
import { openDatabase } from '../../../main/store/db';
import { auditHead } from '../../../main/store/open-checks';
import { RENAMES, renameOf, SYNCS, syncOf, syscallTraceUnavailable, traceSyscalls } from '../../helpers/syscall-trace';
import { tempDir } from './support';

const unavailable = syscallTraceUnavailable();
if (unavailable) console.warn(`anchor-keeper-syscalls: skipped, ${unavailable}`);

const t = tempDir('kiosk-keeper-syscalls-');
afterAll(() => t.cleanup());

describe.skipIf(unavailable !== null)('AnchorKeeper.writeNow, as system calls', () => {
  it('syncs the WAL holding the head before the anchor naming that head is renamed into place', async () => {
    const file = join(t.dir, 'kiosk.db');
    const key = randomBytes(32);
    const db = openDatabase(file, key);
    try {
      const audit = new AuditLog(db, () => Date.parse('2026-12-07T08:00:00.000Z'));
      for (let n = 1; n <= 3; n++) audit.append({ actor: 'system', action: 'test_event', detail: { n } });
      const wal = `${file}-wal`;
      expect(existsSync(wal) && statSync(wal).size > 0, 'the rows are in the WAL').toBe(true);
      const keeper = new AnchorKeeper(db, file, key, () => Date.parse('2026-12-07T08:00:01.000Z'));

      const { calls } = await traceSyscalls([...SYNCS, ...RENAMES], () => keeper.writeNow());
      const cur = anchorFile(file);
      const put = renameOf(calls, `${cur}.tmp`, cur);
      const walSynced = syncOf(calls, wal);
      expect(put, JSON.stringify(calls)).toBeGreaterThanOrEqual(0);
      expect(walSynced, `the WAL is synced: ${JSON.stringify(calls)}`).toBeGreaterThanOrEqual(0);
      expect(walSynced).toBeLessThan(put);
      const head = auditHead(db);
      expect(head.seq).toBe(3);
      expect(readAnchor(file, key)).toMatchObject({ kind: 'ok', anchor: { seq: head.seq, hash: head.hash } });
      keeper.close(null);
    } finally {
      db.close();
    }
  });
});
