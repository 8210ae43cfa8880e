// The kiosk's own MRZ reading (on-device precheck) beside the provider's identity fields, field by
// field. Values are compared after folding case, accents and punctuation, because an MRZ spells
// "O'Brien" as OBRIEN and dates are ISO on both sides; anything else that differs is a disagreement.
import type { IdentityFields } from '../../../shared/domain';
import type { MrzPrecheck } from '../../../shared/precheck';

export interface SideBySideRow {
  /** Identity field name (renderer label: identity.<key>). */
  key: keyof IdentityFields;
  kiosk: string | null;
  provider: string | null;
  /** null when one side has no value (nothing to compare). */
  agree: boolean | null;
}

const PAIRS: ReadonlyArray<[keyof IdentityFields, keyof MrzPrecheck]> = [
  ['lastName', 'lastName'],
  ['firstName', 'firstName'],
  ['documentNumber', 'documentNumber'],
  ['dateOfBirth', 'dateOfBirth'],
  ['expiryDate', 'dateOfExpiry'],
  ['sex', 'sex'],
  ['nationality', 'nationality'],
  ['issuingState', 'issuingState'],
  ['personalNumber', 'personalNumber'],
];

export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export function sideBySide(mrz: MrzPrecheck | null | undefined, identity: IdentityFields | null | undefined): SideBySideRow[] {
  if (!mrz && !identity) return [];
  const rows: SideBySideRow[] = [];
  for (const [key, mrzKey] of PAIRS) {
    const k = mrz?.[mrzKey];
    const p = identity?.[key];
    const kiosk = typeof k === 'string' && k.trim() ? k : null;
    const provider = typeof p === 'string' && p.trim() ? p : null;
    if (kiosk === null && provider === null) continue;
    rows.push({ key, kiosk, provider, agree: kiosk === null || provider === null ? null : fold(kiosk) === fold(provider) });
  }
  return rows;
}
