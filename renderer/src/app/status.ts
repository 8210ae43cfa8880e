// What the kiosk's status means for the banners. Pure, so the rule is unit-tested.
import type { KioskStatus } from '../../../shared/domain';

/**
 * Offline when main says so, or when no configured provider is known to answer and at least one is
 * known not to. Main counts a provider never called yet as "maybe online"; in a branch the providers
 * share one network link, so one provider failing to answer while none answers is the offline case
 * the teller must see (the queue is waiting), even if another provider has simply not been tried.
 */
export function isOffline(status: KioskStatus | null): boolean {
  if (!status) return false;
  if (!status.online) return true;
  const configured = status.providers.filter((p) => p.configured);
  return configured.some((p) => p.reachable === false) && !configured.some((p) => p.reachable === true);
}

/**
 * Verifications the branch still has to get out: never sent plus part-sent. Both wait for the
 * network; the teller does not need to know which step a waiting one stopped at.
 */
export function waitingToSend(queue: KioskStatus['queue'] | undefined | null): number {
  return queue ? queue.waiting + queue.inFlight : 0;
}
