// Chip reads of a verification's document (ICAO 9303 eMRTD): one row per read, the latest counting. The
// outcome with what was verified (country, data groups, DG1 against the printed MRZ), the evidence for a
// later re-check (EF.SOD and DG1 as read) and the chip's face picture, which stays on the kiosk unless
// policy sends it (face_sent). Like every other table, encrypted at rest by the store's cipher.
import type { Migration } from './types';

export const migration013: Migration = {
  version: 13,
  name: 'chip-reads',
  up(db) {
    db.exec(`
      CREATE TABLE chip_reads (
        id                INTEGER PRIMARY KEY,
        verification_id   TEXT NOT NULL REFERENCES verifications (id) ON DELETE CASCADE,
        read_at           INTEGER NOT NULL,
        outcome           TEXT NOT NULL,
        reason            TEXT,
        message           TEXT NOT NULL,
        country           TEXT,
        access_method     TEXT,
        signer_subject    TEXT,
        data_groups       TEXT NOT NULL DEFAULT '[]',
        printed_mrz_match INTEGER,
        training          INTEGER NOT NULL DEFAULT 0,
        sod               BLOB,
        dg1               BLOB,
        face              BLOB,
        face_format       TEXT,
        face_sent         INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX chip_reads_by_verification ON chip_reads (verification_id, id);
    `);
  },
};
