// Opens the kiosk's encrypted SQLite file (SQLite3 Multiple Ciphers, SQLCipher v4 scheme) and brings
// its schema up to date. The key is checked BEFORE anything is written, so a wrong key can never
// turn into a fresh empty database written over (or next to) the customer's data.
import { chmodSync, existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

/** The key does not open the database (wrong key, or the file is not a kiosk database). */
export class StoreKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreKeyError';
  }
}

/** The database was written by a newer kiosk version than this one. */
export class StoreVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreVersionError';
  }
}

export const KEY_BYTES = 32;

/**
 * Opens (or creates) `file` with a raw 256-bit key. Pragmas: cipher sqlcipher (legacy=4), WAL,
 * synchronous=FULL, foreign_keys=ON, auto_vacuum=INCREMENTAL (for new files; needed by retention purge).
 */
export function openDatabase(file: string, key: Buffer, migrations: readonly Migration[] = MIGRATIONS): Db {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new StoreKeyError(`The database key must be ${KEY_BYTES} bytes; the kiosk was given a key of the wrong size.`);
  }
  const existed = existsSync(file) && statSync(file).size > 0;
  // fileMustExist when it existed: if it vanished between the check and the open we fail instead of creating.
  const db = new Database(file, { fileMustExist: existed });
  try {
    db.pragma("cipher='sqlcipher'");
    db.pragma('legacy=4');
    // Raw key form x'..': no KDF on the already random key. The string never leaves this function.
    db.pragma(`key="x'${key.toString('hex')}'"`);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_NOTADB') {
        throw new StoreKeyError(
          `The kiosk database ${file} could not be opened with this key (the key is wrong, or the file is not a kiosk database). Nothing was changed; restore the matching key file or call support.`,
          { cause: e },
        );
      }
      throw e;
    }
    if (!existed) {
      chmodSync(file, 0o600);
      // Must be set before the first table exists.
      db.pragma('auto_vacuum=INCREMENTAL');
    }
    // 4K pages (SQLCipher v4 default) and WAL, chosen by measurement (test/bench/store-enqueue.ts):
    // the cipher's cost per byte is the same at 16K/64K pages, larger pages only make each small
    // index/audit page written cost more, and changing it would mean a file-format migration. WAL
    // keeps the many small sync-step commits at one fsync; Store moves its checkpoints (which
    // decrypt and re-encrypt every frame in this library) to a worker thread (checkpointer.ts).
    db.pragma('journal_mode=WAL');
    db.pragma('synchronous=FULL');
    // A WAL that grew during a burst is cut back to 8 MB when it is reused, not kept at its peak.
    db.pragma('journal_size_limit=8388608');
    db.pragma('foreign_keys=ON');
    db.pragma('busy_timeout=5000');
    migrate(db, migrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Applies every migration newer than `user_version`, each in its own transaction with its version bump. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  if (current > latest) {
    throw new StoreVersionError(
      `The kiosk database is at schema version ${current}, newer than this kiosk understands (${latest}). Install the newer kiosk version again or call support.`,
    );
  }
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const m of pending) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version=${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
