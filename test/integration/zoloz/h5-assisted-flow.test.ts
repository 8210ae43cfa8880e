// ZOLOZ's own capture page (H5) end to end through the real kiosk core and the training emulator:
// the teller's offer for a ZOLOZ verification with nothing scanned, main calling initialize (MOB_H5),
// the transaction recorded durably and audited, the page completed by a scripted customer over real
// HTTP and stopped at the complete callback, then checkresult polled by the outbox to the outcome.
import { afterEach, describe, expect, it } from 'vitest';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { H5_COMPLETE_CALLBACK, H5_INTERRUPT_CALLBACK } from '../../../main/providers/zoloz/h5';
import { H5_PAGE } from '../../../main/sandbox/zoloz/server';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { Store } from '../../../main/store/store';
import { startHarness, waitForFinal, type Harness } from '../../helpers/kiosk-harness';
import { customerOnZolozPage, type H5Visit } from '../../helpers/zoloz-h5-customer';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const H5 = { providers: { zoloz: { assistedFlow: true } } };

const calls = (api: string) => h!.kiosk.sandboxes!.zoloz.stats().byApi[api] ?? 0;

describe("ZOLOZ assisted flow (its H5 page) through the kiosk", () => {
  it('initialize → the customer completes the page → checkresult polled → outcome; transaction recorded and audited', async () => {
    const sp = await generateSpecimen(randomSpecimenSpec(2401, { format: 'TD3' }));
    const visits: H5Visit[] = [];
    h = await startHarness({ overrides: H5, keepDataDir: true, kioskOptions: { openProviderPage: customerOnZolozPage(sp.jpeg, visits) } });
    const svc = h.kiosk.service;
    expect(await svc.getProviderPageOffer({})).toEqual({ offered: true });

    const v = await svc.startVerification({ documentType: 'passport', provider: 'zoloz', locale: 'sv' });
    const other = await svc.startVerification({ documentType: 'passport', provider: 'zignsec' });
    // Offered by the verification's routed provider: ZOLOZ's page is on, ZignSec's is not.
    expect(await svc.getProviderPageOffer({ verificationId: v.id })).toEqual({ offered: true });
    expect(await svc.getProviderPageOffer({ verificationId: other.id })).toEqual({ offered: false });
    await expect(svc.openProviderPage({ verificationId: other.id })).rejects.toMatchObject({ code: 'conflict' });

    const afterPage = await svc.openProviderPage({ verificationId: v.id });
    expect(afterPage.state).toBe('awaiting_result');
    expect(afterPage.captures).toEqual([]);

    // The window was pointed at the emulator's H5 page, locked to its origin, told where to stop.
    const base = new URL(h.kiosk.config.providers.zoloz.baseUrl!);
    expect(visits).toHaveLength(1);
    const page = new URL(visits[0]!.url);
    expect(visits[0]!.origin).toBe(base.origin);
    expect(page.origin + page.pathname).toBe(base.origin + H5_PAGE);
    expect(page.searchParams.get('langPack')).toBe('sv');
    expect(visits[0]!.stopAt).toEqual({ complete: H5_COMPLETE_CALLBACK, interrupt: H5_INTERRUPT_CALLBACK });
    expect(visits[0]!.location).toBe(H5_COMPLETE_CALLBACK);

    const final = await waitForFinal(h!, v.id);
    expect(final.state).toBe('accepted');
    expect(final.outcome).toMatchObject({ provider: 'zoloz', decision: 'accepted' });
    expect(final.outcome?.identity).toMatchObject({ lastName: sp.truth.surname, documentNumber: sp.truth.documentNumber });

    // One initialize, then only checkresult: the kiosk itself sent no image and started no recognition.
    expect(calls('idrecognition/initialize')).toBe(1);
    expect(calls('idrecognition/checkresult')).toBeGreaterThanOrEqual(1);
    expect(calls('idrecognition/recognize')).toBe(0);
    expect(calls('idrecognition/asyncrecognize')).toBe(0);
    expect(h.kiosk.sandboxes!.zignsec.stats().createSession ?? 0).toBe(0);
    // The page's address (its clientcfg) never reaches the renderer.
    const clientcfg = page.searchParams.get('clientcfg')!;
    expect(JSON.stringify(await svc.getVerification({ id: v.id }))).not.toContain(clientcfg);

    // Durable and audited: reopened from disk, the verification holds ZOLOZ's transaction and the
    // audit log says who started the page, with which transaction, and how the page ended.
    const dataDir = h.dataDir;
    await h.close();
    h = null;
    const store = Store.open({ dataDir, key: loadOrCreateKeyFile(dataDir) });
    try {
      const rows = store.audit.list({ verificationId: v.id });
      const started = rows.find((r) => r.action === 'provider_page_started');
      expect(started).toMatchObject({ actor: 'teller', detail: { provider: 'zoloz', transactionId: expect.stringMatching(/^G/), bizId: v.id.replace(/-/g, '') } });
      expect(rows.find((r) => r.action === 'provider_page_ended')).toMatchObject({ detail: { provider: 'zoloz', end: 'completed' } });
      const progress = (store.db.prepare('SELECT progress FROM verifications WHERE id = ?').get(v.id) as { progress: string }).progress;
      // Kept after the result: privacy deletes at ZOLOZ find the transaction here.
      expect(JSON.parse(progress)).toMatchObject({ bizId: v.id.replace(/-/g, ''), transactionId: (started!.detail as { transactionId: string }).transactionId });
      expect(store.audit.verifyAudit().ok).toBe(true);
    } finally {
      store.close();
      const { rmSync } = await import('node:fs');
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
  });

  it('a customer who cancels on the page goes to a supervisor at once, with a plain next step', async () => {
    const visits: H5Visit[] = [];
    h = await startHarness({ overrides: H5, kioskOptions: { openProviderPage: customerOnZolozPage(null, visits, 'cancel') } });
    const svc = h.kiosk.service;
    const v = await svc.startVerification({ documentType: 'passport', provider: 'zoloz' });
    const after = await svc.openProviderPage({ verificationId: v.id });
    expect(visits[0]!.location).toBe(H5_INTERRUPT_CALLBACK);
    expect(after.state).toBe('needs_attention');
    expect(after.sync.lastError).toMatch(/left ZOLOZ's page without finishing/);
    expect(after.sync.lastErrorSentence).toEqual({ key: 'sync_assisted_not_finished', params: { provider: 'ZOLOZ' } });
    expect(calls('idrecognition/initialize')).toBe(1);
  });

  it('is not offered, and nothing reaches ZOLOZ, on the web host (no window), when off, or once something is scanned', async () => {
    h = await startHarness({ overrides: H5 }); // no opener: the web host
    let svc = h.kiosk.service;
    expect(await svc.getProviderPageOffer({})).toEqual({ offered: false });
    const v = await svc.startVerification({ documentType: 'passport', provider: 'zoloz' });
    expect(await svc.getProviderPageOffer({ verificationId: v.id })).toEqual({ offered: false });
    await expect(svc.openProviderPage({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict', userMessage: expect.stringMatching(/Scan the document at the kiosk/) });
    expect((await svc.getVerification({ id: v.id })).state).toBe('capturing');
    expect(calls('idrecognition/initialize')).toBe(0);
    await h.close();

    h = await startHarness({ kioskOptions: { openProviderPage: async () => 'completed' } }); // a window, but the flow is off
    svc = h.kiosk.service;
    expect(await svc.getProviderPageOffer({})).toEqual({ offered: false });
    const off = await svc.startVerification({ documentType: 'passport', provider: 'zoloz' });
    await expect(svc.openProviderPage({ verificationId: off.id })).rejects.toMatchObject({ code: 'conflict' });
    expect(calls('idrecognition/initialize')).toBe(0);
    await h.close();

    h = await startHarness({ overrides: H5, kioskOptions: { openProviderPage: async () => 'completed' } });
    svc = h.kiosk.service;
    const scanned = await svc.startVerification({ documentType: 'passport', provider: 'zoloz' });
    const scanner = (await svc.listDevices({})).find((d) => d.kind === 'scanner')!;
    await svc.capture({ verificationId: scanned.id, side: 'front', deviceId: scanner.id });
    expect(await svc.getProviderPageOffer({ verificationId: scanned.id })).toEqual({ offered: false });
    await expect(svc.openProviderPage({ verificationId: scanned.id })).rejects.toMatchObject({ code: 'conflict' });
    expect(calls('idrecognition/initialize')).toBe(0);
  });

  it('a document ZOLOZ cannot take on its page is refused with the reason, before initialize', async () => {
    h = await startHarness({ overrides: H5, kioskOptions: { openProviderPage: async () => 'completed' } });
    const svc = h.kiosk.service;
    const v = await svc.startVerification({ documentType: 'other', provider: 'zoloz' });
    await expect(svc.openProviderPage({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict', userMessage: expect.stringMatching(/ZOLOZ cannot check this document on its own page.*Scan the document at the kiosk/) });
    expect((await svc.getVerification({ id: v.id })).state).toBe('capturing');
    expect(calls('idrecognition/initialize')).toBe(0);
  });
});
