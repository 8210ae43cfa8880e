// The BAC key seed from the machine-readable zone (ICAO 9303 Part 11, 9.7.2 and Appendix D.2): document
// number, date of birth and date of expiry, each followed by its check digit, hashed with SHA-1.
import { createHash } from 'node:crypto';
import { ChipError } from './errors';

export interface MrzAccessFields {
  /**
   * The whole document number (e.g. "L898902C<"; shorter numbers are padded with '<' to 9). A TD1 or TD2
   * number longer than 9 characters is given whole — the 9 characters of the number field and the overflow
   * from the optional data, without the '<' standing in the number's check digit position — as
   * mrz-parse reads it and as the teller types it (e.g. "D23145890734").
   */
  documentNumber: string;
  /** YYMMDD */
  dateOfBirth: string;
  /** YYMMDD */
  dateOfExpiry: string;
}

const WEIGHTS = [7, 3, 1] as const;

function charValue(c: string): number {
  if (c === '<') return 0;
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  throw new ChipError('bad-access-key', `The character "${c}" cannot appear in a machine-readable zone.`);
}

/** ICAO 9303 Part 3, 4.9: weights 7-3-1, letters A=10 … Z=35, filler 0, sum modulo 10. */
export function mrzCheckDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) sum += charValue(field.charAt(i)) * WEIGHTS[i % 3]!;
  return String(sum % 10);
}

const DATE = /^\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;
const DOC_NUMBER = /^[A-Z0-9<]{1,}$/;
/**
 * ICAO 9303 Part 5, 4.2.2: a longer number puts 9 characters in the number field and the rest at the start
 * of the optional data, followed by its check digit and a filler; TD1's optional data has 15 positions, so
 * at most 13 overflow characters (TD2's has 7, so fewer).
 */
export const MAX_DOCUMENT_NUMBER_LENGTH = 22;

/** The document number as the key takes it: upper case, 9 characters padded with '<', or the whole long number. */
function documentNumberField(raw: string): string {
  const upper = raw.trim().toUpperCase();
  // A long number has no filler: trailing '<' can only be padding of a short one.
  const bare = upper.replace(/<+$/, '');
  const doc = bare.length > 9 ? bare : bare.padEnd(9, '<');
  if (!DOC_NUMBER.test(doc) || /^<+$/.test(doc)) {
    throw new ChipError('bad-access-key', 'The document number must be letters, digits or "<", as printed in the MRZ.');
  }
  if (doc.length > MAX_DOCUMENT_NUMBER_LENGTH || (doc.length > 9 && doc.includes('<'))) {
    throw new ChipError('bad-access-key', `A document number longer than 9 characters must be letters and digits only, at most ${MAX_DOCUMENT_NUMBER_LENGTH}.`);
  }
  return doc;
}

/**
 * "MRZ information" as the key derivation hashes it (ICAO 9303 Part 11, 4.3.2): doc no. + check, DOB +
 * check, expiry + check. For a number longer than 9 characters the whole number and its check digit (the
 * one printed after the overflow in the optional data, computed over the whole number) are used.
 */
export function mrzInformation(fields: MrzAccessFields): string {
  const doc = documentNumberField(fields.documentNumber);
  if (!DATE.test(fields.dateOfBirth)) {
    throw new ChipError('bad-access-key', 'The date of birth must be six digits, YYMMDD, as printed in the MRZ.');
  }
  if (!DATE.test(fields.dateOfExpiry)) {
    throw new ChipError('bad-access-key', 'The expiry date must be six digits, YYMMDD, as printed in the MRZ.');
  }
  return (
    doc +
    mrzCheckDigit(doc) +
    fields.dateOfBirth +
    mrzCheckDigit(fields.dateOfBirth) +
    fields.dateOfExpiry +
    mrzCheckDigit(fields.dateOfExpiry)
  );
}

/** Kseed: the 16 most significant bytes of SHA-1(MRZ information). */
export function bacKeySeed(fields: MrzAccessFields): Buffer {
  return createHash('sha1').update(mrzInformation(fields), 'ascii').digest().subarray(0, 16);
}
