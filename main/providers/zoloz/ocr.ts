// OCR key aliases. ZOLOZ renamed OCR keys in 2025 (NUMBER, DATE_OF_EXPIRY, GENDER, ...) and since
// Dec 2024 adds STANDARDIZED_<DATE> keys in yyyy/mm/dd; which names a given document type emits is
// not documented, so every known spelling is accepted, most reliable first. Empty strings mean
// "unreadable" (ZOLOZ returns unreadable fields with empty values).
import type { IdentityFields } from '../../../shared/domain';

export const OCR_ALIASES = {
  documentNumber: ['NUMBER', 'ID_NUMBER', 'DOCUMENT_NUMBER', 'PASSPORT_NUMBER'],
  personalNumber: ['PERSONAL_NUMBER'],
  firstName: ['FIRST_NAME_EN', 'FIRST_NAME', 'GIVEN_NAME'],
  lastName: ['LAST_NAME_EN', 'LAST_NAME', 'SURNAME'],
  fullName: ['FULL_NAME_EN', 'FULL_NAME', 'NAME', 'LOCAL_NAME'],
  dateOfBirth: ['STANDARDIZED_DATE_OF_BIRTH', 'DATE_OF_BIRTH', 'BIRTH_DATE'],
  expiryDate: ['STANDARDIZED_DATE_OF_EXPIRY', 'STANDARDIZED_EXPIRY_DATE', 'DATE_OF_EXPIRY', 'EXPIRY_DATE'],
  sex: ['GENDER', 'SEX'],
  nationality: ['NATIONALITY_CODE', 'COUNTRY_CODE_IN_ISO', 'COUNTRY_CODE', 'NATIONALITY', 'COUNTRY'],
  issuingState: ['ISSUING_STATE', 'ISSUING_COUNTRY_CODE', 'ISSUING_COUNTRY'],
} as const satisfies Record<string, readonly string[]>;

export type OcrMap = Record<string, string | number | boolean | null | undefined>;

export function pick(ocr: OcrMap, aliases: readonly string[]): string | null {
  for (const key of aliases) {
    const v = ocr[key];
    if (v === null || v === undefined) continue;
    const s = String(v).trim();
    if (s !== '') return s;
  }
  return null;
}

/** Which alias a canonical name resolves to, e.g. for `field` in reasons. */
export function canonicalName(key: string): string | null {
  for (const [name, aliases] of Object.entries(OCR_ALIASES)) if ((aliases as readonly string[]).includes(key)) return name;
  return null;
}

/**
 * ISO yyyy-mm-dd from the date spellings ZOLOZ uses: yyyy/mm/dd (standardized), yyyy-mm-dd,
 * yyyymmdd, dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy, and MRZ yymmdd (century resolved by `kind`).
 */
export function normalizeDate(value: string | null, kind: 'birth' | 'expiry', now: Date): string | null {
  if (!value) return null;
  const v = value.trim();
  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(v))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(v))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{2})(\d{2})(\d{2})$/.exec(v))) {
    const yy = Number(match[1]);
    const current = now.getUTCFullYear() % 100;
    // Birth dates are in the past; expiry dates of valid documents are rarely > 20 years ahead.
    y = kind === 'birth' ? (yy > current ? 1900 + yy : 2000 + yy) : yy > current + 20 ? 1900 + yy : 2000 + yy;
    [m, d] = [Number(match[2]), Number(match[3])];
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

function normalizeSex(value: string | null): string | null {
  if (!value) return null;
  const v = value.trim().toUpperCase();
  if (v === 'M' || v === 'MALE') return 'M';
  if (v === 'F' || v === 'FEMALE') return 'F';
  return v;
}

function ageOn(isoBirth: string | null, now: Date): number | null {
  if (!isoBirth) return null;
  const [y, m, d] = isoBirth.split('-').map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age -= 1;
  return age >= 0 && age < 150 ? age : null;
}

export function identityFromOcr(ocr: OcrMap, now: Date): IdentityFields {
  const dateOfBirth = normalizeDate(pick(ocr, OCR_ALIASES.dateOfBirth), 'birth', now);
  const expiryDate = normalizeDate(pick(ocr, OCR_ALIASES.expiryDate), 'expiry', now);
  const firstName = pick(ocr, OCR_ALIASES.firstName);
  const lastName = pick(ocr, OCR_ALIASES.lastName);
  return {
    firstName,
    lastName,
    fullName: pick(ocr, OCR_ALIASES.fullName) ?? ([firstName, lastName].filter(Boolean).join(' ') || null),
    dateOfBirth,
    age: ageOn(dateOfBirth, now),
    sex: normalizeSex(pick(ocr, OCR_ALIASES.sex)),
    nationality: pick(ocr, OCR_ALIASES.nationality),
    issuingState: pick(ocr, OCR_ALIASES.issuingState),
    documentNumber: pick(ocr, OCR_ALIASES.documentNumber),
    personalNumber: pick(ocr, OCR_ALIASES.personalNumber),
    expiryDate,
    expired: expiryDate === null ? null : expiryDate < now.toISOString().slice(0, 10),
  };
}
