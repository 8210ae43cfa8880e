// Purging a ZOLOZ verification's data deletes it at ZOLOZ too: the purge (the supervisor's or the
// retention purge) queues a durable privacyinfo/delete per transaction in the store; the runner sends
// it to the emulator over real HTTP, audits ZOLOZ's answer, retries across a restart while the
// emulator is down, and raises a supervisor alert when ZOLOZ refuses the delete.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createZolozAdapter, type ZolozAdapter } from '../../../main/providers/zoloz/adapter';
import { PrivacyDeleteRunner, startZolozPrivacyDeletes } from '../../../main/providers/zoloz/privacy-deletes';
import { ReviewActions } from '../../../main/review/actions';
import { SupervisorAuth } from '../../../main/review/auth';
import { generateSandboxKeys, startZolozSandbox, trainingZolozConfig, type SandboxKeys, type ZolozFault, type ZolozSandbox } from '../../../main/sandbox/zoloz/server';
import { Store } from '../../../main/store/store';
import { isFinal, startHarness, waitUntil, type Harness } from '../sync/support/harness';
import { key, tempDir } from '../store/support';
import { specimenPage, SPECIMEN_MRZ } from '../../fixtures/zoloz/specimen';

let keys: SandboxKeys;
let front: Buffer;
let sandbox: ZolozSandbox | null;
let port = 0;
let faultFor: (api: string) => ZolozFault | null = () => null;
let t: ReturnType<typeof tempDir>;
let h: Harness | null;
const k = key();
const policy = { baseMs: 10, capMs: 40 };

const startSandbox = async () =>
  startZolozSandbox({
    clientId: keys.clientId,
    merchantPublicKeyPem: keys.merchant.publicKeyPem,
    zolozPrivateKeyPem: keys.zoloz.privateKeyPem,
    processingPolls: 0,
    port,
    analyzer: { readMrz: async (img) => (img.equals(front) ? [...SPECIMEN_MRZ] : null) },
    zolozFaults: ({ api }) => faultFor(api),
  });

beforeAll(async () => {
  keys = await generateSandboxKeys();
  front = await specimenPage();
});
beforeEach(async () => {
  faultFor = () => null;
  port = 0;
  sandbox = await startSandbox();
  port = Number(new URL(sandbox.url).port);
  t = tempDir('kiosk-zoloz-del-');
  h = null;
});
afterEach(async () => {
  await h?.stop();
  await sandbox?.close();
  t.cleanup();
});

const adapter = (): ZolozAdapter => createZolozAdapter(trainingZolozConfig(`http://127.0.0.1:${port}`, keys, { requestTimeoutMs: 2_000 }), { pollMinMs: 10, pollMaxMs: 30 });

/** A passport verification taken to its final result at the emulator through the real worker. */
async function finishedVerification(): Promise<string> {
  h = startHarness({ dataDir: t.dir, key: k, adapter: adapter(), autoStart: false });
  const v = h.store.createVerification({ documentType: 'passport', provider: 'zoloz', locale: 'en' });
  h.store.putCapture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner', jpeg: front, preview: null, width: 1000, height: 700, quality: null });
  h.store.submitVerification(v.id, ['front']);
  h.worker.start();
  await waitUntil('final', () => isFinal(h!.store, v.id));
  await h.worker.stop();
  return v.id;
}

const actions = (store: Store) =>
  new ReviewActions({
    store,
    auth: new SupervisorAuth({ db: store.db, audit: store.audit, now: Date.now, lockoutMs: 60_000, idleMs: 60_000, scryptParams: { N: 1024, r: 8, p: 1 } }),
    fourEyes: false,
    now: Date.now,
    changed: () => undefined,
    kick: () => undefined,
  });
const audited = (store: Store, id: string, prefix: string) => store.audit.list({ verificationId: id }).filter((r) => r.action.startsWith(prefix));

