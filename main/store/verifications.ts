// The teller's and supervisor's side of the outbox: creating a verification, adding its captures,
// submitting it to the queue, reading and listing it, and the supervisor's cancel and retry. Every
// change is one transaction together with its audit row.
import { randomUUID } from 'node:crypto';
import type { CaptureSide, CaptureSummary, DocumentType, ProviderId, QualityVerdict, Verification, VerificationState } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage, sidesParam } from '../../shared/kiosk-message';
import { checkDiskFloor } from './disk';
import { transition } from './state-transition';
import type { StoreContext } from './store-context';
import { CAPTURE_COLS, type CaptureRow, notFound, toCapture, toVerification, VERIFICATION_VIEW_COLS, type VerificationViewRow } from './verification-rows';

export interface CreateVerificationInput {
  documentType: DocumentType;
  provider: ProviderId;
  locale: string;
}

export interface PutCaptureInput {
  verificationId: string;
  side: CaptureSide;
  deviceId: string;
  jpeg: Buffer;
  /** Small JPEG for display; null when none could be made. */
  preview: Buffer | null;
  width: number;
  height: number;
  quality: QualityVerdict | null;
}

export interface ListOptions {
  state?: VerificationState;
  limit: number;
  cursor?: string;
}

/** Where captures are written and the free space that must remain there (0: no check). */
export interface DiskFloor {
  dataDir: string;
  minFreeBytes: number;
}

export class Verifications {
  constructor(
    private readonly ctx: StoreContext,
    private readonly disk: DiskFloor,
  ) {}

  create(input: CreateVerificationInput, actor: string): Verification {
    const { ctx } = this;
    const id = randomUUID();
    const now = ctx.now();
    ctx.db.transaction(() => {
      ctx
        .q(`INSERT INTO verifications (id, document_type, provider, locale, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'capturing', ?, ?)`)
        .run(id, input.documentType, input.provider, input.locale, now, now);
      ctx.audit.append({ actor, action: 'verification_created', verificationId: id, detail: { documentType: input.documentType, provider: input.provider, locale: input.locale } });
    })();
    return this.mustGet(id, false);
  }

  get(id: string, options: { previews: boolean }): Verification | null {
    const { ctx } = this;
    const row = ctx.q<[string], VerificationViewRow>(`SELECT ${VERIFICATION_VIEW_COLS} FROM verifications WHERE id = ?`).get(id);
    if (!row) return null;
    const captures = options.previews
      ? ctx.q<[string], CaptureRow>(`SELECT ${CAPTURE_COLS}, preview FROM captures WHERE verification_id = ? ORDER BY created_at, side`).all(id)
      : ctx.q<[string], CaptureRow>(`SELECT ${CAPTURE_COLS} FROM captures WHERE verification_id = ? ORDER BY created_at, side`).all(id);
    return toVerification(row, captures, options.previews);
  }

  /** The customer-facing language chosen for a verification (sent to the provider as its locale). */
  locale(id: string): string | null {
    return this.ctx.q<[string], { locale: string }>('SELECT locale FROM verifications WHERE id = ?').get(id)?.locale ?? null;
  }

  /** Newest first, keyset-paged by insertion order; no previews (they are for the detail view). */
  list(options: ListOptions): { items: Verification[]; nextCursor: string | null } {
    const { ctx } = this;
    const limit = Math.max(1, Math.min(200, Math.floor(options.limit)));
    let before = Number.MAX_SAFE_INTEGER;
    if (options.cursor !== undefined) {
      if (!/^\d{1,15}$/.test(options.cursor)) throw new KioskError('bad_request', kioskMessage('list_position'));
      before = Number(options.cursor);
    }
    const rows = options.state
      ? ctx
          .q<[string, number, number], VerificationViewRow>(`SELECT ${VERIFICATION_VIEW_COLS} FROM verifications WHERE state = ? AND seq < ? ORDER BY seq DESC LIMIT ?`)
          .all(options.state, before, limit + 1)
      : ctx.q<[number, number], VerificationViewRow>(`SELECT ${VERIFICATION_VIEW_COLS} FROM verifications WHERE seq < ? ORDER BY seq DESC LIMIT ?`).all(before, limit + 1);
    const page = rows.slice(0, limit);
    const byVerification = new Map<string, CaptureRow[]>();
    if (page.length) {
      const ids = page.map((r) => r.id);
      const capRows = ctx
        .q<string[], CaptureRow>(`SELECT ${CAPTURE_COLS} FROM captures WHERE verification_id IN (${ids.map(() => '?').join(',')}) ORDER BY created_at, side`)
        .all(...ids);
      for (const c of capRows) {
        const list = byVerification.get(c.verification_id) ?? [];
        list.push(c);
        byVerification.set(c.verification_id, list);
      }
    }
    return {
      items: page.map((r) => toVerification(r, byVerification.get(r.id) ?? [], false)),
      nextCursor: rows.length > limit ? String(page[page.length - 1]!.seq) : null,
    };
  }

