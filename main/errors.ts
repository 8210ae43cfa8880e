// Errors that cross to the renderer carry a code the UI can act on and a sentence for the teller: a
// message key with parameters (shown in the teller's language) and its English text for logs and the CLI.
// Anything else is reported as 'internal' with a generic sentence, so no stack trace or secret leaks.
import type { ErrorCode } from '../shared/contract';
import { englishText, type KioskMessage } from '../shared/kiosk-message';

export class KioskError extends Error {
  /** A sentence a teller can act on, with the next step, in English. Never contains secrets or stack traces. */
  readonly userMessage: string;
  /** The same sentence as a catalogue key with parameters; null for a sentence not (yet) in the catalogue. */
  readonly sentence: KioskMessage | null;

  constructor(
    readonly code: ErrorCode,
    text: string | KioskMessage,
    options?: { cause?: unknown },
  ) {
    const userMessage = typeof text === 'string' ? text : englishText(text);
    super(userMessage, options);
    this.name = 'KioskError';
    this.userMessage = userMessage;
    this.sentence = typeof text === 'string' ? null : text;
  }
}

export const isKioskError = (e: unknown): e is KioskError => e instanceof KioskError;
