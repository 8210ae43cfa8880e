// The outbox: verifications, their captures and the audit log in one encrypted SQLite file.
// Every state change is one transaction together with its audit row, so after a crash the file holds
// either the whole change or none of it. Provider progress is persisted after each step by the sync worker.
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fdatasync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type {
  CaptureSide,
  CaptureSummary,
  DocumentType,
  Outcome,
  ProviderId,
  QualityVerdict,
  QueueCounts,
  Verification,
  VerificationState,
} from '../../shared/domain';
import { KioskError } from '../errors';
import type { ProviderProgress, StepResult, SyncJob } from '../providers/provider';
import { AuditLog } from './audit';
import type Database from 'better-sqlite3-multiple-ciphers';
import { BackgroundCheckpointer } from './checkpointer';
import { CaptureUploadThread } from './capture-upload-thread';
import type { FramedUploadRequest } from '../providers/http-transport';
import { openDatabase, type Db } from './db';
import { checkDiskFloor } from './disk';
import { DB_FILE } from './keyfile';

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
}

export interface CreateVerificationInput {
  documentType: DocumentType;
  provider: ProviderId;
  locale: string;
}

export interface PutCaptureInput {
  verificationId: string;
  side: CaptureSide;
  deviceId: string;
  jpeg: Buffer;
  /** Small JPEG for display; null when none could be made. */
  preview: Buffer | null;
  width: number;
  height: number;
  quality: QualityVerdict | null;
}

export interface ListOptions {
  state?: VerificationState;
  limit: number;
  cursor?: string;
}

/** What the sync worker needs to run the next provider step of one verification. */
export interface SyncTask {
  id: string;
  provider: ProviderId;
  state: VerificationState;
  attempts: number;
  progress: ProviderProgress;
  job: SyncJob;
}

export interface Alert {
  id: number;
  at: string;
  kind: string;
  provider: string | null;
  verificationId: string | null;
  message: string;
}

/** States the sync worker works on (submitted and not final, not waiting for a supervisor). */
/** How stale the stored "last successful sync" may get while a queue drains (see noteSynced). */
const LAST_SYNC_WRITE_MS = 5_000;
export const SYNC_STATES: readonly VerificationState[] = ['queued', 'submitting', 'awaiting_result'];
const FINAL_SQL = "('accepted','declined','failed','cancelled')";
/** The progress column without the face crop a ZOLOZ verification keeps there while its selfie comparison runs (dropImagesOf). */
const PROGRESS_WITHOUT_IMAGES =
  "CASE WHEN json_valid(progress) AND json_type(progress, '$.recognition.extraImages') IS NOT NULL THEN json_remove(progress, '$.recognition.extraImages') ELSE progress END";

const SIDE_WORDS: Record<CaptureSide, string> = {
  front: 'the front of the document',
  back: 'the back of the document',
  selfie: "the customer's photo (selfie)",
};

type VerificationRow = {
  seq: number;
  id: string;
  document_type: DocumentType;
  provider: ProviderId;
  locale: string;
  state: VerificationState;
  created_at: number;
  updated_at: number;
  queued_at: number | null;
  finished_at: number | null;
  progress: string;
  step: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  outcome: string | null;
  raw_response: string | null;
  images_purged_at: number | null;
};

/** What a Verification view is built from: not the provider's raw reply (kilobytes of JSON, read on every event otherwise). */
type VerificationViewRow = Pick<VerificationRow, 'seq' | 'id' | 'document_type' | 'provider' | 'state' | 'created_at' | 'updated_at' | 'outcome' | 'attempts' | 'last_error' | 'next_attempt_at' | 'step'>;
const VERIFICATION_VIEW_COLS = 'seq, id, document_type, provider, state, created_at, updated_at, outcome, attempts, last_error, next_attempt_at, step';

type CaptureRow = {
  id: string;
  verification_id: string;
  side: CaptureSide;
  device_id: string;
  preview?: Buffer | null;
  has_jpeg: number;
  width: number;
  height: number;
  bytes: number;
  quality: string | null;
  created_at: number;
};

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
// length(jpeg), not `jpeg IS NOT NULL`: SQLite answers length() and typeof() from the record header,
// while IS NOT NULL loads (and here decrypts) the whole overflow chain of the image: measured 5.3 ms
// vs 0.008 ms for three 400 KB captures, paid by every syncTask and every verificationUpdated event.
const CAPTURE_COLS = 'id, verification_id, side, device_id, length(jpeg) IS NOT NULL AS has_jpeg, width, height, bytes, quality, created_at';

export class Store {
  readonly audit: AuditLog;
  private readonly now: () => number;
  /** Prepared statements by SQL text: preparing is the costliest part of a small query on an encrypted file. */
  private readonly statements = new Map<string, unknown>();
  private checkpointer: BackgroundCheckpointer | null = null;
  private uploadThread: CaptureUploadThread | null = null;
  /** Relaxed (fsync-free) commits are only safe in WAL mode; openDatabase always sets it, this checks. */
  private readonly walMode: boolean;
  private readonly walFile: string;
  /** Group commit (recordStepGroupCommit): the WAL sync the commits of this turn wait for, not issued yet. */
  private walSyncNext: Promise<void> | null = null;
  private walFd: { fd: number; ino: number } | null = null;
  /** Last successful provider step (queue summary), and the value last written to meta (undefined: not read yet). */
  private lastSyncAt: number | null = null;
  private lastSyncStored: number | null | undefined = undefined;

