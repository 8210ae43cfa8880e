// The kiosk's Prometheus metrics (prom-client), in two registries holding the same series: one
// rendered as OpenMetrics 1.0 for scrapers that ask for it, one in the Prometheus text format 0.0.4
// for other scrapers and for the Pushgateway (which parses only that). Every series carries the
// kiosk id; the version is a label of kiosk_build_info. Values come from one MetricsSnapshot per
// render; series with no value (no backup yet, forwarding not configured) are left out, not zeroed.
import { Counter, Gauge, Histogram, Registry, type Metric, type RegistryContentType } from 'prom-client';
import type { MetricsReader, MetricsSnapshot } from './metrics-snapshot';

const QUEUE_STATES = ['capturing', 'queued', 'submitting', 'awaiting_result', 'needs_attention'] as const;
const OUTCOME_STATES = ['accepted', 'declined', 'failed', 'cancelled'] as const;
const CIRCUIT_STATES = ['closed', 'open', 'half_open'] as const;
const ERROR_KINDS = ['retry', 'needs_attention', 'auth'] as const;
/** Seconds: a flatbed scan takes several, a webcam still well under one; MRZ reads a few hundred ms. */
const CAPTURE_BUCKETS = [0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];
const MRZ_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8];

function defineMetrics(registry: Registry) {
  const r = [registry];
  return {
    buildInfo: new Gauge({ name: 'kiosk_build_info', help: 'Kiosk version and mode (value is always 1).', labelNames: ['version', 'mode'], registers: r }),
    queueDepth: new Gauge({ name: 'kiosk_queue_depth', help: 'Verifications in each unfinished state, per provider.', labelNames: ['state', 'provider'], registers: r }),
    oldestWaiting: new Gauge({ name: 'kiosk_queue_oldest_waiting_age_seconds', help: 'Age of the oldest verification submitted and not finished (0 when none).', registers: r }),
    outcomes: new Counter({ name: 'kiosk_verification_outcomes_total', help: 'Verifications that reached a final state, per provider.', labelNames: ['provider', 'outcome'], registers: r }),
    providerErrors: new Counter({ name: 'kiosk_provider_errors_total', help: 'Provider errors: retries scheduled, steps sent to a supervisor, credential rejections.', labelNames: ['provider', 'kind'], registers: r }),
    circuit: new Gauge({ name: 'kiosk_provider_circuit_state', help: 'Circuit breaker state per provider (1 for the current state).', labelNames: ['provider', 'state'], registers: r }),
    paused: new Gauge({ name: 'kiosk_provider_paused', help: 'Provider paused until a supervisor checks its credentials (1) or not (0).', labelNames: ['provider'], registers: r }),
    configured: new Gauge({ name: 'kiosk_provider_configured', help: 'Provider set up on this kiosk (1) or not (0).', labelNames: ['provider'], registers: r }),
    reachable: new Gauge({ name: 'kiosk_provider_reachable', help: 'Provider answered the last probe (1) or not (0); absent when not probed yet.', labelNames: ['provider'], registers: r }),
    lastSync: new Gauge({ name: 'kiosk_last_successful_sync_timestamp_seconds', help: 'When a provider step last succeeded (Unix time); absent before the first.', registers: [] }),
    diskFree: new Gauge({ name: 'kiosk_disk_free_bytes', help: 'Free bytes on the file system of the data folder.', registers: [] }),
    diskFloor: new Gauge({ name: 'kiosk_disk_floor_bytes', help: 'Free-space floor below which the kiosk refuses new captures.', registers: r }),
    outboxBytes: new Gauge({ name: 'kiosk_outbox_bytes', help: 'Size of the encrypted outbox on disk (database and WAL).', registers: [] }),
    backupLast: new Gauge({ name: 'kiosk_backup_last_success_timestamp_seconds', help: 'When the last backup finished (Unix time); absent while there is none.', registers: [] }),
    backupAge: new Gauge({ name: 'kiosk_backup_age_seconds', help: 'Age of the last backup; absent while there is none.', registers: [] }),
    fwdBacklog: new Gauge({ name: 'kiosk_audit_forward_backlog_rows', help: 'Audit rows not yet confirmed by the SIEM collector.', registers: [] }),
    fwdSeq: new Gauge({ name: 'kiosk_audit_forwarded_seq', help: 'Sequence number of the newest audit row the SIEM collector confirmed.', registers: [] }),
    auditHead: new Gauge({ name: 'kiosk_audit_head_seq', help: 'Sequence number of the newest audit row.', registers: [] }),
    fwdLast: new Gauge({ name: 'kiosk_audit_forward_last_success_timestamp_seconds', help: 'When the SIEM collector last confirmed a batch (Unix time); absent before the first in this run.', registers: [] }),
    fwdFailures: new Gauge({ name: 'kiosk_audit_forward_consecutive_failures', help: 'Failed deliveries to the SIEM collector since the last confirmed one.', registers: [] }),
    capture: new Histogram({
      name: 'kiosk_capture_duration_seconds',
      help: "Time to capture and store one side (device, quality checks, store); trigger: manual (the teller's capture button) or auto (the live preview's auto-capture).",
      labelNames: ['side', 'trigger'],
      buckets: CAPTURE_BUCKETS,
      registers: r,
    }),
    mrz: new Histogram({ name: 'kiosk_mrz_read_duration_seconds', help: 'Time of the on-device MRZ read of one capture.', buckets: MRZ_BUCKETS, registers: r }),
  };
}
type MetricSet = ReturnType<typeof defineMetrics>;

