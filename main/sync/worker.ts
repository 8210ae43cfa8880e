// The outbox loop: takes each submitted verification through its provider one step at a time.
// Each step's result is committed (with its audit row) and on disk before the next step starts, so
// a crash at any moment resumes at the next step. Oldest first, at most `concurrency` verifications
// stepping at once; one waiting for its WAL sync or for a poll holds no slot (acquirePermit).
//
// DUPLICATE WINDOW. A step whose request reached the provider but whose reply was lost (timeout,
// connection reset, 5xx after processing, or a SIGKILL between the provider's reply and our commit)
// runs again. Adapters reconcile before repeating where the provider allows it (ZignSec adapter:
// every side-effecting call is preceded by a persisted intent step; an upload is matched against
// the session's documents by the capture id in its file name, and a start-analysis against
// analysisStatus). Where the provider offers nothing to reconcile with (ZignSec create-session: no
// lookup by relay_state), a lost reply leaves an orphan, empty session at the provider and a second
// one is created. That is counted twice: by the adapter (progress.possibleDuplicates) and here, where
// every retry after a failure that may have been delivered increments `sync.retry_after_maybe_delivered`
// and every session restart `sync.session_restarts` (Store.counters()). Measured in the crash bench:
// 6 orphan sessions in 300 SIGKILLs, 0 repeated uploads or analyses.
//
// Over 500 lines on purpose: the step loop, the slot accounting and the failure handling read and
// change the same per-verification state (slots, provider waits, circuits), and the duplicate-window
// reasoning above spans all three; the pure parts already live beside it (retry.ts, circuit.ts).
import type { KioskConfig } from '../config';
import type { KioskEvents } from '../events';
import type { Log } from '../log';
import type { ProviderAdapter, StepResult } from '../providers/provider';
import { ProviderId, type ProviderStatus, type Verification } from '../../shared/domain';
import type { Store } from '../store/store';
import { CircuitBreaker, DEFAULT_CIRCUIT, type CircuitOptions } from './circuit';
import { Connectivity } from './connectivity';
import { kioskMessage } from '../../shared/kiosk-message';
import { syncErrorSentence } from './error-sentence';
import { backoffDelay, classifyFailure } from './retry';

export interface SyncWorkerOptions {
  store: Store;
  adapters: Map<ProviderId, ProviderAdapter>;
  events: KioskEvents;
  config: KioskConfig['sync'];
  log?: Log;
  now?: () => number;
  /** Jitter source; injectable for deterministic tests. */
  random?: () => number;
  circuit?: CircuitOptions;
  /** Image retention (config.retention): purge runs at start and then every `everyMs` (default hourly). */
  retention?: { imageDays: number; everyMs?: number };
  /**
   * Failover (config.providers.failover, off by default): while a provider's circuit is open, its
   * waiting verifications that it has not started on move to another provider that serves them.
   */
  failover?: boolean;
  /**
   * Progress events of one verification within one state (steps, upload bytes) are coalesced to one
   * per this many ms, the latest always following (default PROGRESS_EVENT_MS). 0 = every step at once
   * (tests that stop the kiosk at an exact step).
   */
  progressEventMs?: number;
}

export const METRIC_MAYBE_DUPLICATE = 'sync.retry_after_maybe_delivered';
export const METRIC_SESSION_RESTARTS = 'sync.session_restarts';
/** Kept on a verification whose progress the store could not save (holdForStore); the screen shows `sync_store_failed`. */
export const STORE_FAILURE_MESSAGE = 'The kiosk could not save this verification’s progress (the disk may be full or failing). It will try again by itself; if this keeps happening, call support.';
const QUEUE_EVENT_MS = 200;
/** A few updates a second are what a progress bar needs; a draining queue commits far more steps. */
export const PROGRESS_EVENT_MS = 100;
/** Verifications started but not finished, per slot of `concurrency` (startDueWork). */
const OPEN_PER_SLOT = 2;
/** How many due verifications one read of the queue hands out at least (startDueWork). */
const DUE_READ_AHEAD = 8;

interface InFlight {
  provider: ProviderId;
  promise: Promise<void>;
  bytesSent: number | null;
  bytesTotal: number | null;
  /** When this verification's last event went out, and its coalesced next one if any (emitProgress). */
  lastEmitAt: number;
  trailingEmit: NodeJS.Timeout | null;
  /** A failure was handled (retry, session restart): the next pump must read the queue again. */
  requeued: boolean;
}

