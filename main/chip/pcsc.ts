// Contactless readers through PC/SC (pcsc-lite on Linux, WinSCard on Windows, the PCSC framework on macOS),
// by way of the `smartcard` N-API binding. The binding is optional: a kiosk built without it, or running
// where the PC/SC library or service is missing, still starts and reports "no chip reader" with the reason.
import { createRequire } from 'node:module';
import type * as Smartcard from 'smartcard';
import type { Transmit } from './bac';
import { ChipError } from './errors';

type SmartcardModule = typeof Smartcard;

/** Why chip readers cannot be listed; each has its own sentence for the teller and the support log. */
export type PcscUnavailable = 'binding-missing' | 'service-not-running' | 'no-readers';

export interface ChipReaderInfo {
  name: string;
  /** A card (or passport) is in the reader's field. */
  cardPresent: boolean;
}

export type ChipReaderListing =
  | { ok: true; readers: ChipReaderInfo[] }
  | { ok: false; reason: PcscUnavailable; message: string; readers: [] };

/** An open link to the card in one reader. */
export interface ChipCardLink {
  readonly readerName: string;
  readonly atr: Buffer | null;
  /** Sends one APDU; a removed card or unplugged reader becomes a `link-lost` ChipError. */
  transmit: Transmit;
  close(): void;
}

export type ChipReaderEvent =
  | { type: 'reader-attached' | 'reader-detached' | 'card-inserted' | 'card-removed'; reader: string }
  | { type: 'error'; reader: string; message: string };

export interface ChipReaders {
  list(): ChipReaderListing;
  connect(readerName: string): Promise<ChipCardLink>;
  /** Hot-plug and card presence; returns the function that stops watching. */
  watch(onEvent: (event: ChipReaderEvent) => void): () => void;
  close(): void;
}

/** The PC/SC service by the name its platform gives it (Windows starts it when a reader is plugged in). */
const SERVICE_NAME = process.platform === 'win32' ? 'Smart Card' : process.platform === 'darwin' ? 'CryptoTokenKit' : 'pcscd';

const MESSAGES: Record<PcscUnavailable, string> = {
  'binding-missing':
    'Chip reading is not available on this computer: the smart-card (PC/SC) support is not installed.',
  'service-not-running': `Chip reading is not available: the smart-card service (${SERVICE_NAME}) is not running on this computer.`,
  'no-readers': 'No chip reader is connected. Plug in a contactless reader to read passport chips.',
};

/** How soon a reader watch that lost (or never reached) the PC/SC service tries again. */
const WATCH_RETRY_MS = 3_000;

const LINK_LOST = 'The document was moved away from the reader while it was being read.';

const unavailable = (reason: PcscUnavailable): ChipReaderListing => ({ ok: false, reason, message: MESSAGES[reason], readers: [] });

/** Loads the binding; null when it is not built or its native library (libpcsclite) cannot be loaded. */
export function loadSmartcardBinding(): SmartcardModule | null {
  try {
    return createRequire(import.meta.url)('smartcard') as SmartcardModule;
  } catch {
    return null;
  }
}

const isServiceError = (e: unknown): boolean =>
  e instanceof Error && /service|SCARD_E_NO_SERVICE|0x8010001D|not running/i.test(`${e.message} ${String((e as { code?: unknown }).code ?? '')}`);

/**
 * The PC/SC side of chip reading. `binding` is the loaded `smartcard` module, or null when it could not be
 * loaded (then every listing says why and nothing else works).
 */
