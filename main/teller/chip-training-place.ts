// TRAINING ONLY. The virtual ePassport of a verification's scanned page, put on the training reader: by
// `placeTrainingChip` (the teller's "place the passport" in training, so the chip step sees a document
// arrive on the reader as it would on a real one) and by readChip itself before each training read. Built
// from the kiosk's exact MRZ reading of the page (passports only) and the front capture's picture.
import { kioskMessage } from '../../shared/kiosk-message';
import type { MrzPrecheck } from '../../shared/precheck';
import { accessFieldsOf } from '../chip/mrz-reading-fields';
import type { TrainingChipKit } from '../chip/training-chip';
import { td3LinesOf } from '../chip/training-mrz';
import { KioskError } from '../errors';
import { bestMrz } from '../precheck/policy';
import type { PrecheckService } from '../precheck/service';
import type { Store } from '../store/store';

export interface TrainingPlacementDeps {
  store: Store;
  precheck: Pick<PrecheckService, 'attach'>;
  training: TrainingChipKit | null;
}

export function createTrainingPlacement(deps: TrainingPlacementDeps) {
  const frontJpeg = deps.store.db.prepare<[string], { jpeg: Buffer | null }>("SELECT jpeg FROM captures WHERE verification_id = ? AND side = 'front'");

  /** Builds and places the virtual ePassport from an exact reading of the page. */
  async function placeFrom(verificationId: string, mrz: MrzPrecheck | null): Promise<void> {
    const lines = mrz ? td3LinesOf(mrz) : null;
    const access = accessFieldsOf(mrz);
    if (!deps.training || !mrz || !lines || !access || !mrz.issuingState) throw new KioskError('conflict', kioskMessage('chip_training_passports_only'));
    await deps.training.place({ mrzLines: lines, access, issuingState: mrz.issuingState, frontJpeg: frontJpeg.get(verificationId)?.jpeg ?? null });
  }

  return {
    placeFrom,
    /** The placeTrainingChip call: the verification must be being captured on a training kiosk. */
    placeTrainingChip: async ({ verificationId }: { verificationId: string }): Promise<{ placed: true }> => {
      if (!deps.training) throw new KioskError('conflict', kioskMessage('chip_training_only'));
      const stored = deps.store.getVerification(verificationId);
      if (!stored) throw new KioskError('not_found', kioskMessage('verification_gone'));
      if (stored.state !== 'capturing') throw new KioskError('conflict', kioskMessage('chip_not_capturing'));
      const best = bestMrz(deps.precheck.attach(stored).captures.map((c) => c.precheck));
      await placeFrom(verificationId, accessFieldsOf(best) ? best : null);
      return { placed: true };
    },
    /** The teller lifts the virtual passport off after a training read (the next placement is a new one). */
    takeOff: (): void => deps.training?.readers.place(null),
  };
}
