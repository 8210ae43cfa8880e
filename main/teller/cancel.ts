// The teller abandons a verification still being captured ("Choose another document", idle reset):
// capturing → cancelled, audited by the store; anything already submitted is refused there.
import type { CallRequest } from '../../shared/contract';
import type { Verification } from '../../shared/domain';
import type { KioskEvents } from '../events';
import type { Store } from '../store/store';

export function createCancelVerification(deps: { store: Store; events: KioskEvents }) {
  return async ({ verificationId }: CallRequest<'cancelVerification'>): Promise<Verification> => {
    const cancelled = deps.store.cancelCapturingVerification(verificationId, 'teller');
    deps.events.emit('verificationUpdated', cancelled);
    return cancelled;
  };
}