/** Puts a labelless gauge in the registry with `value`, or takes it out when there is none. */
function optional(registry: Registry, gauge: Gauge, value: number | null): void {
  const name = (gauge as unknown as { name: string }).name;
  if (value === null || !Number.isFinite(value)) {
    if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
    return;
  }
  if (!registry.getSingleMetric(name)) registry.registerMetric(gauge as unknown as Metric);
  gauge.set(value);
}

/** What took a capture: the teller's capture button, or the live preview's auto-capture. */
export type CaptureTrigger = 'manual' | 'auto';

export interface KioskMetricsOptions {
  kioskId: string;
  version: string;
  mode: 'training' | 'live';
  reader: MetricsReader;
}

/** A registry rendering in `type` (prom-client's typings omit the constructor's content-type argument). */
function registryOf(type: RegistryContentType): Registry {
  const r = new Registry<RegistryContentType>();
  r.setContentType(type);
  return r as unknown as Registry;
}

export class KioskMetrics {
  readonly openMetrics = registryOf(Registry.OPENMETRICS_CONTENT_TYPE);
  readonly text = registryOf(Registry.PROMETHEUS_CONTENT_TYPE);
  private readonly sets: Array<{ registry: Registry; m: MetricSet }>;

  constructor(private readonly o: KioskMetricsOptions) {
    this.sets = [this.openMetrics, this.text].map((registry) => {
      registry.setDefaultLabels({ kiosk_id: o.kioskId });
      const m = defineMetrics(registry);
      m.buildInfo.set({ version: o.version, mode: o.mode }, 1);
      return { registry, m };
    });
  }

  observeCapture(side: string, trigger: CaptureTrigger, seconds: number): void {
    for (const { m } of this.sets) m.capture.observe({ side, trigger }, seconds);
  }

  observeMrz(seconds: number): void {
    for (const { m } of this.sets) m.mrz.observe(seconds);
  }

  /** One read of the sources, then the exposition in the format asked for. */
  async render(format: 'openmetrics' | 'text'): Promise<{ contentType: string; body: string }> {
    const snapshot = this.o.reader.read();
    const { registry } = this.apply(snapshot, format);
    return { contentType: registry.contentType, body: await registry.metrics() };
  }

  private apply(s: MetricsSnapshot, format: 'openmetrics' | 'text'): { registry: Registry } {
    const set = this.sets[format === 'openmetrics' ? 0 : 1]!;
    const { m, registry } = set;
    m.queueDepth.reset();
    m.outcomes.reset();
    const providers = new Set<string>(s.providers.map((p) => p.id));
    for (const r of s.states) providers.add(r.provider);
    // Every (state, provider) pair is present, zeros included, so a drained queue reads 0, not "no data".
    for (const provider of providers) {
      for (const state of QUEUE_STATES) m.queueDepth.set({ state, provider }, 0);
      for (const outcome of OUTCOME_STATES) m.outcomes.inc({ provider, outcome }, 0);
    }
    for (const r of s.states) {
      if ((QUEUE_STATES as readonly string[]).includes(r.state)) m.queueDepth.set({ state: r.state, provider: r.provider }, Math.max(0, r.current));
      if ((OUTCOME_STATES as readonly string[]).includes(r.state)) m.outcomes.inc({ provider: r.provider, outcome: r.state }, r.entered);
    }
    m.providerErrors.reset();
    for (const provider of providers) for (const kind of ERROR_KINDS) m.providerErrors.inc({ provider, kind }, 0);
    for (const e of s.providerErrors) m.providerErrors.inc({ provider: e.provider, kind: e.kind }, e.n);
    m.oldestWaiting.set(s.oldestWaitingAgeSeconds);
    m.circuit.reset();
    m.reachable.reset();
    for (const p of s.providers) {
      for (const state of CIRCUIT_STATES) m.circuit.set({ provider: p.id, state }, p.circuit === state ? 1 : 0);
      m.paused.set({ provider: p.id }, p.paused ? 1 : 0);
      m.configured.set({ provider: p.id }, p.configured ? 1 : 0);
      if (p.reachable !== null) m.reachable.set({ provider: p.id }, p.reachable ? 1 : 0);
    }
    optional(registry, m.lastSync, s.lastSyncAt === null ? null : s.lastSyncAt / 1000);
    optional(registry, m.diskFree, s.diskFreeBytes);
    m.diskFloor.set(s.diskFloorBytes);
    optional(registry, m.outboxBytes, s.outboxBytes);
    optional(registry, m.backupLast, s.lastBackupAt === null ? null : s.lastBackupAt / 1000);
    optional(registry, m.backupAge, s.lastBackupAt === null ? null : Math.max(0, (s.at - s.lastBackupAt) / 1000));
    const f = s.forwarding;
    optional(registry, m.fwdBacklog, f ? f.backlog : null);
    optional(registry, m.fwdSeq, f ? (f.forwardedHead?.seq ?? 0) : null);
    optional(registry, m.auditHead, f ? f.logHeadSeq : null);
    optional(registry, m.fwdLast, f?.lastSuccessAt != null ? f.lastSuccessAt / 1000 : null);
    optional(registry, m.fwdFailures, f ? f.consecutiveFailures : null);
    return { registry };
  }
}
