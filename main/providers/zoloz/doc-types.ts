// ZOLOZ document type codes. Passports are generic; ID cards and driving licences are
// country-specific codes (apparently `00` + calling code + serial), so they come from a table the
// configuration can extend. Codes whose source is a third party or an inference are marked.
import type { DocumentType } from '../../../shared/domain';
import type { AUTO_DOC_CATEGORIES } from './schemas';

type AutoDocCategory = (typeof AUTO_DOC_CATEGORIES)[number];

export interface ZolozDocTypeEntry {
  code: string;
  documentType: DocumentType;
  /** ISO 3166-1 alpha-3 issuing country; null for generic (passport) codes. */
  country: string | null;
  label: string;
}

export const PASSPORT_MRZ = '00000001003';
export const PASSPORT_MRZ_VIZ = '00000001006';

export const DEFAULT_DOC_TYPES: readonly ZolozDocTypeEntry[] = [
  { code: PASSPORT_MRZ, documentType: 'passport', country: null, label: 'Passport (MRZ)' },
  { code: PASSPORT_MRZ_VIZ, documentType: 'passport', country: null, label: 'Passport (MRZ and visual zone)' },
  { code: '00600000001', documentType: 'id_card', country: 'MYS', label: 'Malaysia MyKad' },
  { code: '00600000010', documentType: 'drivers_license', country: 'MYS', label: 'Malaysia driving licence' }, // third-party list
  { code: '00610000001', documentType: 'drivers_license', country: 'AUS', label: 'South Australia driving licence' },
  { code: '00620000001', documentType: 'id_card', country: 'IDN', label: 'Indonesia e-KTP' }, // third-party SDK enums
  { code: '00650000001', documentType: 'id_card', country: 'SGP', label: 'Singapore citizen card' },
  { code: '00650000002', documentType: 'id_card', country: 'SGP', label: 'Singapore PR card' },
  { code: '08520000001', documentType: 'id_card', country: 'HKG', label: 'Hong Kong identity card' }, // inferred from the 0852 prefix
  { code: '00630000033', documentType: 'id_card', country: 'PHL', label: 'Philippines National ID' },
];

/** What to send as the document selector: an exact docType, or ZOLOZ auto-classification. */
export type DocSelector = { docType: string } | { autoDocCategory: AutoDocCategory[]; autoDocCountryCode?: string[] };

const AUTO_CATEGORY: Partial<Record<DocumentType, AutoDocCategory>> = { id_card: 'ID_CARD', drivers_license: 'DRIVING_LICENSE' };

/**
 * Selector for a verification: passports use the MRZ passport code (or the MRZ+VIZ one when asked);
 * ID cards and licences use the table's code for the country; a country outside the table is sent
 * as ZOLOZ auto-classification by category narrowed to that country (`autoDocCountryCode`, ISO
 * alpha-3, which ZOLOZ's recognize docs allow beside `autoDocCategory`); no country known, the
 * category alone. null = ZOLOZ cannot serve it. Passports never go by auto-classification (ZOLOZ:
 * native SDK only).
 */
export function docSelectorFor(
  documentType: DocumentType,
  country?: string | null,
  options: { table?: readonly ZolozDocTypeEntry[]; passportCode?: string } = {},
): DocSelector | null {
  if (documentType === 'passport') return { docType: options.passportCode ?? PASSPORT_MRZ };
  const category = AUTO_CATEGORY[documentType];
  if (!category) return null;
  const table = options.table ?? DEFAULT_DOC_TYPES;
  if (country) {
    const code = country.toUpperCase();
    const entry = table.find((e) => e.documentType === documentType && e.country === code);
    if (entry) return { docType: entry.code };
    if (/^[A-Z]{3}$/.test(code)) return { autoDocCategory: [category], autoDocCountryCode: [code] };
  }
  return { autoDocCategory: [category] };
}

/**
 * Routing helper: can ZOLOZ serve this document type (and issuing country, when known)?
 * With a country, only countries in the table count, so routing and failover never choose ZOLOZ
 * for a document it may answer with NO_REQUIRED_ID (auto-classification is for what ends up there).
 */
export function supports(documentType: DocumentType, country?: string | null, table: readonly ZolozDocTypeEntry[] = DEFAULT_DOC_TYPES): boolean {
  if (documentType === 'passport') return true;
  if (!AUTO_CATEGORY[documentType]) return false;
  if (!country) return true;
  return table.some((e) => e.documentType === documentType && e.country === country.toUpperCase());
}

export function describeCertType(code: string | undefined, table: readonly ZolozDocTypeEntry[] = DEFAULT_DOC_TYPES): ZolozDocTypeEntry | null {
  if (!code) return null;
  return table.find((e) => e.code === code) ?? null;
}