  private constructor(
    readonly db: Db,
    readonly dataDir: string,
    private readonly options: StoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.audit = new AuditLog(db, this.now);
    this.walMode = db.pragma('journal_mode', { simple: true }) === 'wal';
    this.walFile = `${resolve(db.name)}-wal`;
  }

  /** Opens `<dataDir>/kiosk.db`. Throws StoreKeyError (clear sentence) when the key does not fit. */
  static open(options: StoreOptions): Store {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const file = join(options.dataDir, DB_FILE);
    const db = openDatabase(file, options.key);
    const store = new Store(db, options.dataDir, options);
    if (options.backgroundCheckpoint !== false) {
      try {
        store.checkpointer = new BackgroundCheckpointer(db, file, options.key, options.checkpointAfterBytes !== undefined ? { minBytes: options.checkpointAfterBytes } : {});
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

  close(): void {
    // A sync still running on this descriptor may fail with EBADF; syncWal ignores errors once closed.
    if (this.walFd) closeSync(this.walFd.fd);
    this.walFd = null;
    this.checkpointer?.close();
    this.checkpointer = null;
    this.uploadThread?.close();
    this.uploadThread = null;
    if (this.db.open) this.db.close();
  }

  // ---------------------------------------------------------------- teller flow

  createVerification(input: CreateVerificationInput, actor = 'teller'): Verification {
    const id = randomUUID();
    const now = this.now();
    this.db.transaction(() => {
      this.q(
          `INSERT INTO verifications (id, document_type, provider, locale, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'capturing', ?, ?)`,
        )
        .run(id, input.documentType, input.provider, input.locale, now, now);
      this.audit.append({ actor, action: 'verification_created', verificationId: id, detail: { documentType: input.documentType, provider: input.provider, locale: input.locale } });
    })();
    return this.mustGet(id, false);
  }

  getVerification(id: string, options: { previews: boolean } = { previews: false }): Verification | null {
    const row = this.q<[string], VerificationViewRow>(`SELECT ${VERIFICATION_VIEW_COLS} FROM verifications WHERE id = ?`).get(id);
    if (!row) return null;
    const captures = options.previews
      ? this.q<[string], CaptureRow>(`SELECT ${CAPTURE_COLS}, preview FROM captures WHERE verification_id = ? ORDER BY created_at, side`).all(id)
      : this.q<[string], CaptureRow>(`SELECT ${CAPTURE_COLS} FROM captures WHERE verification_id = ? ORDER BY created_at, side`).all(id);
    return toVerification(row, captures, options.previews);
  }

  /** Newest first, keyset-paged by insertion order; no previews (they are for the detail view). */
  /** The customer-facing language chosen for a verification (sent to the provider as its locale). */
  verificationLocale(id: string): string | null {
    return this.q<[string], { locale: string }>('SELECT locale FROM verifications WHERE id = ?').get(id)?.locale ?? null;
  }

  listVerifications(options: ListOptions): { items: Verification[]; nextCursor: string | null } {
    const limit = Math.max(1, Math.min(200, Math.floor(options.limit)));
    let before = Number.MAX_SAFE_INTEGER;
    if (options.cursor !== undefined) {
      if (!/^\d{1,15}$/.test(options.cursor)) throw new KioskError('bad_request', 'The list position is not valid. Go back to the first page and try again.');
      before = Number(options.cursor);
    }
    const rows = options.state
      ? this.q<[string, number, number], VerificationViewRow>(`SELECT ${VERIFICATION_VIEW_COLS} FROM verifications WHERE state = ? AND seq < ? ORDER BY seq DESC LIMIT ?`)
          .all(options.state, before, limit + 1)
      : this.q<[number, number], VerificationViewRow>(`SELECT ${VERIFICATION_VIEW_COLS} FROM verifications WHERE seq < ? ORDER BY seq DESC LIMIT ?`).all(before, limit + 1);
    const page = rows.slice(0, limit);
    const byVerification = new Map<string, CaptureRow[]>();
    if (page.length) {
      const ids = page.map((r) => r.id);
      const capRows = this.q<string[], CaptureRow>(`SELECT ${CAPTURE_COLS} FROM captures WHERE verification_id IN (${ids.map(() => '?').join(',')}) ORDER BY created_at, side`)
        .all(...ids);
      for (const c of capRows) {
        const list = byVerification.get(c.verification_id) ?? [];
        list.push(c);
        byVerification.set(c.verification_id, list);
      }
    }
    return {
      items: page.map((r) => toVerification(r, byVerification.get(r.id) ?? [], false)),
      nextCursor: rows.length > limit ? String(page[page.length - 1]!.seq) : null,
    };
  }

  /** Adds a capture while the verification is still capturing; a second capture of a side replaces the first (retake). */
  putCapture(input: PutCaptureInput, actor = 'teller'): CaptureSummary {
    if (this.options.minFreeBytes) checkDiskFloor(this.dataDir, this.options.minFreeBytes);
    const id = randomUUID();
    const now = this.now();
    this.db.transaction(() => {
      const v = this.q<[string], { state: VerificationState }>('SELECT state FROM verifications WHERE id = ?').get(input.verificationId);
      if (!v) throw notFound();
      if (v.state !== 'capturing') {
        throw new KioskError('conflict', 'This verification has already been submitted, so no more images can be added. Start a new verification to capture again.');
      }
      const replaced = this.q<[string, string], { id: string }>('DELETE FROM captures WHERE verification_id = ? AND side = ? RETURNING id')
        .get(input.verificationId, input.side);
      this.q(
          `INSERT INTO captures (id, verification_id, side, device_id, jpeg, preview, width, height, bytes, quality, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.verificationId,
          input.side,
          input.deviceId,
          input.jpeg,
          input.preview,
          input.width,
          input.height,
          input.jpeg.length,
          input.quality ? JSON.stringify(input.quality) : null,
          now,
        );
      this.q('UPDATE verifications SET updated_at = ? WHERE id = ?').run(now, input.verificationId);
      this.audit.append({
        actor,
        action: replaced ? 'capture_retaken' : 'capture_added',
        verificationId: input.verificationId,
        detail: { captureId: id, side: input.side, deviceId: input.deviceId, bytes: input.jpeg.length, replaced: replaced?.id ?? null },
      });
    })();
    const row = this.q<[string], CaptureRow>(`SELECT ${CAPTURE_COLS}, preview FROM captures WHERE id = ?`).get(id)!;
    return toCapture(row, true);
  }

  /** capturing → queued once every required side is captured. */
  submitVerification(id: string, requiredSides: readonly CaptureSide[], actor = 'teller'): Verification {
    const now = this.now();
    this.db.transaction(() => {
      const v = this.q<[string], { state: VerificationState }>('SELECT state FROM verifications WHERE id = ?').get(id);
      if (!v) throw notFound();
      if (v.state !== 'capturing') {
        throw new KioskError('conflict', 'This verification has already been submitted. Open it from the list to follow its progress.');
      }
      const have = new Set(this.q<[string], { side: CaptureSide }>('SELECT side FROM captures WHERE verification_id = ?').all(id).map((r) => r.side));
      const missing = requiredSides.filter((s) => !have.has(s));
      if (missing.length) {
        const words = missing.map((s) => SIDE_WORDS[s]);
        const list = words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]!}`;
        throw new KioskError('conflict', `${capitalize(list)} ${missing.length === 1 ? 'has' : 'have'} not been captured yet. Capture ${missing.length === 1 ? 'it' : 'them'}, then submit again.`);
      }
      this.q(`UPDATE verifications SET state = 'queued', queued_at = ?, updated_at = ?, next_attempt_at = NULL WHERE id = ?`).run(now, now, id);
      this.audit.append({ actor, action: 'state_changed', verificationId: id, detail: { from: 'capturing', to: 'queued', sides: [...have].sort() } });
    })();
    return this.mustGet(id, false);
  }

  /** A supervisor (or the teller, before submission) abandons a verification. Final verifications cannot be cancelled. */
  cancelVerification(id: string, actor: string, reason: string): Verification {
    this.transition(id, ['capturing', 'queued', 'submitting', 'awaiting_result', 'needs_attention'], 'cancelled', actor, { reason }, { finished: true });
    return this.mustGet(id, false);
  }

  /**
   * The teller abandons a verification still being captured (another document chosen, idle reset):
   * capturing → cancelled with its audit row, one transaction. Anything submitted is refused, so a
   * teller can never withdraw work that is already in the outbox (that is a supervisor's cancel above).
   */
  cancelCapturingVerification(id: string, actor = 'teller'): Verification {
    this.transition(id, ['capturing'], 'cancelled', actor, { reason: 'abandoned_by_teller' }, { finished: true });
    return this.mustGet(id, false);
  }

  /** needs_attention → queued (a supervisor fixed the cause); progress is kept so finished steps are not repeated. */
  retryVerification(id: string, actor: string, reason: string): Verification {
    this.transition(id, ['needs_attention'], 'queued', actor, { reason }, { resetSync: true });
    return this.mustGet(id, false);
  }

  /**
   * Queue summary. waiting = queued (nothing sent yet); inFlight = submitting or awaiting_result
   * (the provider has part of it). Persisted definitions, so the numbers survive restarts.
   */
  queueCounts(now: number = this.now()): QueueCounts {
    // Only the non-final states are counted, through the (state, …) indexes: cost grows with the
    // queue, not with the history of accepted verifications.
    const counts = new Map(
      this.q<[], { state: string; n: number }>(
        `SELECT state, count(*) AS n FROM verifications WHERE state IN ('queued','submitting','awaiting_result','needs_attention','failed') GROUP BY state`,
      )
        .all()
        .map((r) => [r.state, r.n]),
    );
    const oldest = this.q<[], { t: number | null }>(
      `SELECT min(t) AS t FROM (
         SELECT min(queued_at) AS t FROM verifications WHERE state = 'queued'
         UNION ALL SELECT min(queued_at) FROM verifications WHERE state = 'submitting'
         UNION ALL SELECT min(queued_at) FROM verifications WHERE state = 'awaiting_result')`,
    ).get()!.t;
    const next = this.q<[number, number, number], { t: number | null }>(
      `SELECT min(t) AS t FROM (
         SELECT min(next_attempt_at) AS t FROM verifications WHERE state = 'queued' AND next_attempt_at > ?
         UNION ALL SELECT min(next_attempt_at) FROM verifications WHERE state = 'submitting' AND next_attempt_at > ?
         UNION ALL SELECT min(next_attempt_at) FROM verifications WHERE state = 'awaiting_result' AND next_attempt_at > ?)`,
    ).get(now, now, now)!.t;
    const last = this.lastSyncAt ?? this.persistedLastSync();
    return {
      waiting: counts.get('queued') ?? 0,
      inFlight: (counts.get('submitting') ?? 0) + (counts.get('awaiting_result') ?? 0),
      needsAttention: counts.get('needs_attention') ?? 0,
      failed: counts.get('failed') ?? 0,
      oldestWaitingAt: iso(oldest),
      lastSyncAt: iso(last),
      nextAttemptAt: iso(next),
      bytes: this.sizeBytes(),
    };
  }

  /** Bytes the outbox occupies on disk (database file + WAL), for the queue-size report. */
  sizeBytes(): number {
    const file = join(this.dataDir, DB_FILE);
    const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
    return size(file) + size(`${file}-wal`);
  }

  // ---------------------------------------------------------------- sync worker

  /**
   * Verifications due for their next provider step, oldest first. `exclude` = ids already in flight;
   * `skipProviders` = paused providers or providers whose circuit is open.
   */
  dueForSync(now: number, limit: number, exclude: ReadonlySet<string>, skipProviders: readonly string[] = []): Array<{ id: string; provider: ProviderId }> {
    if (limit <= 0) return [];
    const take = limit + exclude.size;
    const skip = skipProviders.length ? `AND provider NOT IN (${skipProviders.map(() => '?').join(',')})` : '';
    // One arm per sync state, each walking the (state, seq) index oldest first and stopping at
    // `take`: the worker asks on every wake, and one IN (...) over the three states made SQLite
    // read every waiting row and sort them (a 2,000-deep offline queue: 2,000 rows per wake).
    const arm = (state: string) =>
      `SELECT * FROM (SELECT id, provider, seq FROM verifications INDEXED BY verifications_state_seq
         WHERE state = '${state}' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ${skip} ORDER BY seq LIMIT ?)`;
    const rows = this.q<unknown[], { id: string; provider: ProviderId }>(
        `SELECT id, provider FROM (${SYNC_STATES.map(arm).join(' UNION ALL ')}) ORDER BY seq LIMIT ?`,
      )
      .all(...SYNC_STATES.flatMap(() => [now, ...skipProviders, take]), take);
    return rows.filter((r) => !exclude.has(r.id)).slice(0, limit);
  }

  /** Loads what the adapter needs for the next step; image bytes are read only when an upload asks. */
  syncTask(id: string): SyncTask | null {
    const row = this.q<[string], VerificationRow>('SELECT * FROM verifications WHERE id = ?').get(id);
    if (!row || !SYNC_STATES.includes(row.state)) return null;
    const caps = this.q<[string], CaptureRow>(`SELECT ${CAPTURE_COLS} FROM captures WHERE verification_id = ? ORDER BY created_at, side`).all(id);
    const loadStmt = this.q<[string], { jpeg: Buffer | null }>('SELECT jpeg FROM captures WHERE id = ?');
    const thread = this.uploadThread;
    return {
      id,
      provider: row.provider,
      state: row.state,
      attempts: row.attempts,
      progress: JSON.parse(row.progress) as ProviderProgress,
      job: {
        verificationId: id,
        documentType: row.document_type,
        locale: row.locale,
        captures: caps.map((c) => ({
          id: c.id,
          side: c.side,
          bytes: c.bytes,
          width: c.width,
          height: c.height,
          load: () => {
            const r = loadStmt.get(c.id);
            if (!r?.jpeg) throw new Error(`capture ${c.id} has no image bytes (purged or missing)`);
            return r.jpeg;
          },
          ...(thread?.active ? { sendFramed: (url: string, req: FramedUploadRequest) => thread.send(c.id, url, req) } : {}),
        })),
      },
    };
  }

  /** Is the verification still one the sync worker may step (not cancelled, overridden or final meanwhile)? */
  isSyncing(id: string): boolean {
    const row = this.q<[string], { state: VerificationState }>('SELECT state FROM verifications WHERE id = ?').get(id);
    return row !== undefined && SYNC_STATES.includes(row.state);
  }

  /**
   * Persists one completed provider step and its audit row in ONE transaction. Returns false when
   * the verification left the sync states meanwhile (e.g. cancelled); the progress is still kept so
   * nothing the provider already has is forgotten.
   *
   * A step the adapter marks `durable: false` (a status poll: no side effect at the provider)
   * commits with synchronous=NORMAL: in WAL mode still atomic and never corrupting, it only skips
   * the fsync, so a power cut may lose that step and it simply runs again. The next durable commit's
   * fsync covers it anyway (the WAL is one sequential log). Every other step stays FULL.
   */
  recordStep(id: string, result: StepResult): boolean {
    if (result.kind !== 'progress' || result.durable !== false || !this.walMode) return this.commitStep(id, result);
    return this.commitWithoutFsync(id, result);
  }

  /**
   * The sync worker's form of recordStep: the same one transaction, committed (and visible) when
   * this returns; `onDisk` resolves once the step is on disk, exactly as durable as a
   * synchronous=FULL commit, but the sync runs on the thread pool and is SHARED (group commit): the
   * step commits without a sync (WAL, synchronous=NORMAL: atomic, never corrupting) and `onDisk`
   * waits for one fdatasync of the WAL that started after this commit. Every step committed
   * meanwhile by other verifications rides on the same sync, and the event loop keeps serving their
   * HTTP calls instead of blocking in fsync (measured: the synchronous commit was ~40% of the main
   * thread while draining; see test/bench/sync-drain.ts). The caller must not start the next
   * provider step before `onDisk` resolves. A `durable: false` step is on disk "at once", as in
   * recordStep. `onDisk` rejects when the sync fails.
   */
  recordStepGroupCommit(id: string, result: StepResult): { live: boolean; onDisk: Promise<void> } {
    if (!this.walMode) return { live: this.commitStep(id, result), onDisk: Promise.resolve() };
    const live = this.commitWithoutFsync(id, result);
    if (result.kind === 'progress' && result.durable === false) return { live, onDisk: Promise.resolve() };
    return { live, onDisk: this.syncWal() };
  }

  private commitWithoutFsync(id: string, result: StepResult): boolean {
    this.q('PRAGMA synchronous = NORMAL').run();
    try {
      return this.commitStep(id, result);
    } finally {
      this.q('PRAGMA synchronous = FULL').run();
    }
  }

  /**
   * One fdatasync of the WAL on the thread pool. It applies to the file (inode), whichever
   * descriptor asks, so this flushes what SQLite's descriptor wrote. The descriptor is kept (one
   * thread-pool job per sync) and reopened when the WAL is no longer the file it refers to.
   * Callback API, not FileHandle: measurably less main-thread work per sync.
   */
  private fsyncWal(): Promise<void> {
    const ino = statSync(this.walFile).ino;
    if (this.walFd && this.walFd.ino !== ino) {
      closeSync(this.walFd.fd);
      this.walFd = null;
    }
    if (!this.walFd) {
      // Read-write, never created or truncated here: on Windows fdatasync is FlushFileBuffers, which
      // fails with "access denied" on a handle without write access (Linux flushes either way).
      const fd = openSync(this.walFile, 'r+');
      this.walFd = { fd, ino: fstatSync(fd).ino };
    }
    const { fd } = this.walFd;
    // fdatasync: the data and the size needed to read it back, without a journal commit for the
    // modification time (measured: ~10 ms vs ~1-2 ms here). (The prebuilt SQLite itself syncs with
    // fsync: strace shows no fdatasync calls; for its own commits that measured no slower.)
    return new Promise((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));
  }

  /**
   * Resolves once the WAL is synced after every commit made so far. Commits of the same turn of the
   * event loop share one fdatasync, issued at the end of the turn; a commit made while an earlier
   * sync is already running gets its own at once instead of queueing behind it (the kernel joins
   * concurrent syncs of one file into one journal commit), so no step waits for more than one sync.
   */
  private syncWal(): Promise<void> {
    this.walSyncNext ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      this.walSyncNext = null; // commits from now on need a sync issued after them
      try {
        await this.fsyncWal();
      } catch (e) {
        // Closed meanwhile (WAL removed, descriptor closed): closing checkpointed the WAL into
        // the main file and synced it, so the step is on disk anyway.
        if (this.db.open) throw e;
      }
    });
    return this.walSyncNext;
  }

  private commitStep(id: string, result: StepResult): boolean {
    const now = this.now();
    return this.db.transaction(() => {
      const row = this.q<[string], { state: VerificationState; next_attempt_at: number | null; images_purged_at: number | null }>(
        'SELECT state, next_attempt_at, images_purged_at FROM verifications WHERE id = ?',
      ).get(id);
      if (!row) throw new Error(`verification ${id} vanished during sync`);
      const progress = JSON.stringify(result.progress);
      const live = SYNC_STATES.includes(row.state);
      if (!live) {
        this.q('UPDATE verifications SET progress = ?, step = ?, updated_at = ? WHERE id = ?').run(progress, result.step, now, id);
        // Cancelled and purged while this step was out: the purge must not be undone by its reply.
        if (row.images_purged_at !== null) this.q(`UPDATE verifications SET progress = ${PROGRESS_WITHOUT_IMAGES} WHERE id = ?`).run(id);
        this.audit.append({ actor: 'sync', action: `step:${result.step}`, verificationId: id, detail: { from: row.state, to: row.state, late: true } });
        return false;
      }
      if (result.kind === 'final') {
        const to = result.outcome.decision;
        this.q(
            `UPDATE verifications SET state = ?, progress = ?, step = ?, outcome = ?, raw_response = ?, attempts = 0, last_error = NULL,
             next_attempt_at = NULL, finished_at = ?, updated_at = ? WHERE id = ?`,
          )
          .run(to, progress, result.step, JSON.stringify(result.outcome), JSON.stringify(result.raw ?? null), now, now, id);
        this.audit.append({
          actor: 'sync',
          action: `step:${result.step}`,
          verificationId: id,
          detail: { from: row.state, to, reasons: result.outcome.reasons.map((r) => r.code) },
        });
      } else {
        const next = result.waitMs && result.waitMs > 0 ? now + result.waitMs : null;
        // Assign state / next_attempt_at only when they change: SQLite rewrites every index holding
        // an assigned column even for an equal value, and `state` is in five indexes. A step in the
        // same state then dirties 5 pages instead of 10 (measured from the WAL's frame headers).
        if (result.state !== row.state || next !== row.next_attempt_at)
          this.q('UPDATE verifications SET state = ?, progress = ?, step = ?, attempts = 0, last_error = NULL, next_attempt_at = ?, updated_at = ? WHERE id = ?')
            .run(result.state, progress, result.step, next, now, id);
        else
          this.q('UPDATE verifications SET progress = ?, step = ?, attempts = 0, last_error = NULL, updated_at = ? WHERE id = ?').run(progress, result.step, now, id);
        this.audit.append({ actor: 'sync', action: `step:${result.step}`, verificationId: id, detail: { from: row.state, to: result.state } });
      }
      this.noteSynced(now, result.kind === 'final');
      return true;
    })();
  }

  /**
   * A retryable failure: count it, remember why, and when to try again. Not a state change.
   * `outage`: no connection could be opened, so the wait ends early when the provider answers
   * again (releaseOutageWaits; see retry.ts).
   */
  recordRetry(id: string, error: string, nextAttemptAt: number, outage = false): void {
    this.db.transaction(() => {
      this.q(
          `UPDATE verifications SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, outage_wait = ?, updated_at = ? WHERE id = ? AND state IN ('queued','submitting','awaiting_result')`,
        )
        .run(error, nextAttemptAt, outage ? 1 : 0, this.now(), id);
      this.audit.append({ actor: 'sync', action: 'retry_scheduled', verificationId: id, detail: { error, nextAttemptAt: iso(nextAttemptAt), ...(outage ? { outage: true } : {}) } });
    })();
  }

  /**
   * The provider answers again: every verification of it waiting out an outage (recordRetry with
   * `outage`) is due now, so the queue resumes oldest first. Its attempt count stays, so a further
   * failure backs off further. Marks left on rows that have stepped since (attempts back to 0) or
   * gone final are cleared without touching their schedule (a poll's wait is the provider's pace).
   * Returns how many waits ended; one audit row records the release when any did.
   */
  releaseOutageWaits(provider: ProviderId): number {
    return this.db.transaction(() => {
      const now = this.now();
      const released = this.q<[string, number], { n: number }>(
          `SELECT count(*) AS n FROM verifications INDEXED BY verifications_outage_wait
            WHERE outage_wait = 1 AND provider = ? AND attempts > 0 AND next_attempt_at > ? AND state IN ('queued','submitting','awaiting_result')`,
        )
        .get(provider, now)!.n;
      this.q(
        `UPDATE verifications INDEXED BY verifications_outage_wait
            SET outage_wait = 0,
                next_attempt_at = CASE WHEN attempts > 0 AND state IN ('queued','submitting','awaiting_result') THEN NULL ELSE next_attempt_at END
          WHERE outage_wait = 1 AND provider = ?`,
      ).run(provider);
      if (released) this.audit.append({ actor: 'sync', action: 'outage_waits_released', verificationId: null, detail: { provider, verifications: released } });
      return released;
    })();
  }

  /** A provider failure a supervisor must look at (validation error, schema drift): keep the raw body. */
  recordNeedsAttention(id: string, error: string, rawBody: string | null): void {
    this.transition(id, SYNC_STATES, 'needs_attention', 'sync', { error }, { lastError: error, raw: rawBody });
  }

  /** The provider lost our session: start again from a fresh session (audited). */
  restartProviderSession(id: string, reason: string): void {
    this.transition(id, SYNC_STATES, 'queued', 'sync', { reason, restart: true }, { resetProgress: true, lastError: reason });
  }

  /**
   * Failover / routing by country: hands a verification that `from` has not started on (the caller
   * checked) to provider `to`, with fresh progress, in one transaction with its audit row.
   * Returns false when it is no longer waiting at `from` (another step got there first).
   */
  reassignProvider(id: string, from: ProviderId, to: ProviderId, reason: string, action: 'provider_failover' | 'provider_routed' = 'provider_failover'): boolean {
    return this.db.transaction(() => {
      const changed = this.q(
        `UPDATE verifications SET provider = ?, progress = '{}', step = NULL, attempts = 0, last_error = NULL, next_attempt_at = NULL, updated_at = ?
         WHERE id = ? AND provider = ? AND state IN ('queued', 'submitting')`,
      ).run(to, this.now(), id, from).changes;
      if (changed) this.audit.append({ actor: action === 'provider_routed' ? 'kiosk' : 'sync', action, verificationId: id, detail: { from, to, reason } });
      return changed > 0;
    })();
  }

  /** Waiting verifications of one provider, oldest first (failover candidates). */
  waitingFor(provider: ProviderId, limit: number): Array<{ id: string; documentType: DocumentType; progress: ProviderProgress }> {
    return this.q<[ProviderId, number], { id: string; document_type: DocumentType; progress: string }>(
      `SELECT id, document_type, progress FROM verifications WHERE provider = ? AND state IN ('queued', 'submitting') ORDER BY seq LIMIT ?`,
    )
      .all(provider, limit)
      .map((r) => ({ id: r.id, documentType: r.document_type, progress: JSON.parse(r.progress) as ProviderProgress }));
  }

  /** Sets attempts/lastError/nextAttemptAt without counting an attempt (e.g. provider paused). */
  noteSyncBlocked(id: string, error: string): void {
    this.q('UPDATE verifications SET last_error = ?, updated_at = ? WHERE id = ?').run(error, this.now(), id);
  }

  pauseProvider(provider: ProviderId, reason: string, verificationId: string | null): void {
    const now = this.now();
    this.db.transaction(() => {
      const already = this.q<[string], { paused: number }>('SELECT paused FROM provider_state WHERE provider = ?').get(provider);
      if (already?.paused) return;
      this.q(
          `INSERT INTO provider_state (provider, paused, paused_reason, paused_at) VALUES (?, 1, ?, ?)
           ON CONFLICT(provider) DO UPDATE SET paused = 1, paused_reason = excluded.paused_reason, paused_at = excluded.paused_at`,
        )
        .run(provider, reason, now);
      this.q('INSERT INTO alerts (at, kind, provider, verification_id, message) VALUES (?, ?, ?, ?, ?)')
        .run(now, 'provider_auth', provider, verificationId, `The ${provider} provider rejected the kiosk's credentials; syncing to it is paused until a supervisor checks the credentials and resumes it. (${reason})`);
      this.audit.append({ actor: 'sync', action: 'provider_paused', verificationId, detail: { provider, reason } });
    })();
  }

  resumeProvider(provider: ProviderId, actor: string): void {
    const now = this.now();
    this.db.transaction(() => {
      this.q('UPDATE provider_state SET paused = 0, paused_reason = NULL WHERE provider = ?').run(provider);
      this.q(`UPDATE alerts SET resolved_at = ?, resolved_by = ? WHERE provider = ? AND kind = 'provider_auth' AND resolved_at IS NULL`).run(now, actor, provider);
      this.audit.append({ actor, action: 'provider_resumed', detail: { provider } });
    })();
  }

  pausedProviders(): Array<{ provider: ProviderId; reason: string | null }> {
    return this.q<[], { provider: ProviderId; paused_reason: string | null }>('SELECT provider, paused_reason FROM provider_state WHERE paused = 1')
      .all()
      .map((r) => ({ provider: r.provider, reason: r.paused_reason }));
  }

  openAlerts(): Alert[] {
    return this.q<[], { id: number; at: number; kind: string; provider: string | null; verification_id: string | null; message: string }>(
        'SELECT * FROM alerts WHERE resolved_at IS NULL ORDER BY id',
      )
      .all()
      .map((r) => ({ id: r.id, at: iso(r.at)!, kind: r.kind, provider: r.provider, verificationId: r.verification_id, message: r.message }));
  }

  incrementCounter(name: string, by = 1): void {
    this.q('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value').run(name, by);
  }

  counters(): Record<string, number> {
    return Object.fromEntries(this.q<[], { name: string; value: number }>('SELECT name, value FROM counters').all().map((r) => [r.name, r.value]));
  }

  // ---------------------------------------------------------------- retention

  /**
   * Drops the images (dropImagesOf: captures, the outcome's portrait crop, a face crop in the
   * progress) of verifications that reached a final state more than `imageDays` ago; metadata, the
   * rest of the outcome and the audit stay. One audit row per verification, then
   * an incremental vacuum hands the freed pages back to the file system.
   */
  purgeExpiredImages(
    now: number = this.now(),
    imageDays: number = this.options.imageRetentionDays ?? 30,
    actor = 'retention',
  ): { verifications: number; captures: number } {
    const cutoff = now - imageDays * 86_400_000;
    let verifications = 0;
    let captures = 0;
    this.db.transaction(() => {
      const due = this.q<[number], { id: string; state: string; finished_at: number }>(
          `SELECT id, state, finished_at FROM verifications WHERE state IN ${FINAL_SQL} AND finished_at IS NOT NULL AND finished_at < ? AND images_purged_at IS NULL`,
        )
        .all(cutoff);
      for (const v of due) {
        const n = this.dropImagesOf(v.id, now);
        this.audit.append({ actor, action: 'images_purged', verificationId: v.id, detail: { captures: n, finishedAt: iso(v.finished_at), retentionDays: imageDays } });
        verifications++;
        captures += n;
      }
    })();
    if (verifications) this.db.pragma('incremental_vacuum');
    return { verifications, captures };
  }

  /**
   * Drops every image kept for one verification, inside the caller's transaction: the captures'
   * JPEG and preview, the document portrait crop inside the outcome (both providers inline it), and
   * a face crop left in the provider progress (ZOLOZ keeps the recognition, with
   * CROPPED_FACE_FROM_DOC, while the selfie comparison runs; a verification cancelled then keeps
   * it). Metadata, the rest of the outcome and the audit stay. Returns the captures cleared. One
   * piece for the retention purge and the supervisor's purge, so the two cannot drift apart.
   */
  dropImagesOf(id: string, now: number): number {
    const captures = this.q('UPDATE captures SET jpeg = NULL, preview = NULL WHERE verification_id = ? AND (length(jpeg) IS NOT NULL OR length(preview) IS NOT NULL)').run(id).changes;
    this.q(
      `UPDATE verifications SET images_purged_at = ?,
         outcome = CASE WHEN json_valid(outcome) AND json_extract(outcome, '$.portrait') IS NOT NULL THEN json_set(outcome, '$.portrait', json('null')) ELSE outcome END,
         progress = ${PROGRESS_WITHOUT_IMAGES}
       WHERE id = ?`,
    ).run(now, id);
    return captures;
  }

  // ---------------------------------------------------------------- internals

  private q<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let st = this.statements.get(sql) as Database.Statement<P, R> | undefined;
    if (!st) {
      st = this.db.prepare<P, R>(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  private mustGet(id: string, previews: boolean): Verification {
    const v = this.getVerification(id, { previews });
    if (!v) throw notFound();
    return v;
  }

  /**
   * A step succeeded (inside its transaction). The figure is kept in memory at once and written with
   * the step when it finishes a verification or when the stored one is LAST_SYNC_WRITE_MS old: one
   * page fewer in most step commits of a draining queue; a crash costs at most that much of it.
   */
  private noteSynced(now: number, final: boolean): void {
    this.lastSyncAt = now;
    const stored = this.persistedLastSync();
    if (final || stored === null || now - stored >= LAST_SYNC_WRITE_MS) {
      this.setMeta('last_sync_at', String(now));
      this.lastSyncStored = now;
    }
  }

  private persistedLastSync(): number | null {
    if (this.lastSyncStored === undefined) {
      const row = this.q<[], { value: string }>(`SELECT value FROM meta WHERE key = 'last_sync_at'`).get();
      this.lastSyncStored = row ? Number(row.value) : null;
    }
    return this.lastSyncStored;
  }

  private setMeta(key: string, value: string): void {
    this.q('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  private transition(
    id: string,
    from: readonly VerificationState[],
    to: VerificationState,
    actor: string,
    detail: Record<string, unknown>,
    opts: { finished?: boolean; resetSync?: boolean; resetProgress?: boolean; lastError?: string; raw?: string | null } = {},
  ): void {
    const now = this.now();
    this.db.transaction(() => {
      const row = this.q<[string], { state: VerificationState }>('SELECT state FROM verifications WHERE id = ?').get(id);
      if (!row) throw notFound();
      if (!from.includes(row.state)) {
        throw new KioskError('conflict', `This verification is ${row.state.replace('_', ' ')}, so that cannot be done now. Refresh the list and check its state.`);
      }
      const sets = ['state = ?', 'updated_at = ?'];
      const args: unknown[] = [to, now];
      if (opts.finished) {
        sets.push('finished_at = ?', 'next_attempt_at = NULL');
        args.push(now);
      }
      if (opts.resetSync) sets.push('attempts = 0', 'last_error = NULL', 'next_attempt_at = NULL');
      if (opts.resetProgress) sets.push(`progress = '{}'`, 'step = NULL', 'next_attempt_at = NULL');
      if (opts.lastError !== undefined) {
        sets.push('last_error = ?');
        args.push(opts.lastError);
      }
      if (opts.raw !== undefined) {
        sets.push('raw_response = ?');
        args.push(opts.raw);
      }
      this.q(`UPDATE verifications SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
      this.audit.append({ actor, action: 'state_changed', verificationId: id, detail: { from: row.state, to, ...detail } });
    })();
  }
}

function notFound(): KioskError {
  return new KioskError('not_found', 'That verification was not found. Go back to the list and open it again.');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function toCapture(c: CaptureRow, withPreview: boolean): CaptureSummary {
  const summary: CaptureSummary = {
    id: c.id,
    side: c.side,
    deviceId: c.device_id,
    width: c.width,
    height: c.height,
    bytes: c.bytes,
    createdAt: new Date(c.created_at).toISOString(),
    quality: c.quality ? (JSON.parse(c.quality) as QualityVerdict) : null,
  };
  if (withPreview) summary.preview = c.preview ? `data:image/jpeg;base64,${c.preview.toString('base64')}` : null;
  return summary;
}

function toVerification(row: VerificationViewRow, captures: CaptureRow[], previews: boolean): Verification {
  return {
    id: row.id,
    documentType: row.document_type,
    provider: row.provider,
    state: row.state,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    captures: captures.map((c) => toCapture(c, previews)),
    outcome: row.outcome ? (JSON.parse(row.outcome) as Outcome) : null,
    sync: {
      attempts: row.attempts,
      lastError: row.last_error,
      nextAttemptAt: iso(row.next_attempt_at),
      step: row.step,
      bytesSent: null,
      bytesTotal: null,
    },
  };
}
