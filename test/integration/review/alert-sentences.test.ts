// Every alert kind the health page and the banner show carries its catalogue sentence (key and
// parameters, no personal data), raised the way main raises it against a real encrypted store; rows
// stored as they were before the sentences existed are translated too; a free-text notice has none
// and the screen keeps main's English. The sentences render in German through the screen's kioskText.
import i18next from 'i18next';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthReporter, type HealthAlert } from '../../../main/review/health';
import { HealthReport } from '../../../shared/contract-supervisor';
import type { ProviderStatus } from '../../../shared/domain';
import { kioskText } from '../../../renderer/src/app/kiosk-text';
import { reviewRig, seedVerification, setupCodeOf, type ReviewRig } from './support';

let rig: ReviewRig;
afterEach(() => rig?.close());

const storedAlert = (r: ReviewRig, kind: string, message: string) =>
  r.store.db.prepare('INSERT INTO alerts (at, kind, provider, verification_id, message) VALUES (?, ?, NULL, NULL, ?)').run(r.clock.now, kind, message);

function report(r: ReviewRig, providers: ProviderStatus[], minFreeBytes = 0): HealthAlert[] {
  const alerts = new HealthReporter({ store: r.store, now: () => r.clock.now, providerStatus: () => providers, minFreeBytes, imageDays: 30 }).report(1, 0).alerts;
  expect(HealthReport.shape.alerts.parse(alerts)).toEqual(alerts); // the contract takes the sentence
  return alerts;
}

