import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyCipher, openDatabase, migrate, PAGE_SIZE, StoreFormatError, StoreKeyError, StoreVersionError } from '../../../main/store/db';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { MIGRATIONS } from '../../../main/store/migrations';
import { Store } from '../../../main/store/store';
import { KioskError } from '../../../main/errors';
import { Verification as VerificationSchema, type Outcome } from '../../../shared/domain';
import { captureInput, key, markedJpeg, openStore, tempDir } from './support';

let t: ReturnType<typeof tempDir>;
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

function outcome(surname: string): Outcome {
  return {
    decision: 'accepted',
    provider: 'zignsec',
    reasons: [],
    identity: {
      firstName: 'ZZGIVENNAMETEST',
      lastName: surname,
      fullName: null,
      dateOfBirth: '1980-01-01',
      age: 45,
      sex: 'F',
      nationality: 'UTO',
      issuingState: 'UTO',
      documentNumber: 'ZZDOCNO12345',
      personalNumber: null,
      expiryDate: '2030-01-01',
      expired: false,
    },
    fields: [],
    selfieSimilarity: null,
    portrait: null,
    decidedAt: new Date().toISOString(),
  };
}

function expectKioskError(fn: () => unknown, code: string, messagePart?: RegExp): KioskError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KioskError);
    expect((e as KioskError).code).toBe(code);
    if (messagePart) expect((e as KioskError).userMessage).toMatch(messagePart);
    return e as KioskError;
  }
  throw new Error('expected a KioskError');
}

