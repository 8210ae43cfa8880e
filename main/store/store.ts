// The outbox: verifications, their captures and the audit log in one encrypted SQLite file.
// Every state change is one transaction together with its audit row, so after a crash the file holds
// either the whole change or none of it. Provider progress is persisted after each step by the sync worker.
//
// Store is the one object the rest of the kiosk holds. It opens the file and its helper threads and
// hands each call to the module of its concern; those modules share one connection, clock, audit
// log and prepared-statement cache (StoreContext):
//   verifications.ts   teller flow and supervisor cancel/retry: create, capture, submit, read, list
//   queue-summary.ts   the queue counts and the bytes the outbox takes
//   sync-queue.ts      what the sync worker reads: due verifications, step input, failover candidates
//   sync-steps.ts      what the sync worker writes: steps (group commit in wal-sync.ts), retries, reassignments
//   provider-state.ts  paused providers and alerts
//   counters.ts        persisted running totals
//   retention.ts       image purge and its cutoff
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptureSide, CaptureSummary, DocumentType, ProviderId, QueueCounts, Verification } from '../../shared/domain';
import type { ProviderProgress, StepResult } from '../providers/provider';
import type { KioskMessage } from '../../shared/kiosk-message';
import { AuditLog } from './audit';
import { AnchorKeeper } from './anchor-keeper';
import { BackupScheduler, type BackupResult, backupSyncOnConnection, listBackups } from './backup';
import { IntegritySchedule } from './integrity-schedule';
import { auditHead, preflight } from './open-checks';
import { type ForwardedMark, recordForwardedHead, resetForwardedAnchor } from './forwarded-anchor';
import { StoreAlerts } from './store-alerts';
import { CaptureUploadThread } from './capture-upload-thread';
import { BackgroundCheckpointer } from './checkpointer';
import { Counters } from './counters';
import { openDatabase, settleWal, type Db } from './db';
import { DB_FILE } from './keyfile';
import { LastSync } from './last-sync';
import { type Alert, ProviderState } from './provider-state';
import { QueueSummary } from './queue-summary';
import { DEFAULT_IMAGE_RETENTION_DAYS, Retention } from './retention';
import { ProviderDataDeletes } from './provider-data-deletes';
import type { PrivacyDeleteAnswer } from '../providers/zoloz/adapter';
import type { PrivacyDeleteQueue, QueuedPrivacyDelete } from '../providers/zoloz/privacy-deletes';
import { StoreContext } from './store-context';
import { SyncQueue, type SyncTask } from './sync-queue';
import { SyncSteps } from './sync-steps';
import { type CreateVerificationInput, type ListOptions, type PutCaptureInput, Verifications } from './verifications';

export type { Alert } from './provider-state';
export type { SyncTask } from './sync-queue';
export type { CreateVerificationInput, ListOptions, PutCaptureInput } from './verifications';
export { SYNC_STATES } from './verification-rows';

export interface StoreOptions {
  dataDir: string;
  /** 32-byte database key (key file in the web host, safeStorage in Electron). */
  key: Buffer;
  /** Clock (epoch ms); injectable for retention tests. */
  now?: () => number;
  /** Free-space floor checked before every capture; 0 or absent = no check. */
  minFreeBytes?: number;
  /** Days images of final verifications are kept (config.retention.imageDays); default 30. */
  imageRetentionDays?: number;
  /**
   * Run WAL checkpoints in a worker thread instead of inside commits (default true). Only the
   * enqueue benchmark turns it off, to measure the difference.
   */
  backgroundCheckpoint?: boolean;
  /**
   * Let sync jobs send captures from the upload thread (capture-upload-thread.ts; default true).
   * Off: every upload loads its image on the main thread and sends it there.
   */
  uploadThread?: boolean;
  /** Background checkpoints start once this much waits in the WAL (checkpointer.ts CHECKPOINT_AFTER_BYTES). */
  checkpointAfterBytes?: number;
  /**
   * A supervisor accepts that the database is behind its anchor (restored from a backup, lost WAL):
   * the store opens and records the acceptance, with the missing row count, in the audit. Without it
   * such a database is refused (StoreRolledBackError).
   */
  acceptRollback?: {
    actor: string;
    reason: string;
    /** The backup the database was just restored from (recorded even when it misses nothing). */
    restoredFrom?: string;
    /** More for the audit row (the confirming supervisor, what the kiosk found). */
    detail?: Record<string, unknown>;
  };
  /** Keep the anchor file (default true). Only the enqueue benchmark turns it off, to measure its cost. */
  anchor?: boolean;
  /** Live encrypted backup (backup.ts); absent = none. */
  backup?: { dir: string; everyMinutes: number; keep: number };
  /** Hours between background integrity_check runs (integrity-schedule.ts); absent = none. */
  integrityCheckHours?: number;
  /** A backup or anchor write failed (ok: false) or a backup succeeded (ok: true). */
  onBackup?: (outcome: { ok: true; result: BackupResult } | { ok: false; error: Error }) => void;
  onAnchorError?: (e: Error) => void;
}

