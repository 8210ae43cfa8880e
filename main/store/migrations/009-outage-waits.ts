// Outbox: which retry waits are outage waits. A step that could not even open a connection
// (refused, no route, no DNS) waits because the network or the provider is down, not because of the
// verification; such waits end when the provider answers again (Store.releaseOutageWaits), so the
// oldest customers go first when the network returns. Without the mark, a verification that was the
// first to meet an outage on each of several restarts would serve out a backoff grown up to the cap
// (15 minutes by default) while younger ones went ahead. The partial index holds only marked rows.
import type { Migration } from './types';

export const migration009: Migration = {
  version: 9,
  name: 'outage-waits',
  up(db) {
    db.exec(`
      ALTER TABLE verifications ADD COLUMN outage_wait INTEGER NOT NULL DEFAULT 0 CHECK (outage_wait IN (0, 1));
      CREATE INDEX verifications_outage_wait ON verifications (provider) WHERE outage_wait = 1;
    `);
  },
};