describe('encrypted database file', () => {
  it('refuses a wrong key with a clear error and leaves the file untouched', () => {
    const k = key();
    const s = openStore(t.dir, k);
    s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    s.close();
    const file = join(t.dir, 'kiosk.db');
    const before = sha(file);
    const filesBefore = readdirSync(t.dir).sort();
    let err: unknown;
    try {
      openStore(t.dir, key());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreKeyError);
    expect((err as Error).message).toMatch(/could not be opened with this key/);
    expect((err as Error).message).not.toContain(k.toString('hex'));
    expect(sha(file)).toBe(before);
    expect(readdirSync(t.dir).sort()).toEqual(filesBefore);
    // The right key still opens it with the data intact.
    const again = openStore(t.dir, k);
    expect(again.listVerifications({ limit: 10 }).items).toHaveLength(1);
    again.close();
  });

  it('refuses a file of the pre-release SQLCipher-scheme format with its own clear error and leaves it untouched', () => {
    const k = key();
    const file = join(t.dir, 'kiosk.db');
    // What a pre-release kiosk wrote: SQLCipher v4 scheme, WAL, a verification row.
    const old = new Database(file);
    old.pragma("cipher='sqlcipher'");
    old.pragma('legacy=4');
    old.pragma(`key="x'${k.toString('hex')}'"`);
    old.exec(`CREATE TABLE verifications (id TEXT PRIMARY KEY); INSERT INTO verifications VALUES ('ZZOLDROW')`);
    old.pragma('journal_mode=WAL');
    old.close();
    const before = sha(file);
    const filesBefore = readdirSync(t.dir).sort();
    let err: unknown;
    try {
      openStore(t.dir, k);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreFormatError);
    expect((err as Error).message).toMatch(/pre-release kiosk version in an encryption format this version no longer reads\. Nothing was changed/);
    expect((err as Error).message).not.toContain(k.toString('hex'));
    expect(sha(file)).toBe(before);
    expect(readdirSync(t.dir).sort()).toEqual(filesBefore);
    // Still readable the old way: nothing was converted or damaged.
    const check = new Database(file, { readonly: true });
    check.pragma("cipher='sqlcipher'");
    check.pragma('legacy=4');
    check.pragma(`key="x'${k.toString('hex')}'"`);
    expect(check.prepare('SELECT id FROM verifications').all()).toEqual([{ id: 'ZZOLDROW' }]);
    check.close();
  });

  it('a wrong key on a pre-release file is still reported as a wrong key', () => {
    const file = join(t.dir, 'kiosk.db');
    const old = new Database(file);
    old.pragma("cipher='sqlcipher'");
    old.pragma('legacy=4');
    old.pragma(`key="x'${key().toString('hex')}'"`);
    old.exec('CREATE TABLE x (y)');
    old.close();
    expect(() => openStore(t.dir, key())).toThrow(StoreKeyError);
  });

  it('uses the AEGIS-256 cipher and the chosen page size for new files', () => {
    const k = key();
    const s = openStore(t.dir, k);
    expect(s.db.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    s.close();
    // Only the AEGIS-256 scheme opens it.
    const other = new Database(join(t.dir, 'kiosk.db'), { readonly: true });
    other.pragma("cipher='aegis'");
    other.pragma("algorithm='aegis-128l'");
    other.pragma(`key="x'${k.toString('hex')}'"`);
    expect(() => other.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
    other.close();
    const right = new Database(join(t.dir, 'kiosk.db'), { readonly: true });
    applyCipher(right, k);
    expect(right.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'verifications'`).get()).toEqual({ n: 1 });
    right.close();
  });

  it('rejects a key of the wrong size', () => {
    expect(() => Store.open({ dataDir: t.dir, key: Buffer.alloc(16) })).toThrow(StoreKeyError);
  });

  it('stores no identity text, capture bytes or preview bytes in clear (main file and WAL)', async () => {
    const s = openStore(t.dir, key());
    const v = s.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
    const front = markedJpeg('ZZCAPTUREMARKERFRONT', 64 * 1024);
    s.putCapture(captureInput(v.id, 'front', front));
    s.putCapture(captureInput(v.id, 'back', markedJpeg('ZZCAPTUREMARKERBACK', 64 * 1024)));
    s.submitVerification(v.id, ['front', 'back']);
    expect(s.recordStep(v.id, { kind: 'progress', step: 'session_created', progress: { sessionId: 'ZZSESSIONIDTEXT' }, state: 'submitting' })).toBe(true);
    s.recordStep(v.id, { kind: 'final', step: 'result_fetched', progress: {}, outcome: outcome('ZZSURNAMETEST'), raw: { surname: 'ZZRAWSURNAMETEST' } });
    const secrets = ['ZZCAPTUREMARKERFRONT', 'ZZCAPTUREMARKERBACK', 'ZZSURNAMETEST', 'ZZGIVENNAMETEST', 'ZZDOCNO12345', 'ZZRAWSURNAMETEST', 'ZZSESSIONIDTEXT', 'passport', 'id_card', 'capture_added'];
    const wal = join(t.dir, 'kiosk.db-wal');
    expect(existsSync(wal) && statSync(wal).size > 0).toBe(true);
    const check = () => {
      for (const f of readdirSync(t.dir).filter((n) => n.startsWith('kiosk.db'))) {
        const raw = readFileSync(join(t.dir, f));
        for (const text of secrets) expect(raw.includes(Buffer.from(text)), `${text} in ${f}`).toBe(false);
        expect(raw.includes(front.subarray(0, 256)), `capture bytes in ${f}`).toBe(false);
        expect(raw.includes(Buffer.from('SQLite format 3')), `plain SQLite header in ${f}`).toBe(false);
      }
    };
    check(); // with the WAL populated
    expect(s.sizeBytes()).toBeGreaterThan(128 * 1024);
    await s.closeAndWait(); // every background connection closed: the WAL is folded in, not removed mid-read
    check(); // after checkpoint into the main file
    // and the data is really there when opened with the key
  });

  it('opens the file 0600 and with the documented pragmas', () => {
    const s = openStore(t.dir, key());
    expect(statSync(join(t.dir, 'kiosk.db')).mode & 0o777).toBe(0o600);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(s.db.pragma('auto_vacuum', { simple: true })).toBe(2); // INCREMENTAL
    s.close();
  });
});

describe('migrations', () => {
  it('are tracked by user_version and idempotent across reopen', () => {
    const k = key();
    const s = openStore(t.dir, k);
    const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
    expect(s.db.pragma('user_version', { simple: true })).toBe(latest);
    const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    expect(migrate(s.db)).toBe(latest); // running again changes nothing and does not throw
    s.close();
    const again = openStore(t.dir, k);
    expect(again.db.pragma('user_version', { simple: true })).toBe(latest);
    expect(again.getVerification(v.id)?.id).toBe(v.id);
    again.close();
  });

  it('applies only the pending migrations, in order', () => {
    const k = key();
    const file = join(t.dir, 'kiosk.db');
    const db1 = openDatabase(file, k, MIGRATIONS.slice(0, 1));
    expect(db1.pragma('user_version', { simple: true })).toBe(1);
    expect(db1.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'alerts'`).get()).toEqual({ n: 0 });
    db1.close();
    const db2 = openDatabase(file, k);
    expect(db2.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    expect(db2.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'alerts'`).get()).toEqual({ n: 1 });
    db2.close();
  });

  it('008 moves the images behind every other capture column and keeps every capture exactly', () => {
    const k = key();
    const file = join(t.dir, 'kiosk.db');
    // A store at version 7 with real captures (written with the columns as they were then).
    const v7 = MIGRATIONS.filter((m) => m.version <= 7);
    openDatabase(file, k, v7).close();
    const db = new Database(file);
    applyCipher(db, k);
    db.prepare(`INSERT INTO verifications (id, state, document_type, provider, locale, created_at, updated_at) VALUES ('v1', 'queued', 'id_card', 'zignsec', 'en', 1, 1)`).run();
    const front = markedJpeg('FRONT', 300_000);
    const back = markedJpeg('BACK', 200_000);
    const insert = db.prepare(
      `INSERT INTO captures (id, verification_id, side, device_id, jpeg, preview, width, height, bytes, quality, created_at, precheck) VALUES (?, 'v1', ?, 'dev', ?, ?, 1920, 1080, ?, ?, ?, ?)`,
    );
    insert.run('c1', 'front', front, front.subarray(0, 900), front.length, '{"ok":true}', 10, '{"mrz":"ok"}');
    insert.run('c2', 'back', back, null, back.length, null, 11, null);
    db.close();

    const db8 = openDatabase(file, k);
    expect(db8.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    const cols = (db8.prepare('PRAGMA table_info(captures)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(cols.slice(-2)).toEqual(['preview', 'jpeg']);
    const rows = db8.prepare('SELECT * FROM captures ORDER BY created_at').all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(2);
    expect((rows[0]!.jpeg as Buffer).equals(front)).toBe(true);
    expect((rows[0]!.preview as Buffer).equals(front.subarray(0, 900))).toBe(true);
    expect(rows[0]).toMatchObject({ id: 'c1', verification_id: 'v1', side: 'front', width: 1920, height: 1080, bytes: front.length, quality: '{"ok":true}', precheck: '{"mrz":"ok"}' });
    expect((rows[1]!.jpeg as Buffer).equals(back)).toBe(true);
    expect(rows[1]).toMatchObject({ id: 'c2', side: 'back', preview: null, quality: null, precheck: null });
    // The constraints came along: one capture per side, and the verification owns its captures.
    expect(() => db8.prepare(`INSERT INTO captures (id, verification_id, side, device_id, width, height, bytes, created_at) VALUES ('c3', 'v1', 'front', 'd', 1, 1, 1, 1)`).run()).toThrow(/UNIQUE/);
    db8.prepare(`DELETE FROM verifications WHERE id = 'v1'`).run();
    expect(db8.prepare('SELECT count(*) AS n FROM captures').get()).toEqual({ n: 0 });
    expect(db8.pragma('integrity_check', { simple: true })).toBe('ok');
    db8.close();
  });

  it('refuses a database written by a newer kiosk', () => {
    const k = key();
    const file = join(t.dir, 'kiosk.db');
    openDatabase(file, k).close();
    const db = new Database(file);
    applyCipher(db, k);
    db.pragma('user_version=99');
    db.close();
    expect(() => openDatabase(file, k)).toThrow(StoreVersionError);
  });
});

describe('key file', () => {
  it('creates a 0600 256-bit key once and returns the same key after', () => {
    const k1 = loadOrCreateKeyFile(t.dir);
    expect(k1.length).toBe(32);
    expect(statSync(join(t.dir, 'db.key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(t.dir).equals(k1)).toBe(true);
  });

  it('never mints a new key over an existing database', () => {
    const k = loadOrCreateKeyFile(t.dir);
    openStore(t.dir, k).close();
    unlinkSync(join(t.dir, 'db.key'));
    expect(() => loadOrCreateKeyFile(t.dir)).toThrow(/exists but its key file .* is missing/);
    expect(existsSync(join(t.dir, 'db.key'))).toBe(false);
  });

  it('reports a damaged key file', () => {
    writeFileSync(join(t.dir, 'db.key'), 'not a key');
    expect(() => loadOrCreateKeyFile(t.dir)).toThrow(/damaged/);
  });
});

describe('verifications and captures', () => {
  let s: Store;
  beforeEach(() => {
    s = openStore(t.dir, key());
  });
  afterEach(() => s.close());

  it('creates a verification in capturing state that matches the contract schema', () => {
    const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'sv' });
    expect(v.state).toBe('capturing');
    expect(VerificationSchema.parse(v)).toEqual(v);
    expect(s.getVerification('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('pages newest first with a keyset cursor, filtered by state', () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
      ids.push(v.id);
      if (i % 2 === 0) {
        s.putCapture(captureInput(v.id, 'front'));
        s.submitVerification(v.id, ['front']);
      }
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = s.listVerifications({ limit: 3, ...(cursor ? { cursor } : {}) });
      sizes.push(page.items.length);
      seen.push(...page.items.map((v) => v.id));
      for (const v of page.items) for (const c of v.captures) expect(c.preview).toBeUndefined();
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual([...ids].reverse());
    const queued = s.listVerifications({ state: 'queued', limit: 2 });
    expect(queued.items.map((v) => v.id)).toEqual([ids[6], ids[4]]);
    const rest = s.listVerifications({ state: 'queued', limit: 2, cursor: queued.nextCursor! });
    expect(rest.items.map((v) => v.id)).toEqual([ids[2], ids[0]]);
    expect(rest.nextCursor).toBeNull();
    expect(rest.items[0]!.captures).toHaveLength(1);
    expectKioskError(() => s.listVerifications({ limit: 3, cursor: 'abc' }), 'bad_request');
  });

  it('a retake replaces the capture of that side in one transaction', () => {
    const v = s.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
    const first = s.putCapture(captureInput(v.id, 'front', markedJpeg('FIRST')));
    s.putCapture(captureInput(v.id, 'back'));
    const second = s.putCapture(captureInput(v.id, 'front', markedJpeg('SECOND', 5000)));
    expect(second.id).not.toBe(first.id);
    const got = s.getVerification(v.id, { previews: true })!;
    expect(got.captures.map((c) => c.side).sort()).toEqual(['back', 'front']);
    const front = got.captures.find((c) => c.side === 'front')!;
    expect(front.id).toBe(second.id);
    expect(front.bytes).toBe(5000);
    expect(front.preview).toMatch(/^data:image\/jpeg;base64,/);
    const task = s.syncTask(v.id); // not queued yet
    expect(task).toBeNull();
    const actions = s.audit.list({ verificationId: v.id }).map((r) => r.action);
    expect(actions).toEqual(['verification_created', 'capture_added', 'capture_added', 'capture_retaken']);
  });

  it('submits only when every required side is there, and only once', () => {
    const v = s.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
    s.putCapture(captureInput(v.id, 'front'));
    expectKioskError(() => s.submitVerification(v.id, ['front', 'back']), 'conflict', /Still to capture: the back of the document\./);
    expect(s.getVerification(v.id)!.state).toBe('capturing');
    expectKioskError(() => s.submitVerification('00000000-0000-4000-8000-000000000000', ['front']), 'not_found');
    expectKioskError(() => s.putCapture(captureInput('00000000-0000-4000-8000-000000000000', 'front')), 'not_found');
    s.putCapture(captureInput(v.id, 'back'));
    const q = s.submitVerification(v.id, ['front', 'back']);
    expect(q.state).toBe('queued');
    expectKioskError(() => s.submitVerification(v.id, ['front', 'back']), 'conflict', /already been submitted/);
    expectKioskError(() => s.putCapture(captureInput(v.id, 'front')), 'conflict', /already been submitted/);
    expect(s.getVerification(v.id)!.captures).toHaveLength(2);
    const counts = s.queueCounts();
    expect(counts.waiting).toBe(1);
    expect(counts.inFlight).toBe(0);
    expect(counts.oldestWaitingAt).not.toBeNull();
  });

  it('names several missing sides in one sentence', () => {
    const v = s.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
    expectKioskError(() => s.submitVerification(v.id, ['front', 'back', 'selfie']), 'conflict', /Still to capture: the front of the document, the back of the document and the customer's photo \(selfie\)\./);
  });

  it('refuses captures below the disk floor and writes nothing', () => {
    const dir2 = tempDir();
    try {
      const k = key();
      const low = Store.open({ dataDir: dir2.dir, key: k, minFreeBytes: Number.MAX_SAFE_INTEGER });
      const v = low.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
      expectKioskError(() => low.putCapture(captureInput(v.id, 'front')), 'disk_low', /disk is almost full/);
      expect(low.getVerification(v.id)!.captures).toHaveLength(0);
      low.close();
    } finally {
      dir2.cleanup();
    }
  });
});

describe('outage waits', () => {
  it('end when the provider answers again, and only those: not a 5xx wait, not a poll, not another provider; the mark survives a restart', () => {
    const k = key();
    let clock = Date.parse('2026-11-23T09:00:00Z');
    const now = () => clock;
    let s = openStore(t.dir, k, now);
    const queued = (provider: 'zignsec' | 'zoloz') => {
      const v = s.createVerification({ documentType: 'passport', provider, locale: 'en' });
      s.putCapture(captureInput(v.id, 'front'));
      s.submitVerification(v.id, ['front']);
      return v.id;
    };
    const [outage, serverError, polling, otherProvider] = [queued('zignsec'), queued('zignsec'), queued('zignsec'), queued('zoloz')];
    const later = clock + 600_000;
    s.recordRetry(outage, 'Could not connect', later, true);
    s.recordRetry(serverError, 'The provider answered 503', later, false);
    // Met an outage, then stepped on: its wait now is the provider's polling pace, not an outage.
    s.recordRetry(polling, 'Could not connect', clock + 1_000, true);
    s.recordStep(polling, { kind: 'progress', step: 'analysis_started', progress: { sessionId: 'ZZSESSION' }, state: 'awaiting_result', waitMs: 600_000 });
    s.recordRetry(otherProvider, 'Could not connect', later, true);
    s.close();

    s = openStore(t.dir, k, now);
    clock += 5_000;
    expect(s.dueForSync(clock, 10, new Set())).toEqual([]);
    expect(s.releaseOutageWaits('zignsec')).toBe(1);
    expect(s.dueForSync(clock, 10, new Set()).map((d) => d.id)).toEqual([outage]);
    expect(s.getVerification(outage)!.sync).toMatchObject({ attempts: 1, lastError: 'Could not connect', nextAttemptAt: null });
    expect(s.getVerification(serverError)!.sync.nextAttemptAt).toBe(new Date(later).toISOString());
    expect(s.getVerification(polling)!.sync.nextAttemptAt).toBe(new Date(clock - 5_000 + 600_000).toISOString());
    expect(s.getVerification(otherProvider)!.sync.nextAttemptAt).toBe(new Date(later).toISOString());
    // Released once: asking again ends nothing and writes no second audit row.
    expect(s.releaseOutageWaits('zignsec')).toBe(0);
    expect(s.audit.list().filter((r) => r.action === 'outage_waits_released').map((r) => r.detail)).toEqual([{ provider: 'zignsec', verifications: 1 }]);
    expect(s.releaseOutageWaits('zoloz')).toBe(1);
    expect(s.audit.verifyAudit().ok).toBe(true);
    s.close();
  });
});

describe('audit log', () => {
  it('chains every row and reports the first row changed behind its back', () => {
    const s = openStore(t.dir, key());
    const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    s.putCapture(captureInput(v.id, 'front'));
    s.submitVerification(v.id, ['front']);
    s.audit.append({ actor: 'supervisor:alice', action: 'note', verificationId: v.id, detail: { why: 'checked by phone' } });
    s.audit.append({ actor: 'system', action: 'startup', detail: {} });
    expect(s.audit.verifyAudit()).toEqual({ ok: true, count: 5 });
    // The application cannot rewrite history...
    expect(() => s.db.prepare(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`).run()).toThrow(/append-only/);
    expect(() => s.db.prepare('DELETE FROM audit_log WHERE seq = 5').run()).toThrow(/append-only/);
    // ...and someone who removes the guard with raw SQL is caught at the row they touched.
    s.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    s.db.prepare(`UPDATE audit_log SET detail = '{"why":"forged"}' WHERE seq = 4`).run();
    const verdict = s.audit.verifyAudit();
    expect(verdict).toMatchObject({ ok: false, brokenAt: 4 });
    s.close();
  });

  it('detects a deleted row and a re-hashed forged row at the right link', () => {
    const s = openStore(t.dir, key());
    for (let i = 0; i < 6; i++) s.audit.append({ actor: 'system', action: `a${i}`, detail: { i } });
    s.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    // Forge row 2 AND recompute its own hash: the next row's link breaks.
    const row2 = s.db.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as { prev_hash: string; at: string };
    const detail = '{"i":99}';
    const forgedHash = createHash('sha256')
      .update(row2.prev_hash)
      .update(`{"action":"a1","actor":"system","at":${JSON.stringify(row2.at)},"detail":${JSON.stringify(detail)},"seq":2,"verificationId":null}`)
      .digest('hex');
    s.db.prepare('UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 2').run(detail, forgedHash);
    expect(s.audit.verifyAudit()).toMatchObject({ ok: false, brokenAt: 3 });
    s.close();
    const t2 = tempDir();
    try {
      const s2 = openStore(t2.dir, key());
      for (let i = 0; i < 4; i++) s2.audit.append({ actor: 'system', action: `a${i}`, detail: { i } });
      s2.db.exec('DROP TRIGGER audit_log_no_delete;');
      s2.db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
      expect(s2.audit.verifyAudit()).toMatchObject({ ok: false, brokenAt: 2 });
      s2.close();
    } finally {
      t2.cleanup();
    }
  });
});

describe('retention', () => {
  it('a step that comes back after a cancel and a purge does not bring the face crop back', () => {
    const s = openStore(t.dir, key());
    const v = s.createVerification({ documentType: 'passport', provider: 'zoloz', locale: 'en' });
    s.putCapture(captureInput(v.id, 'front'));
    s.submitVerification(v.id, ['front']);
    s.recordStep(v.id, { kind: 'progress', step: 'recognition_submitted', progress: { transactionId: 'G1' }, state: 'awaiting_result' });
    // The supervisor cancels and purges while a poll is out; then the poll's reply arrives.
    s.cancelVerification(v.id, 'supervisor:s1', 'customer withdrew consent');
    s.db.transaction(() => s.dropImagesOf(v.id, Date.now()))();
    const late = { transactionId: 'G1', recognition: { recognitionResult: 'Y', extraImages: { CROPPED_FACE_FROM_DOC: 'FACECROP' } } };
    expect(s.recordStep(v.id, { kind: 'progress', step: 'recognition_done', progress: late, state: 'awaiting_result' })).toBe(false);
    const kept = JSON.parse(s.db.prepare('SELECT progress FROM verifications WHERE id = ?').pluck().get(v.id) as string);
    expect(kept).toEqual({ transactionId: 'G1', recognition: { recognitionResult: 'Y' } });
    expect(s.getVerification(v.id)!.state).toBe('cancelled');
    s.close();
  });

  it('purges images of final verifications older than the retention, keeps metadata, audits it', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const s = openStore(t.dir, key(), () => now);
    const old = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    s.putCapture(captureInput(old.id, 'front', markedJpeg('OLD', 200_000)));
    s.submitVerification(old.id, ['front']);
    // Both providers inline the document's portrait crop in the outcome: an image like the captures.
    const portrait = `data:image/jpeg;base64,${markedJpeg('PORTRAIT', 4_000).toString('base64')}`;
    s.recordStep(old.id, { kind: 'final', step: 'result_fetched', progress: {}, outcome: { ...outcome('X'), portrait }, raw: {} });
    // ZOLOZ keeps the recognition (with its face crop) in the progress while the selfie comparison
    // runs; a verification cancelled then keeps it.
    const cancelled = s.createVerification({ documentType: 'passport', provider: 'zoloz', locale: 'en' });
    s.putCapture(captureInput(cancelled.id, 'front'));
    s.submitVerification(cancelled.id, ['front']);
    const recognition = { recognitionResult: 'Y', extraImages: { CROPPED_FACE_FROM_DOC: 'FACECROP' }, ocrResult: { NAME: 'X' } };
    s.recordStep(cancelled.id, { kind: 'progress', step: 'recognition_done', progress: { transactionId: 'G1', recognition }, state: 'awaiting_result' });
    s.cancelVerification(cancelled.id, 'supervisor:s1', 'customer left');
    const pending = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    s.putCapture(captureInput(pending.id, 'front'));
    s.submitVerification(pending.id, ['front']);
    now += 10 * 86_400_000;
    expect(s.purgeExpiredImages(now, 30)).toEqual({ verifications: 0, captures: 0 });
    expect(s.getVerification(old.id)!.outcome?.portrait).toBe(portrait);
    now += 25 * 86_400_000;
    const pagesBefore = s.db.pragma('page_count', { simple: true }) as number;
    expect(s.purgeExpiredImages(now, 30)).toEqual({ verifications: 2, captures: 2 });
    expect(s.db.pragma('page_count', { simple: true }) as number).toBeLessThan(pagesBefore); // incremental vacuum gave pages back
    const got = s.getVerification(old.id, { previews: true })!;
    expect(got.captures).toHaveLength(1);
    expect(got.captures[0]!.preview).toBeNull();
    expect(got.outcome?.decision).toBe('accepted');
    expect(got.outcome?.identity?.lastName).toBe('X');
    expect(got.outcome?.portrait).toBeNull();
    const rows = s.db.prepare('SELECT outcome, progress FROM verifications').all() as Array<{ outcome: string | null; progress: string }>;
    expect(rows.some((r) => r.outcome?.includes(portrait.slice(30, 80)))).toBe(false);
    const kept = JSON.parse(s.db.prepare('SELECT progress FROM verifications WHERE id = ?').pluck().get(cancelled.id) as string);
    expect(kept).toEqual({ transactionId: 'G1', recognition: { recognitionResult: 'Y', ocrResult: { NAME: 'X' } } });
    expect(s.getVerification(pending.id, { previews: true })!.captures[0]!.preview).not.toBeNull();
    expect(s.audit.list({ verificationId: old.id }).at(-1)?.action).toBe('images_purged');
    expect(s.purgeExpiredImages(now, 30).verifications).toBe(0); // once only
    expect(s.audit.verifyAudit().ok).toBe(true);
    s.close();
  });
});
