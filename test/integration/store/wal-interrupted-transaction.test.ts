// A transaction too large for the page cache spills its pages to the WAL before it commits, and a
// page spilled twice is rewritten in place with its checksum fixed only at commit. A kill before
// the commit leaves a frame with a stale checksum in the middle of frames that check out; SQLite
// ignores the whole uncommitted transaction, and the kiosk must not call that file damaged. The
// files are copied while the transaction is open: exactly what a SIGKILL at that moment leaves.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/store/db';
import { DB_FILE } from '../../../main/store/keyfile';
import { checkWal } from '../../../main/store/wal-check';
import { tempDir } from './support';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('a WAL left by a transaction killed before its commit', () => {
  it('is not called damaged, though a stale checksum lies between written frames, and opens with the committed rows only', () => {
    const d = tempDir('kiosk-wal-uncommitted-');
    cleanups.push(d.cleanup);
    const key = randomBytes(32);
    const file = join(d.dir, DB_FILE);
    const db = openDatabase(file, key, []);
    const copy = join(d.dir, 'copy');
    try {
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB NOT NULL)');
      const insert = db.prepare('INSERT INTO t (b) VALUES (?)');
      for (let i = 0; i < 20; i++) insert.run(randomBytes(6000));
      db.pragma('cache_size=8');
      db.exec('BEGIN');
      for (let i = 0; i < 200; i++) insert.run(randomBytes(6000));
      // Pages this transaction already spilled, dirtied again and spilled again by the inserts after.
      db.prepare('UPDATE t SET b = randomblob(6000) WHERE id BETWEEN 30 AND 60').run();
      for (let i = 0; i < 100; i++) insert.run(randomBytes(6000));
      mkdirSync(copy);
      copyFileSync(file, join(copy, DB_FILE));
      copyFileSync(`${file}-wal`, join(copy, `${DB_FILE}-wal`));
      db.exec('ROLLBACK');
    } finally {
      db.close();
    }

    const verdict = checkWal(join(copy, `${DB_FILE}-wal`));
    expect(verdict.ok).toBe(true);
    // The case really is in the file: recovery stops at a frame that has written frames after it.
    expect(verdict.ok && verdict.stopsAt).toBeGreaterThan(20);
    expect(verdict.ok && verdict.frames - (verdict.stopsAt ?? 0)).toBeGreaterThan(10);

    const reopened = openDatabase(join(copy, DB_FILE), key, []);
    try {
      expect(reopened.pragma('quick_check', { simple: true })).toBe('ok');
      expect(reopened.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 20 });
    } finally {
      reopened.close();
    }
  });
});
