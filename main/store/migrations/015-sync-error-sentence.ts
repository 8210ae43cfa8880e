// Why the last attempt to send a verification failed, as the screen's sentence: a catalogue key and its
// parameters (JSON), beside the English `last_error` kept for logs and support. Null for rows written
// before this migration and whenever `last_error` is null; the screen then shows a generic sentence and
// the stored English labelled as support text.
import type { Migration } from './types';

export const migration015: Migration = {
  version: 15,
  name: 'sync-error-sentence',
  up(db) {
    db.exec(`ALTER TABLE verifications ADD COLUMN last_error_sentence TEXT;`);
  },
};
