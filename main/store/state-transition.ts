// The one guarded state change shared by supervisor actions (cancel, retry) and the sync worker
// (needs attention, session restart): checks the verification is in one of the allowed states and
// writes the new state with its audit row in one transaction.
import type { VerificationState } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage, type KioskMessage } from '../../shared/kiosk-message';
import type { StoreContext } from './store-context';
import { notFound } from './verification-rows';

export interface TransitionOptions {
  /** The verification reaches a final state: stamp finished_at, nothing more is due. */
  finished?: boolean;
  /** Forget attempts, the last error and the next attempt time. */
  resetSync?: boolean;
  /** Start over at the provider: empty progress, no step. */
  resetProgress?: boolean;
  lastError?: string;
  /** The same failure as the screen's sentence (stored with lastError; null: none). */
  lastErrorSentence?: KioskMessage | null;
  /** The provider's raw reply to keep for a supervisor. */
  raw?: string | null;
}

/** Moves `id` from one of `from` to `to`; a verification in any other state is refused with a conflict the user can act on. */
export function transition(
  ctx: StoreContext,
  id: string,
  from: readonly VerificationState[],
  to: VerificationState,
  actor: string,
  detail: Record<string, unknown>,
  opts: TransitionOptions = {},
): void {
  const now = ctx.now();
  ctx.db.transaction(() => {
    const row = ctx.q<[string], { state: VerificationState }>('SELECT state FROM verifications WHERE id = ?').get(id);
    if (!row) throw notFound();
    if (!from.includes(row.state)) {
      throw new KioskError('conflict', kioskMessage('state_not_now', { state: row.state }));
    }
    const sets = ['state = ?', 'updated_at = ?'];
    const args: unknown[] = [to, now];
    if (opts.finished) {
      sets.push('finished_at = ?', 'next_attempt_at = NULL');
      args.push(now);
    }
    if (opts.resetSync) sets.push('attempts = 0', 'last_error = NULL', 'last_error_sentence = NULL', 'next_attempt_at = NULL');
    if (opts.resetProgress) sets.push(`progress = '{}'`, 'step = NULL', 'next_attempt_at = NULL');
    if (opts.lastError !== undefined) {
      sets.push('last_error = ?', 'last_error_sentence = ?');
      args.push(opts.lastError, opts.lastErrorSentence ? JSON.stringify(opts.lastErrorSentence) : null);
    }
    if (opts.raw !== undefined) {
      sets.push('raw_response = ?');
      args.push(opts.raw);
    }
    ctx.q(`UPDATE verifications SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    ctx.audit.append({ actor, action: 'state_changed', verificationId: id, detail: { from: row.state, to, ...detail } });
  })();
}
