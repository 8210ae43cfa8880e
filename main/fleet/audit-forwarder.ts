// Forwards the audit log to the bank's SIEM, oldest row first, at least once: a batch is read after
// the durable cursor, sent over a fresh TLS connection and confirmed by the collector closing its
// side (siem-connection.ts); only then does the cursor move. A batch that was not confirmed is sent
// again from the cursor, so the collector may see a row twice, always with the same sequence number
// and hash. The pace is bounded (rows per second), reads are small batches on an idle loop, and
// nothing here is awaited by capture or sync. Certificate errors, a collector that cannot be reached
// and a backlog past its threshold raise supervisor alerts, resolved when the cause is gone.
import { hostname as osHostname } from 'node:os';
import type { AuditLog } from '../store/audit';
import type { Db } from '../store/db';
import { AuditForwardCursor, type ForwardedHead } from '../store/forward-cursor';
import type { ForwardedMark } from '../store/forwarded-anchor';
import { frameAuditRows, type AuditSyslogOptions } from './audit-syslog';
import { ForwardAlerts } from './forward-alerts';
import { deliverConfirmed, DeliveryError, type DeliveryFailureKind, type SiemTarget } from './siem-connection';

export interface SiemSettings extends SiemTarget {
  appName: string;
  facility: number;
  enterpriseId: number;
  /** Rows per connection. */
  batchSize: number;
  /** Upper bound of the drain rate of a backlog. */
  maxRowsPerSecond: number;
  /** Backlog (rows) at which a supervisor alert opens; it resolves below half of it. */
  backlogAlertRows: number;
  /** Consecutive failed deliveries (other than certificate errors, alerted at once) before an alert. */
  alertAfterFailures: number;
  connectTimeoutMs: number;
  /** Quiet time after the TLS handshake in which a collector that refuses the kiosk closes (siem-connection.ts). */
  settleMs: number;
  confirmTimeoutMs: number;
  retryBaseMs: number;
  retryCapMs: number;
  /** How often the log is looked at when nothing is waiting. */
  idlePollMs: number;
}

export interface AuditForwarderOptions {
  db: Db;
  audit: AuditLog;
  siem: SiemSettings;
  kioskId: string;
  version: string;
  hostname?: string;
  now?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
  random?: () => number;
  /**
   * The collector confirmed the rows up to `mark`: the kiosk keeps it outside the database as well
   * (Store.recordForwardedHead), a second anchor a rollback of the database cannot take back.
   */
  onConfirmed?: (mark: ForwardedMark) => void;
}

export interface ForwarderStatus {
  destination: string;
  /** The newest row the collector confirmed (seq + hash), or null before the first confirmation. */
  forwardedHead: ForwardedHead | null;
  logHeadSeq: number;
  backlog: number;
  lastSuccessAt: number | null;
  lastFailure: { kind: DeliveryFailureKind; message: string; at: number } | null;
  consecutiveFailures: number;
}

const HOSTNAME_INVALID = /[^\x21-\x7e]/g;

/** Wait after a batch of `sent` rows that took `elapsedMs`, so batches start at most `maxRowsPerSecond` rows apart per second. */
export function paceDelayMs(sent: number, maxRowsPerSecond: number, elapsedMs: number): number {
  return Math.max(0, (sent * 1000) / maxRowsPerSecond - elapsedMs);
}

/** Full-jitter exponential backoff after `failures` failures in a row, at least half the base. */
export function retryDelayMs(failures: number, baseMs: number, capMs: number, random: number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(30, failures - 1));
  return Math.max(baseMs / 2, Math.floor(random * ceiling));
}

export class AuditForwarder {
  private readonly cursor: AuditForwardCursor;
  private readonly alerts: ForwardAlerts;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly format: AuditSyslogOptions;
  private running = false;
  private loop: Promise<void> | null = null;
  private sleeper: { timer: NodeJS.Timeout; resolve: () => void } | null = null;
  private abort: AbortController | null = null;
  private failures = 0;
  private lastSuccessAt: number | null = null;
  private lastFailure: ForwarderStatus['lastFailure'] = null;

