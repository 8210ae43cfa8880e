// Errors that cross to the renderer carry a code the UI can act on and a plain sentence for the teller.
// Anything else is reported as 'internal' with a generic sentence, so no stack trace or secret leaks.
import type { ErrorCode } from '../shared/contract';

export class KioskError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** A sentence a teller can act on, with the next step. Never contains secrets or stack traces. */
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = 'KioskError';
  }
}

export const isKioskError = (e: unknown): e is KioskError => e instanceof KioskError;
