// TRAINING ONLY. The chip reader a training kiosk lists instead of PC/SC readers: one virtual reader whose
// card is the training ePassport built for the verification being read (training-passport.ts), placed on
// it in-process. It implements the same ChipReaders interface as pcsc.ts, so the chip service and
// everything after it run unchanged.
import { ChipError } from './errors';
import type { ChipReaderEvent, ChipReaders } from './pcsc';
import type { TrainingPassportChip } from './training-passport';

export const TRAINING_READER_NAME = 'Training virtual ePassport reader (TRAINING)';

export interface TrainingChipReaders extends ChipReaders {
  /** Puts a virtual ePassport on the reader (replacing any), or takes it off with null. */
  place(chip: TrainingPassportChip | null): void;
}

export function createTrainingChipReaders(): TrainingChipReaders {
  let card: TrainingPassportChip | null = null;
  const watchers = new Set<(event: ChipReaderEvent) => void>();
  const tell = (event: ChipReaderEvent) => {
    for (const w of watchers) w(event);
  };
  return {
    list: () => ({ ok: true, readers: [{ name: TRAINING_READER_NAME, cardPresent: card !== null }] }),
    async connect(readerName) {
      if (readerName !== TRAINING_READER_NAME) throw new ChipError('reader-unavailable', `There is no chip reader named "${readerName}".`);
      const chip = card;
      if (!chip) throw new ChipError('no-document', 'No document is on the chip reader: place the passport or card on the reader.');
      chip.reset();
      let open = true;
      return {
        readerName,
        atr: null,
        async transmit(command) {
          if (!open || card !== chip) throw new ChipError('link-lost', 'The document was moved away from the reader while it was being read.');
          return chip.execute(command);
        },
        close() {
          open = false;
        },
      };
    },
    watch(onEvent) {
      watchers.add(onEvent);
      return () => watchers.delete(onEvent);
    },
    place(chip) {
      if (card) tell({ type: 'card-removed', reader: TRAINING_READER_NAME });
      card = chip;
      if (chip) tell({ type: 'card-inserted', reader: TRAINING_READER_NAME });
    },
    close() {
      card = null;
      watchers.clear();
    },
  };
}
