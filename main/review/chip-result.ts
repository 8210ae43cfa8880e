// The supervisor's view of a verification's chip: the latest read as the teller saw it, the document
// signer, how many reads there were, and the chip's face picture for display (re-encoded JPEG; gone once
// the verification's images are purged, while the verdict stays).
import type { ChipResultView } from '../../shared/contract-chip';
import { chipFaceDataUrl } from '../chip/face-data-url';
import type { Db } from '../store/db';
import { createChipAccessAudit } from '../store/chip-access-audit';
import { createChipReadStore } from '../store/chip-reads';
import { chipReadSummary } from '../teller/chip-read';

export function createChipResultView(db: Db) {
  const reads = createChipReadStore(db);
  const audit = createChipAccessAudit(db);
  const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM chip_reads WHERE verification_id = ?');
  return async (verificationId: string): Promise<ChipResultView | null> => {
    const latest = reads.latest(verificationId);
    if (!latest) return null;
    return {
      ...chipReadSummary(latest, audit.latestAccessKey(verificationId), latest.outcome === 'interrupted'),
      signer: latest.signerSubject,
      reads: count.get(verificationId)?.n ?? 1,
      face: await chipFaceDataUrl(latest.face),
    };
  };
}
