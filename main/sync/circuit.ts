// Per-provider circuit breaker: after `failureThreshold` consecutive retryable failures the provider is
// left alone for `openMs` (doubling up to `maxOpenMs` while it keeps failing), then ONE trial request
// is let through (half open); its success closes the circuit, its failure opens it again.
export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitOptions {
  failureThreshold: number;
  openMs: number;
  maxOpenMs: number;
}

export const DEFAULT_CIRCUIT: CircuitOptions = { failureThreshold: 5, openMs: 30_000, maxOpenMs: 5 * 60_000 };

export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private opens = 0;
  private trialInFlight = false;
  private current: CircuitState = 'closed';

  constructor(
    private readonly options: CircuitOptions = DEFAULT_CIRCUIT,
    private readonly now: () => number = Date.now,
  ) {}

  state(): CircuitState {
    if (this.current === 'open' && this.now() >= this.openUntil) this.current = 'half_open';
    return this.current;
  }

  /** May a request start now? In half-open state only one trial request at a time is allowed. */
  tryAcquire(): boolean {
    const s = this.state();
    if (s === 'closed') return true;
    if (s === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** When the circuit will next allow a trial (epoch ms), or null when closed. */
  retryAt(): number | null {
    return this.current === 'closed' ? null : this.openUntil;
  }

  onSuccess(): void {
    this.failures = 0;
    this.opens = 0;
    this.trialInFlight = false;
    this.current = 'closed';
  }

  onFailure(): void {
    this.failures++;
    const wasTrial = this.trialInFlight;
    this.trialInFlight = false;
    if (wasTrial || this.failures >= this.options.failureThreshold) {
      this.opens++;
      this.openUntil = this.now() + Math.min(this.options.maxOpenMs, this.options.openMs * 2 ** (this.opens - 1));
      this.current = 'open';
    }
  }

  /** A request that was let through ended without telling us anything about the provider (e.g. shutdown). */
  release(): void {
    this.trialInFlight = false;
  }
}
