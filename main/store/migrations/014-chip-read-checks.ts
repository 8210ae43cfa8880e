// What a chip read found beyond passive authentication: clone detection (chip or active authentication) and
// the document signer's revocation status, each as a small JSON object (null when not known, as for reads
// stored before this migration).
import type { Migration } from './types';

export const migration014: Migration = {
  version: 14,
  name: 'chip-read-checks',
  up(db) {
    db.exec(`
      ALTER TABLE chip_reads ADD COLUMN clone_check TEXT;
      ALTER TABLE chip_reads ADD COLUMN revocation TEXT;
    `);
  },
};