  constructor(private readonly o: AuditForwarderOptions) {
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
    this.cursor = new AuditForwardCursor(o.db, `${o.siem.host}:${o.siem.port}`);
    this.alerts = new ForwardAlerts(o.db, o.audit, this.now);
    this.format = {
      facility: o.siem.facility,
      appName: o.siem.appName,
      hostname: (o.hostname ?? osHostname()).replace(HOSTNAME_INVALID, '_').slice(0, 255) || 'kiosk',
      kioskId: o.kioskId,
      version: o.version,
      enterpriseId: o.siem.enterpriseId,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort?.abort();
    this.wake();
    await this.loop;
    this.loop = null;
  }

  /** Look at the log now instead of at the next poll (e.g. after a burst of audit rows). */
  wake(): void {
    const s = this.sleeper;
    if (!s) return;
    this.sleeper = null;
    clearTimeout(s.timer);
    s.resolve();
  }

  /** The forwarded chain head: a second anchor of the audit log, held by the bank's collector. */
  forwardedHead(): ForwardedHead | null {
    return this.cursor.head();
  }

  status(): ForwarderStatus {
    const forwardedHead = this.cursor.head();
    const logHeadSeq = this.cursor.logHead();
    return {
      destination: this.cursor.destination,
      forwardedHead,
      logHeadSeq,
      backlog: Math.max(0, logHeadSeq - (forwardedHead?.seq ?? 0)),
      lastSuccessAt: this.lastSuccessAt,
      lastFailure: this.lastFailure,
      consecutiveFailures: this.failures,
    };
  }

  /**
   * Sends one batch after the cursor and moves the cursor once the collector confirmed it. Returns
   * the rows forwarded (0: nothing waiting). Throws DeliveryError when the batch was not confirmed.
   */
  async forwardBatch(): Promise<number> {
    const head = this.cursor.head();
    const rows = this.cursor.rowsAfter(head?.seq ?? 0, this.o.siem.batchSize);
    if (!rows.length) return 0;
    if (head && rows[0]!.prevHash !== head.hash) {
      this.o.log?.('warn', `audit row ${rows[0]!.seq} does not link to row ${head.seq} as forwarded to the SIEM; forwarding it anyway so the collector sees the break`);
    }
    const payload = frameAuditRows(rows, this.format);
    this.abort = new AbortController();
    try {
      await deliverConfirmed(this.o.siem, payload, { connectMs: this.o.siem.connectTimeoutMs, settleMs: this.o.siem.settleMs, confirmMs: this.o.siem.confirmTimeoutMs }, this.abort.signal);
    } finally {
      this.abort = null;
    }
    const last = rows[rows.length - 1]!;
    const confirmedAt = this.now();
    this.cursor.advance(last.seq, last.hash, confirmedAt);
    try {
      this.o.onConfirmed?.({ destination: this.cursor.destination, seq: last.seq, hash: last.hash, confirmedAt: new Date(confirmedAt).toISOString() });
    } catch (e) {
      // The rows were delivered and the cursor moved; only the copy outside the database is behind.
      this.o.log?.('warn', `the forwarded audit head could not be recorded beside the database (${(e as Error).message}); rollback detection against the log server is behind until the next batch`);
    }
    return rows.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = this.now();
      let waitMs: number;
      try {
        const sent = await this.forwardBatch();
        if (sent > 0) this.onDelivered();
        // Pace: a batch of n rows takes at least n / maxRowsPerSecond seconds, start to start.
        waitMs = sent === 0 ? this.o.siem.idlePollMs : paceDelayMs(sent, this.o.siem.maxRowsPerSecond, this.now() - started);
      } catch (e) {
        waitMs = this.onFailed(e);
      }
      this.checkBacklog();
      if (this.running) await this.sleep(waitMs);
    }
  }

  private onDelivered(): void {
    if (this.failures > 0 || this.lastFailure) this.o.log?.('info', 'audit forwarding to the SIEM works again');
    this.failures = 0;
    this.lastFailure = null;
    this.lastSuccessAt = this.now();
    try {
      this.alerts.resolve('siem_certificate');
      this.alerts.resolve('siem_unreachable');
    } catch (e) {
      this.o.log?.('warn', 'a SIEM forwarding alert could not be resolved', e);
    }
  }

  /** Records the failure, raises the alert it calls for, and returns how long to wait before the next try. */
  private onFailed(e: unknown): number {
    const err = e instanceof DeliveryError ? e : new DeliveryError('unconfirmed', (e as Error)?.message ?? String(e), null, { cause: e });
    if (!this.running && err.code === 'ABORT_ERR') return 0;
    this.failures++;
    this.lastFailure = { kind: err.kind, message: err.message, at: this.now() };
    this.o.log?.('warn', `audit forwarding to ${this.cursor.destination} failed (${this.failures} in a row): ${err.message}`);
    const where = `${this.cursor.destination}`;
    try {
      if (err.kind === 'certificate' || err.kind === 'config') {
        this.alerts.raise(
          'siem_certificate',
          `The audit trail cannot be sent to the bank's log server ${where}: ${err.message}. Audit rows are kept on the kiosk and sent once the certificate problem is fixed.`,
          { destination: where, code: err.code },
        );
      } else if (this.failures >= this.o.siem.alertAfterFailures) {
        this.alerts.raise(
          'siem_unreachable',
          `The bank's log server ${where} has not accepted the audit trail for ${this.failures} attempts: ${err.message}. Audit rows are kept on the kiosk and sent, oldest first, when it is back.`,
          { destination: where, code: err.code, attempts: this.failures },
        );
      }
    } catch (alertError) {
      this.o.log?.('error', 'a SIEM forwarding alert could not be recorded', alertError);
    }
    return retryDelayMs(this.failures, this.o.siem.retryBaseMs, this.o.siem.retryCapMs, this.random());
  }

  private checkBacklog(): void {
    try {
      const backlog = this.cursor.backlog();
      if (backlog >= this.o.siem.backlogAlertRows) {
        this.alerts.raise(
          'siem_backlog',
          `${backlog} audit rows are waiting to be sent to the bank's log server ${this.cursor.destination} (oldest from ${this.cursor.oldestWaitingAt() ?? 'unknown'}). They are kept on the kiosk and sent oldest first.`,
          { destination: this.cursor.destination, backlog },
        );
      } else if (backlog < this.o.siem.backlogAlertRows / 2 && this.alerts.isOpen('siem_backlog')) {
        this.alerts.resolve('siem_backlog');
      }
    } catch (e) {
      this.o.log?.('warn', 'the SIEM forwarding backlog could not be checked', e);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeper = null;
        resolve();
      }, ms);
      this.sleeper = { timer, resolve };
    });
  }
}
