// Is each provider reachable? Learned from every real call (answered = reachable; no answer =
// unreachable) and, while a provider is unreachable, from a cheap probe repeated with backoff.
// The worker does not spend retries on a provider known to be unreachable: the queue waits quietly
// and resumes by itself when a probe succeeds.
import type { ProviderId } from '../../shared/domain';
import type { ProviderAdapter } from '../providers/provider';
import { backoffDelay, type BackoffPolicy } from './retry';

interface ProviderReach {
  reachable: boolean | null;
  failedProbes: number;
  nextProbeAt: number;
  probing: boolean;
}

export class Connectivity {
  private readonly reach = new Map<ProviderId, ProviderReach>();

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  private entry(id: ProviderId): ProviderReach {
    let e = this.reach.get(id);
    if (!e) this.reach.set(id, (e = { reachable: null, failedProbes: 0, nextProbeAt: 0, probing: false }));
    return e;
  }

  /** null = not known yet (no call made). */
  reachable(id: ProviderId): boolean | null {
    return this.reach.get(id)?.reachable ?? null;
  }

  /** Worth sending real work to: reachable or not known yet. */
  usable(id: ProviderId): boolean {
    return this.reachable(id) !== false;
  }

  /** Online = at least one provider is (or may be) reachable. */
  online(ids: readonly ProviderId[]): boolean {
    return ids.length === 0 || ids.some((id) => this.usable(id));
  }

  noteAnswered(id: ProviderId): boolean {
    const e = this.entry(id);
    const changed = e.reachable !== true;
    e.reachable = true;
    e.failedProbes = 0;
    return changed;
  }

  noteUnreachable(id: ProviderId): boolean {
    const e = this.entry(id);
    const changed = e.reachable !== false;
    if (changed) {
      e.reachable = false;
      e.failedProbes = 0;
      e.nextProbeAt = this.now() + backoffDelay(0, this.policy, this.random);
    }
    return changed;
  }

  /** When the next probe is due for an unreachable provider (epoch ms), or null. */
  nextProbeAt(): number | null {
    let t: number | null = null;
    for (const e of this.reach.values()) if (e.reachable === false && !e.probing) t = t === null ? e.nextProbeAt : Math.min(t, e.nextProbeAt);
    return t;
  }

  /** Probes every unreachable provider whose backoff has elapsed. Resolves to the providers now back. */
  async probeDue(adapters: ReadonlyMap<ProviderId, ProviderAdapter>, signal: AbortSignal): Promise<ProviderId[]> {
    const back: ProviderId[] = [];
    const now = this.now();
    await Promise.all(
      [...this.reach.entries()]
        .filter(([id, e]) => e.reachable === false && !e.probing && e.nextProbeAt <= now && adapters.has(id))
        .map(async ([id, e]) => {
          e.probing = true;
          let ok: boolean;
          try {
            ok = await adapters.get(id)!.probe(signal);
          } catch {
            ok = false;
          } finally {
            e.probing = false;
          }
          if (signal.aborted) return;
          if (ok) {
            this.noteAnswered(id);
            back.push(id);
          } else {
            e.failedProbes++;
            // The probe schedule never needs to be slower than a minute: probes are cheap and being
            // late to notice the network came back costs tellers time.
            e.nextProbeAt = this.now() + Math.max(this.policy.baseMs / 2, backoffDelay(e.failedProbes, { baseMs: this.policy.baseMs, capMs: Math.min(this.policy.capMs, 60_000) }, this.random));
          }
        }),
    );
    return back;
  }
}
