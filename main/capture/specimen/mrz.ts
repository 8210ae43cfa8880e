// ICAO 9303 machine-readable zone builder for synthetic specimens (TD1 ID card, TD2 card, TD3 passport).
// We compute the check digits ourselves (weights 7-3-1) and the tests validate every line with the `mrz`
// package, so a mistake here cannot hide behind a matching mistake in a checker we also wrote.

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

/** The check digit that a "broken" specimen gets wrong (the other digits stay right, so exactly one check fails). */
export type BrokenCheckDigit = 'documentNumber' | 'birthDate' | 'expiryDate' | 'composite';

/** The holder and document fields an MRZ carries (shared by the MRZ builder and the specimen specs). */
export interface MrzHolder {
  format: MrzFormat;
  /** 'P' for passports, 'I' / 'ID' / 'AC'... for cards; padded with '<'. */
  documentCode: string;
  issuingState: string;
  nationality: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  /** ISO yyyy-mm-dd */
  dateOfBirth: string;
  /** ISO yyyy-mm-dd */
  dateOfExpiry: string;
  sex: 'M' | 'F' | 'X';
}

export interface MrzFields extends MrzHolder {
  /** Optional data (personal number); may be empty. */
  optionalData: string;
  broken?: BrokenCheckDigit | undefined;
}

const WEIGHTS = [7, 3, 1] as const;

function charValue(c: string): number {
  if (c === '<') return 0;
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  throw new Error(`character not allowed in an MRZ: ${JSON.stringify(c)}`);
}

/** ICAO 9303 part 3 §4.9 check digit. */
export function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) sum += charValue(field[i]!) * WEIGHTS[i % 3]!;
  return String(sum % 10);
}

/** Upper-case, strip accents, anything outside A-Z0-9 becomes the filler '<'. */
export function mrzText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '<');
}

function pad(value: string, length: number): string {
  const text = mrzText(value);
  return text.length >= length ? text.slice(0, length) : text + '<'.repeat(length - text.length);
}

/** SURNAME<<GIVEN<NAMES, truncated to the field (ICAO allows truncation; we simply cut). */
function nameField(surname: string, givenNames: string, length: number): string {
  const joined = `${mrzText(surname.trim())}<<${mrzText(givenNames.trim())}`;
  return pad(joined, length);
}

/** ISO yyyy-mm-dd → YYMMDD */
export function mrzDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return `${m[1]!.slice(2)}${m[2]}${m[3]}`;
}

const wrong = (digit: string): string => String((Number(digit) + 5) % 10);

export function buildMrz(f: MrzFields): string[] {
  const cd = (field: string, which: BrokenCheckDigit): string => {
    const d = checkDigit(field);
    return f.broken === which ? wrong(d) : d;
  };
  const dob = mrzDate(f.dateOfBirth);
  const exp = mrzDate(f.dateOfExpiry);
  const state = pad(f.issuingState, 3);
  const nat = pad(f.nationality, 3);

  if (f.format === 'TD3') {
    const doc = pad(f.documentNumber, 9);
    const opt = pad(f.optionalData, 14);
    const line1 = pad(f.documentCode, 2) + state + nameField(f.surname, f.givenNames, 39);
    const docPart = doc + cd(doc, 'documentNumber');
    const dobPart = dob + cd(dob, 'birthDate');
    const expPart = exp + cd(exp, 'expiryDate');
    const optPart = opt + (f.optionalData ? checkDigit(opt) : '<');
    const composite = cd(docPart + dobPart + expPart + optPart, 'composite');
    return [line1, docPart + nat + dobPart + f.sex + expPart + optPart + composite];
  }
  if (f.format === 'TD2') {
    const doc = pad(f.documentNumber, 9);
    const line1 = pad(f.documentCode, 2) + state + nameField(f.surname, f.givenNames, 31);
    const docPart = doc + cd(doc, 'documentNumber');
    const dobPart = dob + cd(dob, 'birthDate');
    const expPart = exp + cd(exp, 'expiryDate');
    const opt = pad(f.optionalData, 7);
    const composite = cd(docPart + dobPart + expPart + opt, 'composite');
    return [line1, docPart + nat + dobPart + f.sex + expPart + opt + composite];
  }
  // TD1: three lines of 30
  const doc = pad(f.documentNumber, 9);
  const docPart = doc + cd(doc, 'documentNumber');
  const opt1 = pad(f.optionalData, 15);
  const line1 = pad(f.documentCode, 2) + state + docPart + opt1;
  const dobPart = dob + cd(dob, 'birthDate');
  const expPart = exp + cd(exp, 'expiryDate');
  const opt2 = pad('', 11);
  const composite = cd(line1.slice(5, 30) + dobPart + expPart + opt2, 'composite');
  const line2 = dobPart + f.sex + expPart + nat + opt2 + composite;
  const line3 = nameField(f.surname, f.givenNames, 30);
  return [line1, line2, line3];
}
