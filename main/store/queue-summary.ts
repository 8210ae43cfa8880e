// The queue summary the teller and supervisor screens show: how many verifications wait, are with a
// provider, need attention or failed, the oldest waiting, the next retry, the last successful sync
// and the bytes the outbox takes on disk.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { QueueCounts } from '../../shared/domain';
import { DB_FILE } from './keyfile';
import type { LastSync } from './last-sync';
import type { StoreContext } from './store-context';
import { iso } from './verification-rows';

export class QueueSummary {
  constructor(
    private readonly ctx: StoreContext,
    private readonly lastSync: LastSync,
    private readonly dataDir: string,
  ) {}

  /**
   * waiting = queued (nothing sent yet); inFlight = submitting or awaiting_result (the provider has
   * part of it). Persisted definitions, so the numbers survive restarts.
   */
  counts(now: number): QueueCounts {
    const { ctx } = this;
    // Only the non-final states are counted, through the (state, …) indexes: cost grows with the
    // queue, not with the history of accepted verifications.
    const counts = new Map(
      ctx
        .q<[], { state: string; n: number }>(
          `SELECT state, count(*) AS n FROM verifications WHERE state IN ('queued','submitting','awaiting_result','needs_attention','failed') GROUP BY state`,
        )
        .all()
        .map((r) => [r.state, r.n]),
    );
    const oldest = ctx
      .q<[], { t: number | null }>(
        `SELECT min(t) AS t FROM (
         SELECT min(queued_at) AS t FROM verifications WHERE state = 'queued'
         UNION ALL SELECT min(queued_at) FROM verifications WHERE state = 'submitting'
         UNION ALL SELECT min(queued_at) FROM verifications WHERE state = 'awaiting_result')`,
      )
      .get()!.t;
    const next = ctx
      .q<[number, number, number], { t: number | null }>(
        `SELECT min(t) AS t FROM (
         SELECT min(next_attempt_at) AS t FROM verifications WHERE state = 'queued' AND next_attempt_at > ?
         UNION ALL SELECT min(next_attempt_at) FROM verifications WHERE state = 'submitting' AND next_attempt_at > ?
         UNION ALL SELECT min(next_attempt_at) FROM verifications WHERE state = 'awaiting_result' AND next_attempt_at > ?)`,
      )
      .get(now, now, now)!.t;
    return {
      waiting: counts.get('queued') ?? 0,
      inFlight: (counts.get('submitting') ?? 0) + (counts.get('awaiting_result') ?? 0),
      needsAttention: counts.get('needs_attention') ?? 0,
      failed: counts.get('failed') ?? 0,
      oldestWaitingAt: iso(oldest),
      lastSyncAt: iso(this.lastSync.latest()),
      nextAttemptAt: iso(next),
      bytes: this.sizeBytes(),
    };
  }

  /** Bytes the outbox occupies on disk (database file + WAL). */
  sizeBytes(): number {
    const file = join(this.dataDir, DB_FILE);
    const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
    return size(file) + size(`${file}-wal`);
  }
}
