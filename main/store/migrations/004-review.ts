// Supervisor review: the columns and tables the queue view, actions and dashboard need.
// - teller, document_number, holder_name: filled by TRIGGERS, so the outbox code that writes a
//   verification (store.ts) does not have to know about the review screens: the teller is the actor
//   of the 'verification_created' audit row, the document number and name come from the outcome JSON
//   when the provider's result is stored. json_valid() guards keep a malformed outcome from ever
//   failing the sync write that stores it.
// - verification_search: FTS5 index over document number and holder name (prefix search stays an
//   index lookup at 100,000 verifications; LIKE '%x%' would scan the table).
// - override_*: a supervisor's decision override (who, why, who confirmed under the four-eyes rule).
// - supervisors / review_auth / pending_overrides / queue_samples: roster, lockout state, overrides
//   waiting for a second supervisor, queue depth over time.
import type { Migration } from './types';

export const migration004: Migration = {
  version: 4,
  name: 'review',
  up(db) {
    db.exec(`
      ALTER TABLE verifications ADD COLUMN teller TEXT;
      ALTER TABLE verifications ADD COLUMN document_number TEXT;
      ALTER TABLE verifications ADD COLUMN holder_name TEXT;
      ALTER TABLE verifications ADD COLUMN override_decision TEXT;
      ALTER TABLE verifications ADD COLUMN override_by TEXT;
      ALTER TABLE verifications ADD COLUMN override_confirmed_by TEXT;
      ALTER TABLE verifications ADD COLUMN override_reason TEXT;
      ALTER TABLE verifications ADD COLUMN override_at INTEGER;

      -- Queue view: newest first by (created_at, seq) under each filter; created_at alone exists already.
      CREATE INDEX verifications_review_state ON verifications (state, created_at);
      CREATE INDEX verifications_review_provider ON verifications (provider, created_at);
      CREATE INDEX verifications_review_provider_state ON verifications (provider, state, created_at);
      CREATE INDEX verifications_review_teller ON verifications (teller, created_at);
      CREATE INDEX verifications_images_purged ON verifications (images_purged_at) WHERE images_purged_at IS NOT NULL;
      -- Audit exports and the dashboard's error rates read a time window of the log.
      CREATE INDEX audit_log_at ON audit_log (at);

      CREATE VIRTUAL TABLE verification_search USING fts5 (document_number, holder_name, tokenize = 'unicode61 remove_diacritics 2');

      CREATE TRIGGER verification_review_outcome AFTER UPDATE OF outcome ON verifications
        WHEN NEW.outcome IS NOT NULL AND json_valid(NEW.outcome)
      BEGIN
        UPDATE verifications SET
          document_number = upper(json_extract(NEW.outcome, '$.identity.documentNumber')),
          holder_name = nullif(trim(coalesce(json_extract(NEW.outcome, '$.identity.fullName'),
                          trim(coalesce(json_extract(NEW.outcome, '$.identity.firstName'), '') || ' ' || coalesce(json_extract(NEW.outcome, '$.identity.lastName'), '')))), '')
        WHERE seq = NEW.seq;
        DELETE FROM verification_search WHERE rowid = NEW.seq;
        INSERT INTO verification_search (rowid, document_number, holder_name)
          SELECT seq, coalesce(document_number, ''), coalesce(holder_name, '') FROM verifications WHERE seq = NEW.seq;
      END;

      -- Same for a row inserted with its outcome already set (imports, benchmarks): refresh through the UPDATE trigger.
      CREATE TRIGGER verification_review_outcome_insert AFTER INSERT ON verifications
        WHEN NEW.outcome IS NOT NULL AND json_valid(NEW.outcome)
      BEGIN
        UPDATE verifications SET outcome = NEW.outcome WHERE seq = NEW.seq;
      END;

      CREATE TRIGGER verification_review_teller AFTER INSERT ON audit_log
        WHEN NEW.action = 'verification_created' AND NEW.verification_id IS NOT NULL
      BEGIN
        UPDATE verifications SET teller = NEW.actor WHERE id = NEW.verification_id;
      END;

      CREATE TABLE supervisors (
        name        TEXT PRIMARY KEY COLLATE NOCASE,
        pin_hash    TEXT NOT NULL,                -- scrypt$N$r$p$salt$hash (main/review/pin.ts)
        source      TEXT NOT NULL CHECK (source IN ('config','setup','added')),
        created_at  INTEGER NOT NULL,
        created_by  TEXT NOT NULL
      );
      CREATE TABLE review_auth (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        failures     INTEGER NOT NULL DEFAULT 0,  -- wrong PINs in a row
        locked_until INTEGER                      -- epoch ms; persisted so a restart does not lift a lockout
      );
      INSERT INTO review_auth (id, failures, locked_until) VALUES (1, 0, NULL);
      CREATE TABLE pending_overrides (
        id              TEXT PRIMARY KEY,
        verification_id TEXT NOT NULL REFERENCES verifications (id) ON DELETE CASCADE,
        decision        TEXT NOT NULL CHECK (decision IN ('accepted','declined')),
        reason          TEXT NOT NULL,
        requested_by    TEXT NOT NULL,
        requested_at    INTEGER NOT NULL,
        resolved_at     INTEGER,
        resolved_by     TEXT,
        resolution      TEXT CHECK (resolution IN ('confirmed','discarded'))
      );
      CREATE INDEX pending_overrides_open ON pending_overrides (verification_id) WHERE resolved_at IS NULL;
      CREATE TABLE queue_samples (
        at              INTEGER PRIMARY KEY,
        waiting         INTEGER NOT NULL,
        in_flight       INTEGER NOT NULL,
        needs_attention INTEGER NOT NULL,
        failed          INTEGER NOT NULL
      );
    `);
    // Rows written before this migration: backfill what the triggers fill from now on.
    db.exec(`
      UPDATE verifications SET teller = (SELECT a.actor FROM audit_log a WHERE a.verification_id = verifications.id AND a.action = 'verification_created' ORDER BY a.seq LIMIT 1);
      UPDATE verifications SET outcome = outcome WHERE outcome IS NOT NULL AND json_valid(outcome);
    `);
  },
};
