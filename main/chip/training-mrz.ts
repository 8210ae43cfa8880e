// TRAINING ONLY. The two MRZ lines (ICAO 9303 TD3, passports) of a training ePassport's DG1, written from
// the kiosk's reading of the scanned specimen, check digits computed.
import type { MrzPrecheck } from '../../shared/precheck';
import { mrzCheckDigit } from './access-key';
import { isoToMrzDate } from './mrz-reading-fields';

const field = (value: string | null | undefined, length: number): string =>
  (value ?? '').toUpperCase().replace(/[^A-Z0-9<]+/g, '<').padEnd(length, '<').slice(0, length);

/** TD3 lines of an exact passport reading; null when the reading lacks a field the lines need. */
export function td3LinesOf(mrz: MrzPrecheck): string[] | null {
  if (mrz.format !== 'TD3' || !mrz.documentNumber || !mrz.dateOfBirth || !mrz.dateOfExpiry || !mrz.issuingState) return null;
  const names = `${(mrz.lastName ?? '').toUpperCase().replace(/[^A-Z]+/g, '<')}<<${(mrz.firstName ?? '').toUpperCase().replace(/[^A-Z]+/g, '<')}`;
  const line1 = `${field(mrz.documentCode ?? 'P', 2)}${field(mrz.issuingState, 3)}${field(names, 39)}`;
  const number = field(mrz.documentNumber, 9);
  const birth = isoToMrzDate(mrz.dateOfBirth);
  const expiry = isoToMrzDate(mrz.dateOfExpiry);
  const personal = field(mrz.personalNumber, 14);
  const upper = `${number}${mrzCheckDigit(number)}${field(mrz.nationality ?? mrz.issuingState, 3)}${birth}${mrzCheckDigit(birth)}${mrz.sex ?? '<'}${expiry}${mrzCheckDigit(expiry)}${personal}${mrzCheckDigit(personal)}`;
  const composite = mrzCheckDigit(upper.slice(0, 10) + upper.slice(13, 20) + upper.slice(21, 43));
  return [line1, upper + composite];
}
