// Deletes of a verification's data at a provider, queued by a purge (the supervisor's or the
// retention purge) in the purge's own transaction and sent by the kiosk afterwards, one per provider
// transaction (ZOLOZ privacyinfo/delete). Kept after they are done or failed, with the provider's
// answer, so a supervisor can show what was asked of the provider and what it said. A transaction is
// queued at most once (unique per provider).
import type { Migration } from './types';

export const migration011: Migration = {
  version: 11,
  name: 'provider-data-deletes',
  up(db) {
    db.exec(`
      CREATE TABLE provider_data_deletes (
        id              INTEGER PRIMARY KEY,
        verification_id TEXT NOT NULL REFERENCES verifications (id),
        provider        TEXT NOT NULL,
        biz_id          TEXT NOT NULL,
        transaction_id  TEXT NOT NULL,
        state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        last_error      TEXT,
        answer          TEXT,
        queued_at       INTEGER NOT NULL,
        finished_at     INTEGER,
        UNIQUE (provider, transaction_id)
      );
      CREATE INDEX provider_data_deletes_due ON provider_data_deletes (coalesce(next_attempt_at, 0), id) WHERE state = 'queued';
    `);
  },
};
