// The BAC key seed from the machine-readable zone (ICAO 9303 Part 11, 9.7.2 and Appendix D.2): document
// number, date of birth and date of expiry, each followed by its check digit, hashed with SHA-1.
import { createHash } from 'node:crypto';
import { ChipError } from './errors';

export interface MrzAccessFields {
  /** As printed in the MRZ, fillers included (e.g. "L898902C<"); shorter numbers are padded with '<' to 9. */
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

/** "MRZ information" as the key derivation hashes it: doc no. + check, DOB + check, expiry + check. */
export function mrzInformation(fields: MrzAccessFields): string {
  const doc = fields.documentNumber.trim().toUpperCase().padEnd(9, '<');
  if (!DOC_NUMBER.test(doc) || /^<+$/.test(doc)) {
    throw new ChipError('bad-access-key', 'The document number must be letters, digits or "<", as printed in the MRZ.');
  }
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
