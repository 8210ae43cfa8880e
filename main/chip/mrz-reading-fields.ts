// The bridge between the kiosk's MRZ reading of the printed page (precheck's MrzPrecheck, dates as ISO
// yyyy-mm-dd) and the chip: the access fields BAC/PACE derive their key from, and the comparison of the
// chip's DG1 with what was read from the page, field by field.
import type { MrzPrecheck } from '../../shared/precheck';
import { parseMrz } from '../precheck/mrz-parse';
import type { MrzAccessFields } from './access-key';

/** yyyy-mm-dd → YYMMDD as the MRZ prints it. */
export const isoToMrzDate = (iso: string): string => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);

/** The access fields of an exact reading (every check digit passing); null for anything less. */
export function accessFieldsOf(mrz: MrzPrecheck | null | undefined): MrzAccessFields | null {
  if (mrz?.status !== 'accepted' || !mrz.documentNumber || !mrz.dateOfBirth || !mrz.dateOfExpiry) return null;
  return { documentNumber: mrz.documentNumber, dateOfBirth: isoToMrzDate(mrz.dateOfBirth), dateOfExpiry: isoToMrzDate(mrz.dateOfExpiry) };
}

export type PrintedFieldsComparison = { match: true } | { match: false; fields: string[]; message: string };

const norm = (s: string | null | undefined): string => (s ?? '').replace(/</g, ' ').replace(/\s+/g, ' ').trim().toUpperCase();

/**
 * Compares the chip's MRZ (DG1 lines) with the page's reading. Only the fields the reading holds are
 * compared; `fields` names those that differ (never their values: the result is audited).
 */
export function compareChipWithReading(chipLines: string[], reading: MrzPrecheck, extraStates: readonly string[] = []): PrintedFieldsComparison {
  const parsed = parseMrz(chipLines, { extraStates, maxSubstitutions: 0 });
  const v = parsed.values;
  if (!v) return { match: false, fields: ['format'], message: "The chip's machine-readable zone could not be checked against the printed page." };
  const pairs: Array<[string, string, string | null]> = [
    ['documentNumber', v.documentNumber, reading.documentNumber],
    ['dateOfBirth', v.birthDate, reading.dateOfBirth ? isoToMrzDate(reading.dateOfBirth) : null],
    ['dateOfExpiry', v.expirationDate, reading.dateOfExpiry ? isoToMrzDate(reading.dateOfExpiry) : null],
    ['issuingState', v.issuingState, reading.issuingState],
    ['nationality', v.nationality, reading.nationality],
    ['sex', v.sex, reading.sex],
    ['lastName', v.lastName, reading.lastName],
    ['firstName', v.firstName, reading.firstName],
  ];
  const fields = pairs.filter(([, chip, page]) => page !== null && norm(chip) !== norm(page)).map(([name]) => name);
  if (fields.length === 0) return { match: true };
  return { match: false, fields, message: `The chip's data differs from the printed page (${fields.join(', ')}): refer the document to a supervisor.` };
}
