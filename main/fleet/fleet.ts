// Fleet operation for one kiosk, started by the composition root: audit forwarding to the bank's
// SIEM (config `siem`), the /metrics listener and the Pushgateway push (config `metrics`). Each part
// is off unless configured; a part that cannot start is logged and the kiosk runs on without it.
import type { KioskService } from '../../shared/contract';
import type { ProviderStatus, QueueCounts } from '../../shared/domain';
import type { KioskEvents } from '../events';
import type { AuditLog } from '../store/audit';
import type { Db } from '../store/db';
import type { ForwardedHead } from '../store/forward-cursor';
import type { ForwardedMark } from '../store/forwarded-anchor';
import { AuditForwarder } from './audit-forwarder';
import type { MetricsConfig, SiemConfig } from './fleet-config';
import { KioskMetrics } from './kiosk-metrics';
import { startMetricsPush, type MetricsPusher } from './metrics-push';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { MetricsReader } from './metrics-snapshot';
import { KIOSK_VERSION } from '../version';

type Log = (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;

export interface FleetOptions {
  config: { kioskId: string; siem?: SiemConfig | undefined; metrics?: MetricsConfig | undefined; disk: { minFreeBytes: number } };
  store: { db: Db; audit: AuditLog; dataDir: string; queueCounts(): QueueCounts; recordForwardedHead(mark: ForwardedMark): void };
  providerStatus: () => ProviderStatus[];
  mode: 'training' | 'live';
  /** Default: the app's version. */
  version?: string;
  /** The kiosk's events: auto-captures (the live preview's previewState) are timed from them. */
  events?: Pick<KioskEvents, 'on'>;
  /** When the last backup finished (epoch ms), once backups exist; absent: the series is left out. */
  lastBackupAt?: () => number | null;
  log?: Log;
}

export interface Fleet {
  forwarder: AuditForwarder | null;
  metrics: KioskMetrics;
  metricsServer: MetricsServer | null;
  pusher: MetricsPusher | null;
  /** The audit chain head the bank's collector confirmed: a second anchor of the audit log (null: not forwarding, or nothing confirmed yet). */
  forwardedHead(): ForwardedHead | null;
  /** Times each capture call (`side` label, trigger `manual`) for the capture histogram. */
  instrument(service: KioskService): KioskService;
  /** Wraps an MRZ reader so each read is timed for the MRZ histogram. */
  timeMrz<I, O>(reader: { read(image: I): Promise<O> }): { read(image: I): Promise<O> };
  close(): Promise<void>;
}

export async function startFleet(o: FleetOptions): Promise<Fleet> {
  const log: Log = o.log ?? (() => {});
  const { siem, metrics: metricsConfig } = o.config;
  const version = o.version ?? KIOSK_VERSION;
  let forwarder: AuditForwarder | null = null;
  if (siem) {
    forwarder = new AuditForwarder({ db: o.store.db, audit: o.store.audit, siem, kioskId: o.config.kioskId, version, log, onConfirmed: (mark) => o.store.recordForwardedHead(mark) });
    forwarder.start();
  }
  const fwd = forwarder;
  const reader = new MetricsReader({
    db: o.store.db,
    dataDir: o.store.dataDir,
    queueCounts: () => o.store.queueCounts(),
    providerStatus: o.providerStatus,
    minFreeBytes: o.config.disk.minFreeBytes,
    forwarder: fwd ? () => fwd.status() : undefined,
    lastBackupAt: o.lastBackupAt,
  });
  const metrics = new KioskMetrics({ kioskId: o.config.kioskId, version, mode: o.mode, reader });
  let metricsServer: MetricsServer | null = null;
  if (metricsConfig?.listen && metricsConfig.token) {
    try {
      metricsServer = await startMetricsServer({ listen: metricsConfig.listen, token: metricsConfig.token, tlsCertFile: metricsConfig.tlsCertFile, tlsKeyFile: metricsConfig.tlsKeyFile, metrics, log });
      log('info', `metrics served at ${metricsServer.url}`);
    } catch (e) {
      log('error', `the metrics listener could not start on ${metricsConfig.listen}`, e);
    }
  }
  // Auto-captures do not go through the service's capture call: the preview takes its still through
  // the teller's capture path directly and reports it as previewState capturing → captured.
  const autoStarted = new Map<string, number>();
  const unsubscribe =
    o.events?.on('previewState', (s) => {
      if (s.state === 'capturing') autoStarted.set(s.previewId, performance.now());
      else {
        const started = autoStarted.get(s.previewId);
        autoStarted.delete(s.previewId);
        if (started !== undefined && s.state === 'captured') metrics.observeCapture(s.side, 'auto', (performance.now() - started) / 1000);
      }
    }) ?? (() => {});
  const pusher = metricsConfig?.push
    ? startMetricsPush({ url: metricsConfig.push.url, intervalMs: metricsConfig.push.intervalSeconds * 1000, job: metricsConfig.push.job, kioskId: o.config.kioskId, metrics, log })
    : null;

  return {
    forwarder,
    metrics,
    metricsServer,
    pusher,
    forwardedHead: () => fwd?.forwardedHead() ?? null,
    instrument(service) {
      const capture = service.capture;
      service.capture = async (request) => {
        const started = performance.now();
        const result = await capture(request);
        metrics.observeCapture(request.side, 'manual', (performance.now() - started) / 1000);
        return result;
      };
      return service;
    },
    timeMrz(r) {
      return {
        read: async (image) => {
          const started = performance.now();
          try {
            return await r.read(image);
          } finally {
            metrics.observeMrz((performance.now() - started) / 1000);
          }
        },
      };
    },
    close: async () => {
      unsubscribe();
      await Promise.all([forwarder?.stop(), metricsServer?.close(), pusher?.close()]);
    },
  };
}
