// The health dashboard's data: queue depth over time (sampled into queue_samples), outcomes per day,
// time from capture to result, provider error rates and circuit state, disk use and retention status,
// open alerts. Every query reads a bounded time window through an index.
import { statfsSync } from 'node:fs';
import type { KioskMessage } from '../../shared/kiosk-message';
import type { ProviderStatus, VerificationState } from '../../shared/domain';
import type { HealthReport as HealthReportView } from '../../shared/contract-supervisor';
import type { Store } from '../store/store';
import { alertSentence } from './alert-sentence';

export interface HealthOptions {
  store: Store;
  now: () => number;
  providerStatus: () => ProviderStatus[];
  minFreeBytes: number;
  imageDays: number;
  /** Queue samples older than this are dropped. */
  keepSamplesMs?: number;
  /** Security problems of this kiosk's set-up for the supervisor (e.g. a config file others can read). */
  securityWarnings?: () => string[];
}

export interface HealthReport {
  generatedAt: string;
  queue: Array<{ at: string; waiting: number; inFlight: number; needsAttention: number; failed: number }>;
  outcomesPerDay: Array<{ day: string; accepted: number; declined: number; failed: number; cancelled: number }>;
  turnaroundPerDay: Array<{ day: string; count: number; p50Ms: number | null; p95Ms: number | null }>;
  providers: Array<ProviderStatus & { steps: number; errors: number; errorRate: number | null }>;
  disk: { databaseBytes: number; freeBytes: number | null; minFreeBytes: number; low: boolean };
  retention: { imageDays: number; verificationsWithImages: number; purgeOverdue: number; lastPurgeAt: string | null };
  alerts: HealthAlert[];
}

export type HealthAlert = {
  id: string;
  kind: HealthReportView['alerts'][number]['kind'];
  provider: string | null;
  at: string | null;
  /** English, for logs; alerts in the database keep the text they were raised with. */
  message: string;
  /** The same alert as a catalogue key (alert-sentence.ts), shown translated; absent for a free-text notice. */
  sentence?: KioskMessage;
};

/** The stored alert kinds (alerts table) as the screen's kinds; each kind has its resolving action there. */
function alertKind(stored: string): HealthAlert['kind'] {
  if (stored.startsWith('siem_')) return 'audit_forwarding';
  if (stored === 'supervisor_lockout') return 'supervisor_lockout';
  if (stored.startsWith('store_') || stored === 'database_damaged' || stored === 'wal_sync_failed') return 'store_failure';
  if (stored.startsWith('integrity') || stored.startsWith('audit_chain') || stored.startsWith('anchor')) return 'integrity';
  if (stored === 'provider_auth') return 'provider_auth';
  if (stored === 'possible_duplicate' || stored === 'provider_delete_failed') return stored;
  return 'notice';
}

const DAY = 86_400_000;

export class HealthReporter {
  constructor(private readonly o: HealthOptions) {}

  /** Records the current queue depth; called by the service's timer. */
  sample(): void {
    const c = this.o.store.queueCounts(this.o.now());
    const db = this.o.store.db;
    const now = this.o.now();
    db.prepare('INSERT OR REPLACE INTO queue_samples (at, waiting, in_flight, needs_attention, failed) VALUES (?, ?, ?, ?, ?)').run(now, c.waiting, c.inFlight, c.needsAttention, c.failed);
    db.prepare('DELETE FROM queue_samples WHERE at < ?').run(now - (this.o.keepSamplesMs ?? 30 * DAY));
  }

