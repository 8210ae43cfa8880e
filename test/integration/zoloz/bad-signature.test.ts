// A ZOLOZ reply with a bad signature, through the real sync worker and store against the emulator
// over loopback HTTP: retried as a passing fault a bounded number of times, then ZOLOZ is paused;
// an asyncrecognize whose reply could not be read is repeated only after it is counted.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createZolozAdapter } from '../../../main/providers/zoloz/adapter';
import { generateSandboxKeys, startZolozSandbox, trainingZolozConfig, type SandboxKeys, type ZolozFault, type ZolozSandbox } from '../../../main/sandbox/zoloz/server';
import type { Store } from '../../../main/store/store';
import { UNVERIFIED_REPLY_RETRIES } from '../../../main/sync/retry';
import { isFinal, startHarness, waitUntil, type Harness } from '../sync/support/harness';
import { key, tempDir } from '../store/support';
import { specimenPage, SPECIMEN_MRZ } from '../../fixtures/zoloz/specimen';

let keys: SandboxKeys;
let front: Buffer;
let sandbox: ZolozSandbox;
let faultFor: (api: string, n: number) => ZolozFault | null;
let t: ReturnType<typeof tempDir>;
let h: Harness | null;
const k = key();

beforeAll(async () => {
  keys = await generateSandboxKeys();
  front = await specimenPage();
});
beforeEach(async () => {
  faultFor = () => null;
  sandbox = await startZolozSandbox({
    clientId: keys.clientId,
    merchantPublicKeyPem: keys.merchant.publicKeyPem,
    zolozPrivateKeyPem: keys.zoloz.privateKeyPem,
    processingPolls: 1,
    analyzer: { readMrz: async (img) => (img.equals(front) ? [...SPECIMEN_MRZ] : null) },
    zolozFaults: ({ api, n }) => faultFor(api, n),
  });
  t = tempDir('kiosk-zoloz-sig-');
  h = null;
});
afterEach(async () => {
  await h?.stop();
  await sandbox.close();
  t.cleanup();
});

const adapter = () => createZolozAdapter(trainingZolozConfig(sandbox.url, keys), { pollMinMs: 10, pollMaxMs: 30 });

function queuePassport(store: Store): string {
  const v = store.createVerification({ documentType: 'passport', provider: 'zoloz', locale: 'en' });
  store.putCapture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner', jpeg: front, preview: null, width: 1000, height: 700, quality: null });
  store.submitVerification(v.id, ['front']);
  return v.id;
}
const progressOf = (store: Store, id: string) => JSON.parse((store.db.prepare('SELECT progress FROM verifications WHERE id = ?').get(id) as { progress: string }).progress) as Record<string, unknown>;
const retries = (store: Store, id: string) => store.audit.list({ verificationId: id }).filter((r) => r.action === 'retry_scheduled');

describe('bad reply signatures', () => {
  it('one corrupted poll reply is retried and the verification finishes; ZOLOZ is not paused', async () => {
    let corrupted = 0;
    faultFor = (api) => (api === 'idrecognition/asynccheckresult' && corrupted++ === 0 ? { kind: 'bad-signature' } : null);
    h = startHarness({ dataDir: t.dir, key: k, adapter: adapter(), autoStart: false });
    const id = queuePassport(h.store);
    h.worker.start();
    await waitUntil('final', () => isFinal(h!.store, id));
    expect(h.store.getVerification(id)!.state).toBe('accepted');
    expect(h.store.pausedProviders()).toEqual([]);
    expect(retries(h.store, id)).toHaveLength(1);
    expect(retries(h.store, id)[0]!.detail).toMatchObject({ error: expect.stringMatching(/failed signature verification/) });
    expect(sandbox.stats().transactions).toBe(1);
  });

  it(`every reply badly signed: ${UNVERIFIED_REPLY_RETRIES} retries, then ZOLOZ is paused with an alert`, async () => {
    faultFor = (api) => (api === 'idrecognition/asynccheckresult' ? { kind: 'bad-signature' } : null);
    h = startHarness({ dataDir: t.dir, key: k, adapter: adapter(), autoStart: false });
    const id = queuePassport(h.store);
    h.worker.start();
    await waitUntil('paused', () => h!.store.pausedProviders().length > 0);
    await h.worker.stop();
    expect(h.store.pausedProviders()).toEqual([{ provider: 'zoloz', reason: expect.stringMatching(/failed signature verification/) }]);
    expect(h.store.openAlerts()).toEqual([expect.objectContaining({ kind: 'provider_auth', provider: 'zoloz', verificationId: id })]);
    expect(retries(h.store, id)).toHaveLength(UNVERIFIED_REPLY_RETRIES);
    expect(sandbox.stats().byApi['idrecognition/asynccheckresult']).toBe(UNVERIFIED_REPLY_RETRIES + 1);
    expect(h.store.getVerification(id)!.state).toBe('awaiting_result'); // waits for the supervisor, nothing lost
  });

  it('an asyncrecognize whose reply could not be trusted is counted as a possible second transaction before it is repeated', async () => {
    let corrupted = 0;
    faultFor = (api) => (api === 'idrecognition/asyncrecognize' && corrupted++ === 0 ? { kind: 'bad-signature' } : null);
    h = startHarness({ dataDir: t.dir, key: k, adapter: adapter(), autoStart: false });
    const id = queuePassport(h.store);
    h.worker.start();
    await waitUntil('final', () => isFinal(h!.store, id));
    expect(h.store.getVerification(id)!.state).toBe('accepted');
    expect(sandbox.stats().transactions).toBe(2); // the emulator did create one for the unreadable reply
    expect(progressOf(h.store, id)).toMatchObject({ possibleDuplicates: 1 });
    expect(h.store.counters()['sync.retry_after_maybe_delivered']).toBe(1);
    // Shown to the supervisor, not only counted.
    expect(h.store.openAlerts()).toEqual([expect.objectContaining({ kind: 'possible_duplicate', provider: 'zoloz', verificationId: id, message: expect.stringMatching(/second, billed ZOLOZ transaction/) })]);
  });

  it('every asyncrecognize reply badly signed: sent once more, then ZOLOZ is paused instead of billed again', async () => {
    faultFor = (api) => (api === 'idrecognition/asyncrecognize' ? { kind: 'bad-signature' } : null);
    h = startHarness({ dataDir: t.dir, key: k, adapter: adapter(), autoStart: false });
    const id = queuePassport(h.store);
    h.worker.start();
    await waitUntil('paused', () => h!.store.pausedProviders().length > 0);
    await h.worker.stop();
    expect(sandbox.stats().byApi['idrecognition/asyncrecognize']).toBe(2);
    expect(progressOf(h.store, id)).toMatchObject({ possibleDuplicates: 1, pending: 'recognize' });
    expect(h.store.pausedProviders()).toEqual([{ provider: 'zoloz', reason: expect.stringMatching(/paused rather than billed/) }]);
    expect(h.store.openAlerts().map((a) => a.kind).sort()).toEqual(['possible_duplicate', 'provider_auth']);
  });
});
