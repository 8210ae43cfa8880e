// The bank's chip policy as the teller's screen needs it: 'off', 'offer' (the teller may skip the chip)
// or 'required' (config `chip.mode`; 'required' is enforced at submit by the chip submit gate). Read defensively from the
// loaded config so a kiosk without the setting offers the chip.
import { ChipPolicy } from '../../shared/contract-chip';

export function chipPolicyOf(config: object): ChipPolicy {
  const parsed = ChipPolicy.safeParse((config as { chip?: { mode?: unknown } }).chip?.mode);
  return parsed.success ? parsed.data : 'offer';
}
