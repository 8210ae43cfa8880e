// What a supervisor can do to a verification: retry now, cancel, override the decision (optionally
// under the four-eyes rule), purge its images now. Each change and its audit row (who, when, why)
// commit in one transaction; the sync worker is kicked so a retry starts at once and resumes at the
// step where it stopped (provider progress is never reset here).
import { randomUUID } from 'node:crypto';
import type { VerificationState } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import type { Store } from '../store/store';
import { actorOf, type SupervisorAuth } from './auth';

export type OverrideDecision = 'accepted' | 'declined';

export interface PendingOverride {
  id: string;
  verificationId: string;
  decision: OverrideDecision;
  reason: string;
  requestedBy: string;
  requestedAt: string;
}

export type OverrideResult =
  | { status: 'applied'; confirmedBy: string | null }
  | { status: 'pending'; pending: PendingOverride }
  | { status: 'wrong_pin'; attemptsLeft: number }
  | { status: 'locked'; lockedUntil: string };

/** States from which a supervisor may set the decision: a provider's verdict, or work that is stuck. */
const OVERRIDABLE: readonly VerificationState[] = ['accepted', 'declined', 'failed', 'needs_attention'];
/** Pending states whose next attempt a supervisor may bring forward. */
const WAITING: readonly VerificationState[] = ['queued', 'submitting', 'awaiting_result'];
const FINAL: readonly VerificationState[] = ['accepted', 'declined', 'failed', 'cancelled'];

export interface ReviewActionsOptions {
  store: Store;
  auth: SupervisorAuth;
  fourEyes: boolean;
  now: () => number;
  /** A verification changed: the service emits it to the screens. */
  changed(id: string): void;
  /** Wake the sync worker. */
  kick(): void;
}

export function cleanReason(reason: string): string {
  const clean = reason.replace(/\s+/g, ' ').trim();
  if (clean.length < 3) throw new KioskError('bad_request', kioskMessage('review_reason_short'));
  return clean.slice(0, 500);
}

export class ReviewActions {
  constructor(private readonly o: ReviewActionsOptions) {}

