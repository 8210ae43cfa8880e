// Sends the queued privacyinfo/delete calls to ZOLOZ. A purge of a ZOLOZ verification's data (the
// supervisor's or the retention purge) queues one delete per ZOLOZ transaction in the store, in the
// purge's own transaction (Store.dropImagesOf), so the request to ZOLOZ is as durable as the local
// purge. This runner works that queue like the outbox works its steps: oldest due first, one at a
// time, a passing failure (network, timeout, 5xx, 429, an unverified reply) retried with the same
// full-jitter backoff and Retry-After as any step, across restarts (the next attempt time is stored);
// ZOLOZ's answer is audited with the delete. An answer that will not change by retrying (a refused
// request, rejected credentials, an unreadable reply) ends the delete as failed and raises a
// supervisor alert, with ZOLOZ's words.
import { classifyFailure, type BackoffPolicy } from '../../sync/retry';
import type { PrivacyDeleteAnswer, ZolozTransactionRef } from './adapter';

/** One queued delete, as the store hands it out. */
export interface QueuedPrivacyDelete extends ZolozTransactionRef {
  id: number;
  verificationId: string;
  /** Failed attempts so far (drives the backoff). */
  attempts: number;
}

/** The store's side of the queue (Store implements it). */
export interface PrivacyDeleteQueue {
  /** Deletes due at `now`, oldest first. */
  duePrivacyDeletes(now: number, limit: number): QueuedPrivacyDelete[];
  /** ZOLOZ answered SUCCESS: done, audited with its answer. */
  recordPrivacyDeleted(id: number, answer: PrivacyDeleteAnswer): void;
  /** A passing failure: try again at `nextAttemptAt` (audited). */
  recordPrivacyDeleteRetry(id: number, error: string, nextAttemptAt: number): void;
  /** Retrying will not help: failed, audited, and an alert for the supervisor. */
  recordPrivacyDeleteFailed(id: number, error: string, rawBody: string | null): void;
  /** When the next queued delete is due, or null when none waits. */
  nextPrivacyDeleteAt(): number | null;
}

export interface PrivacyDeleteRunnerOptions {
  queue: PrivacyDeleteQueue;
  /** privacyinfo/delete for one transaction (ZolozAdapter.deletePrivacyInfo). */
  deleteAt: (tx: ZolozTransactionRef, signal: AbortSignal) => Promise<PrivacyDeleteAnswer>;
  policy: BackoffPolicy;
  now?: () => number;
  random?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
  /** Longest sleep between looks at the queue when nothing is due (default 60 s). */
  idleMs?: number;
}

export class PrivacyDeleteRunner {
  private readonly o: Required<Omit<PrivacyDeleteRunnerOptions, 'log'>> & Pick<PrivacyDeleteRunnerOptions, 'log'>;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private busy: Promise<void> | null = null;
  private abort = new AbortController();

  constructor(options: PrivacyDeleteRunnerOptions) {
    this.o = { now: Date.now, random: Math.random, idleMs: 60_000, ...options };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.kick();
  }

  /** Look at the queue now (a purge just queued deletes). */
  kick(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.busy) return; // the running pass reschedules itself when it ends
    this.busy = this.runDue()
      .then(() => undefined)
      .catch((e: unknown) => this.o.log?.('error', 'privacy deletes at ZOLOZ: the queue could not be worked', e))
      .finally(() => {
        this.busy = null;
        this.schedule();
      });
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
    await this.busy;
  }

  /** Sends every delete due now, one at a time; returns how many ZOLOZ confirmed. */
  async runDue(): Promise<number> {
    let confirmed = 0;
    while (!this.abort.signal.aborted) {
      const [next] = this.o.queue.duePrivacyDeletes(this.o.now(), 1);
      if (!next) break;
      if (await this.send(next)) confirmed++;
    }
    return confirmed;
  }

  private async send(job: QueuedPrivacyDelete): Promise<boolean> {
    try {
      const answer = await this.o.deleteAt({ bizId: job.bizId, transactionId: job.transactionId }, this.abort.signal);
      this.o.queue.recordPrivacyDeleted(job.id, answer);
      return true;
    } catch (error) {
      if (this.abort.signal.aborted) return false; // stopping: nothing recorded, it is still due after a restart
      const action = classifyFailure(error, job.attempts, this.o.policy, this.o.random);
      if (action.kind === 'retry') {
        this.o.queue.recordPrivacyDeleteRetry(job.id, action.message, this.o.now() + Math.max(action.delayMs, 1));
      } else {
        const rawBody = action.kind === 'needs_attention' ? action.rawBody : null;
        this.o.queue.recordPrivacyDeleteFailed(job.id, action.message, rawBody);
        this.o.log?.('warn', `privacy delete at ZOLOZ for verification ${job.verificationId} failed: ${action.message}`);
      }
      return false;
    }
  }

  private schedule(): void {
    if (!this.running) return;
    const at = this.o.queue.nextPrivacyDeleteAt();
    const wait = at === null ? this.o.idleMs : Math.min(this.o.idleMs, Math.max(0, at - this.o.now()));
    this.timer = setTimeout(() => this.kick(), wait + 1);
    this.timer.unref?.();
  }
}

/**
 * Starts the runner when ZOLOZ is configured (its adapter can delete); without it the deletes stay
 * queued until a kiosk with ZOLOZ credentials starts.
 */
export function startZolozPrivacyDeletes(options: {
  queue: PrivacyDeleteQueue;
  adapter: object | undefined;
  policy: BackoffPolicy;
  log?: PrivacyDeleteRunnerOptions['log'];
}): PrivacyDeleteRunner | null {
  const adapter = options.adapter as { deletePrivacyInfo?: (tx: ZolozTransactionRef, signal?: AbortSignal) => Promise<PrivacyDeleteAnswer> } | undefined;
  const deleteAt = adapter?.deletePrivacyInfo;
  if (!deleteAt) return null;
  const runner = new PrivacyDeleteRunner({
    queue: options.queue,
    deleteAt: (tx, signal) => deleteAt.call(adapter, tx, signal),
    policy: options.policy,
    ...(options.log ? { log: options.log } : {}),
  });
  runner.start();
  return runner;
}