  /** Adds a capture while the verification is still capturing; a second capture of a side replaces the first (retake). */
  putCapture(input: PutCaptureInput, actor: string): CaptureSummary {
    const { ctx } = this;
    if (this.disk.minFreeBytes) checkDiskFloor(this.disk.dataDir, this.disk.minFreeBytes);
    const id = randomUUID();
    const now = ctx.now();
    ctx.db.transaction(() => {
      const v = ctx.q<[string], { state: VerificationState }>('SELECT state FROM verifications WHERE id = ?').get(input.verificationId);
      if (!v) throw notFound();
      if (v.state !== 'capturing') {
        throw new KioskError('conflict', kioskMessage('submitted_no_images'));
      }
      const replaced = ctx.q<[string, string], { id: string }>('DELETE FROM captures WHERE verification_id = ? AND side = ? RETURNING id').get(input.verificationId, input.side);
      ctx
        .q(
          `INSERT INTO captures (id, verification_id, side, device_id, jpeg, preview, width, height, bytes, quality, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.verificationId,
          input.side,
          input.deviceId,
          input.jpeg,
          input.preview,
          input.width,
          input.height,
          input.jpeg.length,
          input.quality ? JSON.stringify(input.quality) : null,
          now,
        );
      ctx.q('UPDATE verifications SET updated_at = ? WHERE id = ?').run(now, input.verificationId);
      ctx.audit.append({
        actor,
        action: replaced ? 'capture_retaken' : 'capture_added',
        verificationId: input.verificationId,
        detail: { captureId: id, side: input.side, deviceId: input.deviceId, bytes: input.jpeg.length, replaced: replaced?.id ?? null },
      });
    })();
    const row = ctx.q<[string], CaptureRow>(`SELECT ${CAPTURE_COLS}, preview FROM captures WHERE id = ?`).get(id)!;
    return toCapture(row, true);
  }

  /** capturing → queued once every required side is captured; a missing side is named in the refusal. */
  submit(id: string, requiredSides: readonly CaptureSide[], actor: string): Verification {
    const { ctx } = this;
    const now = ctx.now();
    ctx.db.transaction(() => {
      const v = ctx.q<[string], { state: VerificationState }>('SELECT state FROM verifications WHERE id = ?').get(id);
      if (!v) throw notFound();
      if (v.state !== 'capturing') {
        throw new KioskError('conflict', kioskMessage('submitted_follow'));
      }
      const have = new Set(ctx.q<[string], { side: CaptureSide }>('SELECT side FROM captures WHERE verification_id = ?').all(id).map((r) => r.side));
      const missing = requiredSides.filter((s) => !have.has(s));
      if (missing.length) throw new KioskError('conflict', kioskMessage('sides_missing', { sides: sidesParam(missing) }));
      ctx.q(`UPDATE verifications SET state = 'queued', queued_at = ?, updated_at = ?, next_attempt_at = NULL WHERE id = ?`).run(now, now, id);
      ctx.audit.append({ actor, action: 'state_changed', verificationId: id, detail: { from: 'capturing', to: 'queued', sides: [...have].sort() } });
    })();
    return this.mustGet(id, false);
  }

  /** A supervisor (or the teller, before submission) abandons a verification. Final verifications cannot be cancelled. */
  cancel(id: string, actor: string, reason: string): Verification {
    transition(this.ctx, id, ['capturing', 'queued', 'submitting', 'awaiting_result', 'needs_attention'], 'cancelled', actor, { reason }, { finished: true });
    return this.mustGet(id, false);
  }

  /**
   * The teller abandons a verification still being captured (another document chosen, idle reset):
   * capturing → cancelled with its audit row, one transaction. Anything submitted is refused, so a
   * teller can never withdraw work that is already in the outbox (that is a supervisor's cancel).
   */
  cancelCapturing(id: string, actor: string): Verification {
    transition(this.ctx, id, ['capturing'], 'cancelled', actor, { reason: 'abandoned_by_teller' }, { finished: true });
    return this.mustGet(id, false);
  }

  /** needs_attention → queued (a supervisor fixed the cause); progress is kept so finished steps are not repeated. */
  retry(id: string, actor: string, reason: string): Verification {
    transition(this.ctx, id, ['needs_attention'], 'queued', actor, { reason }, { resetSync: true });
    return this.mustGet(id, false);
  }

  private mustGet(id: string, previews: boolean): Verification {
    const v = this.get(id, { previews });
    if (!v) throw notFound();
    return v;
  }
}