describe('health alerts as catalogue sentences', () => {
  it('each kind raised carries its key and parameters; a notice keeps only the English', () => {
    rig = reviewRig();
    const r = rig;
    // provider_auth, as the sync raises it when credentials are refused
    r.store.pauseProvider('zignsec', 'HTTP 401', null);
    // possible_duplicate, from a step the provider may have run twice
    const dup = seedVerification(r);
    r.store.recordStep(dup, { kind: 'progress', step: 'session_created', progress: { sessionId: 's-2' }, state: 'submitting', notice: 'A session may have been created twice at zignsec.' });
    // provider_delete_failed, from the final failure of a delete queued at ZOLOZ
    const del = seedVerification(r, { provider: 'zoloz' });
    r.store.recordStep(del, { kind: 'progress', step: 'transaction_started', progress: { bizId: 'biz-1', transactionId: 'G000000001' }, state: 'awaiting_result' });
    r.store.db.transaction(() => r.store.dropImagesOf(del, r.clock.now))();
    const [queued] = r.store.duePrivacyDeletes(r.clock.now, 10);
    r.store.recordPrivacyDeleteFailed(queued!.id, 'ZOLOZ answered PARAM_ILLEGAL', '{"result":{"resultStatus":"F"}}');
    // rows as the forwarder, the PIN lockout, the store and its checks store them
    storedAlert(r, 'siem_unreachable', "The bank's log server cannot be reached.");
    storedAlert(r, 'supervisor_lockout', 'Supervisor PIN entry locked (lockout 1 since the last successful login).');
    storedAlert(r, 'store_backup_failed', 'The nightly backup could not be written.');
    storedAlert(r, 'integrity_check_failed', 'The background integrity check found damage.');
    storedAlert(r, 'something_new', 'A kiosk notice in English only.');
    const providers: ProviderStatus[] = [{ id: 'zoloz', configured: true, reachable: false, circuit: 'open', paused: false }];

    // a floor far above any disk's free space: the disk alert with its measured numbers
    const alerts = report(r, providers, Number.MAX_SAFE_INTEGER / 2);
    const byKind = Object.fromEntries(alerts.map((a) => [a.kind, a.sentence]));
    expect(byKind.provider_auth).toEqual({ key: 'alert_provider_auth', params: { provider: 'zignsec' } });
    expect(byKind.possible_duplicate).toEqual({ key: 'alert_possible_duplicate', params: { provider: 'zignsec' } });
    expect(byKind.provider_delete_failed).toEqual({ key: 'alert_provider_delete_failed', params: { provider: 'zoloz' } });
    expect(byKind.audit_forwarding).toEqual({ key: 'alert_audit_forwarding', params: {} });
    expect(byKind.supervisor_lockout).toEqual({ key: 'alert_supervisor_lockout', params: { count: 1 } });
    expect(byKind.store_failure).toEqual({ key: 'alert_store_failure', params: {} });
    expect(byKind.integrity).toEqual({ key: 'alert_integrity', params: {} });
    expect(byKind.provider_down).toEqual({ key: 'alert_provider_down', params: { provider: 'zoloz' } });
    expect(byKind.disk_low?.key).toBe('alert_disk_low');
    expect(byKind.disk_low?.params.floorMb).toBe(Math.ceil(Number.MAX_SAFE_INTEGER / 2 / 1024 / 1024));
    expect(typeof byKind.disk_low?.params.freeMb).toBe('number');
    const notice = alerts.find((a) => a.kind === 'notice');
    expect(notice).toMatchObject({ message: 'A kiosk notice in English only.' });
    expect(notice?.sentence).toBeUndefined();
    // no English detail (credentials reason, transaction id) travels in a parameter
    expect(JSON.stringify(alerts.map((a) => a.sentence))).not.toMatch(/401|G000000001|PARAM_ILLEGAL/);
  });

  it('needs_attention counts the verifications; no disk alert when there is room', () => {
    rig = reviewRig();
    const id = seedVerification(rig);
    rig.store.db.prepare(`UPDATE verifications SET state = 'needs_attention' WHERE id = ?`).run(id);
    const alerts = report(rig, []);
    expect(alerts.find((a) => a.kind === 'needs_attention')?.sentence).toEqual({ key: 'alert_needs_attention', params: { count: 1 } });
    expect(alerts.some((a) => a.kind === 'disk_low')).toBe(false);
  });

  it('a PIN lockout raised by the PIN check carries its count since the last login, shown in German', async () => {
    rig = reviewRig({ lockoutMinutes: 1 });
    const r = rig;
    await r.review.calls.supervisorSetup({ name: 'Maja', pin: '2468', code: setupCodeOf(r.dir) });
    for (let lockout = 0; lockout < 2; lockout++) {
      for (let i = 0; i < 5; i++) await r.review.calls.supervisorLogin({ pin: '0000' });
      r.clock.now += 60 * 60_000; // past the (doubling) lockout
    }
    const lockouts = report(r, []).filter((a) => a.kind === 'supervisor_lockout');
    expect(lockouts.map((a) => a.sentence)).toEqual([
      { key: 'alert_supervisor_lockout', params: { count: 1 } },
      { key: 'alert_supervisor_lockout', params: { count: 2 } },
    ]);
    const de = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../renderer/src/i18n/locales/de.json'), 'utf8'));
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'de', resources: { de: { translation: de } } });
    const shown = kioskText(lockouts[1]!, i18n.t.bind(i18n), 'de');
    expect(shown).toBe(de.message.alert_supervisor_lockout.replace('{{count}}', '2'));
    expect(shown).not.toBe(lockouts[1]!.message);
  });

  it('a lockout alert whose English carries no count keeps the English on screen', () => {
    rig = reviewRig();
    storedAlert(rig, 'supervisor_lockout', 'Supervisor PIN entry locked.');
    const [lockout] = report(rig, []).filter((a) => a.kind === 'supervisor_lockout');
    expect(lockout?.sentence).toBeUndefined();
  });

  it('the screen shows the sentence in German and falls back to main English without one', async () => {
    const de = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../renderer/src/i18n/locales/de.json'), 'utf8'));
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'de', resources: { de: { translation: de } } });
    const t = i18n.t.bind(i18n);
    const shown = kioskText({ message: 'The zoloz provider is failing.', sentence: { key: 'alert_provider_down', params: { provider: 'zoloz' } } }, t, 'de');
    expect(shown).toContain('zoloz');
    expect(shown).toBe(de.message.alert_provider_down.replace('{{provider}}', 'zoloz'));
    expect(kioskText({ message: 'A kiosk notice in English only.' }, t, 'de')).toBe('A kiosk notice in English only.');
  });
});
