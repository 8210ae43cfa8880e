// The sync's last error reaches the screens as a catalogue sentence: the worker, driving a real loopback
// provider on a real encrypted store, records each failure's English (logs, audit, support) and its
// sentence together (the retry's audit row too); the next good step, and a supervisor's retry, clear
// both; a row stored before the sentences existed, or naming a key this build does not have, comes back
// with its English alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMiniAdapter } from './support/mini-adapter';
import { startMiniProvider, type MiniProvider } from './support/mini-provider';
import { isFinal, queueVerification, startHarness, waitUntil, type Harness } from './support/harness';
import { key, tempDir } from '../store/support';
import { Verification } from '../../../shared/domain';

let t: ReturnType<typeof tempDir>;
let provider: MiniProvider;
let h: Harness | null;
const k = key();

beforeEach(async () => {
  t = tempDir('kiosk-sync-sentence-');
  provider = await startMiniProvider();
  h = null;
});
afterEach(async () => {
  await h?.stop();
  await provider.close();
  t.cleanup();
});

describe("the sync's last error as a sentence", () => {
  it('a 503 is retried with its sentence beside the English; the good step after it clears both', async () => {
    provider.fault('create_session', { kind: 'status', status: 503 }, 1);
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false });
    const id = queueVerification(h.store, ['front']);
    const seen: Verification[] = [];
    h.events.on('verificationUpdated', (v) => {
      if (v.id === id && v.sync.lastError) seen.push(v);
    });
    h.worker.start();
    await waitUntil('final', () => isFinal(h!.store, id));
    const retrying = seen[0]!;
    expect(retrying.sync.lastError).toMatch(/503/);
    expect(retrying.sync.lastErrorSentence).toEqual({ key: 'sync_provider_trouble', params: { provider: 'ZignSec', status: 503 } });
    expect(Verification.safeParse(retrying).success).toBe(true); // what the screen's contract takes
    const audit = h.store.audit.list({ verificationId: id }).find((r) => r.action === 'retry_scheduled')!;
    expect(audit.detail).toMatchObject({ error: retrying.sync.lastError, sentence: retrying.sync.lastErrorSentence });
    const done = h.store.getVerification(id)!;
    expect(done.sync.lastError).toBeNull();
    expect(done.sync.lastErrorSentence).toBeUndefined();
    const col = h.store.db.prepare('SELECT last_error_sentence FROM verifications WHERE id = ?').get(id) as { last_error_sentence: string | null };
    expect(col.last_error_sentence).toBeNull();
  });

  it('a refusal goes to a supervisor with its sentence; the supervisor retry clears it', async () => {
    provider.fault('add_document', { kind: 'status', status: 400, body: '{"errors":[{"code":"bad_document","description":"blurry, Jane Doe"}]}' });
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false });
    const id = queueVerification(h.store, ['front']);
    h.worker.start();
    await waitUntil('needs attention', () => h!.store.getVerification(id)!.state === 'needs_attention');
    const v = h.store.getVerification(id)!;
    expect(v.sync.lastError).toMatch(/blurry/); // the provider's words stay in the English, for support
    expect(v.sync.lastErrorSentence).toEqual({ key: 'sync_rejected', params: { provider: 'ZignSec', status: 400 } });
    const changed = h.store.audit.list({ verificationId: id }).find((r) => r.action === 'state_changed' && (r.detail as { to?: string }).to === 'needs_attention')!;
    expect(changed.detail).toMatchObject({ sentence: v.sync.lastErrorSentence });
    await h.worker.stop(); // the retry would be sent at once otherwise
    const retried = h.store.retryVerification(id, 'supervisor:alice', 'image checked');
    expect(retried.sync.lastError).toBeNull();
    expect(retried.sync.lastErrorSentence).toBeUndefined();
  });

  it('an old row with English only, or with a key this build lacks, comes back with its English alone', () => {
    h = startHarness({ dataDir: t.dir, key: k, adapter: createMiniAdapter(provider.url, provider.apiKey), autoStart: false });
    const old = queueVerification(h.store, ['front']);
    const gone = queueVerification(h.store, ['front']);
    const set = h.store.db.prepare('UPDATE verifications SET attempts = 1, last_error = ?, last_error_sentence = ? WHERE id = ?');
    set.run('ZignSec had a temporary problem (upload, HTTP 502); the kiosk will retry.', null, old);
    set.run('The provider answered 503.', JSON.stringify({ key: 'sync_no_such_key', params: {} }), gone);
    for (const id of [old, gone]) {
      const v = h.store.getVerification(id)!;
      expect(v.sync.lastError).toMatch(/50[23]/);
      expect(v.sync.lastErrorSentence).toBeUndefined();
      expect(Verification.safeParse(v).success).toBe(true);
    }
  });
});