  /**
   * `days` of history; `tzOffsetMinutes` = the screen's offset from UTC (Date#getTimezoneOffset
   * sign inverted), so "per day" means the branch's days.
   */
  report(days: number, tzOffsetMinutes: number): HealthReport {
    const now = this.o.now();
    const db = this.o.store.db;
    const since = now - days * DAY;
    const offset = tzOffsetMinutes * 60_000;
    const dayOf = (ms: number) => new Date(Math.floor((ms + offset) / DAY) * DAY).toISOString().slice(0, 10);

    const queue = db
      .prepare<[number], { at: number; waiting: number; in_flight: number; needs_attention: number; failed: number }>('SELECT * FROM queue_samples WHERE at >= ? ORDER BY at')
      .all(since)
      .map((r) => ({ at: new Date(r.at).toISOString(), waiting: r.waiting, inFlight: r.in_flight, needsAttention: r.needs_attention, failed: r.failed }));
    const current = this.o.store.queueCounts(now);
    queue.push({ at: new Date(now).toISOString(), waiting: current.waiting, inFlight: current.inFlight, needsAttention: current.needsAttention, failed: current.failed });

    // Every day of the window is present (zeros included), so charts have an even x axis.
    const dayList: string[] = [];
    for (let t = since; t <= now; t += DAY) dayList.push(dayOf(t));
    if (dayList[dayList.length - 1] !== dayOf(now)) dayList.push(dayOf(now));
    const outcomes = new Map(dayList.map((d) => [d, { day: d, accepted: 0, declined: 0, failed: 0, cancelled: 0 }]));
    const turnaround = new Map<string, number[]>(dayList.map((d) => [d, []]));
    const finished = db
      .prepare<[number], { state: VerificationState; finished_at: number; queued_at: number | null; override_at: number | null }>(
        `SELECT state, finished_at, queued_at, override_at FROM verifications WHERE finished_at >= ? AND state IN ('accepted','declined','failed','cancelled')`,
      )
      .all(since);
    for (const r of finished) {
      const d = dayOf(r.finished_at);
      const o = outcomes.get(d);
      if (o) o[r.state as 'accepted' | 'declined' | 'failed' | 'cancelled']++;
      // Capture (submission) to the provider's result; overrides and cancels are people, not the pipeline.
      if (r.queued_at !== null && r.state !== 'cancelled' && r.override_at === null) turnaround.get(d)?.push(r.finished_at - r.queued_at);
    }

    const errorRows = db
      .prepare<[string], { provider: string; steps: number; errors: number }>(
        `SELECT v.provider AS provider,
                sum(CASE WHEN a.action LIKE 'step:%' THEN 1 ELSE 0 END) AS steps,
                sum(CASE WHEN a.action = 'retry_scheduled' OR (a.action = 'state_changed' AND a.actor = 'sync' AND json_extract(a.detail, '$.to') = 'needs_attention') OR a.action = 'provider_paused' THEN 1 ELSE 0 END) AS errors
         FROM audit_log a JOIN verifications v ON v.id = a.verification_id
         WHERE a.at >= ? AND a.actor = 'sync' GROUP BY v.provider`,
      )
      .all(new Date(now - DAY).toISOString());
    const byProvider = new Map(errorRows.map((r) => [r.provider, r]));
    const providers = this.o.providerStatus().map((p) => {
      const r = byProvider.get(p.id);
      const steps = r?.steps ?? 0;
      const errors = r?.errors ?? 0;
      return { ...p, steps, errors, errorRate: steps + errors > 0 ? errors / (steps + errors) : null };
    });

    const databaseBytes = this.o.store.sizeBytes();
    let freeBytes: number | null;
    try {
      const s = statfsSync(this.o.store.dataDir);
      freeBytes = Number(s.bavail) * Number(s.bsize);
    } catch {
      freeBytes = null; // not every file system reports it; the dashboard shows a dash
    }
    const low = freeBytes !== null && this.o.minFreeBytes > 0 && freeBytes < this.o.minFreeBytes * 1.2;

    const cutoff = now - this.o.imageDays * DAY;
    const withImages = db
      .prepare<[], { n: number }>(`SELECT count(DISTINCT verification_id) AS n FROM captures WHERE length(jpeg) IS NOT NULL OR length(preview) IS NOT NULL`)
      .get()!.n;
    const overdue = db
      .prepare<[number], { n: number }>(
        `SELECT count(*) AS n FROM verifications WHERE finished_at IS NOT NULL AND finished_at < ? AND images_purged_at IS NULL AND state IN ('accepted','declined','failed','cancelled')`,
      )
      .get(cutoff)!.n;
    const lastPurge = db.prepare<[], { t: number | null }>('SELECT max(images_purged_at) AS t FROM verifications WHERE images_purged_at IS NOT NULL').get()!.t;

    const pct = (xs: number[], p: number): number | null => {
      if (!xs.length) return null;
      const s = [...xs].sort((a, b) => a - b);
      return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
    };
    return {
      generatedAt: new Date(now).toISOString(),
      queue,
      outcomesPerDay: [...outcomes.values()],
      turnaroundPerDay: [...turnaround.entries()].map(([day, xs]) => ({ day, count: xs.length, p50Ms: pct(xs, 0.5), p95Ms: pct(xs, 0.95) })),
      providers,
      disk: { databaseBytes, freeBytes, minFreeBytes: this.o.minFreeBytes, low },
      retention: { imageDays: this.o.imageDays, verificationsWithImages: withImages, purgeOverdue: overdue, lastPurgeAt: lastPurge === null ? null : new Date(lastPurge).toISOString() },
      alerts: this.buildAlerts(low ? freeBytes : null, providers, current.needsAttention),
    };
  }

