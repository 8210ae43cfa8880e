// On-device precheck: what the kiosk read from a capture right after it was taken (MRZ summary,
// face presence, barcode), kept with the capture as JSON so the review screen and the submit policy see
// it after a restart. NULL = not checked (captures from before this migration, or sides nobody checks).
import type { Migration } from './types';

export const migration005: Migration = {
  version: 5,
  name: 'capture-precheck',
  up(db) {
    db.exec(`ALTER TABLE captures ADD COLUMN precheck TEXT CHECK (precheck IS NULL OR json_valid(precheck));`);
  },
};
