// Supervisor queue: a verification the provider has not answered yet carries the name and document
// number the kiosk read from the MRZ, so the queue shows them and the search finds them. The
// provider's answer replaces them (trigger of migration 006). The search index now holds every row
// with a name or number, not only those with an outcome; the store is encrypted at rest as before.
// Two indexes keep the queue's tab counts cheap at 100,000 verifications.
import type { Migration } from './types';

const HAS_IDENTITY = `(outcome IS NOT NULL OR holder_name IS NOT NULL OR document_number IS NOT NULL)`;

const refreshBySeq = (seq: string) => `
  DELETE FROM verification_search WHERE rowid = ${seq};
  INSERT INTO verification_search (rowid, document_number, holder_name, tags)
    SELECT seq, coalesce(document_number, ''), coalesce(holder_name, ''),
           's' || replace(state, '_', '') || ' p' || provider || ' t' || lower(hex(coalesce(teller, '')))
    FROM verifications WHERE seq = ${seq} AND ${HAS_IDENTITY};`;

/** What the kiosk's MRZ reading of a capture says, as the queue's columns. */
const MRZ_NUMBER = `upper(nullif(trim(json_extract(NEW.precheck, '$.mrz.documentNumber')), ''))`;
const MRZ_NAME = `nullif(trim(coalesce(json_extract(NEW.precheck, '$.mrz.firstName'), '') || ' ' || coalesce(json_extract(NEW.precheck, '$.mrz.lastName'), '')), '')`;

export const migration012: Migration = {
  version: 12,
  name: 'kiosk-reading-in-queue',
  up(db) {
    db.exec(`
      DROP TRIGGER IF EXISTS verification_review_filters;
      CREATE TRIGGER verification_review_filters AFTER UPDATE OF state, provider, teller ON verifications
        WHEN NEW.outcome IS NOT NULL OR NEW.holder_name IS NOT NULL OR NEW.document_number IS NOT NULL
      BEGIN
        ${refreshBySeq('NEW.seq')}
      END;

      CREATE TRIGGER capture_precheck_reading AFTER UPDATE OF precheck ON captures
        WHEN NEW.precheck IS NOT NULL AND json_valid(NEW.precheck) AND json_extract(NEW.precheck, '$.mrz.status') IN ('accepted', 'invalid')
      BEGIN
        UPDATE verifications SET
          document_number = coalesce(${MRZ_NUMBER}, document_number),
          holder_name = coalesce(${MRZ_NAME}, holder_name)
        WHERE id = NEW.verification_id AND outcome IS NULL;
        ${refreshBySeq('(SELECT seq FROM verifications WHERE id = NEW.verification_id AND outcome IS NULL)')}
      END;
    `);
    // The queue's tab counts: overridden decisions and stuck waiting work counted from an index
    // (a handful of entries), not by reading every declined or waiting row.
    db.exec(`
      CREATE INDEX verifications_overridden_state ON verifications (state) WHERE override_decision IS NOT NULL;
      CREATE INDEX verifications_state_updated ON verifications (state, updated_at);
    `);
    // Readings already stored: the first capture with a readable MRZ of each unanswered verification.
    const rows = db
      .prepare<[], { verification_id: string; precheck: string }>(
        `SELECT c.verification_id, c.precheck FROM captures c JOIN verifications v ON v.id = c.verification_id
         WHERE v.outcome IS NULL AND c.precheck IS NOT NULL AND json_valid(c.precheck) AND json_extract(c.precheck, '$.mrz.status') IN ('accepted', 'invalid')`,
      )
      .all();
    const touch = db.prepare('UPDATE captures SET precheck = precheck WHERE verification_id = ? AND precheck = ?');
    for (const r of rows) touch.run(r.verification_id, r.precheck);
  },
};