  /** The open alerts alone (the banner on every supervisor screen): cheap, no history is read. */
  alerts(): HealthAlert[] {
    return this.buildAlerts(this.lowFreeBytes(), this.o.providerStatus(), this.o.store.queueCounts(this.o.now()).needsAttention);
  }

  /** The free bytes when they are close to the floor; null when there is room (or no answer). */
  private lowFreeBytes(): number | null {
    try {
      const s = statfsSync(this.o.store.dataDir);
      const free = Number(s.bavail) * Number(s.bsize);
      return this.o.minFreeBytes > 0 && free < this.o.minFreeBytes * 1.2 ? free : null;
    } catch {
      return null;
    }
  }

  /** `lowFree`: the free bytes when the disk is close to the floor, else null (no disk alert). */
  private buildAlerts(lowFree: number | null, providers: ProviderStatus[], needsAttention: number): HealthAlert[] {
    const withSentence = (a: HealthAlert, facts: Parameters<typeof alertSentence>[1]): HealthAlert => {
      const sentence = alertSentence(a.kind, facts);
      return sentence ? { ...a, sentence } : a;
    };
    const alerts: HealthAlert[] = this.o.store.openAlerts().map((a) => {
      const kind = alertKind(a.kind);
      return withSentence({ id: `store-${a.id}`, kind, provider: a.provider, at: a.at, message: a.message }, { provider: a.provider, message: a.message });
    });
    if (lowFree !== null) {
      alerts.push(
        withSentence(
          { id: 'disk_low', kind: 'disk_low', provider: null, at: null, message: 'Free disk space is close to the floor below which the kiosk refuses new captures.' },
          { provider: null, freeBytes: lowFree, minFreeBytes: this.o.minFreeBytes },
        ),
      );
    }
    for (const p of providers) {
      if (p.configured && p.circuit === 'open') {
        alerts.push(
          withSentence(
            { id: `down-${p.id}`, kind: 'provider_down', provider: p.id, at: null, message: `The ${p.id} provider is failing; the kiosk pauses calls to it and tries again later.` },
            { provider: p.id },
          ),
        );
      }
    }
    for (const [i, message] of (this.o.securityWarnings?.() ?? []).entries()) {
      alerts.push({ id: `security-${i}`, kind: 'kiosk_security', provider: null, at: null, message });
    }
    if (needsAttention > 0) {
      alerts.push(
        withSentence(
          { id: 'needs_attention', kind: 'needs_attention', provider: null, at: null, message: `${needsAttention} verification(s) need a supervisor.` },
          { provider: null, count: needsAttention },
        ),
      );
    }
    return alerts;
  }
}
