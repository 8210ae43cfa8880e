// The document's issuing country. ZOLOZ needs it for ID cards and driving licences (a country-specific
// docType), and routing by country (providers.byCountry) needs it when the MRZ did not give it. The
// teller's choice is stored with the verification and audited; the on-device MRZ reading is used when
// the teller did not choose, and a disagreement must be confirmed before submit.
import { iso31661 } from 'iso-3166';
import { z } from 'zod';
import type { DocumentType, IssuingCountryInfo, ProviderId, Verification } from '../../shared/domain';
import type { KioskConfig } from '../config';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import type { AuditLog } from '../store/audit';
import type { Db } from '../store/db';
import { DEFAULT_DOC_TYPES, type ZolozDocTypeEntry } from '../providers/zoloz/doc-types';
import { bestMrz } from '../precheck/policy';
import type { PrecheckService } from '../precheck/service';
import type { Store } from '../store/store';

/** Every assigned ISO 3166-1 country, alpha-3 with the alpha-2 region code browsers name countries by. */
export const ISSUING_COUNTRIES: ReadonlyArray<{ code: string; region: string }> = iso31661
  .map((c) => ({ code: c.alpha3, region: c.alpha2 }))
  .sort((a, b) => (a.code < b.code ? -1 : 1));

const KNOWN = new Set(ISSUING_COUNTRIES.map((c) => c.code));

/** The teller's choice: an assigned ISO 3166-1 alpha-3 code and nothing else. */
export const ChosenCountry = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .refine((code) => KNOWN.has(code), 'not an assigned ISO 3166-1 alpha-3 code');

/**
 * ICAO 9303 issuing-state codes that are not ISO 3166-1 alpha-3: Germany writes "D" in its MRZ.
 * Other ICAO-only codes (UNO, XXA, …) are kept as read, so a mismatch with a choice still shows.
 */
const ICAO_TO_ISO: Readonly<Record<string, string>> = { D: 'DEU' };

export function normalizeMrzState(state: string | null | undefined): string | null {
  const s = state?.replace(/</g, '').trim().toUpperCase();
  if (!s) return null;
  return ICAO_TO_ISO[s] ?? s;
}

/** Is `code` an assigned ISO 3166-1 alpha-3 code? (Exported for tests.) */
export const isIssuingCountry = (code: string): boolean => KNOWN.has(code);

/** Document types whose ZOLOZ docType depends on the country (passports use one generic code). */
const ZOLOZ_COUNTRY_DOCS: readonly DocumentType[] = ['id_card', 'drivers_license'];

/** When the flow must ask the teller for the country (see IssuingCountryInfo.ask). */
export function askFor(documentType: DocumentType, provider: ProviderId, providers: KioskConfig['providers']): IssuingCountryInfo['ask'] {
  if (provider === 'zoloz' && ZOLOZ_COUNTRY_DOCS.includes(documentType)) return 'before_capture';
  if (Object.keys(providers.byCountry).length > 0) return 'before_submit';
  return null;
}

/** Countries listed first: those the provider has a document code for, then the branch's routing rules. */
export function supportedCountries(
  documentType: DocumentType,
  provider: ProviderId,
  providers: KioskConfig['providers'],
  zolozTable: readonly ZolozDocTypeEntry[] = DEFAULT_DOC_TYPES,
): string[] {
  const out = new Set<string>();
  if (provider === 'zoloz') for (const e of zolozTable) if (e.documentType === documentType && e.country) out.add(e.country);
  for (const [country, to] of Object.entries(providers.byCountry)) if (to === provider) out.add(country.toUpperCase());
  return [...out].filter(isIssuingCountry).sort();
}

/** The issuing state the on-device MRZ reading found (check digits passed), as read; null when none. */
export function mrzIssuingStateReader(store: Pick<Store, 'getVerification'>, precheck: Pick<PrecheckService, 'attach'>) {
  return (verificationId: string): string | null => {
    const v = store.getVerification(verificationId, { previews: false });
    if (!v) return null;
    const mrz = bestMrz(precheck.attach(v).captures.map((c) => c.precheck));
    return mrz?.status === 'accepted' ? mrz.issuingState : null;
  };
}

