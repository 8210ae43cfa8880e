// Sync engine state that must survive restarts: paused providers (auth failures wait for a supervisor),
// supervisor alerts, and counters (e.g. steps repeated inside the documented duplicate window).
import type { Migration } from './types';

export const migration002: Migration = {
  version: 2,
  name: 'sync-state',
  up(db) {
    db.exec(`
      CREATE TABLE provider_state (
        provider        TEXT PRIMARY KEY,
        paused          INTEGER NOT NULL DEFAULT 0,
        paused_reason   TEXT,
        paused_at       INTEGER
      );
      CREATE TABLE alerts (
        id              INTEGER PRIMARY KEY,
        at              INTEGER NOT NULL,
        kind            TEXT NOT NULL,
        provider        TEXT,
        verification_id TEXT,
        message         TEXT NOT NULL,
        resolved_at     INTEGER,
        resolved_by     TEXT
      );
      CREATE INDEX alerts_open ON alerts (resolved_at, id);
      CREATE TABLE counters (
        name            TEXT PRIMARY KEY,
        value           INTEGER NOT NULL
      );
      CREATE TABLE meta (
        key             TEXT PRIMARY KEY,
        value           TEXT NOT NULL
      );
      CREATE INDEX verifications_finished ON verifications (finished_at) WHERE finished_at IS NOT NULL;
    `);
  },
};
