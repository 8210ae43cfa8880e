// ZignSec's `ui/analyses` assisted flow through the real kiosk core and the training
// sandbox. The "window" here is a customer played over real HTTP: it loads the hosted page the kiosk was
// given, uploads a generated specimen through the page's own form and presses Finish; the sync worker
// then polls and fetches the result like any other ZignSec verification.
import { afterEach, describe, expect, it } from 'vitest';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { startHarness, waitForFinal, type Harness } from '../../helpers/kiosk-harness';
import { customerOnHostedPage as customerWith } from '../../helpers/zignsec-customer';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const ASSISTED = { providers: { zignsec: { assistedFlow: true } } };

describe('ZignSec assisted flow (hosted page in a locked window)', () => {
  it('opens the hosted page, the customer uploads there, and the result arrives through the outbox', async () => {
    const sp = await generateSpecimen(randomSpecimenSpec(4101, { format: 'TD3' }));
    const seen = { urls: [] as string[], origins: [] as string[] };
    h = await startHarness({ overrides: ASSISTED, kioskOptions: { openProviderPage: customerWith(sp.jpeg, seen) } });
    const svc = h.kiosk.service;
    expect(await svc.getProviderPageOffer({})).toEqual({ offered: true });

    const v = await svc.startVerification({ documentType: 'passport', provider: 'zignsec', locale: 'sv' });
    const afterPage = await svc.openProviderPage({ verificationId: v.id });
    expect(afterPage.state).toBe('awaiting_result');
    expect(afterPage.captures).toEqual([]); // the images went to ZignSec directly, nothing kept here

    // The window was pointed at the sandbox's hosted page, locked to the configured origin.
    const base = new URL(h.kiosk.config.providers.zignsec.baseUrl!);
    expect(seen.origins).toEqual([base.origin]);
    expect(new URL(seen.urls[0]!).origin).toBe(base.origin);

    const final = await waitForFinal(h!, v.id);
    expect(final.state).toBe('accepted');
    expect(final.outcome?.identity).toMatchObject({ lastName: sp.truth.surname, documentNumber: sp.truth.documentNumber });

    // One session, one UI analysis, the kiosk itself uploaded nothing and started no analysis.
    const stats = h.kiosk.sandboxes!.zignsec.stats();
    expect(stats.createSession).toBe(1);
    expect(stats.startUiAnalysis).toBe(1);
    expect(stats.addDocument ?? 0).toBe(0);
    expect(stats.startAnalysis ?? 0).toBe(0);
    expect(Object.keys(stats).filter((k) => k.startsWith('repeat.'))).toEqual([]);
    // The hosted page's address (a capability: the session id is its only key) never reaches the renderer.
    const sessionId = new URL(seen.urls[0]!).pathname.split('/').at(-1)!;
    expect(JSON.stringify(await svc.getVerification({ id: v.id }))).not.toContain(sessionId);
    expect(JSON.stringify(await svc.listVerifications({ limit: 10 }))).not.toContain(sessionId);
  });

  it('is refused, with nothing sent to ZignSec, when the host cannot show the page or the flow is off', async () => {
    h = await startHarness({ overrides: ASSISTED }); // no opener: the web host
    const svc = h.kiosk.service;
    expect(await svc.getProviderPageOffer({})).toEqual({ offered: false });
    const v = await svc.startVerification({ documentType: 'passport', provider: 'zignsec' });
    await expect(svc.openProviderPage({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict', userMessage: expect.stringMatching(/Scan the document at the kiosk/) });
    expect((await svc.getVerification({ id: v.id })).state).toBe('capturing');
    expect(h.kiosk.sandboxes!.zignsec.stats().createSession ?? 0).toBe(0);
    await h.close();

    h = await startHarness({ kioskOptions: { openProviderPage: async () => {} } }); // opener, but not configured
    expect(await h.kiosk.service.getProviderPageOffer({})).toEqual({ offered: false });
  });

  it('when ZignSec cannot be reached the teller is told to scan instead, and the verification is untouched', async () => {
    let opened = 0;
    h = await startHarness({ overrides: ASSISTED, kioskOptions: { openProviderPage: async () => void opened++ } });
    h.kiosk.sandboxes!.zignsec.setFaults({ rules: [{ route: 'createSession', kind: 'error', status: 503 }] });
    const svc = h.kiosk.service;
    const v = await svc.startVerification({ documentType: 'passport', provider: 'zignsec' });
    await expect(svc.openProviderPage({ verificationId: v.id })).rejects.toMatchObject({
      code: 'conflict',
      userMessage: expect.stringMatching(/cannot be reached.*Scan the document at the kiosk/),
    });
    expect(opened).toBe(0);
    const after = await svc.getVerification({ id: v.id });
    expect(after.state).toBe('capturing');
    // The teller can go on at the kiosk with the same verification.
    expect(after.captures).toEqual([]);
  });

  it('refuses once a side has been scanned at the kiosk (the two paths are never mixed)', async () => {
    h = await startHarness({ overrides: ASSISTED, kioskOptions: { openProviderPage: async () => {} } });
    const svc = h.kiosk.service;
    const v = await svc.startVerification({ documentType: 'passport', provider: 'zignsec' });
    const scanner = (await svc.listDevices({})).find((d) => d.kind === 'scanner')!;
    await svc.capture({ verificationId: v.id, side: 'front', deviceId: scanner.id });
    await expect(svc.openProviderPage({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict' });
    expect(h.kiosk.sandboxes!.zignsec.stats().createSession ?? 0).toBe(0);
  });

  it('a customer who never finishes the page ends in needs_attention with a plain next step', async () => {
    h = await startHarness({
      overrides: {
        providers: { zignsec: { assistedFlow: true, assistedTimeoutMs: 300 } },
        sync: { tickMs: 20, pollMinMs: 20, pollMaxMs: 40, backoffBaseMs: 20 },
      },
      kioskOptions: { openProviderPage: async () => {} }, // the window is closed without doing anything
    });
    const svc = h.kiosk.service;
    const v = await svc.startVerification({ documentType: 'passport', provider: 'zignsec' });
    await svc.openProviderPage({ verificationId: v.id });
    const final = await waitForFinal(h!, v.id);
    expect(final.state).toBe('needs_attention');
    expect(final.sync.lastError).toMatch(/did not finish ZignSec's page/);
    expect(final.sync.lastErrorSentence).toEqual({ key: 'sync_assisted_not_finished', params: { provider: 'ZignSec' } });
  });
});