export class Store implements PrivacyDeleteQueue {
  readonly audit: AuditLog;
  private readonly now: () => number;
  private checkpointer: BackgroundCheckpointer | null = null;
  private anchor: AnchorKeeper | null = null;
  private backups: BackupScheduler | null = null;
  private integrity: IntegritySchedule | null = null;
  private lastBackup: number | null = null;
  private readonly storeAlerts: StoreAlerts;
  private uploadThread: CaptureUploadThread | null = null;
  private readonly verifications: Verifications;
  private readonly summary: QueueSummary;
  private readonly syncQueue: SyncQueue;
  private readonly syncSteps: SyncSteps;
  private readonly providers: ProviderState;
  private readonly counterTable: Counters;
  private readonly retention: Retention;
  private readonly providerDeletes: ProviderDataDeletes;

  private constructor(
    readonly db: Db,
    readonly dataDir: string,
    private readonly options: StoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.audit = new AuditLog(db, this.now);
    const ctx = new StoreContext(db, this.now, this.audit);
    const lastSync = new LastSync(ctx);
    this.verifications = new Verifications(ctx, { dataDir, minFreeBytes: options.minFreeBytes ?? 0 });
    this.summary = new QueueSummary(ctx, lastSync, dataDir);
    this.syncQueue = new SyncQueue(ctx, () => this.uploadThread);
    this.syncSteps = new SyncSteps(ctx, lastSync);
    this.providers = new ProviderState(ctx);
    this.counterTable = new Counters(ctx);
    this.providerDeletes = new ProviderDataDeletes(ctx);
    this.retention = new Retention(ctx, this.providerDeletes);
    this.storeAlerts = new StoreAlerts(ctx);
  }

  /**
   * Opens `<dataDir>/kiosk.db`. Throws StoreKeyError (clear sentence) when the key does not fit,
   * StoreDamagedError when the file is damaged, StoreRolledBackError when it is behind its anchor
   * (open-checks.ts: all checked read-only before anything is written).
   */
  static open(options: StoreOptions): Store {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const file = join(options.dataDir, DB_FILE);
    const check = preflight(file, options.key);
    if (check.kind === 'rolled_back' && !options.acceptRollback) throw check.error;
    const db = openDatabase(file, options.key);
    const store = new Store(db, options.dataDir, options);
    const now = options.now ?? Date.now;
    try {
      store.anchor = new AnchorKeeper(db, file, options.key, now, (e) => {
        store.alertSafely('store_anchor_failed', `The kiosk could not update the anchor file beside its database (${e.message}); rollback detection is behind until it can. Check the disk.`);
        options.onAnchorError?.(e);
      });
      const accepted = options.acceptRollback;
      const restored = accepted?.restoredFrom ? { restoredFrom: accepted.restoredFrom } : {};
      if (check.kind === 'rolled_back' && accepted) {
        store.audit.append({
          actor: accepted.actor,
          action: 'rollback_accepted',
          detail: {
            ...accepted.detail,
            reason: accepted.reason,
            ...restored,
            missingRows: check.missingRows,
            anchorSeq: check.anchor?.seq ?? null,
            anchorWrittenAt: check.anchor?.writtenAt ?? null,
            ...(check.forwarded ? { forwardedTo: check.forwarded.destination, forwardedSeq: check.forwarded.seq, forwardedConfirmedAt: check.forwarded.confirmedAt } : {}),
            headSeq: check.head.seq,
            headAt: check.head.at,
          },
        });
        // The log server's marks described the database before the loss; they start again from this one.
        resetForwardedAnchor(file, options.key);
      } else if (accepted?.restoredFrom) {
        store.audit.append({ actor: accepted.actor, action: 'backup_restored', detail: { ...accepted.detail, reason: accepted.reason, ...restored, missingRows: 0, headSeq: check.kind === 'new' ? 0 : (check.kind === 'ok' ? check.head.seq : null) } });
      }
      if (options.anchor !== false) {
        store.anchor.writeNow();
        const keeper = store.anchor;
        store.audit.onAppend = () => keeper.schedule();
        store.audit.anchoredHead = () => keeper.current();
      } else {
        store.anchor = null;
      }
      if (options.backup) {
        const newest = listBackups(options.backup.dir).at(-1);
        store.lastBackup = newest ? statSync(newest).mtimeMs : null;
        store.backups = new BackupScheduler({
          file,
          key: options.key,
          dir: options.backup.dir,
          everyMs: options.backup.everyMinutes * 60_000,
          keep: options.backup.keep,
          now,
          onResult: (r) => {
            if (r.ok) store.lastBackup = now();
            if (r.ok) store.alertSafely('store_backup_failed', null);
            else store.alertSafely('store_backup_failed', `The backup to ${options.backup!.dir} failed (${r.error.message}). The outbox itself is safe; check the backup disk or share.`);
            options.onBackup?.(r);
          },
        });
      }
      if (options.integrityCheckHours) {
        store.integrity = new IntegritySchedule(file, options.key, options.integrityCheckHours * 3_600_000, (verdict) => {
          if (verdict !== 'ok') store.alertSafely('integrity_check_failed', `SQLite's integrity check found damage in ${file} (${verdict.slice(0, 300)}). Restore from the backup or call support.`);
        });
      }
    } catch (e) {
      store.close();
      throw e;
    }
    if (options.backgroundCheckpoint !== false) {
      try {
        store.checkpointer = new BackgroundCheckpointer(db, file, options.key, { ...(options.checkpointAfterBytes !== undefined ? { minBytes: options.checkpointAfterBytes } : {}) });
      } catch {
        store.checkpointer = null; // no worker threads here: SQLite's inline auto-checkpoint stays on
      }
    }
    if (options.uploadThread !== false) {
      try {
        store.uploadThread = new CaptureUploadThread(file, options.key);
      } catch {
        store.uploadThread = null; // no worker threads here: uploads load their images in-process
      }
    }
    return store;
  }

