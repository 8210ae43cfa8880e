// The chip service the kiosk wires into its flow: which readers exist and whether a document is on one,
// hot-plug events, and one call that reads and verifies the chip of the document on a reader. It holds no
// state between reads; a retry after "interrupted" is another call to `read`.
import type { MrzAccessFields } from './access-key';
import { ChipError } from './errors';
import type { TrustStore } from './passive-auth';
import type { ChipReaderEvent, ChipReaderListing, ChipReaders } from './pcsc';
import { readAndVerifyChip, type ChipReadProgress, type ChipReadResult } from './read-session';

export interface ChipServiceOptions {
  readers: ChipReaders;
  /** The trust store at the time of each read (so an updated CSCA, CRL or master list folder takes effect). */
  trust: (at: Date) => TrustStore | Promise<TrustStore>;
  clock?: () => Date;
}

export interface ChipReadOptions {
  readerName: string;
  access: MrzAccessFields;
  printedMrz: string[] | null;
  onProgress?: (progress: ChipReadProgress) => void;
}

export type ChipServiceResult =
  | ChipReadResult
  | { outcome: 'no-document'; message: string }
  | { outcome: 'reader-unavailable'; message: string };

export interface ChipService {
  listReaders(): ChipReaderListing;
  watch(onEvent: (event: ChipReaderEvent) => void): () => void;
  read(options: ChipReadOptions): Promise<ChipServiceResult>;
  close(): void;
}

export function createChipService(options: ChipServiceOptions): ChipService {
  const { readers } = options;
  return {
    listReaders: () => readers.list(),
    watch: (onEvent) => readers.watch(onEvent),
    async read({ readerName, access, printedMrz, onProgress }) {
      let link;
      try {
        link = await readers.connect(readerName);
      } catch (e) {
        if (e instanceof ChipError && e.code === 'no-document') return { outcome: 'no-document', message: e.message };
        if (e instanceof ChipError && e.code === 'reader-unavailable') return { outcome: 'reader-unavailable', message: e.message };
        throw e;
      }
      try {
        const at = (options.clock ?? (() => new Date()))();
        return await readAndVerifyChip({
          transmit: link.transmit,
          access,
          printedMrz,
          trust: await options.trust(at),
          at,
          ...(onProgress ? { onProgress } : {}),
        });
      } finally {
        link.close();
      }
    },
    close: () => readers.close(),
  };
}
