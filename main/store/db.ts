// Opens the kiosk's encrypted SQLite file (SQLite3 Multiple Ciphers, AEGIS-256 cipher scheme) and
// brings its schema up to date. The key is checked BEFORE anything is written, so a wrong key can
// never turn into a fresh empty database written over (or next to) the customer's data.
//
// WHY AEGIS and not the library's SQLCipher v4 scheme (used until 2026-11-22): both come from the
// same library (SQLite3 Multiple Ciphers, the "SQLCipher-compatible" library of the design); AEGIS-256
// is an authenticated cipher (AEAD: every page carries its own nonce and tag, so tampering or a wrong
// key is detected per page, as SQLCipher's HMAC did), and the prebuilt library runs it with the
// CPU's AES instructions, while its SQLCipher scheme is software AES-CBC + HMAC-SHA512. Measured
// here (test/bench/_store-enqueue-variants.ts, 3 × 500 KB per commit, synchronous=FULL, vs
// write+fsync in the same run, quiet machine): sqlcipher 4K 5.5×, chacha20 4.2×, aes256cbc 2.4×,
// aegis 4K 1.94×, plain unencrypted SQLite 4K 1.8× (under load aegis and plain move together,
// 3.1× each, sqlcipher 7.6-8.8×). Trade-off: tools that only speak SQLCipher (DB Browser for
// SQLCipher, sqlcipher CLI) cannot open the file; the kiosk's own tools and any SQLite3 Multiple
// Ciphers build can (`PRAGMA cipher='aegis'` + the raw key).
import { chmodSync, existsSync, statSync, unlinkSync } from 'node:fs';
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

/**
 * The file is a kiosk database of the pre-release SQLCipher-scheme format (this key opens it that
 * way). Never converted or written in place: the product was not deployed with that format.
 */
export class StoreFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreFormatError';
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
 * Cipher pragmas, run before the key on every connection to the file (the writer, the background
 * checkpointer, tools). AEGIS-256 is the library's default AEGIS variant; it is named so a change of
 * default can never silently change the format.
 */
export const CIPHER_PRAGMAS: readonly string[] = ["cipher='aegis'", "algorithm='aegis-256'"];

/**
 * Page size of new files (existing files keep theirs; 4K files written before this change open and
 * work as before), chosen by measuring both sides of the outbox:
 * - enqueue, one commit of 3 × 500 KB images, commits paced as at a counter
 *   (test/bench/_store-enqueue-split.ts, PACE=200, same-run write+fsync baseline, two runs):
 *   4K 2.16-2.29×, 8K 1.91-1.95×, 16K 1.88-1.93×. Every page is one WAL frame written with two
 *   system calls and its own checksum and AEAD tag, so halving the frames for the image bytes
 *   saves ~0.4 ms of CPU and a quarter of the fsync of those frames;
 * - drain, small step commits (test/bench/_store-step-commit.ts, CPU per step incl. its reads):
 *   4K 0.185 ms, 8K 0.192, 16K 0.279, 64K 0.607 (a step dirties 3-5 pages, each encrypted and
 *   written whole).
 * 8K takes nearly all of 16K's gain on the images at next to no cost to the steps.
 */
export const PAGE_SIZE = 8_192;

/**
 * Sets the cipher and the raw key on a fresh connection. Raw key form x'..': no KDF on the already
 * random key. The key string never leaves this function (never logged).
 */
/**
 * Opens an existing store file on a worker thread's own connection: the cipher, the key, then one
 * read that fails at once on a wrong key. Written to be embedded by its source text in the eval'd
 * worker sources (checkpointer.ts, capture-upload-thread.ts), so it must stay self-contained: no
 * outer names, no nested function declarations. `keyHex` is the key as hex (never logged).
 */