  /** True while sync jobs can send captures from the upload thread. */
  get uploadsOffThread(): boolean {
    return this.uploadThread?.active ?? false;
  }

  /** Memory outside the upload thread's JS heap (images read, sockets), in bytes; null without the thread. */
  async uploadThreadExternalBytes(): Promise<number | null> {
    return (await this.uploadThread?.heapStatistics())?.external_memory ?? null;
  }

  /** True once WAL checkpoints run in the background worker (false: inline in commits, SQLite's default). */
  get checkpointsInBackground(): boolean {
    return this.checkpointer?.active ?? false;
  }

  /** Raises (message) or resolves (null) a store alert; never throws (it reports a failure already). */
  private alertSafely(kind: string, message: string | null): void {
    if (!this.db.open) return;
    try {
      if (message === null) this.storeAlerts.resolve(kind);
      else this.storeAlerts.raise(kind, message);
    } catch {
      // the disk that failed the backup may refuse this too; the host's log has the failure
    }
  }

  /** When the last backup was written (epoch ms; at start, the newest file in backup.dir); null: none. */
  lastBackupAt(): number | null {
    return this.lastBackup;
  }

  /** Makes a backup now (backup.dir configured); resolves when it is written or has failed (reported through onBackup). */
  backupNow(): Promise<void> {
    return this.backups?.runNow() ?? Promise.resolve();
  }

  /** Resolves once the anchor records every audit row appended so far (tests, benchmarks). */
  anchorIdle(): Promise<void> {
    return this.anchor?.idle() ?? Promise.resolve();
  }

  /**
   * close(), then waits until every background thread has closed its connection to the files. Before
   * the files are moved, replaced or removed (a restore, a test's cleanup), this is the close to use:
   * a thread still closing could otherwise checkpoint into, or delete the WAL of, what replaced them.
   */
  async closeAndWait(): Promise<void> {
    const pending = [this.checkpointer?.exited, this.uploadThread?.exited, this.integrity?.idle(), this.backups?.close()];
    this.close();
    await Promise.all(pending);
    settleWal(join(this.dataDir, DB_FILE), this.options.key);
  }

  /**
   * The bank's log server confirmed it holds the audit chain up to `mark`: kept outside the database
   * as well (forwarded-anchor.ts), so a rollback of the database cannot roll it back too.
   */
  recordForwardedHead(mark: ForwardedMark): void {
    recordForwardedHead(join(this.dataDir, DB_FILE), this.options.key, mark);
  }

