// The counts migration 010 keeps with triggers equal a full count of the store after every kind of
// transition the kiosk makes (create, capture, submit, steps, outcome, cancel, needs attention,
// retry, provider failover), and a store migrated from version 9 starts with its history counted.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../main/store/store';
import { AuditLog } from '../../../main/store/audit';
import { openDatabase } from '../../../main/store/db';
import { DB_FILE } from '../../../main/store/keyfile';
import { MIGRATIONS } from '../../../main/store/migrations';
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
    mkdirSync(dataDir);
    const key = randomBytes(32);
    // A store as version 9 left it, with history written the way the kiosk wrote it then.
    const v9 = openDatabase(join(dataDir, DB_FILE), key, MIGRATIONS.filter((m) => m.version <= 9));
    const audit = new AuditLog(v9, Date.now);
    const insert = v9.prepare(`INSERT INTO verifications (id, document_type, provider, locale, state, created_at, updated_at) VALUES (?, 'passport', ?, 'en', ?, 1, 1)`);
    const rows: Array<[string, string]> = [['zignsec', 'queued'], ['zignsec', 'queued'], ['zignsec', 'needs_attention'], ['zignsec', 'accepted'], ['zoloz', 'accepted'], ['zoloz', 'declined']];
    rows.forEach(([provider, state], i) => insert.run(`v${i}`, provider, state));
    audit.append({ actor: 'sync', action: 'retry_scheduled', verificationId: 'v0', detail: { error: 'HTTP 503' } });
    audit.append({ actor: 'sync', action: 'retry_scheduled', verificationId: 'v1', detail: { error: 'HTTP 503' } });
    audit.append({ actor: 'sync', action: 'state_changed', verificationId: 'v2', detail: { from: 'submitting', to: 'needs_attention' } });
    audit.append({ actor: 'supervisor:x', action: 'state_changed', verificationId: 'v2', detail: { from: 'queued', to: 'needs_attention' } }); // not the provider's error
    audit.append({ actor: 'sync', action: 'provider_paused', verificationId: null, detail: { provider: 'zoloz', reason: 'HTTP 401' } });
    v9.close();

    const store = Store.open({ dataDir, key });
    cleanups.push(() => store.close());
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    expect(current(store)).toEqual(countedByStore(store));
    expect(errors(store)).toEqual({ 'zignsec/retry': 2, 'zignsec/needs_attention': 1, 'zoloz/auth': 1 });
    expect(store.audit.verifyAudit()).toMatchObject({ ok: true });
  });
});