export interface IssuingCountryServiceOptions {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  /** Read at each use (the configuration may be reloaded). */
  providers: () => KioskConfig['providers'];
  /** The issuing state the on-device MRZ read found (check digits passed), as read; null when none. */
  mrzIssuingState: (verificationId: string) => string | null;
  now?: () => number;
}

type Row = { state: string; document_type: DocumentType; provider: ProviderId; issuing_country: string | null; issuing_country_confirmed_read: string | null };

export function createIssuingCountryService(options: IssuingCountryServiceOptions) {
  const now = options.now ?? (() => Date.now());
  const rowStmt = options.db.prepare<[string], Row>(
    'SELECT state, document_type, provider, issuing_country, issuing_country_confirmed_read FROM verifications WHERE id = ?',
  );
  const updateStmt = options.db.prepare<[string, string | null, number, string]>(
    'UPDATE verifications SET issuing_country = ?, issuing_country_confirmed_read = ?, updated_at = ? WHERE id = ?',
  );

  const row = (id: string): Row => {
    const r = rowStmt.get(id);
    if (!r) throw new KioskError('not_found', kioskMessage('verification_gone'));
    return r;
  };

  function infoOf(id: string, r: Row = row(id)): IssuingCountryInfo {
    const providers = options.providers();
    const chosen = r.issuing_country;
    const read = normalizeMrzState(options.mrzIssuingState(id));
    const mismatch = !!chosen && !!read && chosen !== read;
    return {
      chosen,
      read,
      effective: chosen ?? read,
      ask: askFor(r.document_type, r.provider, providers),
      mismatch,
      confirmed: mismatch && r.issuing_country_confirmed_read === read,
      supported: supportedCountries(r.document_type, r.provider, providers),
    };
  }

  return {
    info: (verificationId: string): IssuingCountryInfo => infoOf(verificationId),

    /** The verification with its issuing-country info attached (teller-facing replies). */
    attach: (v: Verification): Verification => ({ ...v, issuingCountry: infoOf(v.id) }),

    /** What routing and the provider use: the teller's choice, else the MRZ reading (ISO codes only). */
    effective(verificationId: string): string | null {
      const r = rowStmt.get(verificationId);
      if (!r) return null;
      const effective = infoOf(verificationId, r).effective;
      return effective && isIssuingCountry(effective) ? effective : null;
    },

    /** Sets the teller's choice; audited with the MRZ reading it was made against. */
    choose(verificationId: string, country: string, confirmMismatch: boolean, actor = 'teller'): void {
      const parsed = ChosenCountry.safeParse(country);
      if (!parsed.success) throw new KioskError('bad_request', kioskMessage('country_unknown'));
      const r = row(verificationId);
      if (r.state !== 'capturing') {
        throw new KioskError('conflict', kioskMessage('country_locked'));
      }
      const read = normalizeMrzState(options.mrzIssuingState(verificationId));
      const confirmedRead = confirmMismatch && read && read !== parsed.data ? read : null;
      options.db.transaction(() => {
        updateStmt.run(parsed.data, confirmedRead, now(), verificationId);
        options.audit.append({
          actor,
          action: 'issuing_country_chosen',
          verificationId,
          detail: { country: parsed.data, previous: r.issuing_country, mrz: read, ...(confirmedRead ? { confirmedAgainstMrz: confirmedRead } : {}) },
        });
      })();
    },

    /** Submit refuses a verification whose country is needed but unknown, or disputed and unconfirmed. */
    assertReadyToSubmit(verificationId: string): void {
      const info = infoOf(verificationId);
      if (info.ask && !info.effective) {
        throw new KioskError('conflict', kioskMessage('country_needed'));
      }
      if (info.mismatch && !info.confirmed) {
        throw new KioskError('conflict', kioskMessage('country_mismatch', { chosen: info.chosen ?? '', read: info.read ?? '' }));
      }
    },
  };
}

export type IssuingCountryService = ReturnType<typeof createIssuingCountryService>;
