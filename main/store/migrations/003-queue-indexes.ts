// Indexes that keep the queue summary O(log n) per state however many final verifications pile up
// (min queued_at / next_attempt_at per state are index lookups, not scans).
import type { Migration } from './types';

export const migration003: Migration = {
  version: 3,
  name: 'queue-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX verifications_state_queued ON verifications (state, queued_at);
      CREATE INDEX verifications_state_next ON verifications (state, next_attempt_at);
    `);
  },
};
