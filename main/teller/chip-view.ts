// What the teller's screen asks about the chip of the verification being captured: the chip policy,
// whether a reader is connected, the latest read (so the step survives going back to the scan screen),
// and the chip's face picture for display beside the document's portrait and the selfie. Both only while
// the verification is being captured, like the captures' own previews.
import type { ChipPolicy, ChipStatus } from '../../shared/contract-chip';
import type { CallRequest } from '../../shared/contract';
import { kioskMessage } from '../../shared/kiosk-message';
import { chipFaceDataUrl } from '../chip/face-data-url';
import type { ChipService } from '../chip/service';
import { KioskError } from '../errors';
import { createChipAccessAudit } from '../store/chip-access-audit';
import { createChipReadStore } from '../store/chip-reads';
import type { Store } from '../store/store';
import { chipReadSummary } from './chip-read';

export interface ChipViewDeps {
  store: Store;
  chip: Pick<ChipService, 'listReaders'>;
  training: boolean;
  /** The bank's chip policy (config); 'offer' when not configured. */
  policy: () => ChipPolicy;
}

export function createChipViewCalls(deps: ChipViewDeps) {
  const reads = createChipReadStore(deps.store.db);
  const audit = createChipAccessAudit(deps.store.db);

  function capturing(verificationId: string): void {
    const v = deps.store.getVerification(verificationId);
    if (!v) throw new KioskError('not_found', kioskMessage('verification_gone'));
    if (v.state !== 'capturing') throw new KioskError('conflict', kioskMessage('chip_not_capturing'));
  }

  return {
    chipStatus: async ({ verificationId }: CallRequest<'chipStatus'>): Promise<ChipStatus> => {
      capturing(verificationId);
      const latest = reads.latest(verificationId);
      return {
        policy: deps.policy(),
        readerPresent: deps.chip.listReaders().readers.length > 0,
        training: deps.training,
        latest: latest ? chipReadSummary(latest, audit.latestAccessKey(verificationId), latest.outcome === 'interrupted') : null,
      };
    },
    chipFace: async ({ verificationId }: CallRequest<'chipFace'>): Promise<{ face: string | null }> => {
      capturing(verificationId);
      return { face: await chipFaceDataUrl(reads.latest(verificationId)?.face ?? null) };
    },
  };
}