export class SyncWorker {
  private readonly store: Store;
  private readonly adapters: Map<ProviderId, ProviderAdapter>;
  private readonly events: KioskEvents;
  private readonly config: KioskConfig['sync'];
  private readonly log: Log;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly breakers = new Map<ProviderId, CircuitBreaker>();
  readonly connectivity: Connectivity;
  private readonly inFlight = new Map<string, InFlight>();
  private running = false;
  private abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private probing: Promise<void> | null = null;
  private queueTimer: NodeJS.Timeout | null = null;
  private retentionTimer: NodeJS.Timeout | null = null;
  private readonly retention: SyncWorkerOptions['retention'];
  private readonly failover: boolean;
  private lastQueueEmit = 0;
  private kickPending = false;
  private kickFresh = false;
  /** Due verifications read ahead, oldest first (startDueWork); read again on every fresh kick and tick. */
  private dueCache: Array<{ id: string; provider: ProviderId }> = [];
  /** Verifications holding a permit (see acquirePermit), and those resuming that wait for one. */
  private stepping = 0;
  private readonly permitWaiters: Array<() => void> = [];
  private readonly progressEventMs: number;
  /**
   * Verifications the store could not record a step or a retry for (disk full, I/O error): held
   * here, since the store cannot hold them, so the provider call is not repeated every tick.
   */
  private readonly storeHolds = new Map<string, { until: number; failures: number }>();
  /** A provider that answered 429/503 with Retry-After: none of its verifications step before then. */
  private readonly rateLimitedUntil = new Map<ProviderId, number>();

  constructor(options: SyncWorkerOptions) {
    this.store = options.store;
    this.adapters = options.adapters;
    this.events = options.events;
    this.config = options.config;
    this.log = options.log ?? (() => {});
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.retention = options.retention;
    this.failover = options.failover ?? false;
    this.progressEventMs = options.progressEventMs ?? PROGRESS_EVENT_MS;
    const policy = { baseMs: this.config.backoffBaseMs, capMs: this.config.backoffCapMs };
    this.connectivity = new Connectivity(policy, this.now, this.random);
    for (const id of ProviderId.options) this.breakers.set(id, new CircuitBreaker(options.circuit ?? DEFAULT_CIRCUIT, this.now));
  }

  start(): void {
    if (this.running || !this.config.enabled) return;
    this.running = true;
    this.abort = new AbortController();
    // Outage waits recorded before this start are stale news about the network: the oldest
    // verifications find out again first (if the outage goes on, they meet it and wait again).
    for (const provider of this.adapters.keys()) this.releaseOutageWaits(provider, 'the kiosk started');
    this.pump();
    if (this.retention) {
      this.purgeImages();
      this.retentionTimer = setInterval(() => this.purgeImages(), this.retention.everyMs ?? 3_600_000);
      this.retentionTimer.unref?.();
    }
  }

  /** Retention: drop images of final verifications older than the configured days (audited by the store). */
  purgeImages(): { verifications: number; captures: number } {
    if (!this.retention) return { verifications: 0, captures: 0 };
    try {
      const r = this.store.purgeExpiredImages(this.now(), this.retention.imageDays);
      if (r.verifications) this.log('info', `retention: purged images of ${r.verifications} verification(s)`);
      return r;
    } catch (e) {
      this.log('error', 'retention purge failed', e);
      return { verifications: 0, captures: 0 };
    }
  }

  /** Stops taking work, aborts steps in flight (their adapters see the signal) and waits for them. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queueTimer) clearTimeout(this.queueTimer);
    this.queueTimer = null;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.retentionTimer = null;
    this.abort.abort();
    await Promise.allSettled([...this.inFlight.values()].map((f) => f.promise));
    if (this.probing) await this.probing.catch(() => {});
  }

  /**
   * Wake now (a verification was just submitted, a supervisor resumed a provider, ...). `fresh`:
   * something may have become due that is older than what the worker last read, so read again;
   * false only when a slot freed up (the due list read a moment ago still holds, see dueCache).
   */
  kick(fresh = true): void {
    if (!this.running) return;
    this.kickFresh ||= fresh;
    // Several verifications finishing in one turn need one pump, not one each (each pump queries the store).
    if (this.kickPending) return;
    this.kickPending = true;
    setImmediate(() => {
      this.kickPending = false;
      const readAgain = this.kickFresh;
      this.kickFresh = false;
      this.pump(readAgain);
    });
  }

  /** A supervisor fixed the credentials: resume the provider (audited) and sync at once. */
  resumeProvider(provider: ProviderId, actor: string): void {
    this.store.resumeProvider(provider, actor);
    this.kick();
  }

