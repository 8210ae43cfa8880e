// "The new side differs": when the teller captures one side of a two-sided document, the kiosk compares it
// with the other side already captured. The same layout (the front captured twice, the card not turned
// over) or machine-readable lines naming another document number (a back from a different card) make the
// new capture unusable with a sentence and the next step (quality.same_side / quality.other_document),
// stored in its quality verdict so review, submit and a reload all see it, and audited.
// The document portrait weighs in: a front shows one, a back usually not. Two images whose portraits
// disagree (one has it, the other not) are two sides whatever their layouts say; two that both show one
// are the front twice at a looser layout distance. Each image's portrait comes from its own face precheck
// (the front's), else from the face detector asked once here (the back's).
// A finding belongs to the pair as it is now: when one side is captured again, a finding on the other
// side (judged against the image just replaced) is withdrawn and that side's own verdict comes back; the
// new pair is then judged and any finding goes on the newest capture.
import type { CaptureSide, QualityVerdict } from '../../shared/domain';
import { CapturePrecheck, type FacePrecheck } from '../../shared/precheck';
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

/** The face detector of the precheck (document portrait target). */
export interface PortraitDetector {
  check(jpeg: Buffer, target: 'document_portrait'): Promise<FacePrecheck>;
}

/**
 * Below this layout distance two images that both show a portrait are the same side. Halfway between the
 * same-side pairs (≤ 0.19) and the front/back pairs (≥ 0.52) of test/unit/capture/side-signature.test.ts
 * is SAME_SIDE_DISTANCE; a second portrait moves the line up to just under the nearest front/back pair.
 */
export const SAME_SIDE_WITH_PORTRAITS = 0.5;

/** What the image showed on its own, kept in the stored verdict while a side finding overrides it. */
type OwnVerdict = { ok: boolean; instruction: string | null };
type StoredVerdict = QualityVerdict & { beforeSideCheck?: OwnVerdict };

const OPPOSITE: Partial<Record<CaptureSide, CaptureSide>> = { front: 'back', back: 'front' };

/** Verdicts that already send the teller back to the device: comparing such an image says nothing. */
const ALREADY_UNUSABLE: ReadonlySet<string> = new Set(['too_dark', 'too_bright', 'no_document', 'cropped']);

/** Whether the precheck looked for a document portrait, and if so whether it found one. */
function portraitIn(precheck: CapturePrecheck | null | undefined): boolean | null {
  const face = precheck?.face;
  return face && face.target === 'document_portrait' ? face.faces > 0 : null;
}

/** The judgement of a front/back pair from their layouts, portraits and MRZ document numbers. */
export function judgeSides(pair: { distance: number; portraits: [boolean | null, boolean | null]; numbers: [string | null, string | null] }): SideFinding | null {
  const [mine, theirs] = pair.portraits;
  const bothKnown = mine !== null && theirs !== null;
  // A portrait on one image only: two different sides, whatever their layouts say.
  const portraitsDisagree = bothKnown && mine !== theirs;
  const limit = bothKnown && mine ? SAME_SIDE_WITH_PORTRAITS : SAME_SIDE_DISTANCE;
  if (!portraitsDisagree && pair.distance < limit) return 'same_side';
  const [number, otherNumber] = pair.numbers;
  return number && otherNumber && number !== otherNumber ? 'other_document' : null;
}

/** The document number of an MRZ whose check digits all hold, else null. */
function confirmedDocumentNumber(precheck: CapturePrecheck | null | undefined): string | null {
  const mrz = precheck?.mrz;
  return mrz && mrz.status === 'accepted' && mrz.documentNumber ? mrz.documentNumber : null;
}

export function createSideCheck(db: Db, audit: Pick<AuditLog, 'append'>, detector: PortraitDetector | null = null) {
  const otherSide = db.prepare<[string, string, string], { id: string; jpeg: Buffer | null; precheck: string | null; quality: string | null }>(
    'SELECT id, jpeg, precheck, quality FROM captures WHERE verification_id = ? AND side = ? AND id != ? ORDER BY created_at DESC LIMIT 1',
  );
  const setQuality = db.prepare<[string, string]>('UPDATE captures SET quality = ? WHERE id = ?');

  /** Stores a capture's verdict with the audit row that says why, in one transaction. */
  function storeVerdict(captureId: string, verdict: QualityVerdict, verificationId: string, action: string, detail: Record<string, unknown>): void {
    db.transaction(() => {
      setQuality.run(JSON.stringify(verdict), captureId);
      audit.append({ actor: 'teller', action, verificationId, detail });
    })();
  }

  /** The portrait from the capture's own face precheck, else from the detector (null when it cannot tell). */
  async function portraitOf(precheck: CapturePrecheck | null | undefined, jpeg: Buffer): Promise<boolean | null> {
    const known = portraitIn(precheck);
    if (known !== null || !detector) return known;
    try {
      return (await detector.check(jpeg, 'document_portrait')).faces > 0;
    } catch {
      return null; // no detector answer: the layout decides alone
    }
  }

  /** Withdraws a side finding from the other side's capture: it was judged against the image just replaced. */
  function withdraw(input: SideCheckInput, other: { id: string; quality: string | null }): void {
    const stored = other.quality ? (JSON.parse(other.quality) as StoredVerdict) : null;
    if (!stored?.beforeSideCheck) return;
    const { beforeSideCheck, ...rest } = stored;
    const restored: QualityVerdict = { ...rest, ok: beforeSideCheck.ok, instruction: beforeSideCheck.instruction };
    storeVerdict(other.id, restored, input.verificationId, 'capture_side_mismatch_withdrawn', { captureId: other.id, finding: stored.instruction, replacedBy: input.captureId });
  }

  return {
    /** The new capture's verdict with the finding (stored and audited), or null when the sides are consistent. */
    async check(input: SideCheckInput): Promise<{ finding: SideFinding; quality: QualityVerdict } | null> {
      const opposite = OPPOSITE[input.side];
      if (!opposite) return null;
      const other = otherSide.get(input.verificationId, opposite, input.captureId);
      if (!other) return null;
      withdraw(input, other);
      if ((input.quality.instruction && ALREADY_UNUSABLE.has(input.quality.instruction)) || !other.jpeg) return null;

      const parsed = other.precheck ? CapturePrecheck.safeParse(JSON.parse(other.precheck)) : null;
      const otherPrecheck = parsed?.success ? parsed.data : null;
      const [mine, theirs, portraits] = await Promise.all([
        sideSignatures(input.jpeg),
        sideSignatures(other.jpeg),
        Promise.all([portraitOf(input.precheck, input.jpeg), portraitOf(otherPrecheck, other.jpeg)]),
      ]);
      const distance = sideDistance(mine, theirs[0]);
      const finding = judgeSides({ distance, portraits, numbers: [confirmedDocumentNumber(input.precheck), confirmedDocumentNumber(otherPrecheck)] });
      if (!finding) return null;

      const quality: QualityVerdict = { ...input.quality, ok: false, instruction: finding };
      const stored: StoredVerdict = { ...quality, beforeSideCheck: { ok: input.quality.ok, instruction: input.quality.instruction } };
      storeVerdict(input.captureId, stored, input.verificationId, 'capture_side_mismatch', {
        captureId: input.captureId,
        side: input.side,
        otherCaptureId: other.id,
        finding,
        layoutDistance: Math.round(distance * 1000) / 1000,
        portraits: { [input.side]: portraits[0], [opposite]: portraits[1] },
      });
      return { finding, quality };
    },
  };
}

export type SideCheck = ReturnType<typeof createSideCheck>;
