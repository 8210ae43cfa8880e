// The supervisor's chip card: never read → one sentence; a read → the outcome in words with a symbol
// (not colour alone), the signing state named, BAC/PACE with the key's source, the data groups, the chip
// against the printed page, and the chip's face with a button to open it. i18n runs with the real
// English locale, so the test reads what a supervisor reads.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChipResultCard } from '../../../renderer/src/supervisor/ChipResultCard';
import en from '../../../renderer/src/i18n/locales/en.json';
import { ChipResultView } from '../../../shared/contract-chip';
import { kioskMessage } from '../../../shared/kiosk-message';

beforeAll(async () => {
  await i18next.use(initReactI18next).init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false } });
});

const verified: ChipResultView = ChipResultView.parse({
  outcome: 'verified', reason: null, message: 'Chip verified by BE.', sentence: kioskMessage('chip_verified', { country: 'BEL' }), accessKey: 'typed',
  country: 'BE', accessMethod: 'pace', dataGroupsVerified: [1, 2, 14], printedMrzMatch: true,
  cloneCheck: { status: 'passed', method: 'chip-authentication', notSupportedBy: null }, revocation: { status: 'not-revoked', reason: null }, faceKept: true, training: false, retry: false,
  readAt: '2026-06-01T09:00:00.000Z', signer: 'CN=Document Signer BE 7', reads: 2, face: 'data:image/jpeg;base64,/9j/AAAA',
});
const render = (chip: ChipResultView | null) => renderToStaticMarkup(createElement(ChipResultCard, { chip, onView: () => undefined }));

describe('ChipResultCard', () => {
  it('says so when the chip was never read', () => {
    expect(render(null)).toContain('The chip was not read for this verification.');
  });

  it('a verified read: the sentence, the state, PACE with the typed key, data groups, same as the page, reads, signer, face', () => {
    const html = render(verified);
    expect(html).toContain('data-outcome="verified"');
    expect(html).toContain('✓');
    expect(html).toContain('Chip verified by Belgium: the data on the chip was signed by the issuing state.');
    expect(html).toContain('<dd>Belgium</dd>');
    expect(html).toContain('PACE, key typed by the teller');
    expect(html).toContain('DG1, DG2, DG14');
    expect(html).toContain('<dd>The same</dd>');
    expect(html).toContain('CN=Document Signer BE 7');
    expect(html).toContain('<dt>Clone check</dt><dd>Passed (chip authentication)</dd>');
    expect(html).toContain('<dt>Revocation</dt><dd>Checked against a current list</dd>');
    expect(html).toContain('src="data:image/jpeg;base64,/9j/AAAA"');
    expect(html).toContain(`aria-label="${en.supervisor.viewer.open.replace('{{what}}', 'Photo on the chip')}"`);
  });

  it('a fraud signal: the failure in words with ✕, nothing verified, the page not compared; no face row without a face', () => {
    const html = render({ ...verified, outcome: 'not-authentic', reason: 'signer-not-trusted', sentence: kioskMessage('chip_signer_not_trusted'), country: null, dataGroupsVerified: [], printedMrzMatch: null, accessKey: 'mrz', face: null, signer: null, cloneCheck: { status: 'not-run', method: null, notSupportedBy: null }, revocation: null });
    expect(html).toContain('✕');
    expect(html).toContain("The chip&#x27;s signature does not chain to a trusted state certificate.");
    expect(html).toContain('PACE, key from the kiosk&#x27;s MRZ reading');
    expect(html).toContain('<dd>None</dd>');
    expect(html).toContain('<dd>Not compared</dd>');
    expect(html).not.toContain('<img');
    expect(html).toContain('<dt>Clone check</dt><dd>Not run: the read had already failed</dd>');
    expect(html).not.toContain('chip-result-revocation');
  });

  it('the clone check and the revocation status in words, for each case', () => {
    const row = (patch: Partial<ChipResultView>, testId: string) => /<dd>([^<]*)<\/dd>/.exec(render({ ...verified, ...patch }).split(`data-testid="${testId}"`)[1] ?? '')?.[1];
    expect(row({ cloneCheck: { status: 'not-supported', method: null, notSupportedBy: 'document' } }, 'chip-result-clone')).toBe('Not supported by this document');
    expect(row({ cloneCheck: { status: 'not-supported', method: null, notSupportedBy: 'kiosk' } }, 'chip-result-clone')).toBe('Not run: this kiosk does not support the document&#x27;s method');
    expect(row({ cloneCheck: { status: 'passed', method: 'active-authentication', notSupportedBy: null } }, 'chip-result-clone')).toBe('Passed (active authentication)');
    expect(row({ outcome: 'clone-check-failed', cloneCheck: { status: 'failed', method: 'chip-authentication', notSupportedBy: null } }, 'chip-result-clone')).toBe('Failed (chip authentication): the chip is likely a copy');
    expect(row({ cloneCheck: { status: 'not-run', method: null, notSupportedBy: null } }, 'chip-result-clone')).toBe('Not run: the read had already failed');
    expect(row({ revocation: { status: 'unknown', reason: 'crl-expired' } }, 'chip-result-revocation')).toBe('Status unknown — the list is out of date');
    expect(row({ revocation: { status: 'unknown', reason: 'no-crl' } }, 'chip-result-revocation')).toBe('Not checked — no list from this state is installed');
  });

  it('a verified read with an out-of-date revocation list says so in the sentence', () => {
    const html = render({ ...verified, sentence: kioskMessage('chip_verified_revocation_unknown', { country: 'BEL' }), revocation: { status: 'unknown', reason: 'crl-expired' } });
    expect(html).toContain('Chip verified by Belgium, but whether its signing certificate has been revoked is unknown');
  });
});
