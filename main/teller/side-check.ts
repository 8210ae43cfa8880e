// "The new side differs": when the teller captures one side of a two-sided document, the kiosk compares it
// with the other side already captured. The same layout (the front captured twice, the card not turned
// over) or machine-readable lines naming another document number (a back from a different card) make the
// new capture unusable with a sentence and the next step (quality.same_side / quality.other_document),
// stored in its quality verdict so review, submit and a reload all see it, and audited.
import type { CaptureSide, QualityVerdict } from '../../shared/domain';
import { CapturePrecheck } from '../../shared/precheck';
import { SAME_SIDE_DISTANCE, sideDistance, sideSignatures } from '../capture/side-signature';
import type { AuditLog } from '../store/audit';
import type { Db } from '../store/db';

export interface SideCheckInput {
  verificationId: string;
  side: CaptureSide;
  captureId: string;
  /** The image kept for the new capture (a camera's already cut down to the card). */
  jpeg: Buffer;
  quality: QualityVerdict;
  precheck: CapturePrecheck | null;
}

export type SideFinding = 'same_side' | 'other_document';

const OPPOSITE: Partial<Record<CaptureSide, CaptureSide>> = { front: 'back', back: 'front' };

/** Verdicts that already send the teller back to the device: comparing such an image says nothing. */
const ALREADY_UNUSABLE: ReadonlySet<string> = new Set(['too_dark', 'too_bright', 'no_document', 'cropped']);

/** The document number of an MRZ whose check digits all hold, else null. */
function confirmedDocumentNumber(precheck: CapturePrecheck | null | undefined): string | null {
  const mrz = precheck?.mrz;
  return mrz && mrz.status === 'accepted' && mrz.documentNumber ? mrz.documentNumber : null;
}

export function createSideCheck(db: Db, audit: Pick<AuditLog, 'append'>) {
  const otherSide = db.prepare<[string, string, string], { id: string; jpeg: Buffer | null; precheck: string | null }>(
    'SELECT id, jpeg, precheck FROM captures WHERE verification_id = ? AND side = ? AND id != ? ORDER BY created_at DESC LIMIT 1',
  );
  const setQuality = db.prepare<[string, string]>('UPDATE captures SET quality = ? WHERE id = ?');

  return {
    /** The new capture's verdict with the finding (stored and audited), or null when the sides are consistent. */
    async check(input: SideCheckInput): Promise<{ finding: SideFinding; quality: QualityVerdict } | null> {
      const opposite = OPPOSITE[input.side];
      if (!opposite || (input.quality.instruction && ALREADY_UNUSABLE.has(input.quality.instruction))) return null;
      const other = otherSide.get(input.verificationId, opposite, input.captureId);
      if (!other?.jpeg) return null;

      const [mine, theirs] = await Promise.all([sideSignatures(input.jpeg), sideSignatures(other.jpeg)]);
      const distance = sideDistance(mine, theirs[0]);
      let finding: SideFinding | null = distance < SAME_SIDE_DISTANCE ? 'same_side' : null;
      const number = confirmedDocumentNumber(input.precheck);
      const parsed = other.precheck ? CapturePrecheck.safeParse(JSON.parse(other.precheck)) : null;
      const otherNumber = confirmedDocumentNumber(parsed?.success ? parsed.data : null);
      if (!finding && number && otherNumber && number !== otherNumber) finding = 'other_document';
      if (!finding) return null;

      const quality: QualityVerdict = { ...input.quality, ok: false, instruction: finding };
      db.transaction(() => {
        setQuality.run(JSON.stringify(quality), input.captureId);
        audit.append({
          actor: 'teller',
          action: 'capture_side_mismatch',
          verificationId: input.verificationId,
          detail: { captureId: input.captureId, side: input.side, otherCaptureId: other.id, finding, layoutDistance: Math.round(distance * 1000) / 1000 },
        });
      })();
      return { finding, quality };
    },
  };
}

export type SideCheck = ReturnType<typeof createSideCheck>;