describe('privacy delete at ZOLOZ', () => {
  it("a supervisor's purge reaches ZOLOZ's privacyinfo/delete and is audited with ZOLOZ's answer", async () => {
    const id = await finishedVerification();
    const store = h!.store;
    expect(sandbox!.stats().deleted).toBe(0);
    actions(store).purgeImages('Ann Supervisor', id, 'customer asked for erasure');
    expect(store.providerDeletesOf(id)).toEqual([expect.objectContaining({ provider: 'zoloz', state: 'queued' })]);
    const runner = startZolozPrivacyDeletes({ queue: store, adapter: adapter(), policy })!;
    await waitUntil('deleted', () => store.providerDeletesOf(id)[0]?.state === 'done');
    await runner.stop();
    expect(sandbox!.stats().deleted).toBe(1);
    expect(sandbox!.stats().byApi['privacyinfo/delete']).toBe(1);
    const [row] = audited(store, id, 'provider_data_deleted');
    expect(row!.detail).toMatchObject({ provider: 'zoloz', transactionId: expect.stringMatching(/^G/), answer: { resultStatus: 'S', resultCode: 'SUCCESS' } });
    expect(audited(store, id, 'provider_delete_queued')).toHaveLength(1);
    expect(store.openAlerts()).toEqual([]);
    // Purging again queues nothing more for the same transaction.
    store.db.transaction(() => store.dropImagesOf(id, Date.now()))();
    expect(store.duePrivacyDeletes(Date.now(), 10)).toEqual([]);
  });

  it('the retention purge queues it too; while ZOLOZ is down it is retried, and after a kiosk restart it reaches ZOLOZ', async () => {
    const id = await finishedVerification();
    let store = h!.store;
    // Down: the gateway in front of ZOLOZ answers 503 or drops the connection (ZOLOZ keeps its data).
    let downCalls = 0;
    faultFor = (api) => (api === 'privacyinfo/delete' ? (downCalls++ % 2 === 0 ? { kind: 'http', status: 503 } : { kind: 'drop' }) : null);
    expect(store.purgeExpiredImages(Date.now() + 40 * 86_400_000, 30).verifications).toBe(1);
    const down = new PrivacyDeleteRunner({ queue: store, deleteAt: (tx, signal) => adapter().deletePrivacyInfo(tx, signal), policy });
    down.start();
    await waitUntil('retried twice', () => (store.providerDeletesOf(id)[0]?.attempts ?? 0) >= 2);
    await down.stop();
    expect(store.providerDeletesOf(id)[0]).toMatchObject({ state: 'queued' });
    expect(audited(store, id, 'provider_delete_retry').length).toBeGreaterThanOrEqual(2);
    expect(sandbox!.stats().deleted).toBe(0);

    // Restart: the store is closed and opened again, ZOLOZ answers again.
    await h!.stop();
    h = null;
    faultFor = () => null;
    store = Store.open({ dataDir: t.dir, key: k });
    try {
      const runner = startZolozPrivacyDeletes({ queue: store, adapter: adapter(), policy })!;
      await waitUntil('deleted after restart', () => store.providerDeletesOf(id)[0]?.state === 'done');
      await runner.stop();
      expect(sandbox!.stats().deleted).toBe(1);
      expect(audited(store, id, 'provider_data_deleted')[0]!.detail).toMatchObject({ answer: { resultCode: 'SUCCESS' } });
      expect(store.audit.verifyAudit().ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('a delete ZOLOZ refuses ends as failed and raises a supervisor alert with its answer', async () => {
    const id = await finishedVerification();
    const store = h!.store;
    faultFor = (api) => (api === 'privacyinfo/delete' ? { kind: 'result', resultCode: 'PARAM_ILLEGAL', resultMessage: 'transactionId not found for this bizId' } : null);
    actions(store).purgeImages('Ann Supervisor', id, 'retention request');
    const runner = startZolozPrivacyDeletes({ queue: store, adapter: adapter(), policy })!;
    await waitUntil('failed', () => store.providerDeletesOf(id)[0]?.state === 'failed');
    await runner.stop();
    expect(store.openAlerts()).toEqual([expect.objectContaining({ kind: 'provider_delete_failed', provider: 'zoloz', verificationId: id, message: expect.stringMatching(/ask zoloz support/) })]);
    expect(audited(store, id, 'provider_delete_failed')[0]!.detail).toMatchObject({ answer: expect.stringContaining('PARAM_ILLEGAL') });
  });

  it('a verification that never reached ZOLOZ queues nothing', async () => {
    h = startHarness({ dataDir: t.dir, key: k, adapter: adapter(), autoStart: false });
    const v = h.store.createVerification({ documentType: 'passport', provider: 'zoloz', locale: 'en' });
    h.store.cancelVerification(v.id, 'teller', 'customer left');
    h.store.db.transaction(() => h!.store.dropImagesOf(v.id, Date.now()))();
    expect(h.store.providerDeletesOf(v.id)).toEqual([]);
  });
});
