// The supervisor's timeline reads a failed attempt in the screen's language when the sync recorded the
// failure's catalogue sentence, and keeps the English of entries written before the sentences existed.
import i18next from 'i18next';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { timelineSentence } from '../../../renderer/src/supervisor/timeline';
import type { AuditEntryView } from '../../../shared/contract-supervisor';

const locale = (lang: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, `../../../renderer/src/i18n/locales/${lang}.json`), 'utf8'));

async function tFor(lang: string) {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: lang, resources: { [lang]: { translation: locale(lang) } }, interpolation: { escapeValue: false } }); // as the renderer sets it
  return i18n.t.bind(i18n);
}

const entry = (action: string, actor: string, detail: Record<string, unknown>): AuditEntryView =>
  ({ seq: 1, at: '2026-12-07T09:00:00.000Z', actor, action, verificationId: 'v1', detail }) as unknown as AuditEntryView;

describe('timeline sentences of sync failures', () => {
  const english = 'ZignSec had a temporary problem (upload, HTTP 503); the kiosk will retry.';
  const sentence = { key: 'sync_provider_trouble', params: { provider: 'ZignSec', status: 503 } };

  it('a retry recorded with its sentence reads in German; one without keeps the English', async () => {
    const t = await tFor('de');
    const de = locale('de').message.sync_provider_trouble.replace('{{provider}}', 'ZignSec').replace('{{status}}', '503');
    const withSentence = timelineSentence(entry('retry_scheduled', 'sync', { error: english, sentence, nextAttemptAt: '2026-12-07T09:01:00.000Z' }), t, 'de');
    expect(withSentence).toContain(de);
    expect(withSentence).not.toContain('upload, HTTP 503');
    const old = timelineSentence(entry('retry_scheduled', 'sync', { error: english, nextAttemptAt: '2026-12-07T09:01:00.000Z' }), t, 'de');
    expect(old).toContain(english);
  });

  it("a restarted session's reason reads translated; a supervisor's own reason is left as typed", async () => {
    const t = await tFor('fr');
    const restart = { key: 'sync_session_restarted', params: { provider: 'ZOLOZ' } };
    const fr = locale('fr').message.sync_session_restarted.replace('{{provider}}', 'ZOLOZ');
    expect(timelineSentence(entry('state_changed', 'sync', { from: 'submitting', to: 'queued', reason: 'gone', sentence: restart, restart: true }), t, 'fr')).toContain(fr);
    const typed = timelineSentence(entry('state_changed', 'supervisor:Maja Berg', { from: 'needs_attention', to: 'queued', reason: 'Checked by hand', sentence: restart }), t, 'fr');
    expect(typed).toContain('Checked by hand');
    expect(typed).not.toContain(fr);
  });

  it('a stored sentence that is not a catalogue message is ignored', async () => {
    const t = await tFor('de');
    const shown = timelineSentence(entry('retry_scheduled', 'sync', { error: english, sentence: { key: 'no_such_key', params: {} } }), t, 'de');
    expect(shown).toContain(english);
  });
});