  /**
   * needs_attention → queued, or a waiting verification's next attempt brought forward to now. A
   * retry changes no decision, so it needs no reason; an optional note goes into the audit row.
   */
  retry(name: string, id: string, note?: string): void {
    const clean = (note ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
    const why = clean || 'retry requested by a supervisor';
    const state = this.stateOf(id);
    if (state === 'needs_attention') {
      this.o.store.retryVerification(id, actorOf(name), why);
    } else if (WAITING.includes(state)) {
      const db = this.o.store.db;
      db.transaction(() => {
        db.prepare('UPDATE verifications SET next_attempt_at = NULL, updated_at = ? WHERE id = ?').run(this.o.now(), id);
        this.o.store.audit.append({ actor: actorOf(name), action: 'retry_now', verificationId: id, detail: { state, reason: why } });
      })();
    } else {
      throw new KioskError('conflict', kioskMessage('review_nothing_to_retry', { state }));
    }
    this.o.changed(id);
    this.o.kick();
  }

  cancel(name: string, id: string, reason: string): void {
    this.o.store.cancelVerification(id, actorOf(name), cleanReason(reason));
    this.o.changed(id);
  }

  /**
   * Applies at once, or (four-eyes) records a pending override a second supervisor must confirm.
   * The requester's PIN is checked again first: a session left open is not enough to decide.
   */
  async requestOverride(name: string, id: string, decision: OverrideDecision, reason: string, pin: string): Promise<OverrideResult> {
    const why = cleanReason(reason);
    this.checkOverridable(id, decision);
    const check = await this.o.auth.reconfirm(pin, name);
    if (!check.ok) {
      this.o.store.audit.append({ actor: actorOf(name), action: 'override_refused', verificationId: id, detail: { decision, reason: check.reason } });
      return check.reason === 'locked' ? { status: 'locked', lockedUntil: check.lockedUntil } : { status: 'wrong_pin', attemptsLeft: check.attemptsLeft };
    }
    this.checkOverridable(id, decision);
    if (!this.o.fourEyes) {
      this.applyOverride(id, decision, why, name, null, null);
      return { status: 'applied', confirmedBy: null };
    }
    const pendingId = randomUUID();
    const now = this.o.now();
    const db = this.o.store.db;
    db.transaction(() => {
      // One open request per verification: a new one replaces the previous (audited as discarded).
      for (const old of db.prepare<[string], { id: string }>('SELECT id FROM pending_overrides WHERE verification_id = ? AND resolved_at IS NULL').all(id)) {
        db.prepare(`UPDATE pending_overrides SET resolved_at = ?, resolved_by = ?, resolution = 'discarded' WHERE id = ?`).run(now, actorOf(name), old.id);
        this.o.store.audit.append({ actor: actorOf(name), action: 'override_discarded', verificationId: id, detail: { pendingId: old.id, reason: 'replaced by a new request' } });
      }
      db.prepare('INSERT INTO pending_overrides (id, verification_id, decision, reason, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        pendingId,
        id,
        decision,
        why,
        name,
        now,
      );
      this.o.store.audit.append({ actor: actorOf(name), action: 'override_requested', verificationId: id, detail: { pendingId, decision, reason: why, fourEyes: true } });
    })();
    this.o.changed(id);
    return { status: 'pending', pending: this.pending(pendingId)! };
  }

  /** The second supervisor enters their PIN; the requester's own PIN is refused. */
  async confirmOverride(sessionName: string, pendingId: string, pin: string): Promise<OverrideResult> {
    const p = this.pending(pendingId);
    if (!p) throw new KioskError('not_found', kioskMessage('review_override_gone_decision'));
    const check = await this.o.auth.confirmByOther(pin, p.requestedBy);
    if (!check.ok) {
      this.o.store.audit.append({ actor: actorOf(sessionName), action: 'override_confirm_failed', verificationId: p.verificationId, detail: { pendingId, reason: check.reason } });
      return check.reason === 'locked' ? { status: 'locked', lockedUntil: check.lockedUntil } : { status: 'wrong_pin', attemptsLeft: check.attemptsLeft };
    }
    this.checkOverridable(p.verificationId, p.decision);
    this.applyOverride(p.verificationId, p.decision, p.reason, p.requestedBy, check.name, pendingId);
    return { status: 'applied', confirmedBy: check.name };
  }

  discardOverride(name: string, pendingId: string): void {
    const p = this.pending(pendingId);
    if (!p) throw new KioskError('not_found', kioskMessage('review_override_gone'));
    const db = this.o.store.db;
    db.transaction(() => {
      db.prepare(`UPDATE pending_overrides SET resolved_at = ?, resolved_by = ?, resolution = 'discarded' WHERE id = ? AND resolved_at IS NULL`).run(this.o.now(), actorOf(name), pendingId);
      this.o.store.audit.append({ actor: actorOf(name), action: 'override_discarded', verificationId: p.verificationId, detail: { pendingId } });
    })();
    this.o.changed(p.verificationId);
  }

  /** The verification an open override request belongs to. */
  pendingVerification(pendingId: string): string {
    const p = this.pending(pendingId);
    if (!p) throw new KioskError('not_found', kioskMessage('review_override_gone'));
    return p.verificationId;
  }

  pendingFor(verificationId: string): PendingOverride | null {
    const r = this.o.store.db
      .prepare<[string], { id: string }>('SELECT id FROM pending_overrides WHERE verification_id = ? AND resolved_at IS NULL ORDER BY requested_at DESC LIMIT 1')
      .get(verificationId);
    return r ? this.pending(r.id) : null;
  }

  /**
   * Drops this verification's images now (full JPEGs, previews and the provider's portrait crop);
   * metadata, outcome fields and audit stay. Only once it is final: the sync worker may still need
   * the images of anything in progress.
   */
  purgeImages(name: string, id: string, reason: string): { captures: number } {
    const why = cleanReason(reason);
    const db = this.o.store.db;
    const now = this.o.now();
    let captures = 0;
    db.transaction(() => {
      const state = this.stateOf(id);
      if (!FINAL.includes(state)) {
        throw new KioskError('conflict', kioskMessage('review_purge_needed', { state }));
      }
      captures = this.o.store.dropImagesOf(id, now);
      db.prepare('UPDATE verifications SET updated_at = ? WHERE id = ?').run(now, id);
      this.o.store.audit.append({ actor: actorOf(name), action: 'images_purged', verificationId: id, detail: { captures, reason: why, manual: true } });
    })();
    db.pragma('incremental_vacuum');
    this.o.changed(id);
    return { captures };
  }

  // ------------------------------------------------------------------ internals

  private applyOverride(id: string, decision: OverrideDecision, reason: string, requestedBy: string, confirmedBy: string | null, pendingId: string | null): void {
    const db = this.o.store.db;
    const now = this.o.now();
    db.transaction(() => {
      const from = this.stateOf(id);
      db.prepare(
        `UPDATE verifications SET state = ?, finished_at = coalesce(finished_at, ?), next_attempt_at = NULL, updated_at = ?,
           override_decision = ?, override_by = ?, override_confirmed_by = ?, override_reason = ?, override_at = ? WHERE id = ?`,
      ).run(decision, now, now, decision, requestedBy, confirmedBy, reason, now, id);
      if (pendingId) {
        // The request was read before the confirming PIN was checked (which takes a while): if it
        // was discarded or replaced meanwhile, nothing is applied (the state update above rolls back).
        const confirmed = db
          .prepare(`UPDATE pending_overrides SET resolved_at = ?, resolved_by = ?, resolution = 'confirmed' WHERE id = ? AND resolved_at IS NULL`)
          .run(now, actorOf(confirmedBy ?? requestedBy), pendingId);
        if (confirmed.changes === 0) {
          throw new KioskError('conflict', kioskMessage('review_override_replaced'));
        }
      }
      this.o.store.audit.append({
        actor: actorOf(requestedBy),
        action: 'decision_overridden',
        verificationId: id,
        detail: { from, to: decision, reason, confirmedBy: confirmedBy ? actorOf(confirmedBy) : null, pendingId, fourEyes: this.o.fourEyes },
      });
    })();
    this.o.changed(id);
  }

  private checkOverridable(id: string, decision: OverrideDecision): void {
    const state = this.stateOf(id);
    if (!OVERRIDABLE.includes(state)) {
      throw new KioskError('conflict', kioskMessage('review_decision_not_now', { state }));
    }
    if (state === decision) throw new KioskError('conflict', kioskMessage('review_decision_same', { state }));
  }

  private stateOf(id: string): VerificationState {
    const r = this.o.store.db.prepare<[string], { state: VerificationState }>('SELECT state FROM verifications WHERE id = ?').get(id);
    if (!r) throw new KioskError('not_found', kioskMessage('verification_not_found'));
    return r.state;
  }

  private pending(pendingId: string): PendingOverride | null {
    const r = this.o.store.db
      .prepare<[string], { id: string; verification_id: string; decision: OverrideDecision; reason: string; requested_by: string; requested_at: number }>(
        'SELECT * FROM pending_overrides WHERE id = ? AND resolved_at IS NULL',
      )
      .get(pendingId);
    return r
      ? { id: r.id, verificationId: r.verification_id, decision: r.decision, reason: r.reason, requestedBy: r.requested_by, requestedAt: new Date(r.requested_at).toISOString() }
      : null;
  }
}

