// What one scrape reports, read once per scrape from cheap sources: the trigger-kept counts of
// migration 010 (a few rows, whatever the number of verifications), the store's queue summary
// (index-bounded minimums), the sync worker's in-memory provider status, one statfs call, and the
// forwarder's cursor (two primary-key reads).
import { statfsSync } from 'node:fs';
import type { ProviderStatus, QueueCounts } from '../../shared/domain';
import type { Db } from '../store/db';
import type { ForwarderStatus } from './audit-forwarder';

export interface MetricsSources {
  db: Db;
  dataDir: string;
  queueCounts: () => QueueCounts;
  providerStatus: () => ProviderStatus[];
  /** Free-space floor below which captures are refused (config disk.minFreeBytes). */
  minFreeBytes: number;
  /** Audit forwarding, when configured. */
  forwarder?: (() => ForwarderStatus) | undefined;
  /** When the last backup finished (epoch ms); null or absent: no backup yet / none configured. */
  lastBackupAt?: (() => number | null) | undefined;
  now?: () => number;
}

export interface MetricsSnapshot {
  at: number;
  states: Array<{ provider: string; state: string; current: number; entered: number }>;
  providerErrors: Array<{ provider: string; kind: string; n: number }>;
  oldestWaitingAgeSeconds: number;
  lastSyncAt: number | null;
  providers: ProviderStatus[];
  outboxBytes: number | null;
  diskFreeBytes: number | null;
  diskFloorBytes: number;
  lastBackupAt: number | null;
  forwarding: ForwarderStatus | null;
}

export class MetricsReader {
  private readonly statesStmt;
  private readonly errorsStmt;
  private readonly now: () => number;

  constructor(private readonly s: MetricsSources) {
    this.now = s.now ?? Date.now;
    this.statesStmt = s.db.prepare<[], { provider: string; state: string; current: number; entered: number }>('SELECT provider, state, current, entered FROM verification_state_counts');
    this.errorsStmt = s.db.prepare<[], { provider: string; kind: string; n: number }>('SELECT provider, kind, n FROM provider_error_counts');
  }

  read(): MetricsSnapshot {
    const at = this.now();
    const q = this.s.queueCounts();
    let diskFreeBytes: number | null;
    try {
      const fs = statfsSync(this.s.dataDir);
      diskFreeBytes = Number(fs.bavail) * Number(fs.bsize);
    } catch {
      diskFreeBytes = null; // not every file system reports it: the series is left out
    }
    const oldest = q.oldestWaitingAt ? Date.parse(q.oldestWaitingAt) : null;
    let providers: ProviderStatus[];
    try {
      providers = this.s.providerStatus();
    } catch {
      providers = []; // the sync worker is not constructed yet (a scrape during start-up): its series are left out
    }
    return {
      at,
      states: this.statesStmt.all(),
      providerErrors: this.errorsStmt.all(),
      oldestWaitingAgeSeconds: oldest === null ? 0 : Math.max(0, (at - oldest) / 1000),
      lastSyncAt: q.lastSyncAt ? Date.parse(q.lastSyncAt) : null,
      providers,
      outboxBytes: q.bytes ?? null,
      diskFreeBytes,
      diskFloorBytes: this.s.minFreeBytes,
      lastBackupAt: this.s.lastBackupAt?.() ?? null,
      forwarding: this.s.forwarder?.() ?? null,
    };
  }
}
