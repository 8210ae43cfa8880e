// Errors raised while talking to a document chip. The code lets callers decide (retry, ask for the MRZ again,
// report a forgery); the message is a plain sentence and never contains key material.
export type ChipErrorCode =
  | 'bad-access-key' // the MRZ fields given cannot form a BAC/PACE key
  | 'bad-apdu' // a command or response does not have the shape ISO 7816-4 requires
  | 'access-denied' // the chip refused mutual authentication (usually a wrong MRZ)
  | 'sm-integrity' // a secure-messaging response failed its MAC or is malformed
  | 'file-not-found' // the chip does not hold the file asked for
  | 'read-failed' // the chip refused a read or the link to it broke (card removed, reader unplugged)
  | 'link-lost' // the reader reported the card gone or itself unplugged while a command was under way
  | 'no-document' // nothing is on the reader (or the reader is gone) when reading starts
  | 'reader-unavailable' // no PC/SC support, no PC/SC service or no reader on this computer
  | 'trust-file' // a trust-store file (CSCA, CRL, master list) cannot be read or is not genuine
  | 'chip-auth-refused' // the chip refused chip authentication (a genuine chip runs it when its DG14 offers it)

export class ChipError extends Error {
  constructor(
    readonly code: ChipErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChipError';
  }
}

/** The document left the reader (or the reader went) during a command: somewhere in the error's cause chain. */
export function isLinkLost(e: unknown): boolean {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    if (c instanceof ChipError && (c.code === 'link-lost' || c.code === 'no-document')) return true;
    if (!(c instanceof Error)) return false;
  }
  return false;
}
