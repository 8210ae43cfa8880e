// The result screen in the teller's language: the decision and the next step come from the locales;
// a reason main sent as a catalogue key is the kiosk's sentence, translated; a reason the provider
// gave in its own words is shown labelled as the provider's, marked English, never as the kiosk's own
// sentence. Rendered with the real German and English locales.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { OutcomeView } from '../../../renderer/src/screens/OutcomeView';
import en from '../../../renderer/src/i18n/locales/en.json';
import de from '../../../renderer/src/i18n/locales/de.json';
import { englishText, kioskMessage } from '../../../shared/kiosk-message';
import type { Outcome } from '../../../shared/domain';

beforeAll(async () => {
  await i18next.use(initReactI18next).init({ lng: 'de', resources: { en: { translation: en }, de: { translation: de } }, interpolation: { escapeValue: false } });
});

const analysis = kioskMessage('reason_analysis_failed', { provider: 'ZOLOZ' });
const zone = kioskMessage('reason_zone_mismatch', { field: 'id number' });
const outcome: Outcome = {
  decision: 'failed',
  provider: 'zoloz',
  reasons: [
    { code: 'analysis_failed', field: null, message: englishText(analysis), sentence: analysis },
    { code: 'ZONE_MISMATCH', field: 'ID_NUMBER', message: englishText(zone), sentence: zone },
    // Free text without a key (as an outcome stored before its reason had one).
    { code: 'BLUR', field: null, message: 'The photo is blurred: scan again.' },
  ],
  identity: {
    firstName: null, lastName: null, fullName: null, dateOfBirth: null, age: null, sex: null, nationality: null, issuingState: null,
    documentNumber: null, personalNumber: null, expiryDate: null, expired: null,
  } as Outcome['identity'],
  fields: [],
  selfieSimilarity: null,
  portrait: null,
  decidedAt: '2026-06-01T09:00:00.000Z',
};
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

describe('the result screen in German', () => {
  it('decision and next step from the locale; the kiosk’s reason translated; the provider’s words labelled and marked English', async () => {
    await i18next.changeLanguage('de');
    const html = renderToStaticMarkup(createElement(OutcomeView, { outcome }));
    expect(html).toContain(escape(de.outcome.decision.failed));
    expect(html).toContain(escape(de.outcome.next.scan_again));
    expect(html).toContain(escape(de.message.reason_analysis_failed.replace('{{provider}}', 'ZOLOZ')));
    expect(html).not.toContain(escape(englishText(analysis)));
    expect(html).toContain(escape(de.message.reason_zone_mismatch.replace('{{field}}', 'id number')));
    expect(html).not.toContain(escape(englishText(zone)));
    // The provider's words: after the German label, in an English quotation, in their own list item.
    const item = /<li class="reason-provider" data-testid="provider-words">(.*?)<\/li>/.exec(html)?.[1] ?? '';
    expect(item).toContain(escape(de.outcome.providerWords.replace('{{provider}}', 'ZOLOZ')));
    expect(item).toContain('<q lang="en">The photo is blurred: scan again.</q>');
    // Exactly one reason is the provider's; the kiosk's own is a plain item.
    expect(html.match(/data-testid="provider-words"/g)).toHaveLength(1);
  });
});
