// Image retention: the images of verifications that reached a final state more than the retention
// period ago are dropped; metadata, the rest of the outcome and the audit stay. The cutoff is
// computed in one place (retentionCutoff) so the boundary is easy to check and test.
import type { ProviderId } from '../../shared/domain';
import type { ProviderProgress } from '../providers/provider';
import type { ProviderDataDeletes } from './provider-data-deletes';
import type { StoreContext } from './store-context';
import { FINAL_SQL, iso, PROGRESS_WITHOUT_IMAGES } from './verification-rows';

const DAY_MS = 86_400_000;
/** Days images of final verifications are kept when the configuration does not say. */
export const DEFAULT_IMAGE_RETENTION_DAYS = 30;

/**
 * The instant before which a verification must have finished for its images to be purged: exactly
 * `imageDays` whole days before `now`. A verification finished at the cutoff itself is kept
 * (the purge compares `finished_at < cutoff`).
 */
export function retentionCutoff(now: number, imageDays: number): number {
  return now - imageDays * DAY_MS;
}

export class Retention {
  constructor(
    private readonly ctx: StoreContext,
    /** Where a purge queues the deletes it asks of the provider (ZOLOZ privacyinfo/delete). */
    private readonly providerDeletes?: ProviderDataDeletes,
  ) {}

  /**
   * Drops the images (dropImagesOf) of verifications that finished before retentionCutoff(now,
   * imageDays). One audit row per verification, then an incremental vacuum hands the freed pages
   * back to the file system.
   */
  purgeExpiredImages(now: number, imageDays: number, actor: string): { verifications: number; captures: number } {
    const { ctx } = this;
    const cutoff = retentionCutoff(now, imageDays);
    let verifications = 0;
    let captures = 0;
    ctx.db.transaction(() => {
      const due = ctx
        .q<[number], { id: string; state: string; finished_at: number }>(
          `SELECT id, state, finished_at FROM verifications WHERE state IN ${FINAL_SQL} AND finished_at IS NOT NULL AND finished_at < ? AND images_purged_at IS NULL`,
        )
        .all(cutoff);
      for (const v of due) {
        const n = this.dropImagesOf(v.id, now);
        ctx.audit.append({ actor, action: 'images_purged', verificationId: v.id, detail: { captures: n, finishedAt: iso(v.finished_at), retentionDays: imageDays } });
        verifications++;
        captures += n;
      }
    })();
    if (verifications) ctx.db.pragma('incremental_vacuum');
    return { verifications, captures };
  }

  /**
   * Drops every image kept for one verification, inside the caller's transaction: the captures'
   * JPEG and preview, the document portrait crop inside the outcome (both providers inline it), the
   * face picture read from the document's chip, and a face crop left in the provider progress (ZOLOZ keeps the recognition, with
   * CROPPED_FACE_FROM_DOC, while the selfie comparison runs; a verification cancelled then keeps
   * it). Metadata, the rest of the outcome and the audit stay. Returns the captures cleared. One
   * piece for the retention purge and the supervisor's purge, so the two cannot drift apart.
   */
  dropImagesOf(id: string, now: number): number {
    const { ctx } = this;
    const held = ctx.q<[string], { provider: ProviderId; progress: string }>('SELECT provider, progress FROM verifications WHERE id = ?').get(id);
    if (held && this.providerDeletes) this.providerDeletes.queueFor(id, held.provider, JSON.parse(held.progress) as ProviderProgress, now);
    const captures = ctx
      .q('UPDATE captures SET jpeg = NULL, preview = NULL WHERE verification_id = ? AND (length(jpeg) IS NOT NULL OR length(preview) IS NOT NULL)')
      .run(id).changes;
    ctx
      .q(
        `UPDATE verifications SET images_purged_at = ?,
         outcome = CASE WHEN json_valid(outcome) AND json_extract(outcome, '$.portrait') IS NOT NULL THEN json_set(outcome, '$.portrait', json('null')) ELSE outcome END,
         progress = ${PROGRESS_WITHOUT_IMAGES}
       WHERE id = ?`,
      )
      .run(now, id);
    // The chip's face picture is an image of the holder like the captures; the verdict, SOD and DG1 stay.
    ctx.q('UPDATE chip_reads SET face = NULL, face_format = NULL WHERE verification_id = ? AND face IS NOT NULL').run(id);
    return captures;
  }
}
