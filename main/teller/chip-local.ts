// Chip evidence while the provider cannot be reached (config chip.completeOnChipAlone): a submitted
// verification whose chip was verified and matches the printed page is shown to the teller as "chip
// verified on this kiosk" — the strongest check a branch can make on its own — instead of only "waiting".
// Nothing else changes: the verification stays in the outbox, the provider receives it when it is back,
// and the provider's answer is the outcome. The first time it is shown it is recorded in the audit log
// (`chip_verified_locally`, with the country and provider only), which is what the teller's screen reads
// afterwards, so the mark survives a restart and the provider coming back.
import type { ChipLocalResult, ProviderId, Verification } from '../../shared/domain';
import { isFinalState } from '../../shared/domain';
import { createChipReadStore } from '../store/chip-reads';
import type { Store } from '../store/store';
import { chipVerified, type RevocationUnknownPolicy } from './chip-gate';

export const CHIP_LOCAL_ACTION = 'chip_verified_locally';

export interface ChipLocalDeps {
  store: Store;
  /** config chip.completeOnChipAlone (and chip reading not turned off). */
  enabled: () => boolean;
  /** config chip.revocationUnknown: under 'refuse' a read with its signer's revocation unknown does not count. */
  revocationUnknown?: () => RevocationUnknownPolicy;
  training: boolean;
  /** The provider is down: its connectivity probe says unreachable, or its circuit is open. */
  providerDown: (provider: ProviderId) => boolean;
}

type MarkRow = { at: string; detail: string };

export function createChipLocalResult(deps: ChipLocalDeps): (v: Verification) => Verification {
  const reads = createChipReadStore(deps.store.db);
  const marked = deps.store.db.prepare<[string, string], MarkRow>(
    'SELECT at, detail FROM audit_log WHERE verification_id = ? AND action = ? ORDER BY seq DESC LIMIT 1',
  );
  const shown = (v: Verification, country: string | null, at: string): Verification => {
    const chipLocal: ChipLocalResult = { status: 'chip-verified', country, at, providerPending: true };
    return { ...v, chipLocal };
  };

  return (v) => {
    // Only between submit and the provider's answer.
    if (v.state === 'capturing' || v.state === 'needs_attention' || isFinalState(v.state) || v.outcome) return v;
    const mark = marked.get(v.id, CHIP_LOCAL_ACTION);
    if (mark) return shown(v, (JSON.parse(mark.detail) as { country?: string | null }).country ?? null, mark.at);
    if (!deps.enabled() || !deps.providerDown(v.provider)) return v;
    const read = reads.latest(v.id);
    if (!chipVerified(read, deps.training, deps.revocationUnknown?.() ?? 'warn')) return v;
    const row = deps.store.audit.append({
      actor: 'system',
      action: CHIP_LOCAL_ACTION,
      verificationId: v.id,
      detail: { country: read.country, provider: v.provider, ...(read.training ? { training: true } : {}) },
    });
    return shown(v, read.country, row.at);
  };
}
