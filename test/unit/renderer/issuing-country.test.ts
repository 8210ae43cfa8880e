// The issuing-country step of the teller flow and the picker's helpers (names from the
// runtime's Intl data in the customer's language, accent-insensitive search, provider countries first).
import { describe, expect, it } from 'vitest';
import { abandonedVerification, flowReducer, initialFlow, needsCountryFirst, type FlowAction, type FlowState } from '../../../renderer/src/app/flow';
import { countryBlocksSubmit, countryName, fold, matchCountries, nameOfCode, orderCountries } from '../../../renderer/src/app/countries';
import type { IssuingCountryInfo, Verification } from '../../../shared/domain';
import { makeVerification } from '../../helpers/fixtures';

const info = (patch: Partial<IssuingCountryInfo> = {}): IssuingCountryInfo => ({
  chosen: null,
  read: null,
  effective: null,
  ask: 'before_capture',
  mismatch: false,
  confirmed: false,
  supported: ['SGP', 'MYS'],
  ...patch,
});
const verification = (issuingCountry: IssuingCountryInfo | undefined, patch: Partial<Verification> = {}): Verification =>
  makeVerification('id_card', { provider: 'zoloz', ...(issuingCountry ? { issuingCountry } : {}), ...patch });
const run = (actions: FlowAction[], from: FlowState = initialFlow) => actions.reduce(flowReducer, from);
const COUNTRIES = [
  { code: 'SGP', region: 'SG' },
  { code: 'MYS', region: 'MY' },
  { code: 'AUT', region: 'AT' },
  { code: 'TUR', region: 'TR' },
  { code: 'SWE', region: 'SE' },
  { code: 'DEU', region: 'DE' },
];

describe('flow: issuing country before capture', () => {
  it('asks for the country after the document when the provider needs it up front, then goes to scan', () => {
    const start = run([{ type: 'begin' }, { type: 'consentGiven' }]);
    const v = verification(info());
    expect(needsCountryFirst(v)).toBe(true);
    let s = flowReducer(start, { type: 'verificationStarted', verification: v });
    expect(s.screen).toBe('country');
    // Leaving the country screen abandons the verification (main cancels it).
    expect(abandonedVerification(s)?.id).toBe(v.id);
    expect(flowReducer(s, { type: 'back' })).toMatchObject({ screen: 'document', verification: null });
    s = flowReducer(s, { type: 'countryChosen', verification: verification(info({ chosen: 'SGP', effective: 'SGP' }), { updatedAt: '2026-11-22T10:00:01.000Z' }) });
    expect(s.screen).toBe('scan');
    expect(s.verification?.issuingCountry?.chosen).toBe('SGP');
  });

  it('skips the step when nothing is asked, or the teller already chose; keeps the country through store updates', () => {
    const start = run([{ type: 'begin' }, { type: 'consentGiven' }]);
    expect(flowReducer(start, { type: 'verificationStarted', verification: verification(undefined) }).screen).toBe('scan');
    expect(flowReducer(start, { type: 'verificationStarted', verification: verification(info({ ask: 'before_submit' })) }).screen).toBe('scan');
    const chosen = verification(info({ chosen: 'SGP', effective: 'SGP' }));
    let s = flowReducer(start, { type: 'verificationStarted', verification: chosen });
    expect(s.screen).toBe('scan');
    // An event from a store read carries no issuingCountry: the last known one stays.
    s = flowReducer(s, { type: 'verificationUpdated', verification: verification(undefined, { updatedAt: '2026-11-22T10:00:05.000Z' }) });
    expect(s.verification?.issuingCountry?.chosen).toBe('SGP');
    // On review a choice keeps the teller on review.
    s = { ...s, screen: 'review' };
    expect(flowReducer(s, { type: 'countryChosen', verification: verification(info({ chosen: 'MYS', effective: 'MYS' })) }).screen).toBe('review');
  });

  it('blocks submit while the country is needed and unknown, or disputed and unconfirmed', () => {
    expect(countryBlocksSubmit(null)).toBe(false);
    expect(countryBlocksSubmit(info())).toBe(true);
    expect(countryBlocksSubmit(info({ read: 'SWE', effective: 'SWE' }))).toBe(false);
    expect(countryBlocksSubmit(info({ chosen: 'SGP', read: 'SWE', effective: 'SGP', mismatch: true }))).toBe(true);
    expect(countryBlocksSubmit(info({ chosen: 'SGP', read: 'SWE', effective: 'SGP', mismatch: true, confirmed: true }))).toBe(false);
    expect(countryBlocksSubmit(info({ ask: null }))).toBe(false);
  });
});

describe('country picker helpers', () => {
  it('names countries in the customer language', () => {
    expect(countryName({ code: 'DEU', region: 'DE' }, 'de')).toBe('Deutschland');
    expect(countryName({ code: 'DEU', region: 'DE' }, 'fr')).toBe('Allemagne');
    expect(countryName({ code: 'SWE', region: 'SE' }, 'ru')).toBe('Швеция');
    expect(nameOfCode('SWE', COUNTRIES, 'sv')).toBe('Sverige');
    // A code main did not list falls back to the code itself.
    expect(nameOfCode('XXA', COUNTRIES, 'en')).toBe('XXA');
  });

  it('lists the provider countries first, each part sorted by name in the language', () => {
    const { first, rest } = orderCountries(COUNTRIES, ['SGP', 'MYS'], 'en');
    expect(first.map((c) => c.code)).toEqual(['MYS', 'SGP']);
    expect(rest.map((c) => c.code)).toEqual(['AUT', 'DEU', 'SWE', 'TUR']);
    // German sorts Österreich with O, so it comes before Schweden.
    expect(orderCountries(COUNTRIES, [], 'de').rest.map((c) => c.code)).toEqual(['DEU', 'MYS', 'AUT', 'SWE', 'SGP', 'TUR']);
  });

  it('finds countries by part of the name without accents, or by code', () => {
    const { rest } = orderCountries(COUNTRIES, [], 'de');
    expect(matchCountries(rest, 'osterr', 'de').map((c) => c.code)).toEqual(['AUT']);
    expect(matchCountries(rest, 'tür', 'de').map((c) => c.code)).toEqual(['TUR']);
    expect(matchCountries(rest, 'swe', 'de').map((c) => c.code)).toEqual(['SWE']);
    expect(matchCountries(rest, 'sg', 'de').map((c) => c.code)).toEqual(['SGP']);
    expect(matchCountries(rest, '  ', 'de')).toHaveLength(COUNTRIES.length);
    expect(matchCountries(rest, 'zzzz', 'de')).toEqual([]);
    expect(fold('İstanbul Ülke', 'tr')).toBe('istanbul ulke');
  });
});