export function openWorkerConnection(Database: new (file: string, options: { fileMustExist: boolean }) => Db, file: string, keyHex: string, cipherPragmas: readonly string[]): Db {
  const db = new Database(file, { fileMustExist: true });
  try {
    for (const p of cipherPragmas) db.pragma(p);
    db.pragma(`key="x'${keyHex}'"`);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Folds a WAL left beside a closed store back into its file and lets SQLite remove it. The last
 * connection to close normally does this; when that was a read-only one (the integrity check's), the
 * WAL and its index stay behind, and a WAL next to a file that is then replaced (a restore) belongs
 * to another database. Nothing to do when no WAL is there.
 */
export function settleWal(file: string, key: Buffer): void {
  if (!existsSync(`${file}-wal`) || !existsSync(file)) return;
  const db = new Database(file, { fileMustExist: true });
  try {
    applyCipher(db, key);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

export function applyCipher(db: Db, key: Buffer): void {
  for (const p of CIPHER_PRAGMAS) db.pragma(p);
  db.pragma(`key="x'${key.toString('hex')}'"`);
}

/**
 * Opens (or creates) `file` with a raw 256-bit key. Pragmas: cipher aegis (AEGIS-256), WAL,
 * synchronous=FULL, foreign_keys=ON; for new files page_size (PAGE_SIZE) and auto_vacuum=INCREMENTAL
 * (needed by the retention purge). `pageSize` is for benchmarks choosing PAGE_SIZE only.
 */
export function openDatabase(file: string, key: Buffer, migrations: readonly Migration[] = MIGRATIONS, pageSize: number = PAGE_SIZE): Db {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new StoreKeyError(`The database key must be ${KEY_BYTES} bytes; the kiosk was given a key of the wrong size.`);
  }
  const existed = existsSync(file) && statSync(file).size > 0;
  // fileMustExist when it existed: if it vanished between the check and the open we fail instead of creating.
  const db = new Database(file, { fileMustExist: existed });
  try {
    applyCipher(db, key);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_NOTADB') {
        if (isSqlcipherSchemeFile(file, key)) {
          throw new StoreFormatError(
            `The kiosk database ${file} was written by a pre-release kiosk version in an encryption format this version no longer reads. Nothing was changed; move the file (and any ${file}-wal) aside to start with an empty outbox, or call support to recover it.`,
          );
        }
        throw new StoreKeyError(
          `The kiosk database ${file} could not be opened with this key (the key is wrong, or the file is not a kiosk database). Nothing was changed; restore the matching key file or call support.`,
          { cause: e },
        );
      }
      throw e;
    }
    if (!existed) {
      chmodSync(file, 0o600);
      // Both must be set before the first table exists (and page_size before WAL mode).
      db.pragma(`page_size=${pageSize}`);
      db.pragma('auto_vacuum=INCREMENTAL');
    }
    // WAL keeps the many small sync-step commits at one fsync each; Store moves its checkpoints
    // (which decrypt and re-encrypt every frame in this library) to a worker thread (checkpointer.ts).
    db.pragma('journal_mode=WAL');
    db.pragma('synchronous=FULL');
    // A WAL that grew during a burst is cut back to 32 MB when it is reused, not kept at its peak;
    // below that it stays allocated, so the background checkpointer's 16 MB rounds
    // (checkpointer.ts CHECKPOINT_AFTER_BYTES) overwrite blocks instead of allocating them again.
    db.pragma('journal_size_limit=33554432');
    db.pragma('foreign_keys=ON');
    db.pragma('busy_timeout=5000');
    migrate(db, migrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * True when `key` opens `file` with the library's SQLCipher v4 scheme (the pre-release format).
 * Read-only connection: the file is never written by this check.
 */
function isSqlcipherSchemeFile(file: string, key: Buffer): boolean {
  try {
    return withReadOnlyFile(
      file,
      (db) => {
        db.pragma("cipher='sqlcipher'");
        db.pragma('legacy=4');
        db.pragma(`key="x'${key.toString('hex')}'"`);
      },
      (db) => {
        db.prepare('SELECT count(*) FROM sqlite_master').get();
        return true;
      },
    );
  } catch {
    return false;
  }
}

/**
 * Opens `file` read-only, unlocks it with `unlock` (cipher pragmas and key), runs `use` on it, closes
 * it and removes the empty companions (-wal, -shm) that opening a WAL-mode file creates even
 * read-only, so a refused file is left exactly as it was found.
 */
export function withReadOnlyFile<T>(file: string, unlock: (db: Db) => void, use: (db: Db) => T): T {
  const created = [`${file}-wal`, `${file}-shm`].filter((f) => !existsSync(f));
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    unlock(db);
    return use(db);
  } finally {
    db?.close();
    for (const f of created) {
      try {
        if (f.endsWith('-shm') || statSync(f).size === 0) unlinkSync(f);
      } catch {
        // not created
      }
    }
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
