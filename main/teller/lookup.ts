// The verification a teller call names, or the teller-facing "no longer exists" error.
import type { Verification } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import type { Store } from '../store/store';

export type VerificationLookup = (id: string, previews: boolean) => Verification;

export function createVerificationLookup(store: Store): VerificationLookup {
  return (id, previews) => {
    const v = store.getVerification(id, { previews });
    if (!v) throw new KioskError('not_found', kioskMessage('verification_gone'));
    return v;
  };
}
