// A provider request's deadline, as an AbortSignal that is let go the moment the request is done.
//
// Why not AbortSignal.timeout() combined with AbortSignal.any(): a timeout signal's timer stays
// armed until it fires, even after its request finished, and it keeps the signal alive. The signal
// AbortSignal.any() built on it stays alive too, with its set of sources and its weak references.
// With a 30 s deadline, a draining queue held every request of the last 30 seconds. A heap snapshot
// after a drain of 1,500 verifications counted ~10,500 such timers and signals. That was ~8 MB of
// live heap, and V8 sized the main heap to it (test/bench/sync-drain.ts). A deadline that is
// cleared when its request ends holds nothing afterwards.

/** The reason a deadline aborts with: the same DOMException AbortSignal.timeout() uses. */
function timeoutReason(ms: number): DOMException {
  return new DOMException(`The operation was aborted due to timeout (${ms} ms)`, 'TimeoutError');
}

export interface Deadline {
  /** Aborts when the deadline passes or when the caller's signal aborts (with that signal's reason). */
  readonly signal: AbortSignal;
  /** True once the deadline itself has passed (not when the caller aborted). */
  readonly timedOut: boolean;
  /** The request is over: disarms the timer and lets go of the caller's signal. Safe to call twice. */
  done(): void;
}

/** Starts a deadline of `ms` milliseconds, tied to `caller` when given (a stop or a cancel). */
export function startDeadline(ms: number, caller?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = (): void => controller.abort(caller?.reason);
  // Unref'd like AbortSignal.timeout's timer: a pending deadline never keeps the process alive.
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(timeoutReason(ms));
  }, ms);
  timer.unref();
  if (caller?.aborted) controller.abort(caller.reason);
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    done() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}
