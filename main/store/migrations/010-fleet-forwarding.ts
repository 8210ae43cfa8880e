// Fleet operation: the audit forwarding cursor and the counts the metrics endpoint reads.
//
// audit_forward_cursor: per SIEM destination ("host:port"), the last audit row the collector is known
// to hold (sequence number and hash). It only moves forward, after the collector confirmed a batch;
// a new destination starts from the genesis so it receives the whole chain.
//
// verification_state_counts / provider_error_counts: kept by triggers in the same transaction as the
// change they count, so a scrape reads a handful of rows instead of counting 100,000 verifications.
// `current` is the number of verifications in that (provider, state) now; `entered` only grows (how
// many times a verification entered it), which is what Prometheus counters need.
import type { Migration } from './types';

export const migration010: Migration = {
  version: 10,
  name: 'fleet-forwarding',
  up(db) {
    db.exec(`
      CREATE TABLE audit_forward_cursor (
        destination   TEXT PRIMARY KEY,
        seq           INTEGER NOT NULL,
        hash          TEXT NOT NULL,
        forwarded_at  INTEGER NOT NULL
      );

      CREATE TABLE verification_state_counts (
        provider  TEXT NOT NULL,
        state     TEXT NOT NULL,
        current   INTEGER NOT NULL,
        entered   INTEGER NOT NULL,
        PRIMARY KEY (provider, state)
      ) WITHOUT ROWID;
      INSERT INTO verification_state_counts (provider, state, current, entered)
        SELECT provider, state, count(*), count(*) FROM verifications GROUP BY provider, state;

      CREATE TRIGGER verification_state_counts_insert AFTER INSERT ON verifications BEGIN
        INSERT INTO verification_state_counts (provider, state, current, entered) VALUES (new.provider, new.state, 1, 1)
          ON CONFLICT (provider, state) DO UPDATE SET current = current + 1, entered = entered + 1;
      END;
      CREATE TRIGGER verification_state_counts_update AFTER UPDATE OF state, provider ON verifications
        WHEN old.state IS NOT new.state OR old.provider IS NOT new.provider BEGIN
        UPDATE verification_state_counts SET current = current - 1 WHERE provider = old.provider AND state = old.state;
        INSERT INTO verification_state_counts (provider, state, current, entered) VALUES (new.provider, new.state, 1, 1)
          ON CONFLICT (provider, state) DO UPDATE SET current = current + 1, entered = entered + 1;
      END;
      CREATE TRIGGER verification_state_counts_delete AFTER DELETE ON verifications BEGIN
        UPDATE verification_state_counts SET current = current - 1 WHERE provider = old.provider AND state = old.state;
      END;

      CREATE TABLE provider_error_counts (
        provider  TEXT NOT NULL,
        kind      TEXT NOT NULL CHECK (kind IN ('retry', 'needs_attention', 'auth')),
        n         INTEGER NOT NULL,
        PRIMARY KEY (provider, kind)
      ) WITHOUT ROWID;
    `);
    // Errors as the health dashboard counts them: a retry scheduled, a step sent to a supervisor, a
    // provider paused for its credentials. One trigger on the audit log, which records all three.
    const kindOf = `CASE new.action WHEN 'retry_scheduled' THEN 'retry' WHEN 'provider_paused' THEN 'auth' ELSE 'needs_attention' END`;
    const providerOf = `coalesce(CASE WHEN new.action = 'provider_paused' THEN json_extract(new.detail, '$.provider') END,
                                (SELECT provider FROM verifications WHERE id = new.verification_id), 'unknown')`;
    const isError = `new.actor = 'sync' AND (new.action IN ('retry_scheduled', 'provider_paused')
                       OR (new.action = 'state_changed' AND json_valid(new.detail) AND json_extract(new.detail, '$.to') = 'needs_attention'))`;
    db.exec(`
      CREATE TRIGGER provider_error_counts_audit AFTER INSERT ON audit_log WHEN ${isError} BEGIN
        INSERT INTO provider_error_counts (provider, kind, n) VALUES (${providerOf}, ${kindOf}, 1)
          ON CONFLICT (provider, kind) DO UPDATE SET n = n + 1;
      END;
    `);
    const past = (cond: string) => cond.replaceAll('new.', 'a.');
    db.exec(`
      INSERT INTO provider_error_counts (provider, kind, n)
        SELECT provider, kind, count(*) FROM (
          SELECT ${past(providerOf)} AS provider, ${past(kindOf)} AS kind
            FROM audit_log a WHERE ${past(isError)})
        GROUP BY provider, kind;
    `);
  },
};
