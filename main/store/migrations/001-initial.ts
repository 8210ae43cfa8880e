// Verifications, their captures (JPEG bytes live in the database so one transaction covers image and
// metadata) and the append-only, hash-chained audit log. Times are epoch milliseconds.
import type { Migration } from './types';

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE verifications (
        seq             INTEGER PRIMARY KEY,           -- insertion order: keyset paging and oldest-first sync
        id              TEXT NOT NULL UNIQUE,          -- uuid
        document_type   TEXT NOT NULL,
        provider        TEXT NOT NULL,
        locale          TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('capturing','queued','submitting','awaiting_result','accepted','declined','failed','needs_attention','cancelled')),
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        queued_at       INTEGER,
        finished_at     INTEGER,
        progress        TEXT NOT NULL DEFAULT '{}',    -- provider progress JSON (session id, uploads, analysis id)
        step            TEXT,                          -- last provider step completed
        attempts        INTEGER NOT NULL DEFAULT 0,    -- consecutive failed attempts of the current step
        last_error      TEXT,
        next_attempt_at INTEGER,
        outcome         TEXT,                          -- normalized Outcome JSON
        raw_response    TEXT,                          -- provider's raw reply (final result, or a schema-failing body)
        images_purged_at INTEGER
      );
      CREATE INDEX verifications_state_seq ON verifications (state, seq);
      CREATE INDEX verifications_created ON verifications (created_at);

      CREATE TABLE captures (
        id              TEXT PRIMARY KEY,
        verification_id TEXT NOT NULL REFERENCES verifications (id) ON DELETE CASCADE,
        side            TEXT NOT NULL CHECK (side IN ('front','back','selfie')),
        device_id       TEXT NOT NULL,
        jpeg            BLOB,                          -- NULL once purged by retention
        preview         BLOB,
        width           INTEGER NOT NULL,
        height          INTEGER NOT NULL,
        bytes           INTEGER NOT NULL,
        quality         TEXT,
        created_at      INTEGER NOT NULL,
        UNIQUE (verification_id, side)
      );

      CREATE TABLE audit_log (
        seq             INTEGER PRIMARY KEY,
        at              TEXT NOT NULL,
        actor           TEXT NOT NULL,
        action          TEXT NOT NULL,
        verification_id TEXT,
        detail          TEXT NOT NULL,
        prev_hash       TEXT NOT NULL,
        hash            TEXT NOT NULL
      );
      CREATE INDEX audit_log_verification ON audit_log (verification_id);
      -- Append-only: the application can never rewrite history (verifyAudit catches anyone who drops these).
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    `);
  },
};