  online(): boolean {
    return this.connectivity.online([...this.adapters.keys()]);
  }

  providerStatus(): ProviderStatus[] {
    const paused = new Set(this.store.pausedProviders().map((p) => p.provider));
    return ProviderId.options.map((id) => ({
      id,
      configured: this.adapters.has(id),
      reachable: this.connectivity.reachable(id),
      circuit: this.breakers.get(id)!.state(),
      paused: paused.has(id),
    }));
  }

  /** Ids being worked on right now (for status views and tests). */
  inFlightIds(): string[] {
    return [...this.inFlight.keys()];
  }

  // ------------------------------------------------------------------ loop

  private pump(fresh = true): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      this.startDueWork(fresh);
      this.startProbes();
    } catch (e) {
      this.log('error', 'sync pump failed', e);
    }
    if (this.running) {
      this.timer = setTimeout(() => this.pump(), this.config.tickMs);
      this.timer.unref?.();
    }
  }

  private blockedProviders(): ProviderId[] {
    const paused = new Set(this.store.pausedProviders().map((p) => p.provider));
    const now = this.now();
    return ProviderId.options.filter(
      (id) =>
        !this.adapters.has(id) ||
        paused.has(id) ||
        !this.connectivity.usable(id) ||
        this.breakers.get(id)!.state() === 'open' ||
        (this.rateLimitedUntil.get(id) ?? 0) > now,
    );
  }

  /**
   * Moves waiting verifications off a provider that is down to one that is usable and
   * serves the document type, when the adapter says nothing at the old provider depends on them.
   * Each move is one transaction with a `provider_failover` audit row.
   */
  private failOver(blocked: readonly ProviderId[]): void {
    if (!this.failover) return;
    for (const from of blocked) {
      // Down (circuit open, or the connectivity probe says unreachable); a paused provider (rejected
      // credentials) is a configuration problem for a supervisor, not a reason to move customers' data.
      if (this.breakers.get(from)!.state() !== 'open' && this.connectivity.usable(from)) continue;
      const fromAdapter = this.adapters.get(from);
      if (!fromAdapter?.canHandOver) continue;
      for (const w of this.store.waitingFor(from, 20)) {
        if (this.inFlight.has(w.id) || !fromAdapter.canHandOver(w.progress)) continue;
        const to = ProviderId.options.find((p) => p !== from && !blocked.includes(p) && (this.adapters.get(p)?.serves?.(w.documentType) ?? true));
        if (!to) break;
        if (this.store.reassignProvider(w.id, from, to, `${from} is not answering`)) {
          this.dueCache = []; // read ahead with its old provider
          this.log('info', `verification ${w.id} failed over from ${from} to ${to}`);
          this.emitVerification(w.id);
        }
      }
    }
  }

  private startDueWork(fresh: boolean): void {
    // Permits bound the verifications stepping; a verification waiting for its disk holds none, so
    // the ones started (open) are bounded too: oldest first stays close, and a burst of fast steps
    // cannot open the whole queue while the disk catches up.
    const free = Math.min(this.config.concurrency - this.stepping, OPEN_PER_SLOT * this.config.concurrency - this.inFlight.size);
    if (free <= 0) return;
    const blocked = this.blockedProviders();
    this.failOver(blocked);
    if (blocked.length === ProviderId.options.length) return;
    // Ask for a few more than we can take (a half-open circuit lets only one through), and keep the
    // rest for the next slot that frees up: a draining queue frees one several times a second.
    if (fresh || this.dueCache.length === 0) {
      this.dueCache = this.store.dueForSync(this.now(), Math.max(free * 2, DUE_READ_AHEAD), this.notToStart(), blocked);
    }
    let started = 0;
    while (started < free && this.dueCache.length) {
      const d = this.dueCache.shift()!;
      if (this.inFlight.has(d.id) || blocked.includes(d.provider) || this.isStoreHeld(d.id)) continue;
      if (!this.breakers.get(d.provider)!.tryAcquire()) continue;
      const entry: InFlight = { provider: d.provider, promise: Promise.resolve(), bytesSent: null, bytesTotal: null, lastEmitAt: 0, trailingEmit: null, requeued: false };
      this.inFlight.set(d.id, entry);
      this.stepping++; // the new drive's permit (see `stepping`)
      entry.promise = this.drive(d.id, entry)
        .catch((e) => this.log('error', `sync of ${d.id} stopped unexpectedly`, e))
        .finally(() => {
          this.inFlight.delete(d.id);
          // Its slot is free (kick(false) from releasePermit); a failure handled on the way may have
          // made it due again (a session restart), which the read-ahead cannot know.
          this.kick(entry.requeued);
        });
      started++;
    }
  }

  private startProbes(): void {
    if (this.probing) return;
    const due = this.connectivity.nextProbeAt();
    if (due === null || due > this.now()) return;
    this.probing = this.connectivity
      .probeDue(this.adapters, this.abort.signal)
      .then((back) => {
        if (back.length) {
          this.log('info', `providers reachable again: ${back.join(', ')}`);
          for (const provider of back) this.releaseOutageWaits(provider, 'a probe reached it');
          this.emitQueue();
          this.kick();
        }
      })
      .catch((e) => this.log('warn', 'provider probe failed', e))
      .finally(() => {
        this.probing = null;
      });
  }

  /** Runs steps of one verification until it is final, must wait (poll), or a step fails. */
  private async drive(id: string, entry: InFlight): Promise<void> {
    const breaker = this.breakers.get(entry.provider)!;
    let released = false;
    let holdsPermit = true; // taken for it by startDueWork
    // Read once per run of steps, then advanced from each committed result: the store's copy would
    // be the same (commitStep writes exactly result.progress/state and resets attempts), and the
    // capture list never changes while a verification syncs. A cancel meanwhile shows as !live.
    let task = this.store.syncTask(id);
    let first = true;
    try {
      while (this.running && task) {
        const adapter = this.adapters.get(task.provider);
        if (!adapter) return;
        // The task was read once; between steps this verification waited for the disk and a slot,
        // long enough for a supervisor to cancel or override it. Nothing more goes to the provider then.
        if (!first && !this.store.isSyncing(id)) {
          this.emitVerification(id);
          return;
        }
        first = false;
        const signal = this.abort.signal;
        let result: StepResult;
        try {
          result = await adapter.step(task.job, task.progress, {
            signal,
            onBytes: (sent, total) => {
              entry.bytesSent = sent;
              entry.bytesTotal = total;
              // Throttled (emitProgress): a 5 MB upload reports many chunks; the screen needs a few
              // updates a second, and the moment an image is all sent.
              if (sent >= total) this.emitVerification(id);
              else this.emitProgress(id, entry);
            },
          });
        } catch (error) {
          if (signal.aborted && !this.running) {
            // Shutdown mid-step: nothing is recorded; the step runs again after restart (duplicate window above).
            breaker.release();
            released = true;
            return;
          }
          released = true;
          entry.requeued = true; // a retry, a restarted session: may be due before what was read ahead
          try {
            this.handleFailure(id, task.provider, task.attempts, error);
          } catch (storeError) {
            this.holdForStore(id, storeError); // the retry itself could not be recorded
          }
          return;
        }
        entry.bytesSent = entry.bytesTotal = null;
        // The provider did its part: it is healthy, whatever happens to our record of it below.
        if (!released) {
          breaker.onSuccess();
          released = true;
        }
        this.providerAnswered(task.provider);
        // Durable before the next step starts (a status poll marked durable: false skips its fsync).
        // The sync runs on the thread pool, shared by every step committed meanwhile (group commit,
        // Store.recordStepGroupCommit): the event loop serves the other verifications' HTTP meanwhile.
        let committed: { live: boolean; onDisk: Promise<void> };
        try {
          committed = this.store.recordStepGroupCommit(id, result);
        } catch (storeError) {
          // Not recorded: the step runs again later (reconciled where the provider allows it; the
          // adapters count what they cannot rule out), after a wait rather than at the next tick.
          this.holdForStore(id, storeError);
          entry.requeued = true;
          return;
        }
        const { live, onDisk } = committed;
        if (this.storeHolds.delete(id)) this.log('info', `sync of ${id}: the store records steps again`);
        // Events show what the store shows (committed). A change of state is shown at once; steps
        // within a state are coalesced (emitProgress), as the upload bytes are.
        if (result.kind === 'final' || result.state !== task.state || !live) this.emitVerification(id);
        else this.emitProgress(id, entry);
        this.emitQueue();
        if (!live || result.kind === 'final') {
          // Nothing of this verification follows, so its slot need not wait for the disk: the next
          // verification starts while the WAL sync runs (it waits on that same sync before its own
          // first provider call).
          onDisk.catch((e: unknown) => this.log('error', `sync of ${id}: the final step could not be made durable`, e));
          return;
        }
        // The next step talks to the provider: this one must be on disk first. While the disk works
        // this verification needs no permit: another one steps meanwhile, and this one queues for
        // the next permit that frees up (ahead of verifications not started yet).
        if (result.durable !== false) {
          this.releasePermit();
          holdsPermit = false;
          try {
            await onDisk;
          } catch (syncError) {
            // Committed but maybe not on disk: the next provider call must not go out on it.
            this.holdForStore(id, syncError);
            entry.requeued = true;
            return;
          }
          await this.acquirePermit();
          holdsPermit = true;
        }
        task = { ...task, state: result.state, attempts: 0, progress: result.progress };
        if (result.waitMs && result.waitMs > 0) {
          // The slot is freed for other verifications; wake exactly when this one is due again
          // rather than at the next idle tick.
          this.wakeAt(result.waitMs);
          return;
        }
      }
    } finally {
      if (!released) breaker.release();
      if (holdsPermit) this.releasePermit();
    }
  }

  /**
   * Permits bound the verifications STEPPING at once (talking to a provider or committing), which is
   * what `concurrency` limits: a verification waiting for its WAL sync holds none. A permit given
   * back goes to a verification resuming after its disk wait first, else to new work (kick).
   */
  private acquirePermit(): Promise<void> {
    if (this.stepping < this.config.concurrency) {
      this.stepping++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.permitWaiters.push(resolve));
  }

  private releasePermit(): void {
    const next = this.permitWaiters.shift();
    if (next) next(); // handed over: `stepping` unchanged
    else {
      this.stepping--;
      this.kick(false);
    }
  }

  private wakeAt(delayMs: number): void {
    const t = setTimeout(() => this.kick(), delayMs + 1);
    t.unref?.();
  }

  /**
   * 429/503 with Retry-After: the provider set its own pace for this kiosk, not for one verification,
   * so none of its verifications step before then (the circuit breaker would only stop them after
   * several more refusals, and for its own period).
   */
  private rateLimit(provider: ProviderId, askedMs: number): void {
    // Capped like any backoff: the verification that was refused keeps the full wait it was given;
    // the rest of the queue tries again by then at the latest (and a new refusal extends the hold).
    const waitMs = Math.min(askedMs, this.config.backoffCapMs);
    const until = this.now() + waitMs;
    if (until <= (this.rateLimitedUntil.get(provider) ?? 0)) return;
    this.rateLimitedUntil.set(provider, until);
    this.log('warn', `provider ${provider} asked the kiosk to wait ${Math.ceil(waitMs / 1000)} s (Retry-After)`);
    this.wakeAt(waitMs);
  }

  /**
   * The provider did its part (or failed) but the store could not record it: disk full, an I/O
   * error, a failed WAL sync. The store cannot hold the verification back, so this does, backing
   * off per verification (in memory; a restart tries at once, as after any crash). Recorded as a
   * retry too when the store can still write that.
   */
  private holdForStore(id: string, error: unknown): void {
    const failures = (this.storeHolds.get(id)?.failures ?? 0) + 1;
    const policy = { baseMs: this.config.backoffBaseMs, capMs: this.config.backoffCapMs };
    const waitMs = Math.max(this.config.backoffBaseMs, backoffDelay(failures, policy, this.random));
    this.storeHolds.set(id, { until: this.now() + waitMs, failures });
    this.log('error', `sync of ${id}: the kiosk could not save its progress; trying again in ${Math.ceil(waitMs / 1000)} s`, error);
    try {
      this.store.recordRetry(id, STORE_FAILURE_MESSAGE, this.now() + waitMs, false, kioskMessage('sync_store_failed'));
    } catch {
      // The hold above stands in for it.
    }
    this.wakeAt(waitMs);
  }

  private isStoreHeld(id: string): boolean {
    const hold = this.storeHolds.get(id);
    return hold !== undefined && hold.until > this.now();
  }

  /** Verifications a due read must skip: running now, or held after a store failure. */
  private notToStart(): Set<string> {
    const skip = new Set(this.inFlight.keys());
    for (const id of this.storeHolds.keys()) if (this.isStoreHeld(id)) skip.add(id);
    return skip;
  }

  private handleFailure(id: string, provider: ProviderId, attempts: number, error: unknown): void {
    const breaker = this.breakers.get(provider)!;
    const action = classifyFailure(error, attempts, { baseMs: this.config.backoffBaseMs, capMs: this.config.backoffCapMs }, this.random);
    // The English stays for logs and support; the screens show this sentence in their language.
    const sentence = syncErrorSentence(provider, error);
    switch (action.kind) {
      case 'retry': {
        breaker.onFailure();
        if (action.networkFailure && this.connectivity.noteUnreachable(provider)) this.log('warn', `provider ${provider} looks unreachable`);
        if (action.providerWait) this.rateLimit(provider, action.delayMs);
        if (action.maybeDelivered) this.store.incrementCounter(METRIC_MAYBE_DUPLICATE);
        this.store.recordRetry(id, action.message, this.now() + action.delayMs, action.outage, sentence);
        // After its own wait is recorded: an answer that ends the outage does not end a wait it just began for a 5xx.
        if (!action.networkFailure) this.providerAnswered(provider);
        break;
      }
      case 'needs_attention':
        if (action.local) {
          breaker.release(); // the kiosk stopped it itself: nothing was learnt about the provider
        } else {
          breaker.onSuccess(); // the provider answered; it is up
          this.providerAnswered(provider);
        }
        this.store.recordNeedsAttention(id, action.message, action.rawBody, sentence);
        break;
      case 'pause_provider':
        breaker.release();
        this.providerAnswered(provider);
        this.store.pauseProvider(provider, action.message, id);
        this.store.noteSyncBlocked(id, action.message, sentence);
        this.log('error', `provider ${provider} paused: credentials rejected`);
        break;
      case 'restart_session':
        breaker.onSuccess();
        this.providerAnswered(provider);
        this.store.incrementCounter(METRIC_SESSION_RESTARTS);
        this.store.restartProviderSession(id, action.message, sentence);
        break;
    }
    this.emitVerification(id);
    this.emitQueue();
  }

  /**
   * The provider answered a call. When that is news (it was unreachable, or nothing was known yet in
   * this process), the queue view changes and the outage waits recorded meanwhile end
   * (releaseOutageWaits).
   */
  private providerAnswered(provider: ProviderId): void {
    if (!this.connectivity.noteAnswered(provider)) return;
    this.emitQueue();
    this.releaseOutageWaits(provider, 'it answered');
  }

  /** Verifications that waited only because `provider` could not be reached are due now, oldest first. */
  private releaseOutageWaits(provider: ProviderId, why: string): void {
    try {
      const released = this.store.releaseOutageWaits(provider);
      if (!released) return;
      this.log('info', `${released} verification(s) waiting out an outage of ${provider} are due now: ${why}`);
      this.dueCache = []; // read ahead without them
      this.kick();
    } catch (e) {
      // Not fatal: they stay due at their backed-off time.
      this.log('warn', `could not end the outage waits of ${provider}`, e);
    }
  }

  /**
   * A step or upload chunk within one state: at most one event per progressEventMs for this
   * verification, and a trailing one with the latest figures when some were skipped.
   */
  private emitProgress(id: string, entry: InFlight): void {
    if (entry.trailingEmit) return;
    const wait = entry.lastEmitAt + this.progressEventMs - Date.now();
    if (wait <= 0) {
      this.emitVerification(id);
      return;
    }
    entry.trailingEmit = setTimeout(() => {
      entry.trailingEmit = null;
      if (this.store.db.open) this.emitVerification(id);
    }, wait);
    entry.trailingEmit.unref?.();
  }

  private emitVerification(id: string): void {
    const f = this.inFlight.get(id);
    if (f) {
      f.lastEmitAt = Date.now();
      if (f.trailingEmit) clearTimeout(f.trailingEmit);
      f.trailingEmit = null;
    }
    const v = this.store.getVerification(id, { previews: false });
    if (!v) return;
    const payload: Verification = f && f.bytesTotal !== null ? { ...v, sync: { ...v.sync, bytesSent: f.bytesSent, bytesTotal: f.bytesTotal } } : v;
    this.events.emit('verificationUpdated', payload);
  }

  /**
   * Coalesced: at most one queue summary per QUEUE_EVENT_MS (the last one always follows), because a
   * draining queue commits many steps a second and the screen only needs the latest numbers.
   */
  private emitQueue(): void {
    if (this.queueTimer) return;
    const wait = this.lastQueueEmit + QUEUE_EVENT_MS - Date.now();
    if (wait <= 0) {
      this.lastQueueEmit = Date.now();
      this.events.emit('queueChanged', this.store.queueCounts(this.now()));
      return;
    }
    this.queueTimer = setTimeout(() => {
      this.queueTimer = null;
      if (this.store.db.open) this.emitQueue();
    }, wait);
    this.queueTimer.unref?.();
  }
}
