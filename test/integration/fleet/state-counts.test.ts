// The counts migration 010 keeps with triggers equal a full count of the store after every kind of
// transition the kiosk makes (create, capture, submit, steps, outcome, cancel, needs attention,
// retry, provider failover), and a store migrated from version 9 starts with its history counted.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../main/store/store';
import { tempDir } from '../store/support';
import { countedByStore, populate } from './populate';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const current = (store: Store) =>
  new Map(
    store.db
      .prepare<[], { provider: string; state: string; current: number }>('SELECT provider, state, current FROM verification_state_counts WHERE current <> 0')
      .all()
      .map((r) => [`${r.provider}/${r.state}`, r.current]),
  );
const errors = (store: Store) =>
  Object.fromEntries(store.db.prepare<[], { provider: string; kind: string; n: number }>('SELECT provider, kind, n FROM provider_error_counts').all().map((r) => [`${r.provider}/${r.kind}`, r.n]));

describe('trigger-kept counts for the metrics endpoint', () => {
  it('follow every transition, including a provider failover and a supervisor retry', () => {
    const tmp = tempDir('kiosk-counts-');
    cleanups.push(tmp.cleanup);
    const store = Store.open({ dataDir: join(tmp.dir, 'k'), key: randomBytes(32) });
    cleanups.push(() => store.close());
    populate(store, 'zignsec', { capturing: 2, cancelled: 2, queued: 3, submitting: 1, awaiting_result: 1, needs_attention: 2, accepted: 3, declined: 1, retried: 2 });
    populate(store, 'zoloz', { queued: 2, accepted: 1 });
    expect(current(store)).toEqual(countedByStore(store));

    const [waiting] = store.waitingFor('zignsec', 1);
    expect(store.reassignProvider(waiting!.id, 'zignsec', 'zoloz', 'test failover')).toBe(true);
    const attention = store.listVerifications({ state: 'needs_attention', limit: 1 }).items[0]!;
    store.retryVerification(attention.id, 'supervisor:test', 'fixed');
    store.pauseProvider('zoloz', 'HTTP 401 (test)', null);
    expect(current(store)).toEqual(countedByStore(store));

    const entered = store.db.prepare<[], { n: number }>(`SELECT entered AS n FROM verification_state_counts WHERE provider = 'zignsec' AND state = 'accepted'`).get()!.n;
    expect(entered).toBe(3);
    expect(errors(store)).toEqual({ 'zignsec/retry': 2, 'zignsec/needs_attention': 2, 'zoloz/auth': 1 });
  });

  it('are filled from the existing rows and audit log when a version 9 store is migrated', () => {
    const tmp = tempDir('kiosk-counts-');
    cleanups.push(tmp.cleanup);
    const dataDir = join(tmp.dir, 'k');
    const key = randomBytes(32);
    let store = Store.open({ dataDir, key });
    populate(store, 'zignsec', { queued: 2, needs_attention: 1, accepted: 2, retried: 1 });
    const before = countedByStore(store);
    // Back to version 9: no counts, no triggers.
    store.db.exec(`
      DROP TRIGGER verification_state_counts_insert; DROP TRIGGER verification_state_counts_update; DROP TRIGGER verification_state_counts_delete;
      DROP TRIGGER provider_error_counts_audit; DROP TABLE verification_state_counts; DROP TABLE provider_error_counts; DROP TABLE audit_forward_cursor;
      PRAGMA user_version = 9;`);
    store.close();
    store = Store.open({ dataDir, key });
    cleanups.push(() => store.close());
    expect(store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(10);
    expect(current(store)).toEqual(before);
    expect(errors(store)).toEqual({ 'zignsec/retry': 1, 'zignsec/needs_attention': 1 });
  });
});