  /** Clean shutdown: a last backup (when configured), then the database, then the last anchor. */
  close(): void {
    const backup = this.options.backup;
    if (this.backups && backup && this.db.open) {
      void this.backups.close();
      try {
        this.options.onBackup?.({ ok: true, result: backupSyncOnConnection(this.db, { key: this.options.key, dir: backup.dir, keep: backup.keep, now: this.now }) });
      } catch (e) {
        this.options.onBackup?.({ ok: false, error: e instanceof Error ? e : new Error(String(e)) });
      }
    }
    this.backups = null;
    this.integrity?.close();
    this.integrity = null;
    const finalHead = this.anchor && this.db.open ? auditHead(this.db) : null;
    this.syncSteps.close();
    this.checkpointer?.close();
    this.checkpointer = null;
    this.uploadThread?.close();
    this.uploadThread = null;
    if (this.db.open) this.db.close();
    this.anchor?.close(finalHead);
    this.anchor = null;
  }

  // ---------------------------------------------------------------- teller flow (verifications.ts)

  createVerification(input: CreateVerificationInput, actor = 'teller'): Verification {
    return this.verifications.create(input, actor);
  }

  getVerification(id: string, options: { previews: boolean } = { previews: false }): Verification | null {
    return this.verifications.get(id, options);
  }

  /** The customer-facing language chosen for a verification (sent to the provider as its locale). */
  verificationLocale(id: string): string | null {
    return this.verifications.locale(id);
  }

  /** Newest first, keyset-paged by insertion order; no previews (they are for the detail view). */
  listVerifications(options: ListOptions): { items: Verification[]; nextCursor: string | null } {
    return this.verifications.list(options);
  }

  /** Adds a capture while the verification is still capturing; a second capture of a side replaces the first (retake). */
  putCapture(input: PutCaptureInput, actor = 'teller'): CaptureSummary {
    return this.verifications.putCapture(input, actor);
  }

  /** capturing → queued once every required side is captured. */
  submitVerification(id: string, requiredSides: readonly CaptureSide[], actor = 'teller'): Verification {
    return this.verifications.submit(id, requiredSides, actor);
  }

  /** A supervisor (or the teller, before submission) abandons a verification. Final verifications cannot be cancelled. */
  cancelVerification(id: string, actor: string, reason: string): Verification {
    return this.verifications.cancel(id, actor, reason);
  }

  /** The teller abandons a verification still being captured; anything submitted is refused. */
  cancelCapturingVerification(id: string, actor = 'teller'): Verification {
    return this.verifications.cancelCapturing(id, actor);
  }

  /** needs_attention → queued (a supervisor fixed the cause); progress is kept so finished steps are not repeated. */
  retryVerification(id: string, actor: string, reason: string): Verification {
    return this.verifications.retry(id, actor, reason);
  }

  // ---------------------------------------------------------------- queue summary (queue-summary.ts)

  /** waiting = queued; inFlight = submitting or awaiting_result; survives restarts. */
  queueCounts(now: number = this.now()): QueueCounts {
    return this.summary.counts(now);
  }

  /** Bytes the outbox occupies on disk (database file + WAL), for the queue-size report. */
  sizeBytes(): number {
    return this.summary.sizeBytes();
  }

  // ---------------------------------------------------------------- sync worker (sync-queue.ts, sync-steps.ts)

  /** Verifications due for their next provider step, oldest first, leaving out `exclude` and `skipProviders`. */
  dueForSync(now: number, limit: number, exclude: ReadonlySet<string>, skipProviders: readonly string[] = []): Array<{ id: string; provider: ProviderId }> {
    return this.syncQueue.due(now, limit, exclude, skipProviders);
  }

  /** Loads what the adapter needs for the next step; image bytes are read only when an upload asks. */
  syncTask(id: string): SyncTask | null {
    return this.syncQueue.task(id);
  }

  /** Is the verification still one the sync worker may step (not cancelled, overridden or final meanwhile)? */
  isSyncing(id: string): boolean {
    return this.syncQueue.isSyncing(id);
  }

  /** Waiting verifications of one provider, oldest first (failover candidates). */
  waitingFor(provider: ProviderId, limit: number): Array<{ id: string; documentType: DocumentType; progress: ProviderProgress }> {
    return this.syncQueue.waitingFor(provider, limit);
  }

  /** Persists one completed provider step and its audit row in one transaction; false when the verification left the sync states meanwhile. */
  recordStep(id: string, result: StepResult): boolean {
    return this.syncSteps.record(id, result);
  }

