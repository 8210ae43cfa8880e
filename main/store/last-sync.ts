// "Last successful sync" for the queue summary: kept in memory at once, written to the meta table
// only when a step finishes a verification or the stored value is LAST_SYNC_WRITE_MS old, so most
// step commits of a draining queue write one page fewer; a crash loses at most that much of it.
import type { StoreContext } from './store-context';

/** How stale the stored "last successful sync" may get while a queue drains. */
const LAST_SYNC_WRITE_MS = 5_000;

export class LastSync {
  /** Last successful provider step, and the value last written to meta (undefined: not read yet). */
  private lastSyncAt: number | null = null;
  private lastSyncStored: number | null | undefined = undefined;

  constructor(private readonly ctx: StoreContext) {}

  /** A step succeeded at `now`; called inside the step's transaction, so a write goes with it. */
  note(now: number, final: boolean): void {
    this.lastSyncAt = now;
    const stored = this.persisted();
    if (final || stored === null || now - stored >= LAST_SYNC_WRITE_MS) {
      this.ctx.q('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run('last_sync_at', String(now));
      this.lastSyncStored = now;
    }
  }

  /** The latest successful step (epoch ms), this run's or the stored one from before; null if none ever. */
  latest(): number | null {
    return this.lastSyncAt ?? this.persisted();
  }

  private persisted(): number | null {
    if (this.lastSyncStored === undefined) {
      const row = this.ctx.q<[], { value: string }>(`SELECT value FROM meta WHERE key = 'last_sync_at'`).get();
      this.lastSyncStored = row ? Number(row.value) : null;
    }
    return this.lastSyncStored;
  }
}
