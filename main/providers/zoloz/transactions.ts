// The ZOLOZ transactions a verification's saved progress names: what privacyinfo/delete must be
// asked for when its data is purged. Pure, no I/O: the store reads it inside the purge transaction.
import type { ProviderProgress } from '../provider';

/** One ZOLOZ transaction of a verification: what privacyinfo/delete names. */
export interface ZolozTransactionRef {
  bizId: string;
  transactionId: string;
}

/**
 * The recognition's transaction, once ZOLOZ returned it. A second transaction whose reply was lost
 * (possibleDuplicates) has no id the kiosk ever learnt, so it cannot be named here.
 */
export function zolozTransactionsOf(progress: ProviderProgress): ZolozTransactionRef[] {
  const { bizId, transactionId } = progress as { bizId?: unknown; transactionId?: unknown };
  return typeof bizId === 'string' && typeof transactionId === 'string' && bizId && transactionId ? [{ bizId, transactionId }] : [];
}