  /** recordStep committed at once, with `onDisk` resolving after the WAL sync it shares with the other steps of this turn. */
  recordStepGroupCommit(id: string, result: StepResult): { live: boolean; onDisk: Promise<void> } {
    return this.syncSteps.recordGroupCommit(id, result);
  }

  /**
   * A retryable failure: count it, remember why, and when to try again (`outage`: ends early when the
   * provider answers). `sentence`, here and below: the failure as the screen's catalogue sentence, kept
   * beside the English.
   */
  recordRetry(id: string, error: string, nextAttemptAt: number, outage = false, sentence?: KioskMessage): void {
    this.syncSteps.recordRetry(id, error, nextAttemptAt, outage, sentence);
  }

  /** The provider answers again: its verifications waiting out an outage are due now. Returns how many. */
  releaseOutageWaits(provider: ProviderId): number {
    return this.syncSteps.releaseOutageWaits(provider);
  }

  /** A provider failure a supervisor must look at (validation error, schema drift): keep the raw body. */
  recordNeedsAttention(id: string, error: string, rawBody: string | null, sentence?: KioskMessage): void {
    this.syncSteps.recordNeedsAttention(id, error, rawBody, sentence);
  }

  /** The provider lost our session: start again from a fresh session (audited). */
  restartProviderSession(id: string, reason: string, sentence?: KioskMessage): void {
    this.syncSteps.restartProviderSession(id, reason, sentence);
  }

  /** Failover / routing by country: hands a verification not started at `from` to `to`; false when it no longer waits at `from`. */
  reassignProvider(id: string, from: ProviderId, to: ProviderId, reason: string, action: 'provider_failover' | 'provider_routed' = 'provider_failover'): boolean {
    return this.syncSteps.reassignProvider(id, from, to, reason, action);
  }

  /** Records why a verification is not stepping without counting an attempt (e.g. provider paused). */
  noteSyncBlocked(id: string, error: string, sentence?: KioskMessage): void {
    this.syncSteps.noteBlocked(id, error, sentence);
  }

  // ---------------------------------------------------------------- provider state and alerts (provider-state.ts)

  pauseProvider(provider: ProviderId, reason: string, verificationId: string | null): void {
    this.providers.pause(provider, reason, verificationId);
  }

  resumeProvider(provider: ProviderId, actor: string): void {
    this.providers.resume(provider, actor);
  }

  pausedProviders(): Array<{ provider: ProviderId; reason: string | null }> {
    return this.providers.paused();
  }

  openAlerts(): Alert[] {
    return this.providers.openAlerts();
  }

  // ---------------------------------------------------------------- counters (counters.ts)

  incrementCounter(name: string, by = 1): void {
    this.counterTable.increment(name, by);
  }

  counters(): Record<string, number> {
    return this.counterTable.all();
  }

  // ---------------------------------------------------------------- retention (retention.ts)

  /** Drops the images of verifications that finished more than `imageDays` ago (retentionCutoff); metadata and audit stay. */
  purgeExpiredImages(
    now: number = this.now(),
    imageDays: number = this.options.imageRetentionDays ?? DEFAULT_IMAGE_RETENTION_DAYS,
    actor = 'retention',
  ): { verifications: number; captures: number } {
    return this.retention.purgeExpiredImages(now, imageDays, actor);
  }

  /**
   * Drops every image kept for one verification, inside the caller's transaction, and queues the
   * deletes its provider offers (ZOLOZ privacyinfo/delete); returns the captures cleared.
   */
  dropImagesOf(id: string, now: number): number {
    return this.retention.dropImagesOf(id, now);
  }

  // ---------------------------------------------------------------- deletes at the provider (provider-data-deletes.ts)

  duePrivacyDeletes(now: number, limit: number): QueuedPrivacyDelete[] {
    return this.providerDeletes.due(now, limit);
  }

  nextPrivacyDeleteAt(): number | null {
    return this.providerDeletes.nextAt();
  }

  recordPrivacyDeleted(id: number, answer: PrivacyDeleteAnswer): void {
    this.providerDeletes.deleted(id, answer);
  }

  recordPrivacyDeleteRetry(id: number, error: string, nextAttemptAt: number): void {
    this.providerDeletes.retry(id, error, nextAttemptAt);
  }

  recordPrivacyDeleteFailed(id: number, error: string, rawBody: string | null): void {
    this.providerDeletes.failed(id, error, rawBody);
  }

  /** The deletes asked of the provider for one verification, with their state and the provider's answer. */
  providerDeletesOf(verificationId: string): ReturnType<ProviderDataDeletes['listFor']> {
    return this.providerDeletes.listFor(verificationId);
  }
}
