// Outbox: the captures table rebuilt with its image columns LAST. SQLite stores a row's
// columns in order and a 400 KB image spills over ~100 overflow pages chained one to the next, so
// reading any column stored after the image (width, height, bytes, quality, created_at, precheck)
// walked and decrypted the whole chain: every listing, every sync step's job and every progress
// event paid for reading the images it never used (measured while draining: most of the main
// thread's time in getVerification/syncTask). Same column names, so no query changes; the rebuild
// copies each row once, inside the migration's transaction (all or nothing).
import type { Migration } from './types';

export const migration008: Migration = {
  version: 8,
  name: 'capture-blobs-last',
  up(db) {
    db.exec(`
      CREATE TABLE captures_blobs_last (
        id              TEXT PRIMARY KEY,
        verification_id TEXT NOT NULL REFERENCES verifications (id) ON DELETE CASCADE,
        side            TEXT NOT NULL CHECK (side IN ('front','back','selfie')),
        device_id       TEXT NOT NULL,
        width           INTEGER NOT NULL,
        height          INTEGER NOT NULL,
        bytes           INTEGER NOT NULL,
        quality         TEXT,
        created_at      INTEGER NOT NULL,
        precheck        TEXT CHECK (precheck IS NULL OR json_valid(precheck)),
        preview         BLOB,
        jpeg            BLOB,                          -- NULL once purged by retention
        UNIQUE (verification_id, side)
      );
      INSERT INTO captures_blobs_last (id, verification_id, side, device_id, width, height, bytes, quality, created_at, precheck, preview, jpeg)
        SELECT id, verification_id, side, device_id, width, height, bytes, quality, created_at, precheck, preview, jpeg FROM captures;
      DROP TABLE captures;
      ALTER TABLE captures_blobs_last RENAME TO captures;
    `);
  },
};