export function openChipReaders(binding: SmartcardModule | null = loadSmartcardBinding()): ChipReaders {
  let context: Smartcard.ContextInterface | null = null;

  const ensureContext = (): Smartcard.ContextInterface | PcscUnavailable => {
    if (!binding) return 'binding-missing';
    if (context?.isValid) return context;
    try {
      context = new binding.Context();
      return context;
    } catch (e) {
      context = null;
      if (isServiceError(e)) return 'service-not-running';
      throw e;
    }
  };

  const readersOf = (ctx: Smartcard.ContextInterface): Smartcard.ReaderInterface[] | PcscUnavailable => {
    try {
      return ctx.listReaders();
    } catch (e) {
      // pcscd stopped after the context was made: start over next time.
      ctx.close();
      context = null;
      if (isServiceError(e)) return 'service-not-running';
      return 'no-readers';
    }
  };

  return {
    list() {
      const ctx = ensureContext();
      if (typeof ctx === 'string') return unavailable(ctx);
      const readers = readersOf(ctx);
      if (typeof readers === 'string') return unavailable(readers);
      if (readers.length === 0) return unavailable('no-readers');
      const present = binding!.SCARD_STATE_PRESENT;
      return { ok: true, readers: readers.map((r) => ({ name: r.name, cardPresent: (r.state & present) !== 0 })) };
    },

    async connect(readerName) {
      const ctx = ensureContext();
      if (typeof ctx === 'string') throw new ChipError('reader-unavailable', MESSAGES[ctx]);
      const readers = readersOf(ctx);
      if (typeof readers === 'string') throw new ChipError('reader-unavailable', MESSAGES[readers]);
      const reader = readers.find((r) => r.name === readerName);
      if (!reader) throw new ChipError('reader-unavailable', `The chip reader "${readerName}" is no longer connected.`);
      let card: Smartcard.CardInterface;
      try {
        card = await reader.connect(binding!.SCARD_SHARE_EXCLUSIVE, binding!.SCARD_PROTOCOL_T0 | binding!.SCARD_PROTOCOL_T1);
      } catch (cause) {
        throw new ChipError('no-document', 'No document is on the chip reader: place the passport or card on the reader.', { cause });
      }
      let open = true;
      return {
        readerName,
        atr: card.atr,
        async transmit(command) {
          if (!open) throw new ChipError('link-lost', 'The link to the chip is closed.');
          let response: Buffer;
          try {
            response = await card.transmit(command, { maxRecvLength: 65538 }); // an extended-length answer: up to 65536 bytes + SW
          } catch (cause) {
            throw new ChipError('link-lost', LINK_LOST, { cause });
          }
          // Some readers (vpcd among them) answer with no bytes at all once the card has left the field.
          if (response.length < 2) throw new ChipError('link-lost', LINK_LOST);
          return response;
        },
        close() {
          if (!open) return;
          open = false;
          try {
            card.disconnect(binding!.SCARD_LEAVE_CARD);
          } catch {
            // the card is already gone
          }
        },
      };
    },

    watch(onEvent) {
      if (!binding) return () => {};
      // The monitor needs the PC/SC service: when it is not running (or stops), the monitor is started
      // again every few seconds, so a reader or card comes back to the screen once pcscd is back.
      let monitor: Smartcard.ReaderMonitorInterface | null = null;
      let retry: NodeJS.Timeout | null = null;
      let stopped = false;
      const halt = () => {
        try {
          if (monitor?.isRunning) monitor.stop();
        } catch {
          // already stopped by the binding
        }
        monitor = null;
      };
      const later = () => {
        if (stopped || retry) return;
        retry = setTimeout(() => {
          retry = null;
          start();
        }, WATCH_RETRY_MS);
        retry.unref();
      };
      const start = () => {
        if (stopped) return;
        const m = new binding.ReaderMonitor();
        try {
          m.start((e) => {
            if (stopped) return;
            if (e.type === 'error') {
              onEvent({ type: 'error', reader: '', message: 'The chip reader service reported an error; watching again shortly.' });
              // A monitor whose context died (pcscd stopped) reports errors forever: make a new one.
              setImmediate(() => {
                if (monitor === m) halt();
                later();
              });
            } else onEvent({ type: e.type, reader: e.reader });
          });
          monitor = m;
        } catch {
          later();
        }
      };
      start();
      return () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        retry = null;
        halt();
      };
    },

    close() {
      if (context?.isValid) context.close();
      context = null;
    },
  };
}
