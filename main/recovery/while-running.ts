// The recovery calls on a kiosk that runs: it is not stopped, so there is nothing to recover.
import type { CallRequest, CallResponse } from '../../shared/contract';
import type { recoveryCalls } from '../../shared/contract-recovery';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';

type RecoveryCallName = keyof typeof recoveryCalls;
export type RecoveryCalls = { [N in RecoveryCallName]: (request: CallRequest<N>) => Promise<CallResponse<N>> };

const NOTHING = (): never => {
  throw new KioskError('conflict', kioskMessage('recovery_not_needed'));
};

export const recoveryWhileRunning: RecoveryCalls = {
  recoveryStatus: async () => ({ stopped: false }),
  recoveryBackups: async () => NOTHING(),
  recoveryRequest: async () => NOTHING(),
  recoveryConfirm: async () => NOTHING(),
  recoveryDiscard: async () => NOTHING(),
};
