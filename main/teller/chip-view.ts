// What the teller's screen asks about the chip of the verification being captured: the chip policy,
// whether a reader is connected, the latest read (so the step survives going back to the scan screen),
// and the chip's face picture for display beside the document's portrait and the selfie. Both only while
// the verification is being captured, like the captures' own previews. The result screen's `chipResult`
// gives the same latest read and face while the teller still works on the verification (submitted and
// changed within teller.fullDataMinutes, the disclosure rule's window), never for a cancelled one.
import type { ChipPolicy, ChipStatus } from '../../shared/contract-chip';
import { DEFAULT_FULL_DATA_MINUTES, isWorkingVerification } from '../../shared/contract-disclosure';
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
  /** config teller.fullDataMinutes: how long after its last change the teller still sees a verification in full. */
  fullDataMinutes?: number;
  now?: () => Date;
}

export function createChipViewCalls(deps: ChipViewDeps) {
  const reads = createChipReadStore(deps.store.db);
  const audit = createChipAccessAudit(deps.store.db);

  function capturing(verificationId: string): void {
    const v = deps.store.getVerification(verificationId);
    if (!v) throw new KioskError('not_found', kioskMessage('verification_gone'));
    if (v.state !== 'capturing') throw new KioskError('conflict', kioskMessage('chip_not_capturing'));
  }

  function working(verificationId: string): void {
    const v = deps.store.getVerification(verificationId);
    if (!v) throw new KioskError('not_found', kioskMessage('verification_gone'));
    const windowMs = (deps.fullDataMinutes ?? DEFAULT_FULL_DATA_MINUTES) * 60_000;
    if (v.state === 'cancelled' || !isWorkingVerification(v, (deps.now ?? (() => new Date()))(), windowMs)) {
      throw new KioskError('conflict', kioskMessage('chip_not_working'));
    }
  }
  const latestSummary = (verificationId: string) => {
    const latest = reads.latest(verificationId);
    return latest ? chipReadSummary(latest, audit.latestAccessKey(verificationId), latest.outcome === 'interrupted') : null;
  };

  return {
    chipStatus: async ({ verificationId }: CallRequest<'chipStatus'>): Promise<ChipStatus> => {
      capturing(verificationId);
      return {
        policy: deps.policy(),
        readerPresent: deps.chip.listReaders().readers.length > 0,
        training: deps.training,
        latest: latestSummary(verificationId),
      };
    },
    chipFace: async ({ verificationId }: CallRequest<'chipFace'>): Promise<{ face: string | null }> => {
      capturing(verificationId);
      return { face: await chipFaceDataUrl(reads.latest(verificationId)?.face ?? null) };
    },
    chipResult: async ({ verificationId }: CallRequest<'chipResult'>) => {
      working(verificationId);
      return { latest: latestSummary(verificationId), face: await chipFaceDataUrl(reads.latest(verificationId)?.face ?? null) };
    },
  };
}
