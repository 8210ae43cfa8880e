// The review screen's precheck panel: nothing without a precheck;
// with one, every state in words and symbols (not colour alone), the fields, and the expired flag.
// i18n is set up with the real English locale, so the test reads what a teller reads.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { MrzResultView } from '../../../renderer/src/components/MrzResultView';
import en from '../../../renderer/src/i18n/locales/en.json';
import type { CapturePrecheck } from '../../../shared/precheck';
import { CapturePrecheck as Schema } from '../../../shared/precheck';

beforeAll(async () => {
  await i18next.use(initReactI18next).init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false } });
});

const expired: CapturePrecheck = Schema.parse({
  checkedAt: '2026-11-22T10:00:00.000Z',
  mrz: {
    status: 'accepted', format: 'TD3', documentKind: 'passport', documentCode: 'P', issuingState: 'SWE', nationality: 'SWE',
    lastName: 'ERIKSSON', firstName: 'ANNA MARIA', dateOfBirth: '1974-08-12', age: 52, sex: 'F', documentNumber: 'L898902C3',
    personalNumber: null, dateOfExpiry: '2024-04-15', expired: true,
    fields: [
      { key: 'documentCode', value: 'P', valid: true, problem: null },
      { key: 'issuingState', value: 'SWE', valid: true, problem: null },
      { key: 'lastName', value: 'ERIKSSON', valid: true, problem: null },
      { key: 'firstName', value: 'ANNA MARIA', valid: true, problem: null },
      { key: 'dateOfBirth', value: '1974-08-12', valid: true, problem: null },
      { key: 'documentNumber', value: 'L898902C3', valid: false, problem: 'the document number check digit does not match' },
      { key: 'dateOfExpiry', value: '2024-04-15', valid: false, problem: 'the document has expired' },
    ],
    checkDigits: { documentNumber: false }, repaired: false, messages: [],
  },
});

describe('MrzResultView', () => {
  it('renders nothing without a precheck', () => {
    expect(renderToStaticMarkup(createElement(MrzResultView, {}))).toBe('');
    expect(renderToStaticMarkup(createElement(MrzResultView, { precheck: null }))).toBe('');
  });

  it('shows document, names, birth date with age, number, expiry with the expired flag, and each field state in words', () => {
    const html = renderToStaticMarkup(createElement(MrzResultView, { precheck: expired }));
    expect(html).toContain('Passport · SWE');
    expect(html).toContain('ERIKSSON, ANNA MARIA');
    expect(html).toContain('1974-08-12');
    expect(html).toContain('age 52');
    expect(html).toContain('L898902C3');
    expect(html).toContain('2024-04-15');
    expect(html).toContain('EXPIRED');
    expect(html).toContain('check digit does not match');
    expect(html).toMatch(/✕<\/span> expired/);
    expect(html).toMatch(/✓<\/span> valid/);
  });

  it('an unreadable MRZ says so, with the next step, and lists no fields', () => {
    const html = renderToStaticMarkup(
      createElement(MrzResultView, { precheck: { ...expired, mrz: { ...expired.mrz!, status: 'unreadable', fields: [] } } }),
    );
    expect(html).toContain('Machine-readable lines not found');
    expect(html).not.toContain('precheck-fields');
  });
});
