// What the teller sees right after capture, before submitting: the document as the kiosk read it from
// the MRZ. Dates are turned from YYMMDD into ISO dates (century chosen against the injected clock), age is
// computed, expiry is flagged, and each field says whether it was valid — so an expired document or an
// unreadable MRZ is caught while the customer is still at the counter.
import type { MrzReadResult } from './mrz-ocr';
import type { CheckDigitName, MrzFormat } from './mrz-parse';

export type DocumentKind = 'passport' | 'identity_card' | 'residence_permit' | 'visa' | 'travel_document';

export interface SummaryField {
  /** Stable key for the renderer's i18n (e.g. 'documentNumber'). */
  key: string;
  value: string | null;
  valid: boolean;
  /** Plain reason when not valid. */
  problem: string | null;
}

export interface PrecheckSummary {
  status: MrzReadResult['status'];
  format: MrzFormat | null;
  documentKind: DocumentKind | null;
  documentCode: string | null;
  issuingState: string | null;
  nationality: string | null;
  lastName: string | null;
  firstName: string | null;
  /** ISO yyyy-mm-dd */
  dateOfBirth: string | null;
  age: number | null;
  sex: 'M' | 'F' | 'X' | null;
  documentNumber: string | null;
  personalNumber: string | null;
  /** ISO yyyy-mm-dd */
  dateOfExpiry: string | null;
  /** True when the expiry date is before today (by the injected clock); null when unknown. */
  expired: boolean | null;
  fields: SummaryField[];
  checkDigits: Partial<Record<CheckDigitName, boolean>>;
  /** True when an OCR look-alike was repaired (all check digits confirmed it). */
  repaired: boolean;
  /** Sentences for the teller, with a next step. */
  messages: string[];
}

/** ICAO 9303 document codes: P passport, I/A/C identity cards; IR/AR… residence permits are cards too. */
export function documentKindOf(code: string | null): DocumentKind | null {
  if (!code) return null;
  const c = code.replace(/</g, '');
  if (c.startsWith('P')) return 'passport';
  if (c.startsWith('V')) return 'visa';
  if (c === 'IR' || c === 'AR' || c === 'CR' || c === 'RP') return 'residence_permit';
  if (/^[IAC]/.test(c)) return 'identity_card';
  return 'travel_document';
}

/** YYMMDD → ISO. Birth dates are never in the future; expiry dates are within ±50 years of today. */
export function mrzDateToIso(yymmdd: string | null, kind: 'birth' | 'expiry', now: Date): string | null {
  if (!yymmdd || !/^\d{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const mm = yymmdd.slice(2, 4);
  const dd = yymmdd.slice(4, 6);
  const nowYear = now.getUTCFullYear();
  const century = Math.floor(nowYear / 100) * 100;
  let year = century + yy;
  if (kind === 'birth') {
    if (`${year}-${mm}-${dd}` > now.toISOString().slice(0, 10)) year -= 100;
  } else if (year > nowYear + 50) year -= 100;
  else if (year < nowYear - 50) year += 100;
  const iso = `${year}-${mm}-${dd}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

export function ageOn(dateOfBirth: string | null, now: Date): number | null {
  if (!dateOfBirth) return null;
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - y;
  const month = now.getUTCMonth() + 1;
  if (month < m || (month === m && now.getUTCDate() < d)) age -= 1;
  return age;
}

const CHECK_LABEL: Record<CheckDigitName, string> = {
  documentNumber: 'document number',
  birthDate: 'date of birth',
  expirationDate: 'expiry date',
  personalNumber: 'personal number',
  composite: 'whole zone (final check digit)',
};

export function summarizeMrz(read: MrzReadResult, now: Date = new Date()): PrecheckSummary {
  const messages: string[] = [];
  const fieldOf = (name: string): { value: string | null; valid: boolean; error: string | null } | undefined =>
    read.fieldChecks.find((f) => f.field === name);
  const v = read.fields;
  const raw = (name: string): string | null => (v ? null : (fieldOf(name)?.value ?? null));

  const birthRaw = v?.birthDate ?? raw('birthDate');
  const expiryRaw = v?.expirationDate ?? raw('expirationDate');
  const dateOfBirth = mrzDateToIso(birthRaw, 'birth', now);
  const dateOfExpiry = mrzDateToIso(expiryRaw, 'expiry', now);
  const today = now.toISOString().slice(0, 10);
  const expired = dateOfExpiry ? dateOfExpiry < today : null;
  const sexRaw = v?.sex ?? (fieldOf('sex')?.value === 'male' ? 'M' : fieldOf('sex')?.value === 'female' ? 'F' : null);

  const field = (key: string, value: string | null, source: string, extraProblem: string | null = null): SummaryField => {
    const f = fieldOf(source);
    const valid = (f ? f.valid : value !== null) && !extraProblem;
    return { key, value, valid, problem: extraProblem ?? (f && !f.valid ? (f.error ?? 'not readable') : null) };
  };
  const checkProblem = (name: CheckDigitName): string | null => (read.checks[name] === false ? `the ${CHECK_LABEL[name]} check digit does not match` : null);

  const fields: SummaryField[] = [
    field('documentCode', v?.documentCode ?? raw('documentCode'), 'documentCode'),
    field('issuingState', v?.issuingState ?? raw('issuingState'), 'issuingState'),
    field('lastName', v?.lastName ?? raw('lastName'), 'lastName'),
    field('firstName', v?.firstName ?? raw('firstName'), 'firstName'),
    field('dateOfBirth', dateOfBirth, 'birthDate', checkProblem('birthDate')),
    field('sex', sexRaw, 'sex'),
    field('nationality', v?.nationality ?? raw('nationality'), 'nationality'),
    field('documentNumber', v?.documentNumber ?? raw('documentNumber'), 'documentNumber', checkProblem('documentNumber')),
    field('dateOfExpiry', dateOfExpiry, 'expirationDate', checkProblem('expirationDate') ?? (expired ? 'the document has expired' : null)),
  ];
  if (read.checks.personalNumber !== undefined) fields.push(field('personalNumber', v?.personalNumber ?? null, 'personalNumber', checkProblem('personalNumber')));
  if (read.checks.composite === false) fields.push({ key: 'finalCheckDigit', value: null, valid: false, problem: checkProblem('composite') });

  if (read.status === 'unreadable') messages.push('The machine-readable zone could not be found. Place the document flat, MRZ lines fully visible, and capture again.');
  if (read.status === 'invalid') messages.push('The machine-readable zone was read but its check digits do not match. Capture the document again; if it keeps failing, check the document by hand.');
  if (expired) messages.push(`This document expired on ${dateOfExpiry}. Ask the customer for a valid document.`);

  return {
    status: read.status,
    format: read.format,
    documentKind: documentKindOf(v?.documentCode ?? raw('documentCode')),
    documentCode: v?.documentCode ?? raw('documentCode'),
    issuingState: v?.issuingState ?? raw('issuingState'),
    nationality: v?.nationality ?? raw('nationality'),
    lastName: v?.lastName ?? raw('lastName'),
    firstName: v?.firstName ?? raw('firstName'),
    dateOfBirth,
    age: ageOn(dateOfBirth, now),
    sex: sexRaw,
    documentNumber: v?.documentNumber ?? raw('documentNumber'),
    personalNumber: v ? v.personalNumber || null : null,
    dateOfExpiry,
    expired,
    fields,
    checkDigits: read.checks,
    repaired: read.repaired !== null,
    messages,
  };
}
