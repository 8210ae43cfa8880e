// Teller flow: the issuing country the teller chose for a verification (ISO 3166-1 alpha-3),
// and the MRZ reading the teller confirmed it against when the two differ. NULL = not chosen / not
// confirmed. Kept on the verification row, so it commits with the teller's other actions.
import type { Migration } from './types';

export const migration007: Migration = {
  version: 7,
  name: 'issuing-country',
  up(db) {
    db.exec(`
      ALTER TABLE verifications ADD COLUMN issuing_country TEXT CHECK (issuing_country IS NULL OR (length(issuing_country) = 3 AND issuing_country = upper(issuing_country)));
      ALTER TABLE verifications ADD COLUMN issuing_country_confirmed_read TEXT;
    `);
  },
};
