// What only a power cut would show of the anchor writers (main/store/anchor.ts), seen as the system
// calls they make (strace attached to this process, test/helpers/syscall-trace.ts): the new anchor's
// temp file is fsynced before it is renamed into place, and the folder after the rename, so the new
// name itself is on disk. Without these a crash can leave an empty anchor or the previous one.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Anchor, anchorFile, readAnchor, writeAnchor, writeAnchorSync } from '../../../main/store/anchor';
import { RENAMES, renameOf, SYNCS, syncOf, syscallTraceUnavailable, traceSyscalls } from '../../helpers/syscall-trace';

const unavailable = syscallTraceUnavailable();
if (unavailable) console.warn(`anchor-syscalls: skipped, ${unavailable}`);

const dir = mkdtempSync(join(tmpdir(), 'kiosk-anchor-syscalls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
const dbKey = randomBytes(32);
const anchor = (seq: number): Anchor => ({ seq, hash: 'cd'.repeat(32), at: '2026-12-07T08:00:00.000Z', writtenAt: '2026-12-07T08:00:01.000Z' });

describe.skipIf(unavailable !== null)('anchor writes, as system calls', () => {
  for (const [name, write] of [
    ['writeAnchor (behind the commits, thread pool)', (file: string, a: Anchor) => writeAnchor(file, dbKey, a)],
    ['writeAnchorSync (start, rollback, restore, close)', (file: string, a: Anchor) => writeAnchorSync(file, dbKey, a)],
  ] as const) {
    it(`${name}: temp file fsynced, then renamed over the anchor, then the folder fsynced`, async () => {
      const file = join(dir, `${name.split(' ')[0]}.db`);
      const cur = anchorFile(file);
      await write(file, anchor(1)); // a previous anchor, so the write also keeps it as .prev
      const { calls } = await traceSyscalls([...SYNCS, ...RENAMES], () => write(file, anchor(2)));
      const mine = calls.filter((c) => c.fdPaths.some((p) => p.startsWith(dir)) || c.strings.some((p) => p.startsWith(dir)));

      const put = renameOf(mine, new RegExp(`^${cur.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tmp`), cur);
      expect(put, JSON.stringify(mine)).toBeGreaterThanOrEqual(0);
      const tmp = mine[put]!.strings[0]!;
      const keptPrevious = renameOf(mine, cur, `${cur}.prev`);
      const tmpSynced = syncOf(mine, tmp);
      const dirSynced = mine.findIndex((c, i) => i > put && SYNCS.includes(c.name) && c.fdPaths[0] === dir);

      expect(tmpSynced, 'the temp file is synced before it is renamed into place').toBeGreaterThanOrEqual(0);
      expect(tmpSynced).toBeLessThan(put);
      expect(keptPrevious, 'the previous anchor is kept before the new one takes its name').toBeGreaterThanOrEqual(0);
      expect(keptPrevious).toBeLessThan(put);
      expect(dirSynced, 'the folder is synced after the rename').toBeGreaterThan(put);
      expect(readAnchor(file, dbKey)).toEqual({ kind: 'ok', anchor: anchor(2), from: 'current' });
    });
  }
});
